import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeJourney,
  DESKTOP,
  JOURNEY_ARTIFACTS,
  journey,
  launch,
  looks,
  openJourney,
  shot,
  signIn,
  type Visit,
} from '../../support/journeys.ts';

/**
 * Sign-in with the company account. The shared product runs with a real OpenID Connect provider
 * (oidc-provider, started by the journeys' global setup; its development login form takes any
 * login as the identity's subject). HR, signed in as the demo persona, links three company
 * sign-ins to people on Access and grants their roles; then HR, a team manager and a rep sign in
 * through the provider and each sees exactly their scope; an identity without a role is turned
 * back with the reason; the rep issues an API token and revokes it; signing out ends the
 * provider's session too.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

// Company accounts by staff number, as identity providers often name them.
const HR_LOGIN = '10001';
const MANAGER_LOGIN = '10002';
const REP_LOGIN = '10003';
const COMMITTEE_LOGIN = '10004';

/**
 * The provider's own pages (its development login and logout forms) load a web font from the
 * internet: aborted, and not the product's doing. Forgets that request and the console line it
 * left, from `since` (the number of errors before the provider's page) on.
 */
function forgetProviderFonts(visit: Visit, since: number) {
  const offline = visit.offline.filter((url) => !url.startsWith('https://fonts.googleapis.com/'));
  visit.offline.splice(0, visit.offline.length, ...offline);
  const errors = visit.errors.filter(
    (e, i) => i < since || e !== 'console: Failed to load resource: net::ERR_INTERNET_DISCONNECTED',
  );
  visit.errors.splice(0, visit.errors.length, ...errors);
}

/** Clicks "Sign in with company account" and fills the provider's login form as `login`. */
async function signInWithCompany(visit: Visit, login: string): Promise<void> {
  const { page } = visit;
  await page.goto('/sign-in');
  const since = visit.errors.length;
  await page.getByTestId('sign-in-with-provider').click();
  await page.locator('input[name=login]').fill(login);
  await page.locator('input[name=password]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  // Through the provider's pages and the product's /auth/callback, back on the product's pages.
  const product = new URL(journey().base).origin;
  await page.waitForURL((url) => url.origin === product && !url.pathname.startsWith('/auth/'));
  forgetProviderFonts(visit, since);
}

async function signOutEverywhere(visit: Visit): Promise<void> {
  const { page } = visit;
  await page.getByTestId('user-menu').locator('summary').click();
  const since = visit.errors.length;
  await page.getByRole('button', { name: 'Sign out' }).click();
  // The provider asks to end its own session too, then sends the browser back to /sign-in.
  await page.locator('button[value=yes]').click();
  await page.waitForURL(/\/sign-in/);
  forgetProviderFonts(visit, since);
}

const who = async (page: Page) => ((await page.getByTestId('who').textContent()) ?? '').trim();
const navLinks = async (page: Page) =>
  (await page.getByRole('navigation').first().getByRole('link').allTextContents()).map((s) => s.trim());

describe('journey: signing in with the company account', () => {
  let rep = '';
  let manager = '';
  let team = '';

  it('HR links three company sign-ins to people and grants their roles on Access', async () => {
    const visit = await openJourney(browser, 'en-US', DESKTOP);
    const { page } = visit;
    try {
      // Who the demo's rep and first team's manager are, as the sign-in page names them.
      await page.goto('/sign-in');
      const repOption = page
        .getByTestId('persona-sales_rep')
        .locator('select[name=employeeId] option')
        .first();
      await repOption.waitFor({ state: 'attached' });
      rep = ((await repOption.textContent()) ?? '').split(' · ')[0]?.trim() ?? '';
      const teamOption = page
        .getByTestId('persona-team_manager')
        .locator('select[name=teamId] option')
        .first();
      team = ((await teamOption.textContent()) ?? '').split(' / ')[1]?.trim() ?? '';
      manager = (
        (await page.getByTestId('persona-team_manager').getByTestId('persona-name').textContent()) ?? ''
      ).trim();
      expect([rep, team, manager].every(Boolean), `${rep} | ${team} | ${manager}`).toBe(true);
      expect(await page.getByTestId('sign-in-provider').isVisible(), 'the company account is offered').toBe(
        true,
      );

      await signIn(visit, 'hr_admin');
      await page.getByRole('navigation').getByRole('link', { name: 'Access', exact: true }).click();
      await page.waitForURL(/\/access/);
      await page.getByTestId('access-empty').waitFor();
      await shot(visit, 'signin-access-empty');

      const outcome = page.getByTestId('access-outcome');
      // An employee's sign-in is named as the employee (the name of record, filled in on picking them).
      const link = async (login: string, person: string | null, shown?: string) => {
        const form = page.getByTestId('link-user');
        await form.locator('input[name=subject]').fill(login);
        if (person) {
          await form.locator('input[name=employee]').fill(person);
          await form
            .getByTestId('people-matches')
            .getByRole('button', { name: new RegExp(`^${person} ·`) })
            .first()
            .click();
          expect(await form.locator('input[name=displayName]').inputValue()).not.toBe('');
        }
        if (shown) await form.locator('input[name=displayName]').fill(shown);
        await form.getByRole('button', { name: 'Link' }).click();
        await expect.poll(() => outcome.textContent()).toBe(`${login} is linked.`);
      };
      const grant = async (login: string, role: string, unit?: string) => {
        const form = page.getByTestId('grant-role');
        await form.locator('select[name=subject]').selectOption({ value: login });
        await form.locator('select[name=role]').selectOption({ label: role });
        if (unit) await form.locator('select[name=unitId]').selectOption({ label: unit });
        await form.getByRole('button', { name: 'Grant' }).click();
        await expect
          .poll(() => outcome.textContent())
          .toBe(`${login} is now ${role}, from their next request.`);
      };
      await link(HR_LOGIN, null, '王芳');
      await grant(HR_LOGIN, 'HR administrator');
      await link(MANAGER_LOGIN, manager);
      await grant(MANAGER_LOGIN, 'Team manager', team);
      // A rep's role needs their record: a sign-in that is no employee cannot get one, and is told why.
      const form = page.getByTestId('grant-role');
      await form.locator('select[name=subject]').selectOption({ value: HR_LOGIN });
      await form.locator('select[name=role]').selectOption({ label: 'Sales representative' });
      await form.getByRole('button', { name: 'Grant' }).click();
      await expect
        .poll(() => outcome.textContent())
        .toBe(`Not saved: user ${HR_LOGIN} is not linked to an employee, so has no record of their own`);
      await link(REP_LOGIN, rep);
      await grant(REP_LOGIN, 'Sales representative');

      const rows = page.getByTestId('access-user');
      await expect.poll(() => rows.count()).toBe(3);
      expect(await rows.filter({ hasText: REP_LOGIN }).textContent()).toContain('Sales representative');
      expect(await rows.filter({ hasText: MANAGER_LOGIN }).textContent()).toContain(`Team manager · ${team}`);
      await shot(visit, 'signin-access-granted');
    } finally {
      await closeJourney(visit, 'signin-access');
    }
  });

  it('a review committee seat is a grant: on Access beside the roles, and in the access log, in English and Chinese', async () => {
    // The committee persona reads the record of a candidate whose committee they sit on.
    const member = await openJourney(browser, 'en-US', DESKTOP);
    let name = '';
    try {
      await member.page.goto('/sign-in');
      // Named once the demo's people have arrived (the rep's choices are listed from them).
      await member.page
        .getByTestId('persona-sales_rep')
        .locator('select[name=employeeId] option')
        .first()
        .waitFor({ state: 'attached' });
      const card = member.page.getByTestId('persona-committee_member');
      name = ((await card.getByTestId('persona-name').textContent()) ?? '').trim();
      await signIn(member, 'committee_member');
      const awaiting = member.page
        .locator('[data-testid=review-row]')
        .filter({ has: member.page.getByTestId('may-vote') });
      await awaiting.first().getByTestId('review-link').click();
      await member.page.waitForURL(/\/people\//);
      await member.page.locator('[data-testid=review]').first().waitFor();
    } finally {
      await closeJourney(member, 'signin-committee-reads');
    }

    const visit = await openJourney(browser, 'en-US', DESKTOP);
    const { page } = visit;
    try {
      await signIn(visit, 'hr_admin');
      await page.goto('/access');
      const form = page.getByTestId('link-user');
      await form.locator('input[name=subject]').fill(COMMITTEE_LOGIN);
      await form.locator('input[name=employee]').fill(name);
      await form
        .getByTestId('people-matches')
        .getByRole('button', { name: new RegExp(`^${name} ·`) })
        .first()
        .click();
      await form.getByRole('button', { name: 'Link' }).click();
      const outcome = page.getByTestId('access-outcome');
      await expect.poll(() => outcome.textContent()).toBe(`${COMMITTEE_LOGIN} is linked.`);
      // No role granted: the seats are there all the same, granted by choosing the committee.
      const seats = page
        .getByTestId('access-user')
        .filter({ hasText: COMMITTEE_LOGIN })
        .getByTestId('committee-grant');
      // The open reviews whose committee they sit on.
      await expect.poll(() => seats.count()).toBeGreaterThan(0);
      const seat = (await seats.first().textContent()) ?? '';
      expect(seat).toMatch(
        /Review committee member · the review of .+ for .+ \(round \d{4}-Q[1-4]\)\s+since /,
      );
      const row = page.getByTestId('access-user').filter({ hasText: COMMITTEE_LOGIN });
      expect(await row.getByTestId('committee-grants-note').textContent()).toContain(
        'end when the review is decided',
      );
      expect(seat).not.toContain((await seats.first().getAttribute('data-review')) ?? '-');
      expect(await seats.first().getByRole('button').count(), 'no revoke: the decision ends it').toBe(0);
      await shot(visit, 'signin-access-committee-seat');

      await page.goto('/access-log?kind=person_record');
      const read = page.locator('[data-testid=access-log-grant][data-scope=review]').first();
      await read.waitFor();
      expect(await read.textContent()).toMatch(
        /Review committee member · the review of .+ \(round \d{4}-Q[1-4]\)\s*committee chosen on .+ \(event #\d+\)/,
      );
      // The member who read is named in English on an English page (the persona's romanised name).
      const reader = page
        .locator('[data-testid=access-log-entry]')
        .filter({ has: page.locator('[data-testid=access-log-grant][data-scope=review]') })
        .first()
        .getByTestId('access-log-reader');
      expect(await reader.textContent(), 'the reader in English').toMatch(/^[A-Za-z][A-Za-z .'-]+$/);
      await shot(visit, 'signin-access-log-committee-seat');
    } finally {
      await closeJourney(visit, 'signin-committee-seat');
    }

    const zh = await openJourney(browser, 'zh-CN', DESKTOP);
    try {
      await signIn(zh, 'hr_admin');
      await zh.page.goto('/access');
      const seats = zh.page
        .getByTestId('access-user')
        .filter({ hasText: COMMITTEE_LOGIN })
        .getByTestId('committee-grant');
      await seats.first().waitFor();
      const seat = (await seats.first().textContent()) ?? '';
      expect(seat).toMatch(/评审委员会成员 · .+晋升.+的评审（\d{4}-Q[1-4] 轮次）\s+自 .+ 起/);
      expect(seat, 'no English on a Chinese page').not.toMatch(/[A-Za-z]{2,}/);
      await zh.page.goto('/access-log?kind=person_record');
      const read = zh.page.locator('[data-testid=access-log-grant][data-scope=review]').first();
      await read.waitFor();
      const grant = (await read.textContent()) ?? '';
      expect(grant).toMatch(/评审委员会成员 · .+的评审（\d{4}-Q[1-4] 轮次）\s*.+选定评审委员会（事件 #\d+）/);
      expect(grant, 'no English on a Chinese page').not.toMatch(/[A-Za-z]{2,}/);
      await shot(zh, 'signin-access-committee-seat-zh');
    } finally {
      await closeJourney(zh, 'signin-committee-seat-zh');
    }
  });

  it('a rep, a team manager and HR sign in through the provider and see exactly their scope', async () => {
    const asRep = await openJourney(browser, 'en-US', DESKTOP);
    try {
      await signInWithCompany(asRep, REP_LOGIN);
      await asRep.page.waitForURL(/\/my-path/);
      expect(await who(asRep.page)).toMatch(/ · Sales representative$/);
      expect(await navLinks(asRep.page), 'a rep has their own pages only').not.toContain('Team overview');
      await shot(asRep, 'signin-rep-my-path');
      // A person outside their record is not theirs to read.
      await asRep.page.goto('/overview');
      await asRep.page.getByTestId('forbidden').waitFor();

      // Their own API token for a script: issued, shown once, revoked.
      await asRep.page.goto('/my-path');
      await asRep.page.getByTestId('user-menu').locator('summary').click();
      await asRep.page.getByTestId('api-tokens-link').click();
      await asRep.page.waitForURL(/\/api-tokens/);
      await asRep.page.locator('input[name=name]').fill('my weekly numbers');
      await asRep.page.getByRole('button', { name: 'Issue' }).click();
      const issued = asRep.page.getByTestId('issued-token');
      await issued.waitFor();
      expect(await issued.locator('input').inputValue()).toMatch(/^ey[\w-]+\.[\w-]+\.[\w-]+$/);
      const row = asRep.page.getByTestId('api-token').filter({ hasText: 'my weekly numbers' });
      expect(await row.textContent()).toContain('valid until');
      await shot(asRep, 'signin-rep-api-token');
      await row.getByRole('button', { name: 'Revoke' }).click();
      await expect.poll(() => row.textContent()).toContain('revoked on');
      await signOutEverywhere(asRep);
    } finally {
      await closeJourney(asRep, 'signin-rep');
    }

    const asManager = await openJourney(browser, 'en-US', DESKTOP);
    try {
      await signInWithCompany(asManager, MANAGER_LOGIN);
      await asManager.page.waitForURL(/\/overview/);
      expect(await who(asManager.page)).toMatch(new RegExp(` · Team manager · ${team}$`));
      const rows = asManager.page.getByTestId('person-row');
      await rows.first().waitFor();
      const teams = (await rows.locator('td[data-team] > a').allTextContents()).map((s) => s.trim());
      expect(teams.length, 'their team has people').toBeGreaterThan(0);
      expect(new Set(teams), 'only the people of their team').toEqual(new Set([team]));
      expect(await navLinks(asManager.page)).not.toContain('Access');
      await shot(asManager, 'signin-manager-overview');
      await signOutEverywhere(asManager);
    } finally {
      await closeJourney(asManager, 'signin-manager');
    }

    const asHr = await openJourney(browser, 'en-US', DESKTOP);
    try {
      await signInWithCompany(asHr, HR_LOGIN);
      await asHr.page.waitForURL(/\/overview/);
      expect(await who(asHr.page)).toBe('王芳 · HR administrator');
      const total = Number(await asHr.page.getByTestId('overview-count').getAttribute('data-total'));
      const teamTotal = await asHr.page.getByTestId('person-row').count();
      expect(total, 'HR sees the whole company').toBeGreaterThan(10);
      expect(teamTotal).toBeGreaterThan(0);
      expect(await navLinks(asHr.page)).toContain('Access');
      await shot(asHr, 'signin-hr-overview');
      await signOutEverywhere(asHr);
      // Signed out of the provider too: the next sign-in asks for the login again.
      const since = asHr.errors.length;
      await asHr.page.getByTestId('sign-in-with-provider').click();
      await asHr.page.locator('input[name=login]').waitFor();
      forgetProviderFonts(asHr, since);
    } finally {
      await closeJourney(asHr, 'signin-hr');
    }
  });

  it('turns back a company sign-in that holds no role, saying why, in Chinese', async () => {
    const visit = await openJourney(browser, 'zh-CN', DESKTOP);
    try {
      await signInWithCompany(visit, '19999');
      await visit.page.waitForURL(/\/sign-in\?error=no-role/);
      const refused = visit.page.getByTestId('sign-in-refused');
      expect(await refused.textContent()).toContain('你以 19999 登录，但在 Track Record 中还没有任何角色');
      // The refusal is what this page is expected to show (shot() would count it as an error).
      await visit.page.screenshot({
        path: path.join(JOURNEY_ARTIFACTS, 'signin-no-role.png'),
        fullPage: true,
      });
    } finally {
      await closeJourney(visit, 'signin-no-role');
    }
  });

  it('reads in Chinese and English, on a desktop and a phone', async () => {
    await looks(browser, {
      role: 'hr_admin',
      paths: ['/access', '/access?day=2026-06-01', '/api-tokens'],
      name: 'signin',
    });
  });
});
