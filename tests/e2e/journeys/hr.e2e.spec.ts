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

  it('reads in Chinese and English, on a desktop and a phone', async () => {
    await looks(browser, {
      role: 'hr_admin',
      paths: ['/reviews?state=nominated', '/reviews?state=open'],
      name: 'hr',
      check: async ({ page }) =>
        (await page.locator('[data-testid=review-row]').count()) > 0 ? [] : ['no reviews listed'],
    });
  });
});
