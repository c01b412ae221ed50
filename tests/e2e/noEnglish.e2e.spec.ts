import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { simulationConfig } from '@trackrecord/simulator';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DashboardServer,
  launchChromium,
  openVisit,
  SHOTS,
  settle,
  startDashboardServer,
  type Visit,
} from '../support/dashboard.ts';
import {
  describeLeftovers,
  type EnglishLeftover,
  englishOnPage,
  englishProbes,
  latinPhrasesOnPage,
} from '../support/noEnglish.ts';

/**
 * Every dashboard page in Chinese, as each persona who may open it, on a company with half a
 * year of history (scores, reviews and decisions, corrections, alerts, targets): no message of
 * the English dictionary may show. Then the same pages in English show no Chinese dictionary
 * message either.
 */

/** What was found, written as the test goes (gitignored, beside the screenshots). */
const REPORT = path.join(SHOTS, '..', 'no-english.txt');

let database: TestDatabase;
let server: DashboardServer;
let browser: Browser;

/** Big enough for decided reviews, corrections and retention risk; small enough to seed fast. */
const COMPANY = simulationConfig({
  seed: 11,
  employees: 24,
  weeks: 30,
  teamSize: 4,
  teamsPerBranch: 2,
  branchesPerRegion: 2,
});

beforeAll(async () => {
  database = await createTestDatabase('no_english_e2e');
  server = await startDashboardServer(database.url, () => {}, COMPANY);
  browser = await launchChromium();
  await mkdir(SHOTS, { recursive: true });
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await database?.drop();
});

async function signIn(visit: Visit, role: string): Promise<void> {
  const { page } = visit;
  await page.goto('/sign-in');
  const card = page.getByTestId(`persona-${role}`);
  await card.waitFor();
  await card.getByRole('button').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

/** The `href`s of links on the page that match `pattern`, first `n`. */
async function links(visit: Visit, selector: string, n: number): Promise<string[]> {
  const hrefs = await visit.page.locator(selector).evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  return [...new Set(hrefs.filter((h): h is string => !!h))].slice(0, n);
}

/** Opens every `<details>` so what it hides is checked too. */
async function openDetails(visit: Visit): Promise<void> {
  await visit.page.evaluate(() => {
    for (const d of document.querySelectorAll('main details')) (d as HTMLDetailsElement).open = true;
  });
}

describe('no English on Chinese pages', () => {
  it('the English dictionary yields probes to look for', () => {
    const probes = englishProbes();
    expect(probes.length).toBeGreaterThan(300);
    expect(probes.find((p) => p.key === 'nav.overview')?.pattern.test('Team overview')).toBe(true);
    expect(probes.find((p) => p.key === 'overview.count')?.pattern.test('12 people')).toBe(true);
    // Used as such in Chinese too (a brand), so not a leftover.
    expect(probes.find((p) => p.key === 'app.name')).toBeUndefined();
  });

  it('every page of every persona', async () => {
    const leftovers: string[] = [];
    const check = async (visit: Visit, name: string) => {
      await settle(visit, `zh-${name}`);
      await openDetails(visit);
      const found: EnglishLeftover[] = await englishOnPage(visit.page);
      if (found.length) leftovers.push(describeLeftovers(`${name} (${visit.page.url()})`, found));
      for (const line of await latinPhrasesOnPage(visit.page))
        leftovers.push(`${name}: English text "${line}"`);
      await writeFile(REPORT, leftovers.filter(Boolean).join('\n'));
    };

    const hr = await openVisit(browser, server.base, 'zh-CN');
    await hr.page.goto('/sign-in');
    await settle(hr, 'zh-sign-in');
    leftovers.push(describeLeftovers('sign-in', await englishOnPage(hr.page)));
    await signIn(hr, 'hr_admin');
    for (const path of ['/overview', '/reviews', '/alerts', '/audit', '/analytics', '/targets', '/policy']) {
      await hr.page.goto(path);
      await check(hr, `hr_admin${path.replace(/\//g, '-')}`);
      if (path === '/overview') {
        for (const [i, href] of (await links(hr, 'main a[href^="/people/"]', 3)).entries()) {
          await hr.page.goto(href);
          await check(hr, `hr_admin-person-${i}`);
        }
      }
      if (path === '/reviews') {
        for (const [i, href] of (await links(hr, '[data-testid=review-link]', 2)).entries()) {
          await hr.page.goto(href);
          await check(hr, `hr_admin-review-${i}`);
        }
      }
      if (path === '/audit') {
        const picker = hr.page.getByTestId('decision-picker');
        if (await picker.count()) {
          const values = await picker
            .locator('option')
            .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
          expect(values.length, 'the company has decided reviews').toBeGreaterThan(0);
          await hr.page.goto(`/audit?decision=${encodeURIComponent(values[0] ?? '')}`);
          await check(hr, 'hr_admin-audit-decision');
        }
      }
      if (path === '/targets') {
        const member = await links(hr, 'main a[href*="person="]', 1);
        if (member[0]) {
          await hr.page.goto(member[0]);
          await check(hr, 'hr_admin-targets-person');
        }
      }
    }
    // The user menu is part of every page.
    await hr.page.getByTestId('user-menu').locator('summary').click();
    leftovers.push(describeLeftovers('user menu', await englishOnPage(hr.page)));
    expect(hr.errors).toEqual([]);
    await hr.context.close();

    for (const [role, paths] of [
      ['committee_member', ['/reviews', '/alerts', '/audit']],
      ['sales_rep', ['/my-path']],
      ['team_manager', ['/overview', '/alerts', '/targets']],
      ['analyst', ['/analytics', '/policy']],
    ] as const) {
      const visit = await openVisit(browser, server.base, 'zh-CN');
      await signIn(visit, role);
      for (const path of paths) {
        await visit.page.goto(path);
        await check(visit, `${role}${path.replace(/\//g, '-')}`);
      }
      expect(visit.errors).toEqual([]);
      await visit.context.close();
    }
    expect(leftovers.filter(Boolean).join('\n'), 'English on Chinese pages').toBe('');
  }, 600_000);
});
