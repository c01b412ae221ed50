import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeJourney, DESKTOP, launch, looks, openJourney, shot, signIn } from '../../support/journeys.ts';

/**
 * A team manager (an employee of the demo company: the manager of the team they pick) opens
 * the alerts, which show "only those I must act on" by default, and acknowledges one of their
 * own with a note; the inbox reads the acknowledgement back at once.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const TEAM = { select: 'teamId', option: { index: 0 } } as const;

describe('journey: a manager acknowledges their own alert', () => {
  it('from the "mine" inbox, with a note', async () => {
    const visit = await openJourney(browser, 'en-US', DESKTOP);
    const { page } = visit;
    try {
      await signIn(visit, 'team_manager', TEAM);
      await page.getByRole('navigation').getByRole('link', { name: 'Alerts' }).click();
      await page.waitForURL(/\/alerts/);
      await shot(visit, 'manager-alerts-before');
      const mine = page.getByRole('checkbox', { name: /Only those I must act on/i });
      expect(await mine.isChecked(), '"mine" is the default inbox for a manager').toBe(true);
      const open = page.locator('[data-testid=alert][data-state=open]');
      expect(await open.count(), 'the demo addresses open alerts to this manager').toBeGreaterThan(0);
      const alert = open.first();
      const about = ((await alert.locator('a').first().textContent()) ?? '').trim();
      expect(about, 'the alert names the person it is about').not.toBe('');
      const note = '已面谈，商定了本月计划。';
      await alert.locator('input').fill(note);
      await alert.getByRole('button', { name: 'Acknowledge' }).click();
      const done = page.locator('[data-testid=alert][data-state=acknowledged]').filter({ hasText: note });
      await page.waitForSelector('[data-testid=alert][data-state=acknowledged], main [role=alert]');
      expect(await page.locator('main [role=alert]').allTextContents(), 'no refusal').toEqual([]);
      await done.waitFor();
      // Acknowledged by the manager, named as a person (the signed-in manager's name).
      const who = ((await page.getByTestId('who').textContent()) ?? '').split('·')[0]?.trim() ?? '';
      expect(await done.textContent()).toContain(who);
      await shot(visit, 'manager-alerts-acknowledged');
    } finally {
      await closeJourney(visit, 'manager-alerts');
    }
  });

  it('reads in Chinese and English, on a desktop and a phone', async () => {
    await looks(browser, {
      role: 'team_manager',
      pick: TEAM,
      paths: ['/alerts', '/overview', '/targets'],
      name: 'manager',
    });
  });
});
