import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeJourney,
  DESKTOP,
  expectChinese,
  expectNoIds,
  expectNoSideScroll,
  launch,
  openJourney,
  PHONE,
  shot,
  signIn,
} from '../../support/journeys.ts';

/**
 * A sales representative signs in as themself and reads what is missing for the next level:
 * every requirement of the next level met or missing, and what to do about each missing one.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('journey: a representative reads what is missing for the next level', () => {
  for (const [locale, viewport, size] of [
    ['zh-CN', DESKTOP, 'desktop'],
    ['en-US', DESKTOP, 'desktop'],
    ['zh-CN', PHONE, 'phone'],
    ['en-US', PHONE, 'phone'],
  ] as const) {
    it(`in ${locale} on a ${size}`, async () => {
      const name = `rep-${locale}-${size}`;
      const visit = await openJourney(browser, locale, viewport);
      try {
        await signIn(visit, 'sales_rep', { select: 'employeeId', option: { index: 0 } });
        const { page } = visit;
        await page.waitForURL(/\/my-path/);
        await shot(visit, name);
        const next = page.locator('#next');
        const verdicts = next.getByTestId('verdict');
        expect(await verdicts.count(), 'the next level(s) of the rep’s track').toBeGreaterThan(0);
        const first = verdicts.first();
        const checks = first.locator('ul.checklist li');
        expect(await checks.count(), 'the requirements of the next level').toBeGreaterThan(0);
        const missing = first.locator('li.missing');
        const eligible = await first.locator('.tag.ok').count();
        if (eligible === 0) {
          expect(await missing.count(), 'a rep not yet eligible is told what is missing').toBeGreaterThan(0);
          const text = ((await missing.first().textContent()) ?? '').trim();
          expect(text.length, 'the missing requirement is named').toBeGreaterThan(3);
        }
        if (locale === 'zh-CN') await expectChinese(visit, name);
        await expectNoIds(visit, name);
        if (size === 'phone') await expectNoSideScroll(visit, name);
      } finally {
        await closeJourney(visit, name);
      }
    });
  }
});
