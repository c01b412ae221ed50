import path from 'node:path';
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeJourney,
  DESKTOP,
  expectChinese,
  expectNoIds,
  expectNoSideScroll,
  JOURNEY_ARTIFACTS,
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
 * Training, by clicking only: a team manager opens a representative of their team, finds the
 * assignment form checking what is missing or wrong before anything is sent (in Chinese), then
 * assigns a course to the whole team by a due date five days ahead and sees it at once; the
 * representative finds it on My path with a reminder; the inbox has the overdue courses of the
 * demo company (its LMS gives every recommended course a due date); HR edits the course
 * catalogue and recommendation rules and publishes them as the next version.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const TEAM = { select: 'teamId', option: { index: 0 } } as const;
interface Assigned {
  employeeId: string;
  course: string;
  dueOn: string;
}

/** `YYYY-MM-DD` shifted by whole days. */
const shift = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

const text = async (l: Locator) => ((await l.textContent()) ?? '').trim();

describe('journey: a manager assigns a course to their team by a due date', () => {
  it('the form says what is missing or wrong before sending, then the whole team has it at once', async () => {
    const visit = await openJourney(browser, 'zh-CN', DESKTOP);
    const { page } = visit;
    try {
      await signIn(visit, 'team_manager', TEAM);
      const rows = page.getByTestId('person-row');
      await rows.first().waitFor({ timeout: 90_000 });
      const rep = rows.filter({ hasText: '销售代表' }).first();
      await rep.locator('th a').click();
      await page.waitForURL(/\/people\//);
      const employeeId = decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1) ?? '');
      const section = page.locator('#training');
      await section.getByTestId('assign-course').click();
      const form = section.getByTestId('assign-form');
      const course = form.locator('select[name=course]');
      const due = form.locator('input[name=dueOn]');
      const submit = form.getByRole('button', { name: '分配', exact: true });
      await expect.poll(() => course.locator('option').count()).toBeGreaterThan(1);

      // Nothing chosen: both fields say so, in Chinese, and nothing is sent.
      await course.selectOption('');
      await submit.click();
      expect(await text(form.getByTestId('assign-error-course'))).toBe('请选择课程。');
      expect(await text(form.getByTestId('assign-error-due'))).toBe('请选择截止日期。');

      // A course this person does not have yet, for everyone in the team; a date before today.
      const have = await section
        .getByTestId('enrollment')
        .evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.course));
      const offered = await course
        .locator('option')
        .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
      const courseId = offered.find((id) => !have.includes(id));
      expect(courseId, 'a course this person has not been assigned').toBeDefined();
      await course.selectOption(courseId as string);
      await form.getByRole('radio', { name: /全体成员/ }).check();
      const today = (await due.getAttribute('min')) ?? '';
      expect(today, "the product's today bounds the due date").toMatch(/^\d{4}-\d{2}-\d{2}$/);
      await due.fill(shift(today, -1));
      await submit.click();
      expect(await text(form.getByTestId('assign-error-due'))).toMatch(/^截止日期不能早于今天（.+）。$/);
      expect(await form.getByTestId('assign-error-course').count()).toBe(0);
      await page.screenshot({
        path: path.join(JOURNEY_ARTIFACTS, 'training-assign-refused-zh-CN-desktop.png'),
      });

      // Five days ahead: written, and read back at once with its due date and a reminder.
      const dueOn = shift(today, 5);
      await due.fill(dueOn);
      await submit.click();
      const done = section.getByTestId('assign-done');
      await done.waitFor();
      expect(await text(done)).toMatch(/^已向.+的 \d+ 人分配“.+”，截止日期 .+。$/);
      const row = section.locator(`[data-testid=enrollment][data-course="${courseId}"]`);
      await row.waitFor();
      expect(await text(row.locator('td').first())).toBe('已分配');
      expect(await text(section.getByTestId('course-reminder').last())).toMatch(/还剩 5 天/);
      await expectChinese(visit, 'training-assigned');
      await expectNoIds(visit, 'training-assigned');
      await shot(visit, 'training-assigned-zh-CN-desktop');
      await remember('training', { employeeId, course: courseId as string, dueOn } satisfies Assigned);
    } finally {
      await closeJourney(visit, 'training-assign');
    }
  });

  it('the representative finds the course on My path with a reminder, on a phone and a desktop', async () => {
    const assigned = await recall<Assigned>('training');
    expect(assigned, 'the course the manager assigned').toBeDefined();
    const { employeeId, course } = assigned as Assigned;
    for (const [locale, viewport, size, reminder] of [
      ['en-US', PHONE, 'phone', /is due on .+ \(in 5 d\)\.$/],
      ['zh-CN', DESKTOP, 'desktop', /还剩 5 天。$/],
    ] as const) {
      const visit = await openJourney(browser, locale, viewport);
      const name = `training-my-path-${locale}-${size}`;
      try {
        await signIn(visit, 'sales_rep', { select: 'employeeId', option: employeeId as string });
        await visit.page.waitForURL(/\/my-path/);
        const courses = visit.page.locator('#courses');
        await courses.locator(`[data-testid=enrollment][data-course="${course}"]`).waitFor();
        const reminders = courses.getByTestId('course-reminder');
        expect(await reminders.filter({ hasText: reminder }).count(), `${name}: the reminder`).toBe(1);
        // A rep assigns nobody: the form is not offered.
        expect(await courses.getByTestId('assign-course').count()).toBe(0);
        await shot(visit, name);
        await expectNoSideScroll(visit, name);
        if (locale === 'zh-CN') await expectChinese(visit, name);
      } finally {
        await closeJourney(visit, name);
      }
    }
  });

  it('the overdue courses of the demo company are in the inbox, each linked to the person’s courses', async () => {
    const visit = await openJourney(browser, 'zh-CN', DESKTOP);
    const { page } = visit;
    try {
      await signIn(visit, 'hr_admin');
      await page.getByRole('navigation').getByRole('link', { name: '预警' }).click();
      await page.waitForURL(/\/alerts/);
      await page.locator('select[name=kind]').selectOption('course_overdue');
      await page.waitForURL(/kind=course_overdue/);
      const alerts = page.getByTestId('alert');
      await alerts.first().waitFor();
      const first = alerts.first();
      expect(await text(first)).toMatch(/未在截止日期 .+ 前完成“.+”/);
      expect(await first.getByTestId('evidence').getAttribute('href')).toMatch(/^\/people\/[^#]+#training$/);
      await shot(visit, 'training-inbox-overdue-zh-CN-desktop');
      await expectChinese(visit, 'training-inbox');
      await expectNoIds(visit, 'training-inbox');
    } finally {
      await closeJourney(visit, 'training-inbox');
    }
  });

  it('HR edits the course catalogue and the recommendation rules, checked as typed, and publishes the next version', async () => {
    const visit = await openJourney(browser, 'zh-CN', DESKTOP);
    const { page } = visit;
    try {
      await signIn(visit, 'hr_admin');
      await page.getByRole('navigation').getByRole('link', { name: '政策编辑' }).click();
      await page.waitForURL(/\/policy/);
      const policy = page.getByTestId('course-policy');
      const version = policy.getByTestId('course-policy-version');
      await version.waitFor({ timeout: 90_000 });
      const before = await text(version);
      const publish = policy.getByTestId('publish-course-policy');
      expect(await publish.isDisabled(), 'nothing changed yet').toBe(true);

      // Wrong figures are said next to their field, in Chinese, and block publishing.
      const hours = policy.locator('input[name="hours-strategic-selling"]');
      await hours.fill('0');
      const row = policy.locator('[data-testid=policy-course][data-course="strategic-selling"]');
      expect(await text(row.getByTestId('course-policy-error'))).toBe('学时必须是大于 0 的数字（现为“0”）。');
      expect(await publish.isDisabled()).toBe(true);
      const leadership = policy.locator('input[name=relationshipBelow]');
      await leadership.fill('60');
      expect(await policy.getByTestId('course-policy-error').allTextContents()).toContain(
        '管理课程的分数下限必须高于基础课程的上限（70），现为 60。',
      );
      await page.screenshot({
        path: path.join(JOURNEY_ARTIFACTS, 'training-course-policy-refused-zh-CN-desktop.png'),
        fullPage: true,
      });

      // Strategic selling takes 20 hours; leadership courses from 88 points.
      await hours.fill('20');
      await leadership.fill('88');
      expect(await policy.getByTestId('course-policy-error').count()).toBe(0);
      await publish.click();
      const outcome = policy.getByTestId('course-policy-outcome');
      await outcome.waitFor();
      expect(await text(outcome)).toMatch(/^课程政策第 \d+ 版已发布并生效。$/);
      const published = Number(/第 (\d+) 版/.exec(await text(outcome))?.[1]);
      expect(await text(version)).toBe(`现行：课程目录与推荐规则，第 ${published} 版。`);
      expect(await text(version)).not.toBe(before);
      expect(await hours.inputValue()).toBe('20');
      expect(await leadership.inputValue()).toBe('88');
      await shot(visit, 'training-course-policy-published-zh-CN-desktop');
      await expectChinese(visit, 'training-course-policy');
    } finally {
      await closeJourney(visit, 'training-course-policy');
    }
  });

  it('reads in Chinese and English, on a desktop and a phone', async () => {
    const assigned = (await recall<Assigned>('training')) as Assigned;
    await looks(browser, {
      role: 'team_manager',
      pick: TEAM,
      paths: [
        `/people/${encodeURIComponent(assigned.employeeId)}#training`,
        '/alerts?kind=course_overdue&mine=0',
      ],
      name: 'training-manager',
    });
    await looks(browser, { role: 'hr_admin', paths: ['/policy'], name: 'training-hr' });
  });
});
