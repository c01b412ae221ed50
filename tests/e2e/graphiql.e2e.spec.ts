import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DashboardServer,
  launchChromium,
  openVisit,
  SHOTS,
  startDashboardServer,
} from '../support/dashboard.ts';

/**
 * GraphiQL with no internet: Chromium refuses every request that does not go to the server
 * under test, an analyst signs in to the dashboard, copies their API token from the user menu,
 * follows the GraphiQL link, finds the token already in the headers and runs a query.
 */

let database: TestDatabase;
let server: DashboardServer;
let browser: Browser;

beforeAll(async () => {
  database = await createTestDatabase('graphiql_e2e');
  server = await startDashboardServer(database.url);
  browser = await launchChromium();
  await mkdir(SHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await database?.drop();
});

const LOCAL = new Set(['127.0.0.1', 'localhost', '[::1]']);

describe('GraphiQL offline', () => {
  it('loads from the product alone, with the signed-in token prefilled, and runs a query', async () => {
    const visit = await openVisit(browser, server.base, 'en-US', { width: 1280, height: 900 });
    const { context, page } = visit;
    // Everything that is not the server under test fails, as it does with no internet.
    const outside: string[] = [];
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.protocol === 'data:' || url.protocol === 'blob:' || LOCAL.has(url.hostname)) {
        return route.continue();
      }
      outside.push(url.href);
      return route.abort('internetdisconnected');
    });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.base });

    await page.goto('/sign-in');
    const card = page.getByTestId('persona-analyst');
    await card.waitFor();
    await card.getByRole('button').click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    const token = await page.evaluate(
      () => (JSON.parse(localStorage.getItem('trackrecord.session') ?? '{}') as { token?: string }).token,
    );
    expect(token, 'signed in').toBeTruthy();

    // The user menu copies the token and links to GraphiQL.
    await page.getByTestId('user-menu').locator('summary').click();
    await page.getByTestId('copy-token').click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(token);
    await page.screenshot({ path: path.join(SHOTS, 'graphiql-user-menu.png') });
    await page.getByTestId('graphiql-link').click();
    await page.waitForURL((url) => url.pathname === '/graphql');

    // GraphiQL renders (no "Loading …" shell), with the token in the headers editor.
    await page.locator('.graphiql-container').first().waitFor({ timeout: 30_000 });
    await page.getByText(`Bearer ${token}`, { exact: false }).first().waitFor({ timeout: 30_000 });
    await page.locator('.graphiql-execute-button').click();
    await page.locator('.result-window').getByText('"headPosition"').waitFor({ timeout: 30_000 });
    const result = (await page.locator('.result-window').textContent()) ?? '';
    expect(result).toContain('"edges"');
    expect(result).not.toContain('"errors"');
    await page.screenshot({ path: path.join(SHOTS, 'graphiql-offline.png') });

    expect(outside, 'requests that needed the internet').toEqual([]);
    expect(visit.errors.filter((e) => !/favicon/i.test(e))).toEqual([]);
    await context.close();
  });

  it('serves the bundle compressed and cacheable', async () => {
    const response = await fetch(`${server.base}/graphiql/graphiql.js`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect(response.headers.get('cache-control')).toMatch(/max-age/);
    const etag = response.headers.get('etag');
    expect(etag).toBeTruthy();
    expect((await response.text()).length).toBeGreaterThan(1_000_000);
    const again = await fetch(`${server.base}/graphiql/graphiql.js`, {
      headers: { 'if-none-match': etag ?? '' },
    });
    expect(again.status).toBe(304);
    expect((await fetch(`${server.base}/graphiql/nothing.js`)).status).toBe(404);
  });
});
