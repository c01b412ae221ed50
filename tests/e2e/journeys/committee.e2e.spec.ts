import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeJourney,
  DESKTOP,
  launch,
  looks,
  openJourney,
  recall,
  remember,
  shot,
  signIn,
} from '../../support/journeys.ts';

/**
 * The committee member finds the review awaiting their vote (the one HR just opened when the
 * HR journey ran first, else one the demo opened), votes with a rationale and, at quorum,
 * decides against the vote: the page asks for an override reason (a code and a text) before
 * the decision is recorded, and shows the decision as an override.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('journey: the committee votes and decides', () => {
  it('votes with a rationale, decides at quorum, and an override asks for a reason', async () => {
    const visit = await openJourney(browser, 'en-US', DESKTOP);
    const { page } = visit;
    try {
      await signIn(visit, 'committee_member');
      expect(new URL(page.url()).pathname, 'a committee member lands on the reviews').toBe('/reviews');
      await shot(visit, 'committee-reviews');
      const awaiting = page.locator('[data-testid=review-row]').filter({ has: page.getByTestId('may-vote') });
      expect(await awaiting.count(), 'reviews awaiting this member’s vote').toBeGreaterThan(0);
      const opened = await recall<{ reviewId: string }>('openedReview');
      const mine = opened ? page.locator(`[data-testid=review-row][data-review="${opened.reviewId}"]`) : null;
      const row = mine && (await mine.getByTestId('may-vote').count()) > 0 ? mine : awaiting.first();
      const reviewId = (await row.getAttribute('data-review')) ?? '';
      const candidate = ((await row.getByTestId('review-link').textContent()) ?? '').trim();
      await row.getByTestId('review-link').click();
      await page.waitForURL(/\/people\//);
      const review = page.locator(`[data-testid=review][data-review="${reviewId}"]`);
      await review.waitFor();
      await shot(visit, 'committee-review');

      const vote = review.getByTestId('vote-form');
      await vote.locator('select[name=vote]').selectOption('approve');
      await vote.locator('input[name=comment], textarea[name=comment]').fill('回款和客户留存都很稳定。');
      await vote.getByRole('button').click();
      await review.getByTestId('my-vote').waitFor();
      expect(await review.getByTestId('my-vote').textContent()).toContain('Approve');
      await review.locator('[data-testid=quorum][data-reached=true]').waitFor();

      // Rejecting against the majority (and the eligibility) is an override: a reason is asked.
      const decide = review.getByTestId('decide-form');
      await decide.locator('select[name=outcome]').selectOption('rejected');
      await decide.locator('textarea[name=rationale]').fill('本季度团队仍需要其留在现岗位。');
      await decide.getByRole('button', { name: /decide/i }).click();
      const reason = decide.locator('select[name=overrideCode]');
      await reason.waitFor();
      await shot(visit, 'committee-override-asked').catch(() => {});
      await reason.selectOption({ index: 1 });
      await decide.locator('textarea[name=overrideText], input[name=overrideText]').fill('分公司业务需要。');
      await decide.getByRole('button', { name: /decide/i }).click();
      const decision = review.getByTestId('decision');
      await review.locator('[data-testid=decision][data-from=api]').waitFor();
      expect(await decision.textContent()).toContain('Rejected');
      expect(await decision.textContent(), 'shown as an override').toMatch(/override/i);
      expect(await review.getByTestId('vote-problem').count()).toBe(0);
      await remember('decidedReview', { reviewId, candidate });
      await shot(visit, 'committee-decided');
    } finally {
      await closeJourney(visit, 'committee-decide');
    }
  });

  it('calibrates the latest round: opens a box of the 9-box and adds a note that is read back', async () => {
    const visit = await openJourney(browser, 'en-US', DESKTOP);
    const { page } = visit;
    try {
      await signIn(visit, 'committee_member');
      await page.getByRole('link', { name: 'Calibration' }).click();
      await page.waitForURL(/\/calibration/);
      const round = page.getByTestId('calibration-round');
      await round.waitFor();
      expect(await round.getAttribute('data-round'), 'the latest round with nominations').toMatch(
        /^\d{4}-Q[1-4]$/,
      );
      expect(await page.getByTestId('calibration-bounds').textContent()).toMatch(/below 80.*90 and above/s);
      const full = page.locator('[data-testid=nine-box-cell]:not([data-count="0"])').first();
      const count = Number(await full.getAttribute('data-count'));
      expect(count, 'a box with people').toBeGreaterThan(0);
      await full.click();
      const listed = page.getByTestId('box-people').getByTestId('box-person');
      await listed.first().waitFor();
      expect(await listed.count()).toBe(count);
      expect(await listed.first().locator('a').getAttribute('href')).toMatch(/^\/people\//);
      expect(await page.getByTestId('cycle-time').textContent()).toMatch(/days|No review/);
      await shot(visit, 'committee-calibration');

      const form = page.getByTestId('calibration-note-form');
      await form.getByRole('button', { name: 'Add note' }).click();
      await page.getByTestId('calibration-note-problem').waitFor();
      // The committee writes in Chinese: the note shows on the Chinese pages the journey checks.
      const text = `校准备注 ${Date.now()}：一个分公司的评分整体偏高。`;
      await form.locator('textarea[name=note]').fill(text);
      await form.getByRole('button', { name: 'Add note' }).click();
      await page.getByTestId('note').filter({ hasText: text }).waitFor();
      expect(await page.getByTestId('calibration-problem').count()).toBe(0);
      await page.reload();
      await page.getByTestId('note').filter({ hasText: text }).waitFor();
    } finally {
      await closeJourney(visit, 'committee-calibration');
    }
  });

  it('reads in Chinese and English, on a desktop and a phone', async () => {
    await looks(browser, {
      role: 'committee_member',
      paths: ['', '/reviews?state=decided', '/calibration'],
      name: 'committee',
    });
  });
});
