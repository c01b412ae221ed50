import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeJourney,
  DESKTOP,
  launch,
  looks,
  openJourney,
  remember,
  shot,
  signIn,
} from '../../support/journeys.ts';

/**
 * HR opens a review from a nomination of the demo company: picks a nominated candidate on the
 * Reviews page, chooses the committee (the demo's committee member among them) and the
 * quorum; putting the candidate on their own committee is refused with the reason first.
 * Then HR tries a policy change: lowers the supervisor score threshold in the policy editor,
 * runs the what-if over the full history and follows a decision it flips to its replay.
 * Last, HR gives a branch its own ladder (a variant of the headquarters default), sees a
 * person of that branch judged by it, and withdraws it.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** The committee persona's name as the sign-in page shows it (a person of the company). */
async function committeePersonaName(visit: Awaited<ReturnType<typeof openJourney>>): Promise<string> {
  await visit.page.goto('/sign-in');
  const card = visit.page.getByTestId('persona-committee_member');
  await card.waitFor();
  const name = ((await card.getByTestId('persona-name').textContent()) ?? '').trim();
  expect(name, 'the committee persona is a named person').not.toBe('');
  return name;
}

describe('journey: HR opens a review from a nomination', () => {
  it('choosing the committee and the quorum', async () => {
    const visit = await openJourney(browser, 'en-US', DESKTOP);
    const { page } = visit;
    try {
      const member = await committeePersonaName(visit);
      await signIn(visit, 'hr_admin');
      await page.getByRole('navigation').getByRole('link', { name: 'Reviews' }).click();
      await page.waitForURL(/\/reviews/);
      await page.locator('select[name=state]').selectOption('nominated');
      await page.waitForURL(/state=nominated/);
      await shot(visit, 'hr-nominations');
      const rows = page.locator('[data-testid=review-row]');
      expect(await rows.count(), 'the demo has nominations waiting for a committee').toBeGreaterThan(0);
      const row = rows.first();
      const reviewId = (await row.getAttribute('data-review')) ?? '';
      const candidate = ((await row.getByTestId('review-link').textContent()) ?? '').trim();
      await row.getByRole('button', { name: /open (the )?review/i }).click();
      const form = page.getByTestId('open-review-form');
      await form.waitFor();

      // The candidate on their own committee: refused, with the reason.
      await form.getByRole('checkbox', { name: candidate }).check();
      await form.getByRole('checkbox', { name: member }).check();
      await form.getByRole('spinbutton', { name: /quorum/i }).fill('1');
      await form.getByRole('button', { name: /open (the )?review/i }).click();
      const refusal = form.locator('[role=alert]');
      await refusal.waitFor();
      expect(await refusal.textContent(), 'the refusal names the reason').toMatch(/candidate/i);
      await shot(visit, 'hr-open-review-refused').catch(() => {}); // the refusal is an alert on purpose
      await form.getByRole('checkbox', { name: candidate }).uncheck();

      await form.getByRole('button', { name: /open (the )?review/i }).click();
      await page.locator('select[name=state]').selectOption('open');
      const opened = page.locator(`[data-testid=review-row][data-review="${reviewId}"]`);
      await opened.waitFor();
      expect(await opened.textContent()).toContain(candidate);
      expect(await opened.textContent(), 'quorum as chosen').toMatch(/1/);
      await remember('openedReview', { reviewId, candidate, member });
      await shot(visit, 'hr-review-opened');
    } finally {
      await closeJourney(visit, 'hr-open-review');
    }
  });

  it('runs a what-if that lowers the supervisor score threshold: follows a flipped decision to its replay, or reads what keeps the rejections short', async () => {
    const visit = await openJourney(browser, 'en-US', DESKTOP);
    const { page } = visit;
    try {
      await signIn(visit, 'hr_admin');
      await page.goto('/policy');
      const threshold = page.getByRole('spinbutton', { name: 'Sales Supervisor · minimum score' }).first();
      await threshold.waitFor();
      const before = Number(await threshold.inputValue());
      expect(before, 'the ladder sets a supervisor score threshold').toBeGreaterThan(1);
      await threshold.fill('1');
      const simulation = page.getByTestId('simulation');
      await simulation.getByRole('button', { name: /run the what-if/i }).click();
      // The history: past decisions judged again, eligibility per quarter, fairness by branch.
      const heading = simulation.getByRole('heading', { name: /past decisions the draft flips/i });
      await heading.waitFor({ timeout: 120_000 });
      const [, flipped = '0', judged = '0'] =
        /flips: (\d+) of (\d+)/.exec((await heading.textContent()) ?? '') ?? [];
      expect(Number(judged), 'the demo has decided reviews to judge again').toBeGreaterThan(0);
      expect(await simulation.getByTestId('eligible-by-quarter').locator('tbody tr').count()).toBeGreaterThan(
        0,
      );
      expect(await simulation.getByTestId('fairness').locator('tbody tr').count()).toBeGreaterThan(0);
      await shot(visit, 'hr-what-if');
      const links = simulation.getByTestId('flipped-link');
      expect(await links.count()).toBe(Number(flipped));
      if (Number(flipped) === 0) {
        // Every decided candidate of the demo misses another requirement too: nothing flips, and
        // the page says what keeps the rejections short (the score the draft eases is not it).
        await simulation.getByTestId('no-flips').waitFor();
        const inTheWay = simulation.getByTestId('requirements-in-the-way');
        await inTheWay.waitFor();
        const rows = await inTheWay.locator('tbody th').allTextContents();
        expect(rows.length).toBeGreaterThan(0);
        expect(
          rows.every((r) => / · /.test(r)),
          rows.join('; '),
        ).toBe(true);
        expect(rows.filter((r) => r.startsWith('Sales Supervisor · score'))).toEqual([]);
        await shot(visit, 'hr-what-if-in-the-way');
        // The nearest to flipping are listed with what they miss; one replays, under the same
        // draft, to not eligible, missing the same.
        const nearest = simulation.getByTestId('nearest-decisions').locator('li').first();
        const missing = ((await nearest.locator('p').nth(1).textContent()) ?? '').replace(/^Missing: /, '');
        expect(missing.length).toBeGreaterThan(0);
        await nearest.getByTestId('nearest-link').click();
        const underDraft = page.getByTestId('under-draft');
        await underDraft.waitFor();
        expect(await underDraft.getAttribute('data-eligible')).toBe('false');
        expect(await underDraft.getAttribute('data-flip')).toBe('');
        for (const requirement of missing.split('; '))
          expect(await underDraft.textContent()).toContain(requirement);
        return;
      }
      const item = simulation.locator('[data-decision]').first();
      const decisionId = (await item.getAttribute('data-decision')) ?? '';
      expect(await item.textContent()).toMatch(/Rejected → eligible under the draft/);
      await links.first().click();
      await page.waitForURL(new RegExp(`/audit\\?decision=${decisionId}`));
      await page
        .getByRole('heading', { name: /replay/i })
        .first()
        .waitFor();
      // The audit page replays the decision under the same draft: eligible, as the list said.
      const underDraft = page.getByTestId('under-draft');
      await underDraft.waitFor();
      expect(await underDraft.getAttribute('data-flip')).toBe('rejected_to_eligible');
      expect(await underDraft.getAttribute('data-eligible')).toBe('true');
      expect(await underDraft.getByTestId('under-draft-outcome').textContent()).toMatch(
        /Rejected → eligible under the draft/,
      );
      await shot(visit, 'hr-what-if-replay');
    } finally {
      await closeJourney(visit, 'hr-what-if');
    }
  });

  it('publishes a branch’s ladder variant, sees a person of the branch judged by it, and withdraws it', async () => {
    const visit = await openJourney(browser, 'en-US', DESKTOP);
    const { page } = visit;
    try {
      await signIn(visit, 'hr_admin');
      await page.goto('/policy');
      const scope = page.getByTestId('scope-select');
      await scope.waitFor();
      // The first branch: it has no variant yet, so the draft starts from the default.
      const branch = (await scope.locator('option').nth(1).getAttribute('value')) ?? '';
      expect(branch, 'the demo has branches to choose').not.toBe('');
      await scope.selectOption(branch);
      await page.getByTestId('scope-note').waitFor();
      expect(await page.getByTestId('scope-note').textContent()).toMatch(/no variant yet/);
      const threshold = page.getByRole('spinbutton', { name: 'Sales Supervisor · minimum score' }).first();
      await threshold.fill(String(Number(await threshold.inputValue()) - 1));
      await page.getByRole('button', { name: 'Publish the draft' }).click();
      await page.getByTestId('published').waitFor();
      const variants = page.getByTestId('variants');
      await variants.waitFor();
      expect(await variants.locator('tbody tr').first().textContent()).toMatch(/in force: v1/);
      await shot(visit, 'hr-branch-variant');

      // A person of that branch: their eligibility names the branch's variant (once projected).
      await page.goto(`/?branch=${encodeURIComponent(branch)}`);
      const person = page.locator('a[href^="/people/"]').first();
      await person.waitFor();
      await person.click();
      await page.waitForURL(/\/people\//);
      const ladder = page.getByTestId('eligibility-ladder').first();
      for (let tries = 0; tries < 30; tries++) {
        await ladder.waitFor();
        if (/variant v1/.test((await ladder.textContent()) ?? '')) break;
        await page.waitForTimeout(2_000);
        await page.reload();
      }
      expect(await ladder.textContent()).toMatch(/Applied: .+ variant v1\./);
      await shot(visit, 'hr-branch-variant-person');

      // Withdrawn with a reason: the branch is on the headquarters default again.
      await page.goto(`/policy?branch=${encodeURIComponent(branch)}`);
      await page.getByRole('textbox', { name: 'Reason for withdrawing' }).fill('trial over');
      await page.getByTestId('variants').getByRole('button', { name: 'Withdraw' }).first().click();
      await page
        .getByTestId('variants')
        .getByText(/withdrawn after v1/)
        .waitFor();
    } finally {
      await closeJourney(visit, 'hr-branch-variant');
    }
  });

  it('reads in Chinese and English, on a desktop and a phone', async () => {
    await looks(browser, {
      role: 'hr_admin',
      paths: ['/reviews?state=nominated', '/reviews?state=open', '/policy'],
      name: 'hr',
      check: async ({ page }) =>
        !page.url().includes('/reviews') || (await page.locator('[data-testid=review-row]').count()) > 0
          ? []
          : ['no reviews listed'],
    });
  });
});
