import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeJourney,
  DESKTOP,
  journey,
  launch,
  openJourney,
  productPid,
  shot,
  signIn,
  type Visit,
} from '../../support/journeys.ts';
import { type Product, startProduct, stopByPid, weeksLater } from '../../support/product.ts';

/**
 * A later day: the product is stopped and started again on the same database with the clock
 * (TRACKRECORD_NOW) some weeks later. The demo company is brought up to the new today, so the
 * overview's business month is the new month, and a person's months run on to it without an
 * empty month. Runs last: it stops the product the other journeys share.
 */
const LATER_WEEKS = 5;
let browser: Browser;
let later: Product | undefined;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await later?.stop();
});

const monthOf = (date: string) => date.slice(0, 7);
function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** The overview's business month, as HR reads it on the page. */
async function businessMonth(visit: Visit): Promise<string> {
  const { page } = visit;
  await page.goto('/overview');
  const shown = page.getByTestId('business-month');
  await shown.waitFor();
  return (await shown.getAttribute('data-month')) ?? '';
}

/** The months of a person's KPI table, oldest first, with the activity of each. */
async function personMonths(visit: Visit): Promise<{ month: string; activity: number }[]> {
  const { page } = visit;
  await page.goto('/overview');
  const person = page.locator('main table a[href^="/people/"]').first();
  await person.waitFor();
  await person.click();
  await page.waitForURL(/\/people\//);
  const rows = page.locator('#kpi tbody tr');
  await rows.first().waitFor();
  return rows.evaluateAll((trs) =>
    trs.map((tr) => {
      const cells = [...tr.querySelectorAll('td')].map(
        (td) => Number((td.textContent ?? '').replace(/[^\d.-]/g, '')) || 0,
      );
      return {
        month: (tr.querySelector('th')?.textContent ?? '').trim(),
        activity: cells.reduce((a, b) => a + b, 0),
      };
    }),
  );
}

describe('journey: a restart on a later day', () => {
  it(`brings the company up to a today ${LATER_WEEKS} weeks later`, { timeout: 420_000 }, async () => {
    const { now, databaseUrl, dataDir, size, weeks } = journey();
    const before = await openJourney(browser, 'en-US', DESKTOP);
    try {
      await signIn(before, 'hr_admin');
      expect(await businessMonth(before), 'the demo runs up to its today').toBe(monthOf(now));
      await shot(before, 'restart-before-overview');
    } finally {
      await closeJourney(before, 'restart-before');
    }

    await stopByPid(await productPid());
    const today = weeksLater(now, LATER_WEEKS);
    later = await startProduct({
      databaseUrl,
      dataDir,
      now: today,
      size,
      weeks,
      logName: 'product-restart.log',
    });

    const after = await openJourney(browser, 'en-US', DESKTOP, later.base);
    try {
      await signIn(after, 'hr_admin');
      expect(await businessMonth(after), 'the business month moved to the new today').toBe(monthOf(today));
      await shot(after, 'restart-after-overview');
      const months = await personMonths(after);
      await shot(after, 'restart-after-person');
      expect(months.at(-1)?.month, 'the person’s months run on to the new today').toBe(monthOf(today));
      for (let i = 1; i < months.length; i++) {
        expect(months[i]?.month, 'no month is skipped').toBe(nextMonth(months[i - 1]?.month ?? ''));
      }
      const since = months.filter((m) => m.month >= monthOf(now));
      expect(since.length).toBeGreaterThan(1);
      for (const m of since) expect(m.activity, `activity in ${m.month}`).toBeGreaterThan(0);
    } finally {
      await closeJourney(after, 'restart-after');
    }
  });
});
