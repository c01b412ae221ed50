import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeJourney,
  DESKTOP,
  expectChinese,
  expectNoIds,
  expectNoSideScroll,
  launch,
  looks,
  openJourney,
  PHONE,
  recall,
  remember,
  shot,
  signIn,
} from '../../support/journeys.ts';

/**
 * Mentoring, probation and activity from a phone on the demo company, by clicking only:
 * a mentor (a rep) records one of this week's three tasks for their mentee with notes and
 * reads it back; a mentee rates their mentor 5 of 10 from their own page; HR replaces that
 * mentor from the "rated below 7" alert, with the reason; HR passes a probation from the
 * person page with the weekly verdicts, mentor tasks and ratings on screen; a rep logs a
 * customer visit from the phone in two taps.
 *
 * The demo (seed 42, 30 people, 16 weeks to 2026-06-10) has 王博文 (Wang Bowen) mentoring a
 * newcomer of his team on probation, 卢子涵 (Lu Zihan), hired on 2026-04-20, whose probation HR
 * passes seven weeks in, ahead of its end; and 冯玲 (Feng Ling) of the same team, hired on
 * 2026-05-18, mentored by 魏斌 (Wei Bin) since her first mentor, the team's successor, was rated 6.
 */
const MENTOR = { zh: '王博文', en: 'Wang Bowen' };
const PROBATIONER = { zh: '卢子涵', en: 'Lu Zihan' };
const MENTEE = { zh: '冯玲', en: 'Feng Ling' };
const MENTEES_MENTOR = { zh: '魏斌', en: 'Wei Bin' };
/** The rep persona of a person: their name in the list, in either language. */
const pickRep = (name: { zh: string; en: string }) =>
  ({ select: 'employeeId', option: { label: new RegExp(`^(${name.zh}|${name.en}) ·`) } }) as const;

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const alerts = (page: Page) => page.locator('main [role=alert]').allTextContents();

describe('journey: mentoring, probation and activity from a phone', () => {
  it('a mentor records a task for their mentee with notes, refused first without notes, and reads it back', async () => {
    const visit = await openJourney(browser, 'zh-CN', DESKTOP);
    const { page } = visit;
    try {
      await signIn(visit, 'sales_rep', pickRep(MENTOR));
      await page.getByRole('navigation').getByRole('link', { name: '带教' }).click();
      await page.waitForURL(/\/mentor$/);
      const mentee = page.getByTestId('mentee').filter({ hasText: PROBATIONER.zh });
      await mentee.waitFor();
      expect(await page.getByTestId('mentee').count(), 'his one mentee').toBe(1);
      await shot(visit, 'mentor-workbench-zh-desktop');
      const review = mentee.locator('[data-testid=task][data-task=deal_review]');
      // Without notes: said next to the field, in Chinese, before anything is sent.
      await review.getByRole('button', { name: '记录' }).click();
      await expect.poll(() => review.getByTestId('field-error').textContent()).toBe('请写明做了什么。');
      const notes = '复盘上周的报价单：折扣给得太早，下次先确认预算。';
      await review.locator('textarea').fill(notes);
      await review.getByRole('button', { name: '记录' }).click();
      await review.getByTestId('saved').waitFor();
      expect(await alerts(page), 'no refusal').toEqual([]);
      expect(await review.getAttribute('data-done')).toBe('true');
      expect(await review.getByTestId('task-entry').allTextContents()).toEqual([
        expect.stringContaining(notes),
      ]);
      expect(await review.getByTestId('saved').textContent()).toBe('已保存：复盘。');
      await expectChinese(visit, 'mentor workbench');
      await expectNoIds(visit, 'mentor workbench');
      await shot(visit, 'mentor-workbench-recorded-zh-desktop');
    } finally {
      await closeJourney(visit, 'mentor-workbench');
    }
  });

  it('a mentee rates their mentor 5 of 10 from their own page', async () => {
    const visit = await openJourney(browser, 'en-US', DESKTOP);
    const { page } = visit;
    try {
      await signIn(visit, 'sales_rep', pickRep(MENTEE));
      await page.getByRole('link', { name: /Your full record/ }).click();
      await page.waitForURL(/\/people\//);
      await remember('menteePage', new URL(page.url()).pathname);
      const mentoring = page.locator('#mentoring');
      await mentoring.getByTestId('mentor-name').filter({ hasText: MENTEES_MENTOR.en }).waitFor();
      const form = mentoring.getByTestId('rate-mentor');
      await form.locator('input[name=rating]').fill('12');
      await form.getByRole('button', { name: 'Send the rating' }).click();
      await expect
        .poll(() => form.getByTestId('field-error').textContent())
        .toBe('Give a number from 0 to 10.');
      await form.locator('input[name=rating]').fill('5');
      await form.getByRole('button', { name: 'Send the rating' }).click();
      await mentoring.getByTestId('rated').waitFor();
      expect(await mentoring.getByTestId('rated').textContent()).toMatch(
        /^Your rating of 5 points was recorded on /,
      );
      expect(await mentoring.getByTestId('ratings').textContent()).toMatch(/Ratings of the mentor: 5\b/);
      await shot(visit, 'mentor-mentee-rated-en-desktop');
    } finally {
      await closeJourney(visit, 'mentor-mentee-rates');
    }
  });

  it('HR replaces the mentor rated below 7 from the alert, picking the new mentor and giving the reason', async () => {
    const visit = await openJourney(browser, 'zh-CN', DESKTOP);
    const { page } = visit;
    try {
      await signIn(visit, 'hr_admin');
      await page.getByRole('navigation').getByRole('link', { name: '预警' }).click();
      await page.waitForURL(/\/alerts/);
      await page.locator('select[name=kind]').selectOption('mentor_rated_low');
      await page.locator('select[name=state]').selectOption('open');
      const alert = page
        .locator('[data-testid=alert][data-kind=mentor_rated_low][data-state=open]')
        .filter({ hasText: MENTEE.zh });
      await alert.waitFor();
      expect(await alert.textContent()).toContain(`${MENTEE.zh} 给导师 ${MENTEES_MENTOR.zh} 打分 5/10`);
      const replace = alert.getByTestId('replace-mentor');
      await replace.locator('summary').click();
      expect(await replace.textContent()).toContain(`现任导师：${MENTEES_MENTOR.zh}`);
      const select = replace.locator('select[name=mentor]');
      await expect.poll(() => select.locator('option').count()).toBeGreaterThan(1);
      // Nothing chosen: said next to the list.
      await replace.getByRole('button', { name: '确认更换' }).click();
      await expect.poll(() => replace.getByTestId('field-error').textContent()).toBe('请选择新导师。');
      await select.selectOption({ index: 1 });
      const chosen =
        ((await select.locator('option:checked').textContent()) ?? '').split(' · ')[0]?.trim() ?? '';
      expect(chosen).not.toBe('');
      await replace.getByRole('button', { name: '确认更换' }).click();
      await expect
        .poll(() => replace.getByTestId('field-error').textContent())
        .toBe('请填写更换导师的原因。');
      const reason = '新人评分 5 分，低于 7 分：换同组经验更足的导师';
      await replace.locator('input[name=reason]').fill(reason);
      await replace.getByRole('button', { name: '确认更换' }).click();
      const answered = page
        .locator('[data-testid=alert][data-kind=mentor_rated_low][data-state=acknowledged]')
        .filter({ hasText: MENTEE.zh });
      await answered.getByTestId('replaced').waitFor();
      expect(await alerts(page), 'no refusal').toEqual([]);
      expect(await answered.getByTestId('replaced').textContent()).toMatch(
        new RegExp(`^已于 .+ 更换为 ${chosen}：${reason}$`),
      );
      await expectChinese(visit, 'alerts after the replacement');
      await expectNoIds(visit, 'alerts after the replacement');
      await shot(visit, 'mentor-hr-replaced-zh-desktop');
    } finally {
      await closeJourney(visit, 'mentor-hr-replaces');
    }
  });

  it('HR passes a probation from the person page with the evidence on screen', async () => {
    const visit = await openJourney(browser, 'en-US', DESKTOP);
    const { page } = visit;
    try {
      await signIn(visit, 'hr_admin');
      await page.locator('input[type=search]').fill(PROBATIONER.en);
      // The search is applied (in the URL and the list) before the name is clicked.
      await page.waitForURL(/[?&]q=/);
      await expect.poll(() => page.locator('main a', { hasText: PROBATIONER.en }).count()).toBeGreaterThan(0);
      await page.locator('main a', { hasText: PROBATIONER.en }).first().click();
      await page.waitForURL(/\/people\//);
      await remember('probationPage', new URL(page.url()).pathname);
      const section = page.getByTestId('probation');
      await section.waitFor();
      expect(await section.locator('h2').textContent()).toBe('Probation: On probation');
      expect(await section.getByTestId('probation-weeks').locator('tbody tr').count()).toBeGreaterThan(5);
      expect(await section.getByTestId('probation-summary').textContent()).toMatch(
        /^\d+ of \d+ weeks on track · \d+ deals closed of \d+ due so far$/,
      );
      expect(
        ((await section.getByTestId('probation-mentor').textContent()) ?? '').replace(/\s+/g, ' '),
      ).toMatch(new RegExp(`Mentor: ${MENTOR.en} · \\d+ of \\d+ mentor tasks done over \\d+ weeks`));
      // Each week says which target applied, under which published policy version, and why:
      // the weekly skill assessments give the skill growth the rule is checked on first.
      expect(await section.getByTestId('probation-target').textContent()).toMatch(
        /^This week's probation target: \d+ deals a month \((reduced|base|stretch), probation policy v1\)/,
      );
      const rules = await section.getByTestId('probation-rule').allTextContents();
      expect(
        rules.some(
          (r) =>
            /^\d+ deals\/month, (reduced|base|stretch): weekly skill growth -?[\d.]+% [>≤] 10%/.test(r) &&
            !r.includes('no skill assessment'),
        ),
        rules.join('\n'),
      ).toBe(true);
      await shot(visit, 'mentor-probation-evidence-en-desktop');
      // Failing needs the reason, said next to the field before anything is sent.
      await section.getByRole('button', { name: 'Fail the probation' }).click();
      await expect
        .poll(() => section.getByTestId('field-error').textContent())
        .toBe('Give the reason for failing the probation.');
      await section.getByRole('button', { name: 'Pass the probation' }).click();
      await section.getByTestId('probation-outcome').waitFor();
      expect(await alerts(page), 'no refusal').toEqual([]);
      expect(await section.getByTestId('probation-outcome').textContent()).toMatch(
        /^Recorded: probation Passed, /,
      );
      await expect.poll(() => section.locator('h2').textContent()).toBe('Probation: Passed');
      expect(await section.getByTestId('probation-decision').count(), 'decided: no more form').toBe(0);
      await shot(visit, 'mentor-probation-passed-en-desktop');
    } finally {
      await closeJourney(visit, 'mentor-probation');
    }
  });

  it('a rep logs a customer visit from the phone in two taps, recorded as from the phone', async () => {
    const visit = await openJourney(browser, 'zh-CN', PHONE);
    const { page } = visit;
    try {
      await signIn(visit, 'sales_rep', pickRep(MENTOR));
      const card = page.getByTestId('quick-log');
      await card.waitFor();
      await expect.poll(() => card.getByTestId('customer').count()).toBeGreaterThan(0);
      await shot(visit, 'mentor-quick-log-zh-phone');
      const customer = card.getByTestId('customer').first();
      const number = /客户 (\S+) 号/.exec((await customer.textContent()) ?? '')?.[1];
      expect(number, 'customers are named by their CRM number').toBeDefined();
      // Tap 1: what was done. Tap 2: the customer.
      await card.getByRole('button', { name: '拜访' }).tap();
      await customer.tap();
      await card.getByTestId('logged').waitFor();
      expect(await alerts(page), 'no refusal').toEqual([]);
      expect(await card.getByTestId('logged').textContent()).toMatch(
        new RegExp(`^已从手机记录：.+ 与客户 ${number} 号的拜访。$`),
      );
      // Read back: the customer is now first, last contact a visit, from the phone.
      expect(await card.getByTestId('customer').first().textContent()).toMatch(
        new RegExp(`客户 ${number} 号.*上次：拜访，.+ · 手机记录`),
      );
      await expectNoSideScroll(visit, 'quick log');
      await expectChinese(visit, 'quick log');
      await shot(visit, 'mentor-quick-log-logged-zh-phone');
    } finally {
      await closeJourney(visit, 'mentor-quick-log');
    }
  });

  it('the mentor pages read in Chinese and English, on a desktop and a phone', async () => {
    await looks(browser, {
      role: 'sales_rep',
      pick: pickRep(MENTOR),
      paths: ['/mentor', '/my-path'],
      name: 'mentor',
    });
  });

  it("HR's alerts and the probation read in Chinese and English, on a desktop and a phone", async () => {
    const probationPage = await recall<string>('probationPage');
    await looks(browser, {
      role: 'hr_admin',
      paths: ['/alerts?kind=mentor_rated_low', ...(probationPage ? [probationPage] : [])],
      name: 'mentor-hr',
    });
  });

  it("the mentee's own page reads in Chinese and English, on a desktop and a phone", async () => {
    const menteePage = await recall<string>('menteePage');
    expect(menteePage, 'the mentee found their own page above').toBeDefined();
    await looks(browser, {
      role: 'sales_rep',
      pick: pickRep(MENTEE),
      paths: [menteePage as string],
      name: 'mentor-mentee',
    });
  });
});
