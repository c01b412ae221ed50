import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeJourney,
  expectChinese,
  expectNoIds,
  expectNoSideScroll,
  launch,
  looks,
  openJourney,
  shot,
  signIn,
  VARIANTS,
  type Visit,
} from '../../support/journeys.ts';

/**
 * A sales representative signs in as themself (the persona picker lists the company's
 * representatives by name) and reads what is missing for the next level: every requirement
 * of the next level met or missing, and what to do about each missing one.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** What is wrong with the representative's path (empty when it tells what is missing). */
async function readsWhatIsMissing({ page }: Visit): Promise<string[]> {
  if (new URL(page.url()).pathname !== '/my-path') return [`lands on ${page.url()}, not on their path`];
  const verdicts = page.locator('#next').getByTestId('verdict');
  if ((await verdicts.count()) === 0) return ['no next level shown'];
  const first = verdicts.first();
  if ((await first.locator('ul.checklist li').count()) === 0) return ['no requirement of the next level'];
  if ((await first.locator('.tag.ok').count()) > 0) return [];
  const missing = first.locator('li.missing');
  if ((await missing.count()) === 0) return ['not eligible, yet nothing is missing'];
  if (((await missing.first().textContent()) ?? '').trim().length < 4)
    return ['the missing requirement has no name'];
  // Growth tasks turn what is missing into what to do.
  if ((await page.locator('#tasks li').count()) === 0) return ['no growth task for what is missing'];
  return [];
}

describe('journey: a representative reads what is missing for the next level', () => {
  it('on their path, in Chinese and English, on a desktop and a phone', async () => {
    await looks(browser, {
      role: 'sales_rep',
      pick: { select: 'employeeId', option: { index: 0 } },
      paths: [''],
      name: 'rep',
      check: readsWhatIsMissing,
    });
  });
});

describe('journey: a representative reads their commission', () => {
  it('month by month with the plan version each was paid under, in both languages, on a desktop and a phone', async () => {
    for (const variant of VARIANTS) {
      const name = `rep-commission-${variant.locale}-${variant.size}`;
      const visit = await openJourney(browser, variant.locale, variant.viewport);
      try {
        await signIn(visit, 'sales_rep', { select: 'employeeId', option: { index: 0 } });
        await visit.page.locator('[data-testid=current-level] a[href^="/people/"]').click();
        const months = visit.page.getByTestId('commission-month');
        await months.first().waitFor();
        await shot(visit, name);
        const rows = await months.evaluateAll((trs) =>
          trs.map((tr) => [...tr.querySelectorAll('th, td')].map((cell) => cell.textContent?.trim() ?? '')),
        );
        // Period, collected, commission, adjustments, payable, payments, plan version.
        for (const row of rows) {
          expect(row, `${name}: a month without figures`).toHaveLength(7);
          expect(row[4], `${name}: payable of ${row[0]}`).toMatch(/\d/);
        }
        // The demo company revised its plan halfway: later months are paid under version 2.
        const versions = rows.map((row) => row[6]);
        expect(versions, `${name}: the plan versions`).toContain(
          variant.locale === 'zh-CN' ? '第 2 版' : 'v2',
        );
        if (variant.locale === 'zh-CN') await expectChinese(visit, name);
        await expectNoIds(visit, name);
        if (variant.size === 'phone') await expectNoSideScroll(visit, name);
      } finally {
        await closeJourney(visit, name);
      }
    }
  });
});

describe('journey: a representative downloads their own data', () => {
  it('from their path, as JSON holding their record and their sales; the download is logged', async () => {
    for (const variant of VARIANTS.filter((v) => v.size === 'desktop')) {
      const name = `rep-personal-data-${variant.locale}`;
      const visit = await openJourney(browser, variant.locale, variant.viewport);
      try {
        await signIn(visit, 'sales_rep', { select: 'employeeId', option: { index: 0 } });
        const section = visit.page.getByTestId('personal-data');
        await section.waitFor();
        const [download] = await Promise.all([
          visit.page.waitForEvent('download'),
          section.getByTestId('personal-data-download').click(),
        ]);
        const file = await download.path();
        const body = JSON.parse(await readFile(file, 'utf8')) as {
          employeeId: string;
          record: { employee_id: string };
          events: { type: string; namedIn: string[] }[];
        };
        expect(download.suggestedFilename(), name).toBe(`personal-data-${body.employeeId}.json`);
        expect(body.record.employee_id, name).toBe(body.employeeId);
        const types = new Set(body.events.map((e) => e.type));
        expect([...types], `${name}: the events about them`).toEqual(
          expect.arrayContaining(['EmployeeHired', 'SaleClosed']),
        );
        await section.getByTestId('personal-data-done').waitFor();
        await shot(visit, name);
        if (variant.locale === 'zh-CN') await expectChinese(visit, name);
      } finally {
        await closeJourney(visit, name);
      }
    }
  });
});
