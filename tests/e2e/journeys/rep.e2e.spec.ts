import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, lookAt, VARIANTS, type Visit } from '../../support/journeys.ts';

/**
 * A sales representative signs in as themself (the persona picker lists the company's
 * representatives by name) and reads what is missing for the next level: every requirement
 * of the next level met or missing, and what to do about each missing one.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function readsWhatIsMissing({ page }: Visit): Promise<void> {
  expect(new URL(page.url()).pathname, 'a representative lands on their path').toBe('/my-path');
  const verdicts = page.locator('#next').getByTestId('verdict');
  expect(await verdicts.count(), 'the next level(s) of the representative’s track').toBeGreaterThan(0);
  const first = verdicts.first();
  expect(
    await first.locator('ul.checklist li').count(),
    'the requirements of the next level',
  ).toBeGreaterThan(0);
  if ((await first.locator('.tag.ok').count()) === 0) {
    const missing = first.locator('li.missing');
    expect(
      await missing.count(),
      'a representative not yet eligible is told what is missing',
    ).toBeGreaterThan(0);
    expect(
      ((await missing.first().textContent()) ?? '').trim().length,
      'the missing requirement is named',
    ).toBeGreaterThan(3);
    // Growth tasks turn what is missing into what to do.
    expect(await page.locator('#tasks li').count(), 'a growth task for what is missing').toBeGreaterThan(0);
  }
}

describe('journey: a representative reads what is missing for the next level', () => {
  for (const variant of VARIANTS) {
    it(`in ${variant.locale} on a ${variant.size}`, async () => {
      await lookAt(browser, variant, {
        role: 'sales_rep',
        pick: { select: 'employeeId', option: { index: 0 } },
        name: 'rep-my-path',
        check: readsWhatIsMissing,
      });
    });
  }
});
