import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeJourney,
  DESKTOP,
  JOURNEY_ARTIFACTS,
  journey,
  launch,
  openJourney,
  shot,
  signIn,
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
