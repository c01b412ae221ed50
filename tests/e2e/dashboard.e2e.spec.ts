import { mkdir } from 'node:fs/promises';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { listPeople } from '@trackrecord/projections';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiFields,
  type DashboardServer,
  launchChromium,
  openVisit,
  SHOTS,
  settle,
  startDashboardServer,
  type Visit,
} from '../support/dashboard.ts';

/**
 * The dashboard in real Chromium against the real server on a seeded database: every persona
 * signs in through the UI and visits every page it may use; each page is saved as a screenshot
 * in tests/artifacts/screenshots/ (gitignored) for a person to look at.
 */

let database: TestDatabase;
let server: DashboardServer;
let browser: Browser;
let branches: Map<
  string,
  { id: string; name: string; nameEn: string; branchId: string; teamId: string; level: string }[]
>;

beforeAll(async () => {
  database = await createTestDatabase('dashboard_e2e');
  server = await startDashboardServer(database.url);
  browser = await launchChromium();
  await mkdir(SHOTS, { recursive: true });
  const { rows } = await listPeople(server.db, { kind: 'all' }, {}, { first: 100 });
  branches = new Map();
  for (const p of rows.filter((row) => row.status === 'active')) {
    const list = branches.get(p.branch_id) ?? [];
    list.push({
      id: p.employee_id,
      name: p.name,
      nameEn: p.name_en ?? p.name,
      branchId: p.branch_id,
      teamId: p.team_id,
      level: p.level,
    });
    branches.set(p.branch_id, list);
  }
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await database?.drop();
});

const open = (locale: 'en-US' | 'zh-CN', viewport?: { width: number; height: number }) =>
  openVisit(browser, server.base, locale, viewport);

async function signIn(visit: Visit, role: string, pick?: { name: string; value: string }): Promise<void> {
  const { page } = visit;
  await page.goto('/');
  await page.waitForURL(/\/sign-in/);
  const card = page.getByTestId(`persona-${role}`);
  await card.waitFor();
  if (pick) await card.locator(`select[name=${pick.name}]`).selectOption(pick.value);
  await card.getByRole('button').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

async function visitAll(visit: Visit, prefix: string, paths: string[]): Promise<void> {
  for (const pathname of paths) {
    await visit.page.goto(pathname);
    await settle(visit, `${prefix}-${pathname.replace(/[/?=&]+/g, '_').replace(/^_/, '') || 'home'}`);
  }
}

describe('dashboard in Chromium', () => {
  it('sign-in lists every persona, in Chinese for a Chinese browser', async () => {
    const visit = await open('zh-CN');
    await visit.page.goto('/sign-in');
    await settle(visit, 'sign-in-zh');
    expect(await visit.page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await visit.page.locator('h1').textContent()).toBe('登录');
    expect(await visit.page.locator('li[data-testid^=persona-]').count()).toBe(7);
    // The switch changes the language at once and remembers it.
    await visit.page.getByTestId('language').selectOption('en');
    expect(await visit.page.locator('h1').textContent()).toBe('Sign in');
    await visit.page.reload();
    await visit.page.locator('h1').waitFor();
    expect(await visit.page.locator('h1').textContent()).toBe('Sign in');
    await settle(visit, 'sign-in-en');
    expect(visit.errors).toEqual([]);
    await visit.context.close();
  });

  it('an HR admin sees everyone, filters and sorts through the URL and drills down', async () => {
    const visit = await open('en-US');
    await signIn(visit, 'hr_admin');
    expect(new URL(visit.page.url()).pathname).toBe('/overview');
    await settle(visit, 'hr_admin-overview');
    const total = [...branches.values()].reduce((n, list) => n + list.length, 0);
    expect(await visit.page.getByTestId('person-row').count()).toBe(total);
    if ((await apiFields(server.base, 'Person')).has('Person.compositeScore')) {
      // The overview figures: the figure filters are offered, and the seeded people who were
      // scored show a score with its month, a target light, eligibility, a risk band and a
      // sparkline of their scores; no row says "not exposed".
      expect(await visit.page.locator('select[name=risk]').count()).toBe(1);
      const cells = (id: string) => visit.page.getByTestId('person-row').getByTestId(id);
      // (Two weeks of January: the month in progress, so its scores are month to date, apart
      // from the last complete month's; the headers name both months.)
      expect(
        (await cells('score').filter({ hasText: /\d/ }).count()) +
          (await cells('mtd').filter({ hasText: /\d/ }).count()),
      ).toBeGreaterThan(0);
      expect((await visit.page.locator('thead th').allTextContents()).join(' ')).toMatch(/\d{4}/);
      expect(await cells('light').locator('.light').count()).toBeGreaterThan(0);
      expect(
        await cells('eligible')
          .filter({ hasText: /^(Yes|No)$/ })
          .count(),
      ).toBeGreaterThan(0);
      expect(await cells('risk').locator('.tag').count()).toBe(total);
      // A sparkline of complete months for everyone with a complete month's score.
      expect(await cells('trend').locator('svg').count()).toBe(
        await cells('score').filter({ hasText: /\d/ }).count(),
      );
      expect(await visit.page.locator('.pending[title="Not exposed by the API yet"]').count()).toBe(0);
    } else {
      // The extra columns are not served yet: a dash with a tooltip, no made-up figures.
      expect(await visit.page.locator('.pending').first().getAttribute('title')).toBe(
        'Not exposed by the API yet',
      );
      expect(await visit.page.locator('select[name=risk]').count()).toBe(0);
    }

    // Drill down to a team, then sort by hire date descending: both kept in the URL.
    await visit.page.getByTestId('team-link').first().click();
    await visit.page.waitForURL(/team=/);
    await settle(visit, 'hr_admin-overview-team');
    const team = new URL(visit.page.url()).searchParams.get('team');
    const rows = visit.page.getByTestId('person-row');
    expect(await rows.count()).toBeGreaterThan(0);
    // (The team cell names the team; its id is in a data attribute.)
    for (const teamId of await rows
      .locator('td[data-team]')
      .evaluateAll((tds) => tds.map((td) => td.getAttribute('data-team'))))
      expect(teamId).toBe(team);
    await visit.page.getByRole('link', { name: /^Hired/ }).click();
    await visit.page.getByRole('link', { name: /^Hired/ }).click();
    await visit.page.waitForURL(/sort=hired&dir=desc/);
    await visit.page.reload();
    await settle(visit, 'hr_admin-overview-sorted');
    expect(await visit.page.locator('th[aria-sort=descending]').textContent()).toContain('Hired');

    // Name search, kept in the URL as well.
    const someone = [...branches.values()][0]![0]!;
    await visit.page.goto('/overview');
    await settle(visit, 'hr_admin-overview-before-search');
    await visit.page.getByRole('searchbox').fill(someone.name);
    await visit.page.waitForURL(/[?&]q=/);
    await visit.page.waitForFunction(
      (name) =>
        [...document.querySelectorAll('[data-testid=person-row] th')].every((th) =>
          th.textContent?.includes(name),
        ),
      someone.nameEn,
    );
    // (Found by the name of record; an English page shows the romanised name.)
    expect(await visit.page.getByTestId('person-row').first().locator('th').textContent()).toContain(
      someone.nameEn,
    );

    // A filter nobody matches says what to do.
    await visit.page.goto('/overview?level=regional_director&probation=failed');
    await settle(visit, 'hr_admin-overview-empty');
    expect(await visit.page.getByTestId('empty').textContent()).toContain('Clear a filter');

    // Drill down to a person: the one-stop review.
    await visit.page.goto('/overview');
    await visit.page.getByTestId('person-row').first().locator('th a').click();
    await visit.page.waitForURL(/\/people\//);
    await settle(visit, 'hr_admin-person');
    expect(await visit.page.locator('#profile').isVisible()).toBe(true);
    expect(await visit.page.locator('#commission').count()).toBe(1);

    await visitAll(visit, 'hr_admin', ['/alerts', '/audit', '/analytics', '/targets', '/policy']);
    expect(await visit.page.locator('h1').textContent()).toBe('Policy editor');
    expect(visit.errors).toEqual([]);
    await visit.context.close();
  });

  it('a branch manager never sees another branch', async () => {
    const [mine, other] = [...branches.keys()].sort();
    expect(other, 'the seeded company needs two branches').toBeDefined();
    const visit = await open('zh-CN');
    await signIn(visit, 'branch_manager', { name: 'branchId', value: mine! });
    await settle(visit, 'branch_manager-overview');
    const rows = visit.page.getByTestId('person-row');
    expect(await rows.count()).toBe(branches.get(mine!)!.length);
    expect(new Set(await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-branch'))))).toEqual(
      new Set([mine]),
    );
    // Asking for the other branch through the URL shows nobody; its people are not found.
    await visit.page.goto(`/overview?branch=${other}`);
    await settle(visit, 'branch_manager-overview-other-branch');
    expect(await rows.count()).toBe(0);
    const stranger = branches.get(other!)![0]!;
    await visit.page.goto(`/people/${stranger.id}`);
    await settle(visit, 'branch_manager-person-other-branch');
    expect(await visit.page.getByTestId('not-found').isVisible()).toBe(true);
    expect(await visit.page.content()).not.toContain(stranger.name);
    // Analytics counts only the own branch.
    await visit.page.goto('/analytics');
    await settle(visit, 'branch_manager-analytics');
    expect(await visit.page.getByTestId('headcount-table').locator('tbody tr').count()).toBe(1);
    expect(await visit.page.getByTestId('headcount-table').textContent()).not.toContain(other);

    expect(await visit.page.getByTestId('by-branch').locator('tbody tr').count()).toBe(1);
    expect(await visit.page.getByTestId('by-team').textContent()).not.toContain(`${other}`);
    // Targets and alerts: only the own branch's teams and people.
    await visit.page.goto('/targets');
    await settle(visit, 'branch_manager-targets-scope');
    for (const branch of await visit.page
      .getByTestId('team-targets')
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-branch'))))
      expect(branch).toBe(mine);
    await visit.page.goto('/alerts');
    await settle(visit, 'branch_manager-alerts-scope');
    expect(await visit.page.content()).not.toContain(stranger.name);

    const colleague = branches.get(mine!)![0]!;
    await visitAll(visit, 'branch_manager', [`/people/${colleague.id}`, '/alerts', '/targets']);
    expect(visit.errors).toEqual([]);
    await visit.context.close();
  });

  it('a team manager sees one team; a committee member, analyst and auditor their pages', async () => {
    const [branchId] = [...branches.keys()].sort();
    const teamId = branches.get(branchId!)![0]!.teamId;
    const tm = await open('en-US');
    await signIn(tm, 'team_manager', { name: 'teamId', value: teamId });
    await settle(tm, 'team_manager-overview');
    for (const cell of await tm.page
      .getByTestId('person-row')
      .locator('td[data-team]')
      .evaluateAll((tds) => tds.map((td) => td.getAttribute('data-team')))) {
      expect(cell).toBe(teamId);
    }
    await visitAll(tm, 'team_manager', ['/alerts', '/targets', '/analytics']);
    // One member's target plan: the baseline in yuan and the probability of the amount.
    await tm.page.goto('/targets');
    await settle(tm, 'team_manager-targets-before-plan');
    await tm.page.getByTestId('member-row').first().locator('a').first().click();
    await tm.page.waitForURL(/person=/);
    await tm.page.getByTestId('probability').waitFor();
    await settle(tm, 'team_manager-target-plan');
    expect(await tm.page.getByTestId('probability').textContent()).toMatch(/\d+(\.\d)?%/);
    expect(await tm.page.getByTestId('planner').textContent()).toMatch(/¥[\d,]+\.\d{2}/);
    expect(tm.errors).toEqual([]);
    await tm.context.close();

    for (const [role, paths] of [
      ['committee_member', ['/overview', '/alerts', '/audit']],
      ['analyst', ['/overview', '/analytics', '/policy']],
      ['auditor', ['/overview', '/audit', '/analytics']],
    ] as const) {
      const visit = await open(role === 'analyst' ? 'zh-CN' : 'en-US');
      await signIn(visit, role);
      await visitAll(visit, role, [...paths]);
      await visit.page.goto(`/people/${branches.get(branchId!)![1]!.id}`);
      await settle(visit, `${role}-person`);
      // Commission is for HR, auditors and managers only; the reviews section for the committee
      // and (to read, without the vote and decision forms) for auditors.
      expect(await visit.page.locator('#commission').count()).toBe(role === 'auditor' ? 1 : 0);
      expect(await visit.page.locator('#vote').count()).toBe(role === 'analyst' ? 0 : 1);
      if (role !== 'committee_member') {
        expect(await visit.page.locator('[data-testid=decide-form], [data-testid=vote-form]').count()).toBe(
          0,
        );
      }
      expect(visit.errors).toEqual([]);
      await visit.context.close();
    }
  });

  it('a sales rep sees their path and themself only, on a phone', async () => {
    const [branchId] = [...branches.keys()].sort();
    const colleagues = branches.get(branchId!)!;
    const me = colleagues.find((p) => p.level === 'sales_representative')!;
    const someoneElse = colleagues.find((p) => p.id !== me.id)!;
    const visit = await open('zh-CN', { width: 390, height: 844 });
    await signIn(visit, 'sales_rep', { name: 'employeeId', value: me.id });
    expect(new URL(visit.page.url()).pathname).toBe('/my-path');
    await settle(visit, 'sales_rep-my-path');
    expect(await visit.page.getByTestId('current-level').textContent()).toContain(me.name);
    // Nothing wider than the phone's screen.
    expect(await visit.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await visitAll(visit, 'sales_rep', [`/people/${me.id}`]);
    expect(await visit.page.locator('#commission').count()).toBe(1);
    await visit.page.goto(`/people/${someoneElse.id}`);
    await settle(visit, 'sales_rep-person-other');
    expect(await visit.page.getByTestId('not-found').isVisible()).toBe(true);
    // Pages for other roles say so instead of showing an empty shell.
    await visit.page.goto('/overview');
    await settle(visit, 'sales_rep-overview-forbidden');
    expect(await visit.page.locator('main').textContent()).toContain('不对销售代表开放');
    expect(await visit.page.locator('nav[aria-label] a[href="/overview"]').count()).toBe(0);
    expect(visit.errors).toEqual([]);
    await visit.context.close();
  });

  it('the overview is usable on a phone and by keyboard', async () => {
    const visit = await open('en-US', { width: 390, height: 844 });
    await signIn(visit, 'hr_admin');
    await settle(visit, 'hr_admin-overview-phone');
    expect(await visit.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // The skip link is the first stop and moves focus to the content.
    await visit.page.keyboard.press('Tab');
    expect(await visit.page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await visit.page.keyboard.press('Enter');
    expect(await visit.page.evaluate(() => document.activeElement?.id)).toBe('main');
    await visit.context.close();
  });
});
