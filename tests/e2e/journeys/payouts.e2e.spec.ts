import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeJourney,
  DESKTOP,
  expectChinese,
  expectNoIds,
  expectNoSideScroll,
  type Locale,
  launch,
  openJourney,
  PHONE,
  recall,
  remember,
  screenshot,
  settled,
  shot,
  signIn,
  type Visit,
} from '../../support/journeys.ts';

/**
 * Commission payouts: a representative reads the open payout period and their locked
 * statements on their path and disputes a line; HR answers the dispute on the Commission page,
 * closes the last ended month when one is open (and is told, in the page's language, why the
 * current month cannot be closed), verifies a statement against the event store and downloads
 * it as CSV; the representative then reads HR's answer. Chinese and English, desktop and phone.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const REP = { select: 'employeeId', option: { index: 0 } } as const;
/** Ids a person may meet on these pages: sale and payment references of the ERP. */
const REFERENCES = ['sale', 'pay', 'csv'];

async function open(locale: Locale, viewport = DESKTOP): Promise<Visit> {
  return openJourney(browser, locale, viewport);
}

/** The payment of the first line with a "Dispute" action: the open period's, else a locked month's. */
async function disputablePayment(visit: Visit): Promise<string | null> {
  const { page } = visit;
  const action = page.getByTestId('payout-line').filter({ has: page.getByTestId('dispute-line') });
  if ((await page.getByTestId('running-statement').getByTestId('dispute-line').count()) === 0) {
    await page.getByTestId('my-statement').first().getByRole('button').click();
    await page.getByTestId('my-statements').getByTestId('payout-line').first().waitFor();
  }
  return action.first().getAttribute('data-payment-id');
}

describe('journey: commission payouts', () => {
  it('a representative reads the open period and disputes a line (Chinese, desktop)', async () => {
    const visit = await open('zh-CN');
    const name = 'payouts-rep-dispute-zh-CN-desktop';
    try {
      await signIn(visit, 'sales_rep', REP);
      const { page } = visit;
      await page.getByTestId('running-statement').waitFor();
      await settled(visit);
      await expect.poll(() => page.getByTestId('running-as-of').textContent()).toMatch(/截至/);
      await shot(visit, 'payouts-rep-path-zh-CN-desktop');
      await expectChinese(visit, 'payouts-rep-path-zh-CN-desktop', REFERENCES);
      await expectNoIds(visit, 'payouts-rep-path-zh-CN-desktop');

      const paymentId = await disputablePayment(visit);
      expect(paymentId, `${name}: a line to dispute`).toBeTruthy();
      const line = page.locator(`[data-testid=payout-line][data-payment-id="${paymentId}"]`).first();
      await line.getByTestId('dispute-line').click();
      // Sending without a comment is refused on the page, in Chinese.
      await line.getByTestId('dispute-submit').click();
      await expect.poll(() => line.getByRole('alert').textContent()).toContain('请先说明问题');
      await line.getByTestId('dispute-comment').fill('第二档比例没有算上，请核对');
      await line.getByTestId('dispute-submit').click();
      const state = page.locator(
        `[data-testid=payout-line][data-payment-id="${paymentId}"] [data-testid=line-dispute]`,
      );
      await expect.poll(() => state.first().getAttribute('data-status')).toBe('open');
      await expect.poll(() => page.getByTestId('my-dispute').count()).toBeGreaterThan(0);
      await shot(visit, name);
      await remember('payoutDispute', { paymentId });
    } finally {
      await closeJourney(visit, name);
    }
  });

  it('HR answers the dispute, is refused closing the current month, verifies and downloads a statement (English, desktop)', async () => {
    const visit = await open('en-US');
    const name = 'payouts-hr-en-US-desktop';
    try {
      await signIn(visit, 'hr_admin');
      const { page } = visit;
      await page.locator('nav a[href="/commission"]').click();
      await page.getByTestId('payout-periods').waitFor();
      await settled(visit);
      await shot(visit, `${name}-open`);

      // The dispute the rep raised, accepted with a correction in yuan.
      const { paymentId } = (await recall<{ paymentId: string }>('payoutDispute')) ?? { paymentId: '' };
      const dispute = page.locator(`[data-testid=open-dispute][data-payment-id="${paymentId}"]`).first();
      await dispute.waitFor();
      await dispute.getByTestId('resolve-accept').check();
      await dispute.getByTestId('resolve-amount').fill('12.50');
      await dispute.getByTestId('resolve-reason').fill('已核对，第二档比例应适用，补发差额');
      await dispute.getByTestId('resolve-submit').click();
      const resolved = page.locator(`[data-testid=resolved-dispute][data-payment-id="${paymentId}"]`).first();
      await resolved.waitFor();
      expect(await resolved.textContent()).toContain('¥12.50');

      // Close the last ended month when it is still open; the current month is refused.
      const month = page.getByTestId('close-month');
      const closable = await page.getByTestId('payout-periods').getAttribute('data-closable');
      if (closable) {
        expect(await month.inputValue()).toBe(closable);
        await page.getByTestId('close-period').click();
        await page.getByTestId('close-confirm-yes').click();
        await page.getByTestId('close-done').waitFor();
        await settled(visit);
      }
      const current = (await recallNow(visit)).slice(0, 7);
      await month.fill(current);
      await page.getByTestId('close-period').click();
      await expect.poll(() => page.getByTestId('close-confirm').textContent()).toContain('Close ');
      await page.getByTestId('close-confirm-yes').click();
      const refusal = page.getByTestId('close-error');
      await refusal.waitFor();
      expect(await refusal.textContent()).toMatch(
        /was not closed: commission month \d{4}-\d{2} has not ended/,
      );
      await snap(visit, `${name}-refused`);

      // Verify the first statement of the last closed month against the event store.
      const row = page.getByTestId('month-statement').first();
      await row.waitFor();
      await row.getByTestId('verify').click();
      const verdict = row.getByTestId('verify-result');
      await verdict.waitFor({ timeout: 60_000 });
      expect(await verdict.textContent()).toMatch(/^Identical to the event store at position \d+$/);

      // Download it as CSV: UTF-8 with a byte order mark, headed in English.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        row.getByTestId('row-csv').click(),
      ]);
      const file = await download.path();
      const bytes = await readFile(file);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.subarray(3).toString('utf8');
      expect(text.split('\r\n')[0]).toBe('Commission statement');
      expect(text).toContain('Amount (¥),Amount (fen)');
      expect(download.suggestedFilename()).toMatch(/^commission-.+-\d{4}-\d{2}\.csv$/);
      await snap(visit, name);
    } finally {
      await closeJourney(visit, name);
    }
  });

  it('HR’s Commission page and a printable statement in Chinese, on a phone', async () => {
    const visit = await open('zh-CN', PHONE);
    const name = 'payouts-hr-zh-CN-phone';
    try {
      await signIn(visit, 'hr_admin');
      const { page } = visit;
      await page.goto('/commission');
      await page.getByTestId('month-statements').waitFor();
      await settled(visit);
      await shot(visit, name);
      await expectChinese(visit, name, REFERENCES);
      await expectNoIds(visit, name);
      await expectNoSideScroll(visit, name);
      // Refused in Chinese too.
      await page.getByTestId('close-month').fill((await recallNow(visit)).slice(0, 7));
      await page.getByTestId('close-period').click();
      await page.getByTestId('close-confirm-yes').click();
      await page.getByTestId('close-error').waitFor();
      expect(await page.getByTestId('close-error').textContent()).toMatch(
        /未能关闭：提成月份 \d{4}-\d{2} 到 .* 还没有结束/,
      );
      await snap(visit, `${name}-refused`);
      await page.getByTestId('month-statement').first().getByRole('link').click();
      await page.getByTestId('statement-page').waitFor();
      await shot(visit, 'payouts-statement-zh-CN-phone');
      await expectChinese(visit, 'payouts-statement-zh-CN-phone', REFERENCES);
      await expectNoSideScroll(visit, 'payouts-statement-zh-CN-phone');
    } finally {
      await closeJourney(visit, name);
    }
  });

  it('the representative reads HR’s answer and a printable statement (English and Chinese, phone)', async () => {
    for (const locale of ['en-US', 'zh-CN'] as const) {
      const visit = await open(locale, PHONE);
      const name = `payouts-rep-answer-${locale}-phone`;
      try {
        await signIn(visit, 'sales_rep', REP);
        const { page } = visit;
        await page.getByTestId('my-disputes').waitFor();
        const accepted = page.locator('[data-testid=my-dispute][data-status=accepted]');
        await accepted.first().waitFor();
        expect(await accepted.first().textContent()).toContain('12.50');
        await shot(visit, name);
        await expectNoSideScroll(visit, name);
        if (locale === 'zh-CN') await expectChinese(visit, name, REFERENCES);
        await page.getByTestId('statement-link').first().click();
        await page.getByTestId('statement-page').waitFor();
        await settled(visit);
        await page.emulateMedia({ media: 'print' });
        await shot(visit, `payouts-rep-statement-print-${locale}-phone`);
        await page.emulateMedia({ media: 'screen' });
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByTestId('download-csv').click(),
        ]);
        const text = (await readFile(await download.path())).toString('utf8');
        expect(text.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(
          locale === 'zh-CN' ? '提成结算单' : 'Commission statement',
        );
      } finally {
        await closeJourney(visit, name);
      }
    }
  });
  it('a team manager reads their team’s totals per month, without lines (Chinese, phone)', async () => {
    const visit = await open('zh-CN', PHONE);
    const name = 'payouts-manager-zh-CN-phone';
    try {
      await signIn(visit, 'team_manager', { select: 'teamId', option: { index: 0 } });
      const { page } = visit;
      await page.goto('/commission');
      await page.getByTestId('team-payouts').waitFor();
      await settled(visit);
      expect(await page.getByTestId('team-month').count(), `${name}: locked months`).toBeGreaterThan(0);
      expect(await page.getByTestId('verify').count(), `${name}: no verification for a manager`).toBe(0);
      expect(await page.getByTestId('close-period').count(), `${name}: no close for a manager`).toBe(0);
      await shot(visit, name);
      await expectChinese(visit, name, REFERENCES);
      await expectNoIds(visit, name);
      await expectNoSideScroll(visit, name);
    } finally {
      await closeJourney(visit, name);
    }
  });
});

/** A screenshot of a page that shows a refusal on purpose (`shot` fails on any error shown). */
async function snap(visit: Visit, name: string): Promise<void> {
  await screenshot(visit.page, name);
}

/** The product's today (its clock may be set to another day than the browser's), as the Commission page shows it. */
async function recallNow(visit: Visit): Promise<string> {
  return (await visit.page.getByTestId('payout-periods').getAttribute('data-today')) ?? '';
}
