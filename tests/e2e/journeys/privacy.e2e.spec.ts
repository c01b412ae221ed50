import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeJourney,
  DESKTOP,
  launch,
  openJourney,
  PHONE,
  settled,
  shot,
  signIn,
  switchLanguage,
} from '../../support/journeys.ts';

/**
 * HR redacts a departed person's personal data on their request (issue 20, docs/privacy.md):
 * finds them among the departed people of the overview, opens their record, gives the reason,
 * confirms; the record then reads 已删除 (redacted in English) and says why. The button is not
 * offered for someone still employed. Clicking only.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('journey: HR redacts a departed person’s personal data', () => {
  it('on request, with a reason and a confirmation', async () => {
    const visit = await openJourney(browser, 'zh-CN', DESKTOP);
    const { page } = visit;
    try {
      await signIn(visit, 'hr_admin');
      // Someone still employed: the button is not offered, and the page says when it is.
      const first = page.getByTestId('person-row').first().locator('th a');
      await first.click();
      await page.waitForURL(/\/people\//);
      await page.getByTestId('redaction').waitFor();
      expect(await page.getByTestId('redaction-open').count(), 'no redaction for someone employed').toBe(0);
      expect(await page.getByTestId('redaction-employed').textContent()).toContain('离职后');

      await page.goBack();
      await page.locator('select[name=status]').selectOption('departed');
      await page.waitForURL(/status=departed/);
      const departed = page.getByTestId('person-row').first().locator('th a');
      await departed.waitFor();
      const name = ((await departed.textContent()) ?? '').trim();
      expect(name, 'a departed person of the demo').not.toBe('');
      await departed.click();
      await page.waitForURL(/\/people\//);
      await page.getByTestId('redaction-open').click();
      const form = page.getByTestId('redaction-form');
      await form.locator('textarea[name=reason]').fill('本人离职后书面申请删除个人信息');
      await shot(visit, 'privacy-redaction-confirm');
      await form.getByTestId('redaction-confirm').click();
      await page.getByTestId('redaction-done').waitFor({ timeout: 30_000 });
      await settled(visit);
      const heading = (await page.locator('h1').first().textContent()) ?? '';
      expect(heading, 'the name reads as deleted').toContain('已删除');
      expect(heading).not.toContain(name);
      await shot(visit, 'privacy-redacted-zh');
      await switchLanguage(visit, 'en');
      await expect
        .poll(async () => (await page.locator('h1').first().textContent()) ?? '')
        .toContain('redacted');
      await shot(visit, 'privacy-redacted-en');
    } finally {
      await closeJourney(visit, 'privacy-redaction');
    }
  });

  it('reads on a phone', async () => {
    for (const locale of ['zh-CN', 'en-US'] as const) {
      const visit = await openJourney(browser, locale, PHONE);
      try {
        await signIn(visit, 'hr_admin');
        // On a phone the filters beyond the first few are folded away: open them.
        const status = visit.page.locator('select[name=status]');
        if (!(await status.isVisible())) await visit.page.locator('details.choices > summary').click();
        await status.selectOption('departed');
        await visit.page.waitForURL(/status=departed/);
        await visit.page
          .getByTestId('person-row')
          .locator('th a')
          .filter({ hasNotText: /已删除|redacted/ })
          .first()
          .click();
        await visit.page.waitForURL(/\/people\//);
        await visit.page.getByTestId('redaction-open').click();
        await visit.page.getByTestId('redaction-form').waitFor();
        const overflow = await visit.page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        expect(overflow, 'nothing scrolls sideways').toBeLessThanOrEqual(1);
        await visit.page.getByTestId('redaction-form').scrollIntoViewIfNeeded();
        await shot(visit, `privacy-redaction-form-${locale}-phone`);
      } finally {
        await closeJourney(visit, `privacy-phone-${locale}`);
      }
    }
  });
});
