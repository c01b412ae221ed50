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
  type Visit,
} from '../../support/journeys.ts';

/**
 * HR hides commission from team managers in the field rules: the policy page previews what the
 * role loses, HR publishes the next version, and the manager's person page no longer shows the
 * commission section. HR then gives it back (the journeys after this one see the demo's rules).
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const TEAM = { select: 'teamId', option: { index: 0 } } as const;

/** As HR on the policy page: sets whether team managers read commission, previewed, then published. */
async function setManagersCommission(visit: Visit, on: boolean, name: string): Promise<void> {
  const { page } = visit;
  await page.goto('/policy');
  const box = page.getByTestId('field-rules');
  await box.getByTestId('field-rules-matrix').waitFor({ timeout: 60_000 });
  const cell = box.locator('input[name="commission:team_manager"]');
  expect(await cell.isChecked(), 'the rule before the change').toBe(!on);
  await cell.scrollIntoViewIfNeeded();
  await cell.click();
  const changes = box.getByTestId('field-rules-changes');
  await changes.waitFor({ timeout: 30_000 });
  const zh = visit.locale === 'zh-CN';
  await expect
    .poll(() => changes.textContent())
    .toMatch(
      on
        ? zh
          ? /团队经理将可以看到提成/
          : /Team manager would see Commission/
        : zh
          ? /团队经理将不再看到提成/
          : /Team manager would no longer see Commission/,
    );
  await box.getByTestId('field-rules-preview').waitFor();
  await shot(visit, `${name}-preview`);
  await box.getByTestId('publish-field-rules').click();
  await box.getByTestId('field-rules-published').waitFor({ timeout: 30_000 });
  expect(await box.getByRole('alert').count(), 'no refusal').toBe(0);
}

describe('journey: HR hides a field from a role in the field rules', () => {
  it('commission disappears from a team manager’s person page, in Chinese on a desktop and in English on a phone', async () => {
    for (const [locale, viewport] of [
      ['zh-CN', DESKTOP],
      ['en-US', PHONE],
    ] as const) {
      const name = `fieldrules-${locale}-${viewport === PHONE ? 'phone' : 'desktop'}`;
      const manager = await openJourney(browser, locale, viewport);
      const hr = await openJourney(browser, locale, viewport);
      try {
        // The manager opens a member of their team: the commission section is there.
        await signIn(manager, 'team_manager', TEAM);
        await manager.page.goto('/overview');
        await settled(manager);
        await manager.page.getByTestId('person-row').first().locator('th a').click();
        await manager.page.waitForURL(/\/people\//);
        await manager.page.locator('#commission').waitFor({ timeout: 60_000 });
        const personUrl = manager.page.url();

        await signIn(hr, 'hr_admin');
        await setManagersCommission(hr, false, name);
        await shot(hr, `${name}-published`);
        if (locale === 'zh-CN') await expectChinese(hr, `${name}-published`, ['KPI']);
        if (viewport === PHONE) await expectNoSideScroll(hr, `${name}-published`);

        // The same page, reloaded: no commission section, the rest of the record still there.
        await manager.page.goto(personUrl);
        await settled(manager);
        await manager.page.locator('#risk, #feedback, main h1').first().waitFor({ timeout: 60_000 });
        await expect.poll(() => manager.page.locator('#commission').count()).toBe(0);
        await shot(manager, `${name}-manager-without-commission`);

        // HR gives it back: the manager sees it again.
        await setManagersCommission(hr, true, `${name}-restore`);
        await manager.page.goto(personUrl);
        await manager.page.locator('#commission').waitFor({ timeout: 60_000 });
      } finally {
        await closeJourney(manager, `${name}-manager`);
        await closeJourney(hr, `${name}-hr`);
      }
    }
  });
});
