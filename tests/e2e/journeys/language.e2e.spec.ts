import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeJourney,
  DESKTOP,
  launch,
  openJourney,
  type Role,
  settled,
  shot,
  signIn,
  switchLanguage,
} from '../../support/journeys.ts';
import { findEnglish, findIds, readableText } from '../../support/noEnglish.ts';

/**
 * HR starts in English, switches the language to Chinese with the switch in the top bar and
 * walks every page of the dashboard by its navigation, then a person's page: no English
 * message, word or identifier of the dictionary on any of them (tests/support/noEnglish.ts),
 * and no ids where names belong. Switching back gives the English pages again.
 */
/** Sale and payment numbers as the CRM and ERP give them (e.g. sale-171, pay-206). */
const ERP_REFERENCES = ['sale', 'pay'];

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('journey: the language switch', () => {
  it('shows no English on the Chinese pages', async () => {
    const visit = await openJourney(browser, 'en-US', DESKTOP);
    const { page } = visit;
    // Collected so one page's English does not hide the next page's.
    const problems: string[] = [];
    const collect = async (name: string, allowed: readonly string[] = []) => {
      const text = await readableText(page);
      for (const english of findEnglish(text, allowed)) problems.push(`${name}: ${english}`);
      for (const id of findIds(text)) problems.push(`${name}: id ${id}`);
    };
    try {
      await signIn(visit, 'hr_admin');
      await shot(visit, 'language-en-start');
      await switchLanguage(visit, 'zh');
      const nav = page.getByRole('navigation').first();
      const links = await nav
        .getByRole('link')
        .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname));
      expect(links.length, 'HR’s pages').toBeGreaterThan(3);
      for (const pathname of links) {
        await nav.locator(`a[href="${pathname}"]`).click();
        await page.waitForURL((url) => url.pathname === pathname);
        const name = `language-zh${pathname.replace(/\//g, '-')}`;
        await shot(visit, name);
        // The payouts page names ERP documents (sale and payment numbers) under their headings.
        await collect(name, pathname === '/commission' ? ERP_REFERENCES : []);
        if (pathname === '/overview') {
          const person = page.locator('main table a[href^="/people/"]').first();
          await person.waitFor();
          await person.click();
          await page.waitForURL(/\/people\//);
          await shot(visit, 'language-zh-person');
          await collect('language-zh-person');
        }
      }
      // Back to English: the same navigation in English.
      await switchLanguage(visit, 'en');
      expect(await nav.getByRole('link', { name: 'Team overview' }).count()).toBe(1);
      expect(problems, 'English or ids on the Chinese pages').toEqual([]);
    } finally {
      await closeJourney(visit, 'language');
    }
  });
});

/**
 * What a person unfolds: every persona's pages in Chinese with each folded section (`details`)
 * opened, a person's, a review's and a member's target plan's own pages included. The
 * journeys' per-persona readings see what shows at first; this one what hides behind a click.
 */
const UNFOLDED: readonly { role: Role; paths: readonly string[] }[] = [
  {
    role: 'hr_admin',
    paths: [
      '/overview',
      '/reviews',
      '/alerts',
      '/audit',
      '/analytics',
      '/targets',
      '/policy',
      '/calibration',
    ],
  },
  { role: 'committee_member', paths: ['/reviews', '/alerts', '/audit'] },
  { role: 'sales_rep', paths: ['/my-path'] },
  { role: 'team_manager', paths: ['/overview', '/alerts', '/targets'] },
  { role: 'analyst', paths: ['/analytics', '/policy'] },
  { role: 'auditor', paths: ['/audit', '/access-log'] },
];
/** From these pages, the first link of its kind is followed too: a person, a review, a member's plan. */
const FOLLOW: Readonly<Record<string, string>> = {
  '/overview': 'main a[href^="/people/"]',
  '/reviews': '[data-testid=review-link]',
  '/targets': 'main a[href*="person="]',
};

describe('journey: the folded sections in Chinese', () => {
  it('every persona’s pages with their details opened', async () => {
    const problems: string[] = [];
    for (const { role, paths } of UNFOLDED) {
      const visit = await openJourney(browser, 'zh-CN', DESKTOP);
      const { page } = visit;
      const read = async (name: string) => {
        await settled(visit);
        await page.evaluate(() => {
          for (const d of document.querySelectorAll('main details')) (d as HTMLDetailsElement).open = true;
        });
        const text = await readableText(page);
        for (const english of findEnglish(text, name.includes('commission') ? ERP_REFERENCES : []))
          problems.push(`${name}: ${english}`);
        for (const id of findIds(text)) problems.push(`${name}: id ${id}`);
      };
      try {
        await signIn(visit, role);
        for (const pathname of paths) {
          await page.goto(pathname);
          await read(`${role}${pathname.replace(/\//g, '-')}`);
          const follow = FOLLOW[pathname];
          const href = follow
            ? await page
                .locator(follow)
                .first()
                .getAttribute('href', { timeout: 5_000 })
                .catch(() => null)
            : null;
          if (href) {
            await page.goto(href);
            await read(`${role}${pathname.replace(/\//g, '-')} → ${href.split('?')[0]}`);
          }
        }
        // The user menu is on every page.
        await page.getByTestId('user-menu').locator('summary').click();
        // (It says how scripts send a token: the HTTP header's own words stay as they are.)
        for (const english of findEnglish(await readableText(page), ['Authorization', 'Bearer']))
          problems.push(`${role} menu: ${english}`);
      } finally {
        await closeJourney(visit, `language-unfolded-${role}`);
      }
    }
    expect(problems, 'English or ids behind a click on the Chinese pages').toEqual([]);
  });
});
