import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeJourney,
  DESKTOP,
  launch,
  openJourney,
  PHONE,
  shot,
  signIn,
  type Visit,
} from '../../support/journeys.ts';

/**
 * Who sees what, clicked through on the demo: HR sees everyone and narrows the overview by
 * team, sort and name, all kept in the URL; a branch manager sees their branch, a team manager
 * one team and never another's people; the committee, analysts and auditors see on a person's page
 * what their role may; a representative sees their own path and record only, on a phone. The
 * company's people and units are read off HR's overview, as a person would.
 */

interface Member {
  id: string;
  name: string;
  branchId: string;
  teamId: string;
}

let browser: Browser;
/** The active people of the demo, by branch (as HR's overview lists them). */
let branches: Map<string, Member[]>;

beforeAll(async () => {
  browser = await launch();
  // In Chinese: the overview shows the names of record (an English page the romanised ones).
  const visit = await openJourney(browser, 'zh-CN', DESKTOP);
  try {
    await signIn(visit, 'hr_admin');
    branches = new Map();
    for (const member of await everyoneOnOverview(visit)) {
      const list = branches.get(member.branchId) ?? [];
      list.push(member);
      branches.set(member.branchId, list);
    }
  } finally {
    await closeJourney(visit, 'scope-setup');
  }
});
afterAll(async () => {
  await browser?.close();
});

/** Every row of the overview, following its pages. */
async function everyoneOnOverview(visit: Visit): Promise<Member[]> {
  const { page } = visit;
  await page.goto('/overview');
  const members: Member[] = [];
  for (;;) {
    await page.getByTestId('person-row').first().waitFor();
    members.push(
      ...(await page.getByTestId('person-row').evaluateAll((rows) =>
        rows.map((row) => ({
          id: decodeURIComponent(row.querySelector('th a')?.getAttribute('href')?.split('/').pop() ?? ''),
          name: row.querySelector('th')?.textContent?.trim() ?? '',
          branchId: row.getAttribute('data-branch') ?? '',
          teamId: row.querySelector('td[data-team]')?.getAttribute('data-team') ?? '',
        })),
      )),
    );
    const next = page.getByTestId('page-next');
    if ((await next.count()) === 0) return members;
    const before = page.url();
    await next.click();
    await page.waitForURL((url) => url.href !== before);
  }
}

const total = () => [...branches.values()].reduce((n, list) => n + list.length, 0);

describe('journey: who sees what', () => {
  it('sign-in lists every persona in Chinese for a Chinese browser, and the language choice is remembered', async () => {
    const visit = await openJourney(browser, 'zh-CN', DESKTOP);
    const { page } = visit;
    try {
      await page.goto('/sign-in');
      await page.getByTestId('persona-sales_rep').waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
      expect(await page.locator('h1').textContent()).toBe('登录');
      expect(await page.locator('li[data-testid^=persona-]').count()).toBe(7);
      await shot(visit, 'scope-sign-in-zh');
      await page.getByTestId('language').selectOption('en');
      expect(await page.locator('h1').textContent()).toBe('Sign in');
      await page.reload();
      await page.locator('h1').waitFor();
      expect(await page.locator('h1').textContent(), 'after a reload').toBe('Sign in');
    } finally {
      await closeJourney(visit, 'scope-sign-in');
    }
  });

  it('HR sees everyone, narrows the overview to a team, sorts and searches by name, all kept in the URL', async () => {
    const visit = await openJourney(browser, 'en-US', DESKTOP);
    const { page } = visit;
    try {
      await signIn(visit, 'hr_admin');
      expect(new URL(page.url()).pathname).toBe('/overview');
      await shot(visit, 'scope-hr-overview');
      const rows = page.getByTestId('person-row');
      // Drill down to a team, then sort by hire date descending: both kept in the URL.
      await page.locator('td[data-team] a').first().click();
      await page.waitForURL(/team=/);
      const team = new URL(page.url()).searchParams.get('team');
      await rows.first().waitFor();
      const teams = await rows
        .locator('td[data-team]')
        .evaluateAll((tds) => tds.map((td) => td.getAttribute('data-team')));
      expect(new Set(teams), 'only that team').toEqual(new Set([team]));
      await page.getByRole('link', { name: /^Hired/ }).click();
      await page.getByRole('link', { name: /^Hired/ }).click();
      await page.waitForURL(/sort=hired&dir=desc/);
      await page.reload();
      await page.locator('th[aria-sort=descending]').waitFor();
      expect(await page.locator('th[aria-sort=descending]').textContent()).toContain('Hired');
      await shot(visit, 'scope-hr-overview-team-sorted');

      // Name search, kept in the URL as well.
      const someone = [...branches.values()][0]![0]!;
      await page.goto('/overview');
      await rows.first().waitFor();
      await page.getByRole('searchbox').fill(someone.name);
      await page.waitForURL(/[?&]q=/);
      const ids = () =>
        rows.locator('th a').evaluateAll((as) => as.map((a) => a.getAttribute('href')?.split('/').pop()));
      await expect.poll(ids).toContain(encodeURIComponent(someone.id));
      expect((await ids()).length, 'only the people of that name').toBeLessThan(total());

      // A filter nobody matches says what to do.
      await page.goto('/overview?level=regional_director&probation=failed');
      await page.getByTestId('empty').waitFor();
      expect(await page.getByTestId('empty').textContent()).toContain('Clear a filter');

      // Drill down to a person: the one-stop record, commission included for HR.
      await page.goto(`/people/${encodeURIComponent(someone.id)}`);
      await page.locator('#profile').waitFor();
      expect(await page.locator('#commission').count()).toBe(1);
      await shot(visit, 'scope-hr-person');
    } finally {
      await closeJourney(visit, 'scope-hr');
    }
  });

  it('a branch manager sees their branch and only it', async () => {
    const [mine] = [...branches.keys()].sort();
    const visit = await openJourney(browser, 'zh-CN', DESKTOP);
    const { page } = visit;
    try {
      await signIn(visit, 'branch_manager', { select: 'branchId', option: mine! });
      const rows = page.getByTestId('person-row');
      await rows.first().waitFor();
      await shot(visit, 'scope-branch-manager-overview');
      expect(await rows.count()).toBe(branches.get(mine!)!.length);
      expect(
        new Set(await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-branch')))),
      ).toEqual(new Set([mine]));
      // Analytics counts only the own branch; targets list only its teams.
      await page.goto('/analytics');
      await page.getByTestId('headcount-table').waitFor();
      await shot(visit, 'scope-branch-manager-analytics');
      expect(await page.getByTestId('by-branch').locator('tbody tr').count()).toBe(1);
      await page.goto('/targets');
      await page.getByTestId('team-targets').waitFor();
      for (const branch of await page
        .getByTestId('team-targets')
        .locator('tbody tr')
        .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-branch'))))
        expect(branch).toBe(mine);
    } finally {
      await closeJourney(visit, 'scope-branch-manager');
    }
  });

  it('a team manager sees one team, never meets another, and plans a member’s target', async () => {
    const visit = await openJourney(browser, 'en-US', DESKTOP);
    const { page } = visit;
    try {
      await signIn(visit, 'team_manager', { select: 'teamId', option: { index: 0 } });
      const rows = page.getByTestId('person-row');
      await rows.first().waitFor();
      const teams = await rows
        .locator('td[data-team]')
        .evaluateAll((tds) => tds.map((td) => td.getAttribute('data-team')));
      expect(new Set(teams).size, 'one team').toBe(1);
      const team = teams[0];
      const everyone = [...branches.values()].flat();
      expect(teams.length).toBe(everyone.filter((m) => m.teamId === team).length);
      const strangers = everyone.filter((m) => m.teamId !== team);
      expect(strangers.length, 'the demo has other teams').toBeGreaterThan(0);
      // Asking for another team through the URL shows nobody; its people are not found.
      await page.goto(`/overview?team=${encodeURIComponent(strangers[0]!.teamId)}`);
      await page.getByTestId('empty').waitFor();
      expect(await rows.count()).toBe(0);
      await page.goto(`/people/${encodeURIComponent(strangers[0]!.id)}`);
      await page.getByTestId('not-found').waitFor();
      await shot(visit, 'scope-team-manager-stranger');
      await page.goto('/alerts');
      await shot(visit, 'scope-team-manager-alerts');
      const alerts = (await page.locator('main').textContent()) ?? '';
      for (const stranger of strangers) expect(alerts, 'alerts of another team').not.toContain(stranger.name);
      // One member's target plan: the baseline in yuan and the probability of the amount.
      await page.goto('/targets');
      await page.getByTestId('member-row').first().locator('a').first().click();
      await page.waitForURL(/person=/);
      await page.getByTestId('probability').waitFor();
      await shot(visit, 'scope-team-manager-target-plan');
      expect(await page.getByTestId('probability').textContent()).toMatch(/\d+(\.\d)?%/);
      expect(await page.getByTestId('planner').textContent()).toMatch(/¥[\d,]+\.\d{2}/);
    } finally {
      await closeJourney(visit, 'scope-team-manager');
    }
  });

  it('the committee, an analyst and an auditor see on a person’s page what their role may', async () => {
    const someone = [...branches.values()][0]![1]!;
    for (const role of ['committee_member', 'analyst', 'auditor'] as const) {
      const visit = await openJourney(browser, role === 'analyst' ? 'zh-CN' : 'en-US', DESKTOP);
      const { page } = visit;
      try {
        await signIn(visit, role);
        await page.goto(`/people/${encodeURIComponent(someone.id)}`);
        await page.locator('#profile').waitFor();
        await shot(visit, `scope-${role}-person`);
        // Commission is for HR, auditors and managers; the reviews section for the committee
        // and, to read without the vote and decision forms, for auditors.
        expect(await page.locator('#commission').count(), `${role}: commission`).toBe(
          role === 'auditor' ? 1 : 0,
        );
        expect(await page.locator('#vote').count(), `${role}: reviews`).toBe(role === 'analyst' ? 0 : 1);
        if (role !== 'committee_member') {
          expect(await page.locator('[data-testid=decide-form], [data-testid=vote-form]').count()).toBe(0);
        }
      } finally {
        await closeJourney(visit, `scope-${role}`);
      }
    }
  });

  it('a representative sees their own path and record only, on a phone', async () => {
    const visit = await openJourney(browser, 'zh-CN', PHONE);
    const { page } = visit;
    try {
      await signIn(visit, 'sales_rep', { select: 'employeeId', option: { index: 0 } });
      expect(new URL(page.url()).pathname).toBe('/my-path');
      await page.getByTestId('current-level').waitFor();
      await shot(visit, 'scope-rep-my-path-phone');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      const myName = (await page.getByTestId('current-level').textContent()) ?? '';
      const self = [...branches.values()].flat().find((m) => myName.includes(m.name));
      expect(self, 'the path names the representative').toBeDefined();
      await page.goto(`/people/${encodeURIComponent(self!.id)}`);
      await page.locator('#profile').waitFor();
      expect(await page.locator('#commission').count()).toBe(1);
      const someoneElse = [...branches.values()].flat().find((m) => m.id !== self!.id)!;
      await page.goto(`/people/${encodeURIComponent(someoneElse.id)}`);
      await page.getByTestId('not-found').waitFor();
      // Pages for other roles say so instead of showing an empty shell.
      await page.goto('/overview');
      await expect.poll(() => page.locator('main').textContent()).toContain('不对销售代表开放');
      expect(await page.locator('nav[aria-label] a[href="/overview"]').count()).toBe(0);
      await shot(visit, 'scope-rep-overview-forbidden-phone');
    } finally {
      await closeJourney(visit, 'scope-rep');
    }
  });

  it('the overview is usable on a phone and by keyboard', async () => {
    const visit = await openJourney(browser, 'en-US', PHONE);
    const { page } = visit;
    try {
      await signIn(visit, 'hr_admin');
      await page.getByTestId('person-row').first().waitFor();
      await shot(visit, 'scope-hr-overview-phone');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(await page.getByTestId('person-row').count()).toBeLessThanOrEqual(total());
      // The skip link is the first stop and moves focus to the content.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    } finally {
      await closeJourney(visit, 'scope-keyboard');
    }
  });
});
