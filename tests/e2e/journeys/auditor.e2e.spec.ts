import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeJourney,
  DESKTOP,
  launch,
  looks,
  openJourney,
  recall,
  shot,
  signIn,
} from '../../support/journeys.ts';

/**
 * The auditor finds the decision the committee just made (else the demo's latest), replays it
 * (recorded against recomputed score and eligibility, the override named as the cause of the
 * difference; as known beside as now known), scrubs the candidate's timeline (each position
 * shows what the store knew), then opens a decision a later correction reached, from the list
 * of them (paths through a mentee's deal or the team's sales first), and reads its path.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('journey: the auditor replays a decision and scrubs its timeline', () => {
  it('replays and scrubs', async () => {
    const visit = await openJourney(browser, 'zh-CN', DESKTOP);
    const { page } = visit;
    try {
      await signIn(visit, 'auditor');
      await page.goto('/audit');
      await shot(visit, 'auditor-decisions');
      const decided = await recall<{ reviewId: string; candidate: string }>('decidedReview');
      const picker = page.getByTestId('decision-picker');
      await picker.waitFor();
      const values = await picker
        .locator('option')
        .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
      expect(values.length, 'the demo’s decisions are offered').toBeGreaterThan(0);
      const value = decided ? values.find((v) => v.includes(decided.reviewId)) : values[0];
      expect(value, 'the committee’s decision can be found').toBeDefined();
      await picker.selectOption(value as string);
      await page.waitForURL(/decision=/);
      const replay = page.getByTestId('replay');
      await replay.waitFor();
      await shot(visit, 'auditor-replay');
      const table = (await replay.textContent()) ?? '';
      expect(table, 'recorded and recomputed score').toMatch(/\d/);
      if (decided) {
        // The committee rejected against the vote: an override, named as such.
        expect(await replay.getByTestId('override').count(), 'the override is shown').toBeGreaterThan(0);
      }
      if ((await replay.getAttribute('data-same')) === 'false') {
        const causes = replay.getByTestId('differences').locator('li');
        expect(await causes.count()).toBeGreaterThan(0);
        for (const cause of await causes.allTextContents()) {
          expect(cause, 'each difference names its cause').toMatch(/原因|覆盖|更正|政策|版本/);
        }
      }

      // Beside the replay as known: the decision as now known (same rules, corrected history).
      const nowKnown = replay.getByTestId('now-known');
      await nowKnown.waitFor();
      expect(await nowKnown.locator('tbody tr').count(), 'as known beside as now known').toBeGreaterThan(1);
      for (const d of await nowKnown.getByTestId('now-differences').locator('li').allTextContents()) {
        expect(d, 'each difference as now known names its cause and the events').toMatch(
          /原因：.*引起变化的事件/s,
        );
      }

      const scrubber = page.getByTestId('scrubber');
      await scrubber.waitFor();
      const slider = scrubber.locator('input[type=range]');
      const max = Number(await slider.getAttribute('max'));
      expect(max, 'the candidate’s timeline has events to scrub').toBeGreaterThan(0);
      const seen = new Set<string>();
      for (const at of [0, Math.floor(max / 2), max]) {
        await slider.focus();
        await slider.fill(String(at));
        await scrubber.getByTestId('as-of').waitFor();
        await page.waitForFunction(
          () => document.querySelectorAll('[data-testid=scrubber] .loading').length === 0,
        );
        seen.add((await scrubber.getByTestId('as-of').textContent()) ?? '');
      }
      expect(seen.size, 'each position shows what the store knew then').toBeGreaterThan(1);
      await shot(visit, 'auditor-scrubbed');

      // The decisions later corrections reached, the longest paths (through a mentee's deal or
      // the team's sales) first: open one and read its path on its replay. A demo where no
      // correction reached a decision (the journeys' small one may have none) still shows the
      // requirements corrections reached through someone else's sales: open one of those.
      await page.goto('/audit');
      const corrected = page.getByTestId('corrected-decisions');
      await corrected.waitFor();
      const reached = corrected.locator('li[data-review]');
      if ((await reached.count()) > 0) {
        const first = reached.first();
        const reviewId = (await first.getAttribute('data-review')) ?? '';
        expect(Number(await first.getAttribute('data-steps')), 'sale → … → decision').toBeGreaterThanOrEqual(
          3,
        );
        await first.getByTestId('corrected-decision').click();
        await page.waitForURL(new RegExp(`decision=${encodeURIComponent(reviewId)}`));
        const flagged = page.getByTestId('replay');
        await flagged.waitFor();
        const paths = flagged.getByTestId('lineage').getByTestId('lineage-path');
        expect(
          await paths.count(),
          'the replay lists the corrections that reached it, with paths',
        ).toBeGreaterThan(0);
        const steps = paths.first().locator('li');
        expect(await steps.count()).toBeGreaterThanOrEqual(3);
        expect(await steps.last().getAttribute('data-ref'), 'the path ends at the decision').toBe(reviewId);
      } else {
        const requirement = corrected.getByTestId('corrected-requirement').first();
        expect(await requirement.count(), 'a correction reached someone through another person’s sale').toBe(
          1,
        );
        await requirement.click();
        await page.waitForURL(/\/people\//);
        const lineage = page.getByTestId('lineage').first();
        await lineage.waitFor();
        const dependency = lineage.locator('li[data-kind=mentee_deals], li[data-kind=team_growth]').first();
        await dependency.waitFor();
        const steps = await dependency.getByTestId('lineage-path').locator('li').allTextContents();
        expect(steps.length, 'sale → (team sales →) the requirement').toBeGreaterThanOrEqual(2);
      }
      await shot(visit, 'auditor-lineage');

      // The access log: the replay the auditor just made is its newest replay entry, under
      // their name and role, with the grant's scope, and it leads back to the decision.
      const who = ((await page.getByTestId('who').textContent()) ?? '').split(' · ')[0]?.trim() ?? '';
      await page.getByRole('navigation').getByRole('link', { name: '访问日志' }).click();
      await page.waitForURL(/\/access-log/);
      const log = page.getByTestId('access-log');
      await log.waitFor();
      const replayed = log.locator('[data-testid=access-log-entry][data-kind=audit_replay]').first();
      await replayed.waitFor();
      expect(await replayed.getByTestId('access-log-reader').textContent(), 'read by the auditor').toBe(who);
      expect(await replayed.textContent(), 'role, grant scope and kind of access').toMatch(
        /审计员.*全公司.*重放决定/s,
      );
      // Only the auditor's own reads: click their name.
      await replayed.getByTestId('access-log-reader').click();
      await page.waitForURL(/user=/);
      await page.getByTestId('access-log-count').waitFor();
      const readers = await page.getByTestId('access-log-reader').allTextContents();
      expect(readers.length, 'the auditor’s reads').toBeGreaterThan(0);
      expect(new Set(readers), 'only the auditor’s reads').toEqual(new Set([who]));
      // The "who read" filter names the auditor, chosen from the readers rather than typed as an id.
      expect(
        await page.getByTestId('access-log-reader-filter').locator('option:checked').textContent(),
      ).toContain(who);
      // Whose record: typed as a name and picked from the suggestions, then shown.
      const whose = (await replayedAgain(page).getByTestId('access-log-person').textContent())?.trim() ?? '';
      expect(whose, 'the replayed decision’s candidate, by name').not.toBe('');
      const personFilter = page.getByTestId('access-log-person-filter');
      await personFilter.locator('input').fill(whose);
      await personFilter.getByTestId('people-matches').getByRole('button').first().click();
      await page.getByTestId('access-log-filters').getByRole('button', { name: '查看' }).click();
      await page.waitForURL(/person=/);
      await page.getByTestId('access-log-count').waitFor();
      expect(
        new Set(await page.getByTestId('access-log-person').allTextContents()),
        'only reads of that person’s record',
      ).toEqual(new Set([whose]));
      expect(await personFilter.locator('input').inputValue(), 'the filter shows the name').toBe(whose);
      await shot(visit, 'auditor-access-log');
      await replayedAgain(page).getByTestId('access-log-decision').click();
      await page.waitForURL(/\/audit\?decision=/);
      await page.getByTestId('replay').waitFor();
    } finally {
      await closeJourney(visit, 'auditor-replay');
    }
  });

  it('reads in Chinese and English, on a desktop and a phone', async () => {
    const decided = await recall<{ reviewId: string }>('decidedReview');
    await looks(browser, {
      role: 'auditor',
      paths: [
        '/audit',
        '/access-log',
        ...(decided ? [`/audit?decision=${encodeURIComponent(decided.reviewId)}`] : []),
      ],
      name: 'auditor',
    });
  });
});

/** The newest decision replay on the access log page as it now stands. */
function replayedAgain(page: Page) {
  return page.locator('[data-testid=access-log-entry][data-kind=audit_replay]').first();
}
