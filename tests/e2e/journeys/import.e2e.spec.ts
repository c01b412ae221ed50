import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeJourney,
  DESKTOP,
  expectNoSideScroll,
  launch,
  looks,
  openJourney,
  PHONE,
  recall,
  remember,
  shot,
  signIn,
} from '../../support/journeys.ts';

/**
 * HR imports a small export of follow-ups through the browser: uploads the file, sees the kind
 * and the columns suggested from its Chinese headers, runs the dry run (the full-width date
 * is a problem, named by line and column), applies the suggested cleaning (blanks, full-width
 * digits, one date format, the repeated row dropped: shown before and after), runs it again
 * without problems, imports with the progress bar to 100 % and finds the import in the
 * history. Two follow-ups of one person are appended to the shared demo, nothing else.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** The export as a CRM hands it over: a blank after an id, full-width digits, a repeated row. */
const exportOf = (employeeId: string) =>
  [
    '员工编号,客户编号,跟进时间',
    `${employeeId} ,C-导入-1,2026/6/2 09:30`,
    `${employeeId},C-导入-2,２０２６-06-03 10:00`,
    `${employeeId},C-导入-2,２０２６-06-03 10:00`,
  ].join('\n');

describe('journey: HR imports history from a file', () => {
  it('upload, dry run, cleaning, import, history', async () => {
    const visit = await openJourney(browser, 'en-US', DESKTOP);
    const { page } = visit;
    try {
      await signIn(visit, 'hr_admin');
      // Whose follow-ups: the first active person on the team overview.
      const person = page.locator('a[href^="/people/"]').first();
      await person.waitFor();
      const employeeId = decodeURIComponent(((await person.getAttribute('href')) ?? '').split('/')[2] ?? '');
      expect(employeeId).not.toBe('');
      await remember('importedFollowUpsOf', employeeId);

      await page.getByRole('navigation').getByRole('link', { name: 'Import' }).click();
      await page.waitForURL(/\/import/);
      await shot(visit, 'import-empty');
      await page.getByTestId('import-file').setInputFiles({
        name: '跟进记录.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(exportOf(employeeId)),
      });
      const table = page.getByTestId('import-table');
      await table.waitFor();
      // Kind from the file name, columns from the Chinese headers.
      expect(await table.getByTestId('import-kind').inputValue()).toBe('followups');
      expect(
        await table
          .getByTestId('import-column')
          .evaluateAll((s) => s.map((x) => (x as HTMLSelectElement).value)),
      ).toEqual(['employee_id', 'customer_id', 'at']);

      await page.getByTestId('import-dry-run').click();
      const summary = page.getByTestId('import-check-summary');
      await summary.waitFor();
      const problems = page.getByTestId('import-problem');
      expect(await problems.count()).toBe(2);
      expect(await problems.first().textContent()).toMatch(/跟进时间.*must be a date/);
      await expect.poll(() => page.getByTestId('import-start').isDisabled()).toBe(true);
      await shot(visit, 'import-dry-run-problems');

      // The cleaning, before and after, then the dry run again: no problem left.
      const fullWidth = page.locator('[data-testid=import-cleaning][data-rule=FULL_WIDTH]');
      expect(await fullWidth.textContent()).toContain('２０２６-06-03 10:00');
      expect(await fullWidth.textContent()).toContain('2026-06-03 10:00');
      for (const rule of ['TRIM', 'FULL_WIDTH', 'DATES', 'DUPLICATES']) {
        await page.locator(`[data-testid=import-cleaning][data-rule=${rule}] input[type=checkbox]`).check();
        await expect.poll(() => page.getByTestId('import-dry-run').isDisabled()).toBe(false);
      }
      await page.getByTestId('import-no-problems').waitFor();
      expect(await summary.textContent()).toMatch(
        // The repeated row is dropped: two rows left, both new.
        /2 rows read · to import: 2 · already imported: 0 · problems: 0/,
      );
      await shot(visit, 'import-cleaned');

      expect(await page.getByTestId('import-start').textContent()).toContain('Import 2 rows');
      await page.getByTestId('import-start').click();
      const done = page.locator('[data-testid=import-progress][data-status=imported]');
      await done.waitFor({ timeout: 60_000 });
      expect(await done.locator('progress').getAttribute('value')).toBe('100');
      expect(await page.getByTestId('import-result').textContent()).toMatch(/Imported\. Records imported: 2/);
      const latest = page.getByTestId('import-history-row').first();
      expect(await latest.textContent()).toMatch(/跟进记录\.csv/);
      expect(await latest.getAttribute('data-status')).toBe('imported');
      await shot(visit, 'import-done');
    } finally {
      await closeJourney(visit, 'import');
    }
  });

  it('in Chinese on a phone: the same file again is already imported, nothing new', async () => {
    const employeeId = await recall<string>('importedFollowUpsOf');
    expect(employeeId, 'the import above ran').toBeDefined();
    const visit = await openJourney(browser, 'zh-CN', PHONE);
    const { page } = visit;
    try {
      await signIn(visit, 'hr_admin');
      await page.getByRole('navigation').getByRole('link', { name: '导入' }).click();
      await page.waitForURL(/\/import/);
      await page.getByTestId('import-file').setInputFiles({
        name: '跟进记录.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(exportOf(employeeId as string)),
      });
      await page.getByTestId('import-table').waitFor();
      // The mapping of this source is remembered, with who saved it.
      const who = ((await page.getByTestId('who').textContent()) ?? '').split('·')[0]?.trim() ?? '';
      expect(who).not.toBe('');
      expect(await page.getByTestId('import-remembered').textContent()).toContain(who);
      await page.getByTestId('import-dry-run').click();
      await page.getByTestId('import-check-summary').waitFor();
      expect(await page.getByTestId('import-problem').first().textContent()).toContain('必须是日期');
      await shot(visit, 'import-dry-run-zh-CN-phone');
      await expectNoSideScroll(visit, 'import dry run on a phone');
      for (const rule of ['TRIM', 'FULL_WIDTH', 'DATES', 'DUPLICATES']) {
        await page.locator(`[data-testid=import-cleaning][data-rule=${rule}] input[type=checkbox]`).check();
        await expect.poll(() => page.getByTestId('import-dry-run').isDisabled()).toBe(false);
      }
      await page.getByTestId('import-no-problems').waitFor();
      expect(await page.getByTestId('import-check-summary').textContent()).toContain(
        '将导入：0 条 · 已导入过：2 条',
      );
      await shot(visit, 'import-cleaned-zh-CN-phone');
      await expectNoSideScroll(visit, 'import cleaning on a phone');
    } finally {
      await closeJourney(visit, 'import-phone');
    }
  });

  it('reads in Chinese and English, on a desktop and a phone', async () => {
    // Excel and UTF-8 are names of what the files are, in Chinese too.
    await looks(browser, { role: 'hr_admin', paths: ['/import'], name: 'import', allowed: ['Excel', 'UTF'] });
  });
});
