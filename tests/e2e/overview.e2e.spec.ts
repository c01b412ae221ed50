import { mkdir } from 'node:fs/promises';
import { dispatch } from '@trackrecord/api';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { businessMonth, listPeople, type Person } from '@trackrecord/projections';
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

/**
 * The overview a committee expects, the manager's inbox and the targets page, in Chromium on
 * a simulated company of more than one page of people (seeded through the fixtures): active
 * people by default, the last complete month's score with month to date apart, paging by
 * cursor with the count in the URL, a 1440 px screen without clipped columns and a phone
 * without side-scrolling; "mine" as a manager's default inbox with names and evidence links;
 * targets opening on the current business month.
 */

const COMPANY = simulationConfig({
  seed: 7,
  employees: 56,
  weeks: 6,
  teamSize: 8,
  teamsPerBranch: 2,
  branchesPerRegion: 2,
});

let database: TestDatabase;
let server: DashboardServer;
let browser: Browser;
let people: Person[];
let month: string;

beforeAll(async () => {
  database = await createTestDatabase('overview_e2e');
  server = await startDashboardServer(database.url, () => {}, COMPANY);
  browser = await launchChromium();
  await mkdir(SHOTS, { recursive: true });
  people = [];
  for (let after: { values: (string | number)[]; employeeId: string } | undefined; ; ) {
    const page = await listPeople(
      server.db,
      { kind: 'all' },
      {},
      { first: 100, ...(after ? { after } : {}) },
    );
    people.push(...page.rows);
    if (!page.hasNextPage) break;
    const last = page.rows.at(-1)!;
    after = { values: page.keys.at(-1)!, employeeId: last.employee_id };
  }
  month = (await businessMonth(server.db))!;
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await database?.drop();
});

/** A visitor signed in as `viewer` (the dev sign-in, as the sign-in page does it). */
async function visitAs(
  viewer: Record<string, string>,
  locale: 'en-US' | 'zh-CN' = 'en-US',
  viewport = { width: 1440, height: 900 },
): Promise<Visit> {
  const response = await fetch(`${server.base}/auth/dev-sign-in`, {
    method: 'POST',
    body: JSON.stringify(viewer),
  });
  const { token } = (await response.json()) as { token: string };
  const visit = await openVisit(browser, server.base, locale, viewport);
  await visit.context.addInitScript(
    (value) => localStorage.setItem('trackrecord.session', value),
    JSON.stringify({ token, viewer }),
  );
  return visit;
}
const HR = { userId: 'e2e-hr', name: 'E2E HR', role: 'hr_admin' };
const before = (m: string) => {
  const [y, mo] = m.split('-').map(Number) as [number, number];
  return mo === 1 ? `${y - 1}-12` : `${y}-${String(mo - 1).padStart(2, '0')}`;
};

describe('the overview a committee expects', () => {
  it('lists active people a page at a time with the count, the last complete month and month to date apart', async () => {
    const active = people.filter((p) => p.status === 'active');
    expect(active.length, 'the company needs more than one page of active people').toBeGreaterThan(50);
    const visit = await visitAs(HR);
    const { page } = visit;
    await page.goto('/overview');
    await page.getByTestId('person-row').first().waitFor();
    await settle(visit, 'overview-hr-1440');
    const rows = page.getByTestId('person-row');
    expect(await rows.count()).toBe(50);
    expect(await page.getByTestId('overview-count').getAttribute('data-total')).toBe(String(active.length));
    expect(await page.getByTestId('overview-count').textContent()).toContain(
      `1–50 of ${active.length} people`,
    );
    // Active by default: no departed person on the page.
    expect(await page.locator('.status-departed').count()).toBe(0);
    // The score is of the last complete month, named in its header; month to date is apart.
    const complete = before(month);
    expect(await page.getByTestId('business-month').getAttribute('data-month')).toBe(month);
    const headers = await page.locator('thead th').allTextContents();
    expect(headers.join(' | ')).toMatch(/Score.*\d{4}/);
    expect(headers.some((h) => h.includes('Month to date') && h.includes('so far'))).toBe(true);
    const months = await rows
      .getByTestId('score')
      .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-month')));
    expect(months.filter(Boolean).length, 'people scored in the last complete month').toBeGreaterThan(0);
    for (const m of months.filter(Boolean)) expect(m! <= complete).toBe(true);
    expect(await rows.getByTestId('mtd').filter({ hasText: /\d/ }).count()).toBeGreaterThan(0);
    // Names, not ids: no employee, team or branch id where a person reads.
    const text = await page.locator('main').innerText();
    for (const p of active.slice(0, 5)) expect(text).not.toContain(p.employee_id);
    // Fits 1440 px: the table is not wider than its box, nothing scrolls sideways.
    const fit = await page
      .locator('.people-wrap')
      .evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(fit.scroll).toBeLessThanOrEqual(fit.client);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1440);

    // The next page, by cursor, kept in the URL (a reload shows the same page), and back.
    const firstPage = await rows.locator('th a').allTextContents();
    await page.getByTestId('page-next').click();
    await page.waitForURL(/after=/);
    await page.getByTestId('page-previous').waitFor();
    await settle(visit, 'overview-hr-page-2');
    const second = await rows.locator('th a').allTextContents();
    expect(second.length).toBe(active.length - 50);
    expect(second.filter((n) => firstPage.includes(n))).toEqual([]);
    await page.reload();
    await page.getByTestId('page-previous').waitFor();
    expect(await rows.locator('th a').allTextContents()).toEqual(second);
    await page.getByTestId('page-previous').click();
    await page.waitForURL((url) => !url.searchParams.has('after'));
    await page.getByTestId('page-next').waitFor();
    expect(await rows.locator('th a').allTextContents()).toEqual(firstPage);

    // Sort by score, best first, through the URL; a sort starts again at page 1.
    await page.getByRole('link', { name: /^Score/ }).click();
    await page.getByRole('link', { name: /^Score/ }).click();
    await page.waitForURL(/sort=score&dir=desc/);
    await page.waitForFunction(() =>
      document.querySelector('th[aria-sort=descending]')?.textContent?.includes('Score'),
    );
    const scores = (await rows.getByTestId('score').allTextContents()).map((s) =>
      Number.parseFloat(s.replace(/,/g, '')),
    );
    const numbers = scores.filter((s) => !Number.isNaN(s));
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));

    // Departed people only when asked.
    await page.goto('/overview?status=departed');
    await settle(visit, 'overview-hr-departed');
    const departed = people.filter((p) => p.status === 'departed').length;
    if (departed > 0) {
      expect(await page.getByTestId('overview-count').getAttribute('data-total')).toBe(String(departed));
      expect(await page.locator('.status-active').count()).toBe(0);
    } else {
      expect(await page.getByTestId('empty').count()).toBe(1);
    }
    expect(visit.errors).toEqual([]);
    await visit.context.close();
  });

  it('reads as cards on a phone with no side-scrolling, in Chinese', async () => {
    const visit = await visitAs(HR, 'zh-CN', { width: 390, height: 844 });
    const { page } = visit;
    await page.goto('/overview');
    await page.getByTestId('person-row').first().waitFor();
    await settle(visit, 'overview-hr-phone-zh');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const card = page.getByTestId('person-row').first();
    expect(await card.evaluate((el) => getComputedStyle(el).display)).toBe('grid');
    expect(await page.getByTestId('overview-count').textContent()).toContain('共');
    expect(await card.locator('td[data-label="本月至今"]').count()).toBe(1);
    // The filters are folded under one line, the people first; unfolded on a tap.
    expect(await page.locator('select[name=level]').isVisible()).toBe(false);
    await page.locator('details.choices > summary').click();
    expect(await page.locator('select[name=level]').isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(visit.errors).toEqual([]);
    await visit.context.close();
  });
});

describe("a manager's inbox", () => {
  it('shows "mine" by default, names people and opens the evidence', async () => {
    // A member of a team and their manager (an employee), and an alert addressed to "the
    // manager" by an old id: it is theirs because they manage the person it is about.
    const member = people.find((p) => p.status === 'active' && p.manager_id)!;
    const manager = people.find((p) => p.employee_id === member.manager_id)!;
    const evidenceMonth = before(month);
    await dispatch(
      server.store,
      {
        type: 'RaiseAlert',
        data: {
          alertId: 'e2e-alert-1',
          kind: 'target_behind',
          employeeId: member.employee_id,
          assignees: [
            { role: 'manager', id: 'former-manager' },
            { role: 'employee', id: member.employee_id },
          ],
          evidence: { kind: 'target', ref: evidenceMonth, position: '1' },
          message: { en: `${member.employee_id} is behind`, zh: `${member.employee_id} 落后` },
          raisedBy: 'system:e2e',
          at: `${month}-01T00:00:00.000Z`,
        },
        metadata: {
          commandId: 'e2e-alert-1',
          at: `${month}-01T00:00:00.000Z`,
          actor: 'system:e2e',
          source: 'e2e',
        },
      } as never,
      {
        commandId: 'e2e-alert-1',
        at: new Date(`${month}-01T00:00:00.000Z`),
        actor: 'system:e2e',
        source: 'e2e',
      },
    );
    const visit = await visitAs({
      userId: `u-${manager.employee_id}`,
      name: manager.name,
      role: 'team_manager',
      teamId: member.team_id,
      employeeId: manager.employee_id,
    });
    const { page } = visit;
    await page.goto('/alerts');
    // (An English page names people by their romanised name.)
    const shown = member.name_en ?? member.name;
    const alert = page
      .locator('[data-testid=alert][data-kind=target_behind]')
      .filter({ hasText: `${shown} is behind` });
    await alert.first().waitFor({ timeout: 30_000 });
    await settle(visit, 'inbox-manager-mine');
    expect(await page.getByRole('checkbox', { name: /Only those I must act on/ }).isChecked()).toBe(true);
    const card = alert.first();
    expect(await card.textContent()).not.toContain(member.employee_id);
    expect(await card.textContent()).toContain(`${shown} is behind`);
    // By kind, in the URL.
    await page.locator('select[name=kind]').selectOption('target_behind');
    await page.waitForURL(/kind=target_behind/);
    await card.waitFor();
    for (const kind of await page
      .locator('[data-testid=alert]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))) {
      expect(kind).toBe('target_behind');
    }
    // The evidence: the target of that month, the person's plan open.
    await card.getByTestId('evidence').click();
    await page.waitForURL(/\/targets\?/);
    const url = new URL(page.url());
    expect(url.searchParams.get('period')).toBe(evidenceMonth);
    expect(url.searchParams.get('person')).toBe(member.employee_id);
    await page.getByTestId('planner').waitFor();
    await settle(visit, 'inbox-manager-evidence');
    expect(visit.errors).toEqual([]);
    await visit.context.close();
  });
});

describe('targets', () => {
  it('open on the current business month', async () => {
    const visit = await visitAs(HR);
    await visit.page.goto('/targets');
    await settle(visit, 'targets-hr-opening');
    expect(await visit.page.locator('input[name=period]').inputValue()).toBe(month);
    expect(visit.errors).toEqual([]);
    await visit.context.close();
  });
});
