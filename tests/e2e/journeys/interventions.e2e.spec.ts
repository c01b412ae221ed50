import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeJourney,
  DESKTOP,
  expectChinese,
  expectNoSideScroll,
  launch,
  openJourney,
  PHONE,
  settled,
  shot,
  signIn,
} from '../../support/journeys.ts';

/**
 * HR finds the people at high risk of leaving on the overview, opens one, and records what was
 * done about it: the note is asked for before anything is sent, and the intervention is read
 * back on the page. Analytics then counts interventions against flagged people without one.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('journey: HR records an intervention on a person at high risk of leaving', () => {
  it('from the overview filtered to high risk, in Chinese on a desktop and in English on a phone', async () => {
    for (const [locale, viewport, note] of [
      ['zh-CN', DESKTOP, '谈了晋升到主管的路径，下月复盘'],
      ['en-US', PHONE, 'Talked through the path to supervisor; review next month'],
    ] as const) {
      const visit = await openJourney(browser, locale, viewport);
      const { page } = visit;
      const name = `interventions-${locale}-${viewport === PHONE ? 'phone' : 'desktop'}`;
      try {
        await signIn(visit, 'hr_admin');
        await page.goto('/overview');
        await settled(visit);
        // On a phone the figure filters fold under "more filters".
        const risk = page.locator('select[name=risk]');
        if (!(await risk.isVisible())) await page.locator('details.choices > summary').click();
        await risk.selectOption('high');
        await expect.poll(() => new URL(page.url()).searchParams.get('risk')).toBe('high');
        const rows = page.getByTestId('person-row');
        await rows.first().waitFor();
        // The second person on the phone: the first already has the desktop's intervention.
        await rows
          .nth(viewport === PHONE ? 1 : 0)
          .locator('th a')
          .click();
        const box = page.getByTestId('interventions');
        await box.waitFor({ timeout: 30_000 });
        const form = box.getByTestId('intervention-form');
        await form.waitFor({ timeout: 30_000 });
        // Sent without a note: asked for one, in the page's language, and nothing is recorded.
        await form.getByRole('button').click();
        await expect
          .poll(() => box.getByTestId('intervention-note-problem').textContent())
          .toMatch(locale === 'zh-CN' ? /备注/ : /note/);
        await form.locator('select[name=kind]').selectOption('career_talk');
        await form.locator('textarea[name=note]').fill(note);
        await form.getByRole('button').click();
        const list = box.getByTestId('intervention-list');
        await list.waitFor({ timeout: 30_000 });
        await expect.poll(() => list.textContent()).toContain(note);
        await expect
          .poll(() => list.textContent())
          .toMatch(locale === 'zh-CN' ? /职业发展谈话/ : /Career talk/);
        await shot(visit, name);
        if (locale === 'zh-CN') await expectChinese(visit, name, ['KPI']);
        if (viewport === PHONE) await expectNoSideScroll(visit, name);
        // Analytics compares flagged people with and without an intervention, with sample sizes.
        await page.goto('/analytics');
        const outcome = page.getByTestId('intervention-outcome');
        await outcome.waitFor({ timeout: 60_000 });
        expect(await outcome.locator('tbody tr').count()).toBe(2);
        await expect.poll(() => outcome.getByTestId('intervention-difference').textContent()).toMatch(/\S/);
      } finally {
        await closeJourney(visit, name);
      }
    }
  });
});
