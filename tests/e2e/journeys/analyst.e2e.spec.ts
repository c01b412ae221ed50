import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeJourney,
  DESKTOP,
  JOURNEY_ARTIFACTS,
  journey,
  launch,
  looks,
  openJourney,
  PHONE,
  screenshot,
  settled,
  shot,
  signIn,
  type Visit,
} from '../../support/journeys.ts';

/**
 * An analyst with no internet (every request that leaves the machine is aborted) opens
 * GraphiQL from the dashboard's user menu, finds their token already in the headers, writes a
 * query and runs it on the demo company.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const QUERY = '{ businessMonth headPosition people(first: 3) { edges { node { name } } } }';

describe('journey: an analyst runs a query in GraphiQL offline', () => {
  it('from the user menu to a result', async () => {
    const visit = await openJourney(browser, 'en-US', DESKTOP);
    const { page } = visit;
    try {
      await signIn(visit, 'analyst');
      await shot(visit, 'analyst-start');
      await page.getByTestId('user-menu').locator('summary').click();
      await page.getByTestId('graphiql-link').click();
      await page.waitForURL((url) => url.pathname === '/graphql' || url.pathname.startsWith('/graphiql'));
      // GraphiQL itself, not its "Loading …" shell waiting for a CDN.
      await page.locator('.graphiql-container').first().waitFor({ timeout: 30_000 });
      await page.getByText('Bearer ', { exact: false }).first().waitFor({ timeout: 30_000 });
      // The analyst replaces the starting query with their own.
      const editor = page.locator('.graphiql-query-editor').first();
      await editor.click();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.press('Delete');
      await page.keyboard.insertText(QUERY);
      await expect.poll(() => editor.textContent()).toContain('businessMonth');
      const result = page.locator('.result-window');
      const answered = result.getByText('"businessMonth"');
      // As a person would: run it, and run it again if nothing came back (on a loaded machine
      // GraphiQL can still be loading the schema when the first click lands). A query is safe
      // to repeat.
      await expect
        .poll(
          async () => {
            if (await answered.isVisible()) return true;
            await page.locator('.graphiql-execute-button').click();
            await answered.waitFor({ timeout: 5_000 }).catch(() => {});
            return answered.isVisible();
          },
          { timeout: 60_000, interval: 100 },
        )
        .toBe(true);
      const text = (await result.textContent()) ?? '';
      expect(text).not.toContain('"errors"');
      // The demo's business month is its today (TRACKRECORD_NOW), not the wall clock's.
      expect(text).toContain(`"${journey().now.slice(0, 7)}"`);
      expect(text).toContain('"edges"');
      await page.screenshot({ path: path.join(JOURNEY_ARTIFACTS, 'analyst-graphiql.png') });
    } finally {
      await closeJourney(visit, 'analyst-graphiql');
    }
  });
});

/** What is wrong with the analytics page's people insights and training effects (empty when right). */
async function readsHonestInsights({ page }: Visit): Promise<string[]> {
  const problems: string[] = [];
  await page.getByTestId('course-effects').waitFor();
  // A training effect is a number only on enough comparable peers, and then with its interval.
  const rows = page.getByTestId('course-effect');
  if ((await rows.count()) === 0) problems.push('no course effect listed');
  for (const row of await rows.all()) {
    const cells = await row.locator('td').allTextContents();
    const peers = Number((cells[2] ?? '').replace(/\D/g, ''));
    const stated = (await row.getByTestId('effect').count()) > 0;
    if (stated && peers < 5) problems.push(`an effect stated on ${peers} peer(s)`);
    if (stated && (await row.getByTestId('effect-ci').count()) === 0)
      problems.push('an effect without its interval');
    if (!stated && (await row.getByTestId('effect-withheld').count()) === 0)
      problems.push('no effect and no reason');
  }
  // Recruiting fit: three bands, each with its number of hires.
  const bands = page.getByTestId('fit-band');
  if ((await bands.count()) !== 3) problems.push(`${await bands.count()} fit bands, not 3`);
  const hires = (await bands.locator('td:nth-child(2)').allTextContents()).map((t) =>
    Number(t.replace(/\D/g, '')),
  );
  if (hires.reduce((a, b) => a + b, 0) === 0) problems.push('no hire counted in any fit band');
  // The success profile and the team practices, each naming behaviours.
  if ((await page.getByTestId('profile-behaviour').count()) < 5)
    problems.push('the success profile names too few behaviours');
  if ((await page.getByTestId('team-practice').count()) === 0) problems.push('no team in best practices');
  // Promotion outcomes: where promotions were approved, the score and team-sales measures, each
  // a number with its interval on enough peers or the reason there is none, and each promotion
  // listed with a link; where none was (the journeys' small demo), a notice saying so.
  const outcomes = page.getByTestId('promotion-outcomes');
  await outcomes.waitFor();
  if ((await outcomes.getByTestId('promotion-rows').count()) === 0) {
    if ((await outcomes.locator('.notice').count()) === 0) problems.push('no promotion and no notice');
  } else {
    for (const key of ['score', 'team-sales']) {
      const row = outcomes.getByTestId(`promotion-${key}`);
      const peers = Number(((await row.locator('td').nth(1).textContent()) ?? '').replace(/\D/g, ''));
      const stated = (await row.getByTestId('effect').count()) > 0;
      if (stated && peers < 5) problems.push(`a promotion ${key} effect stated on ${peers} peer(s)`);
      if (stated && (await row.getByTestId('effect-ci').count()) === 0)
        problems.push(`a promotion ${key} effect without its interval`);
      if (!stated && (await row.getByTestId('effect-withheld').count()) === 0)
        problems.push(`no promotion ${key} effect and no reason`);
    }
    await outcomes.getByTestId('promotion-rows').locator('summary').click();
    const promoted = outcomes.getByTestId('promotion-row');
    if ((await promoted.count()) === 0) problems.push('no approved promotion listed');
    else if ((await promoted.first().locator('a[href^="/people/"]').count()) === 0)
      problems.push('a promotion without a link to the person');
  }
  return problems;
}

describe('journey: an analyst reads what the data says about people', () => {
  it('training effects stated only on enough peers, recruiting fit, top performers, team practices and promotion outcomes, in both languages', async () => {
    await looks(browser, {
      role: 'analyst',
      paths: ['/analytics'],
      name: 'analyst-insights',
      allowed: ['KPI', 'd'],
      check: readsHonestInsights,
    });
  });
});

/**
 * What the model-quality section tells a reader (empty when right). With a trained model: the
 * versions, the held-out calibration chart with its sample size and period, and what each figure
 * means; without one (the journeys' 30-person, 16-week demo, where nobody has left voluntarily
 * early enough to train on), a notice that says why risk uses the cold-start rules.
 */
async function readsModelQuality({ page }: Visit, zh: boolean): Promise<string[]> {
  const problems: string[] = [];
  const section = page.getByTestId('model-quality');
  await section.waitFor();
  if ((await section.getByTestId('model-versions').count()) > 0) {
    if ((await section.getByTestId('model-calibration').locator('canvas').count()) === 0)
      problems.push('no calibration chart of the trained model');
    const note = (await section.getByTestId('model-calibration-note').textContent()) ?? '';
    if (!/\d/.test(note)) problems.push(`the calibration chart states no sample size: “${note}”`);
    await section.getByTestId('model-explained').locator('summary').click();
    const explained = (await section.getByTestId('model-explained').locator('dd').allTextContents()).join(
      ' ',
    );
    if (!explained.includes(zh ? '离职' : 'left')) problems.push('the figures are not explained in words');
    const period = (await section.getByTestId('flag-outcomes-period').textContent()) ?? '';
    if (!/\d/.test(period)) problems.push('past flags without their period');
  } else {
    const notice = (await section.locator('.notice').first().textContent()) ?? '';
    if (!notice.includes(zh ? '冷启动' : 'cold-start'))
      problems.push(`the empty state does not say why: “${notice}”`);
  }
  // Only HR trains.
  if ((await section.getByTestId('train-model').count()) > 0) problems.push('an analyst is offered training');
  return problems;
}

describe('journey: the retention model, read by an analyst and trained by HR', () => {
  it('the analyst reads the model-quality section in Chinese on a desktop and in English on a phone', async () => {
    for (const [locale, viewport, zh] of [
      ['zh-CN', DESKTOP, true],
      ['en-US', PHONE, false],
    ] as const) {
      const visit = await openJourney(browser, locale, viewport);
      const name = `analyst-model-quality-${zh ? 'zh-desktop' : 'en-phone'}`;
      try {
        await signIn(visit, 'analyst');
        await visit.page.goto('/analytics');
        await settled(visit);
        expect(await readsModelQuality(visit, zh), name).toEqual([]);
        await visit.page.getByTestId('model-quality').scrollIntoViewIfNeeded();
        await shot(visit, name);
      } finally {
        await closeJourney(visit, name);
      }
    }
  });

  it('HR trains the model from the dashboard: the outcome (a new version with its figures, or why not) in English and Chinese', async () => {
    for (const [locale, viewport, zh] of [
      ['en-US', DESKTOP, false],
      ['zh-CN', PHONE, true],
    ] as const) {
      const visit = await openJourney(browser, locale, viewport);
      const name = `hr-train-model-${zh ? 'zh-phone' : 'en-desktop'}`;
      const { page } = visit;
      try {
        await signIn(visit, 'hr_admin');
        await page.goto('/analytics');
        await settled(visit);
        const form = page.getByTestId('train-model');
        await form.waitFor();
        await form.getByRole('button').click();
        const outcome = form.locator('[role=alert], .notice[role=status]').first();
        await outcome.waitFor({ timeout: 180_000 });
        const text = (await outcome.textContent()) ?? '';
        if ((await outcome.getAttribute('role')) === 'alert') {
          // The journeys' demo is too short to train on: the refusal says what to change, in the
          // page's language.
          expect(text, name).toMatch(zh ? /截止日期|预测期/ : /cut-off|horizon/);
          if (zh) expect(text, name).not.toMatch(/[A-Za-z]{4,}/);
        } else {
          expect(text, name).toMatch(/AUC/);
          await page.getByTestId('model-calibration').locator('canvas').waitFor();
        }
        await form.scrollIntoViewIfNeeded();
        await screenshot(page, name);
      } finally {
        await closeJourney(visit, name);
      }
    }
  });
});
