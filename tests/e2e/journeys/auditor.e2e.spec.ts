import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeJourney,
  DESKTOP,
  launch,
  looks,
  openJourney,
  recall,
  shot,
  signIn,
} from '../../support/journeys.ts';

/**
 * The auditor finds the decision the committee just made (else the demo's latest), replays it
 * (recorded against recomputed score and eligibility, the override named as the cause of the
 * difference), and scrubs the candidate's timeline: each position shows what the store knew.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('journey: the auditor replays a decision and scrubs its timeline', () => {
  it('replays and scrubs', async () => {
    const visit = await openJourney(browser, 'zh-CN', DESKTOP);
    const { page } = visit;
    try {
      await signIn(visit, 'auditor');
      await page.goto('/audit');
      await shot(visit, 'auditor-decisions');
      const decided = await recall<{ reviewId: string; candidate: string }>('decidedReview');
      const picker = page.getByTestId('decision-picker');
      await picker.waitFor();
      const values = await picker
        .locator('option')
        .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
      expect(values.length, 'the demo’s decisions are offered').toBeGreaterThan(0);
      const value = decided ? values.find((v) => v.includes(decided.reviewId)) : values[0];
      expect(value, 'the committee’s decision can be found').toBeDefined();
      await picker.selectOption(value as string);
      await page.waitForURL(/decision=/);
      const replay = page.getByTestId('replay');
      await replay.waitFor();
      await shot(visit, 'auditor-replay');
      const table = (await replay.textContent()) ?? '';
      expect(table, 'recorded and recomputed score').toMatch(/\d/);
      if (decided) {
        // The committee rejected against the vote: an override, named as such.
        expect(await replay.getByTestId('override').count(), 'the override is shown').toBeGreaterThan(0);
      }
      if ((await replay.getAttribute('data-same')) === 'false') {
        const causes = replay.getByTestId('differences').locator('li');
        expect(await causes.count()).toBeGreaterThan(0);
        for (const cause of await causes.allTextContents()) {
          expect(cause, 'each difference names its cause').toMatch(/原因|覆盖|更正|政策|版本/);
        }
      }

      const scrubber = page.getByTestId('scrubber');
      await scrubber.waitFor();
      const slider = scrubber.locator('input[type=range]');
      const max = Number(await slider.getAttribute('max'));
      expect(max, 'the candidate’s timeline has events to scrub').toBeGreaterThan(0);
      const seen = new Set<string>();
      for (const at of [0, Math.floor(max / 2), max]) {
        await slider.focus();
        await slider.fill(String(at));
        await scrubber.getByTestId('as-of').waitFor();
        await page.waitForFunction(
          () => document.querySelectorAll('[data-testid=scrubber] .loading').length === 0,
        );
        seen.add((await scrubber.getByTestId('as-of').textContent()) ?? '');
      }
      expect(seen.size, 'each position shows what the store knew then').toBeGreaterThan(1);
      await shot(visit, 'auditor-scrubbed');
    } finally {
      await closeJourney(visit, 'auditor-replay');
    }
  });

  it('reads in Chinese and English, on a desktop and a phone', async () => {
    const decided = await recall<{ reviewId: string }>('decidedReview');
    await looks(browser, {
      role: 'auditor',
      paths: ['/audit', ...(decided ? [`/audit?decision=${encodeURIComponent(decided.reviewId)}`] : [])],
      name: 'auditor',
    });
  });
});
