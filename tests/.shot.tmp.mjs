import { chromium } from 'playwright-core';

const [role, pick, ...paths] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
const ctx = await browser.newContext({
  locale: process.env.LOC ?? 'en-US',
  viewport: { width: Number(process.env.W ?? 1280), height: 800 },
  baseURL: 'http://localhost:4100',
});
const page = await ctx.newPage();
page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
page.on('console', (m) => {
  if (m.type() === 'error') console.log('CONSOLE', m.text());
});
await page.goto('/sign-in');
const card = page.getByTestId(`persona-${role}`);
await card.waitFor();
if (pick && pick !== '-') {
  const [n, v] = pick.split('=');
  await card.locator(`select[name=${n}]`).selectOption(v);
}
await card.getByRole('button').click();
await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
for (const p of paths) {
  await page.goto(p);
  await page.waitForSelector('main h1, main [role=alert]');
  await page.waitForFunction(() => document.querySelectorAll('.loading').length === 0, null, {
    timeout: 60000,
  });
  await page.waitForTimeout(800);
  const name = `${role}-${p.replace(/[/?=&]+/g, '_')}`;
  await page.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: true });
  if (process.env.W)
    console.log(
      await page.evaluate(() =>
        [...document.querySelectorAll('main *')]
          .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
          .slice(0, 8)
          .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)
          .join('\n'),
      ),
    );
  const errs = await page.locator('[role=alert]').allTextContents();
  console.log(name, 'alerts:', errs.join(' | ').slice(0, 300));
}
await browser.close();
