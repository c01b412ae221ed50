import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { launchChromium } from './chromium.ts';
import type {} from './journeys-global.ts';
import { englishOn, findEnglish, findIds, readableText } from './noEnglish.ts';
import { JOURNEY_ARTIFACTS, startProduct } from './product.ts';

/**
 * Shared setup of the persona journeys (tests/e2e/journeys/*.e2e.spec.ts). The first journey
 * starts the product once with `pnpm start`'s own demo seed (`ensureProduct`, on what the global
 * setup tests/support/journeys-global.ts prepared); every journey here only clicks: no command, no query, no fixture through the API.
 * The browser may reach the product and nothing else (every other request is aborted), as a
 * user without internet would.
 */

export { JOURNEY_ARTIFACTS } from './product.ts';

export type Journey = ReturnType<typeof journey>;
export function journey() {
  return inject('journey');
}

export const DESKTOP = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };
export type Locale = 'zh-CN' | 'en-US';

export type Role =
  | 'hr_admin'
  | 'committee_member'
  | 'analyst'
  | 'auditor'
  | 'branch_manager'
  | 'team_manager'
  | 'sales_rep';

export interface Visit {
  context: BrowserContext;
  page: Page;
  locale: Locale;
  /** Page errors, console errors and failed requests to the product. */
  errors: string[];
  /** Requests that tried to leave the machine (aborted). */
  offline: string[];
}

/** The browser a journey clicks with, once the shared product is up. */
export async function launch(): Promise<Browser> {
  await mkdir(JOURNEY_ARTIFACTS, { recursive: true });
  await ensureProduct();
  return launchChromium();
}

/**
 * The shared product, started by the first journey that needs it (`pnpm start` of the demo, on
 * the port, database and data folder the global setup chose) and left running for the next
 * ones; the global teardown stops it. A later journey finds it ready and goes on.
 */
export async function ensureProduct(): Promise<void> {
  const j = journey();
  const ready = await fetch(`${j.base}/readyz`, { signal: AbortSignal.timeout(5_000) })
    .then(async (r) => {
      await r.body?.cancel();
      return r.ok;
    })
    .catch(() => false);
  if (ready) return;
  const product = await startProduct({
    databaseUrl: j.databaseUrl,
    dataDir: j.dataDir,
    now: j.now,
    size: j.size,
    weeks: j.weeks,
    port: j.port,
    logName: 'product.log',
    env: j.productEnv,
    detached: true,
  });
  await writeFile(j.pidFile, `${product.pid}\n`);
  console.log(
    `[journeys] demo (--size ${j.size} --weeks ${j.weeks}, TRACKRECORD_NOW=${j.now}) ready at ${product.base} after ${(product.startedInMs / 1000).toFixed(1)} s (${product.readiness}); output in ${path.relative(process.cwd(), product.logFile)}, screenshots in ${path.relative(process.cwd(), JOURNEY_ARTIFACTS)}`,
  );
}

/** The pid of the shared product (started by `ensureProduct`). */
export async function productPid(): Promise<number> {
  return Number(await readFile(journey().pidFile, 'utf8'));
}

function local(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url);
    if (protocol === 'data:' || protocol === 'blob:' || protocol === 'about:') return true;
    return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
  } catch {
    return false;
  }
}

/** A new visitor in `locale` at `viewport` of the product at `base`, with no way off this machine. */
export async function openJourney(
  browser: Browser,
  locale: Locale,
  viewport: { width: number; height: number } = DESKTOP,
  base = journey().base,
): Promise<Visit> {
  const context = await browser.newContext({
    locale,
    viewport,
    baseURL: base,
    ...(viewport.width < 500 ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  const visit: Visit = { context, page: await context.newPage(), locale, errors: [], offline: [] };
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (local(url)) return route.continue();
    visit.offline.push(url);
    return route.abort('internetdisconnected');
  });
  visit.page.on('pageerror', (error) => visit.errors.push(`page error: ${error.message}`));
  visit.page.on('console', (message) => {
    if (message.type() === 'error') visit.errors.push(`console: ${message.text()}`);
  });
  return visit;
}

/** Signs in by clicking the persona's card on the sign-in page (choosing a unit/person first). */
export async function signIn(
  visit: Visit,
  role: Role,
  pick?: { select: string; option: string | { label: string | RegExp } | { index: number } },
): Promise<void> {
  const { page } = visit;
  await page.goto('/sign-in');
  const card = page.getByTestId(`persona-${role}`);
  await card.waitFor();
  if (pick) {
    const select = card.locator(`select[name=${pick.select}]`);
    await expect.poll(() => select.locator('option').count()).toBeGreaterThan(0);
    if (typeof pick.option === 'object' && 'index' in pick.option) {
      await select.selectOption({ index: pick.option.index });
    } else if (typeof pick.option === 'object') {
      const wanted = pick.option.label;
      const labels = await select.locator('option').allTextContents();
      const found = labels.find((l) => (typeof wanted === 'string' ? l.includes(wanted) : wanted.test(l)));
      expect(found, `no option like ${wanted} in ${pick.select}: ${labels.join(' | ')}`).toBeDefined();
      await select.selectOption({ label: found as string });
    } else {
      await select.selectOption(pick.option);
    }
  }
  await card.getByRole('button').last().click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

/** Picks the page language with the switch in the top bar. */
export async function switchLanguage(visit: Visit, language: 'zh' | 'en'): Promise<void> {
  await visit.page.getByTestId('language').selectOption(language);
  await expect
    .poll(() => visit.page.evaluate(() => document.documentElement.lang))
    .toMatch(language === 'zh' ? /^zh/ : /^en/);
}

/** Waits until the page has its heading and nothing is loading any more. */
export async function settled(visit: Visit): Promise<void> {
  const { page } = visit;
  await page.waitForSelector('main h1, main [role=alert]');
  await page.waitForFunction(
    () => document.querySelectorAll('.loading, [aria-busy=true]').length === 0,
    undefined,
    { timeout: 30_000 },
  );
}

/** The errors shown on the page (a section that failed to load). */
export async function shownErrors(visit: Visit): Promise<string[]> {
  return visit.page.locator('[role=alert].error').allTextContents();
}

/**
 * Saves a full-page screenshot of `page` as `<name>.png` in JOURNEY_ARTIFACTS, one image pixel
 * per CSS pixel: a phone page (device scale 2) is saved 390 px wide, not 780, which makes its
 * capture and PNG encoding of pages 10,000 px and more tall about 2.5 times faster (1.2 vs 3.2 s
 * at load 10); desktop pages (scale 1) are unchanged.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(JOURNEY_ARTIFACTS, `${name}.png`), fullPage: true, scale: 'css' });
}

/** Settles, checks no section failed, and saves a full-page screenshot as `<name>.png`. */
export async function shot(visit: Visit, name: string): Promise<void> {
  await settled(visit);
  expect(await shownErrors(visit), `${name}: the page shows an error`).toEqual([]);
  await screenshot(visit.page, name);
}

/** On a Chinese page: no English message, word or identifier from the dictionary. */
export async function expectChinese(
  visit: Visit,
  name: string,
  allowed: Iterable<string> = [],
): Promise<void> {
  const english = await englishOn(visit.page, allowed);
  expect(english, `${name}: English on a Chinese page`).toEqual([]);
}

/** No id where a person reads a name (employees, branches, teams, reviews). */
export async function expectNoIds(visit: Visit, name: string): Promise<void> {
  expect(findIds(await readableText(visit.page)), `${name}: ids shown instead of names`).toEqual([]);
}

/** The page does not scroll sideways (content fits the viewport's width). */
export async function expectNoSideScroll(visit: Visit, name: string): Promise<void> {
  const overflow = await visit.page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `${name}: the page is ${overflow} px wider than the screen`).toBeLessThanOrEqual(1);
}

/** What one journey leaves for the next (e.g. the review the committee decided). */
export async function remember(key: string, value: unknown): Promise<void> {
  const file = journey().stateFile;
  const state = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  state[key] = value;
  await writeFile(file, `${JSON.stringify(state, null, 2)}\n`);
}

export async function recall<T>(key: string): Promise<T | undefined> {
  const state = JSON.parse(await readFile(journey().stateFile, 'utf8')) as Record<string, unknown>;
  return state[key] as T | undefined;
}

/** Closes a visit after checking the page raised no error and nothing tried to go online. */
export async function closeJourney(visit: Visit, name: string): Promise<void> {
  try {
    expect(visit.errors, `${name}: errors in the browser`).toEqual([]);
    expect(visit.offline, `${name}: requests to the internet`).toEqual([]);
  } finally {
    await visit.context.close();
  }
}

export const VARIANTS = [
  { locale: 'zh-CN', viewport: DESKTOP, size: 'desktop' },
  { locale: 'en-US', viewport: DESKTOP, size: 'desktop' },
  { locale: 'zh-CN', viewport: PHONE, size: 'phone' },
  { locale: 'en-US', viewport: PHONE, size: 'phone' },
] as const;
export type Variant = (typeof VARIANTS)[number];

/**
 * A persona looks at their pages in Chinese and English, on a desktop (1440 px) and a phone
 * (390 px), signed in by clicking each time: saves `<name>-<page>-<locale>-<size>.png` and
 * collects every problem a reader would meet: English (or pinyin, or an identifier) on a
 * Chinese page, ids where names belong, a page wider than the phone, an error shown, an error
 * in the browser. Fails once at the end with the whole list.
 */
export async function looks(
  browser: Browser,
  options: {
    role: Role;
    pick?: Parameters<typeof signIn>[2];
    /** The pages to open after signing in ('' = the persona's start page). */
    paths: string[];
    name: string;
    /** Latin words allowed on these Chinese pages. */
    allowed?: string[];
    /** Extra checks on each settled page; return what is wrong. */
    check?: (visit: Visit, path: string) => Promise<string[]>;
  },
): Promise<void> {
  const problems: string[] = [];
  for (const variant of VARIANTS) {
    const visit = await openJourney(browser, variant.locale, variant.viewport);
    try {
      await signIn(visit, options.role, options.pick);
      for (const pathname of options.paths) {
        const page = pathname.replace(/[/?=&]+/g, '-').replace(/^-|-$/g, '') || 'start';
        const name = `${options.name}-${page}-${variant.locale}-${variant.size}`;
        if (pathname) await visit.page.goto(pathname);
        await settled(visit);
        await screenshot(visit.page, name);
        const text = await readableText(visit.page);
        for (const error of await shownErrors(visit)) problems.push(`${name}: shows the error “${error}”`);
        if (variant.locale === 'zh-CN') {
          for (const english of findEnglish(text, options.allowed)) problems.push(`${name}: ${english}`);
        }
        for (const id of findIds(text)) problems.push(`${name}: id ${id} where a name belongs`);
        if (variant.size === 'phone') {
          const overflow = await visit.page.evaluate(
            () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
          );
          if (overflow > 1) problems.push(`${name}: ${overflow} px wider than the phone`);
        }
        for (const problem of (await options.check?.(visit, pathname)) ?? [])
          problems.push(`${name}: ${problem}`);
      }
      for (const error of visit.errors)
        problems.push(`${options.name}-${variant.locale}-${variant.size}: ${error}`);
      for (const url of visit.offline) problems.push(`${options.name}: went online for ${url}`);
    } finally {
      await visit.context.close();
    }
  }
  expect(problems, `${options.name}: what a reader meets`).toEqual([]);
}
