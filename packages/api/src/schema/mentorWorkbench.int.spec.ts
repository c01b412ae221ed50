import { type DomainCommandType, domainCommandSchemas } from '@trackrecord/domain';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClockForTests } from '../runtime/clock.ts';
import { type ApiHarness, startApiHarness } from '../testing/harness.ts';
import { toGraphQL } from './zodInput.ts';

// The mentor workbench over HTTP on a real PostgreSQL: a mentor acts only for their own
// mentees (refused in both languages, nothing appended), records a task and reads it back,
// the mentee rates them, HR replaces them from the "rated below 7" alert with the reason, and
// HR sees the probation evidence and must give a reason to fail it.

let database: TestDatabase;
let api: ApiHarness;
let hr: string;
let mentor: string;
let mentee: string;
const at = '2026-03-11T09:00:00Z';

beforeAll(async () => {
  database = await createTestDatabase('api_mentor_workbench');
  api = await startApiHarness(database.url);
  setClockForTests({ now: () => new Date('2026-03-12T10:00:00Z'), overridden: true });
  hr = await api.token({ userId: 'hr-1', name: 'HR', role: 'hr_admin' });
  mentor = await api.token({ userId: 'u-m1', name: '王导师', role: 'sales_rep', employeeId: 'm1' });
  mentee = await api.token({ userId: 'u-n1', name: '新人甲', role: 'sales_rep', employeeId: 'n1' });
  await hire('m1', '王导师', null);
  await hire('m2', '李导师', null);
  await hire('m3', '赵导师', null);
  await hire('n1', '新人甲', '2026-05-02');
  await hire('n2', '新人乙', '2026-05-02');
  await ok('AssignMentor', { menteeId: 'n1', mentorId: 'm1', at: '2026-02-02T09:00:00Z' });
  await ok('AssignMentor', { menteeId: 'n2', mentorId: 'm2', at: '2026-02-02T09:00:00Z' });
}, 120_000);
afterAll(async () => {
  setClockForTests(undefined);
  await api?.close();
  await database?.drop();
});

const RESULT = `__typename
  ... on CommandSucceeded { position }
  ... on ValidationFailed { message field rule }
  ... on RuleViolation { message field rule }
  ... on Forbidden { message field rule }`;
interface Result {
  __typename: string;
  position?: string;
  message?: string;
  field?: string;
  rule?: string;
}

async function send(type: DomainCommandType, data: unknown, token = hr, language = 'en'): Promise<Result> {
  const field = `${type.charAt(0).toLowerCase()}${type.slice(1)}`;
  const { status, body } = await api.graphql<Record<string, Result>>(
    `mutation Run($input: ${type}Input!) { ${field}(input: $input) { ${RESULT} } }`,
    {
      token,
      variables: { input: toGraphQL(domainCommandSchemas[type], data) },
      headers: { 'accept-language': language },
    },
  );
  if (!body.data) throw new Error(`${type}: HTTP ${status} ${JSON.stringify(body.errors)}`);
  return body.data[field] as Result;
}
const ok = async (type: DomainCommandType, data: unknown, token = hr) => {
  const result = await send(type, data, token);
  expect(result, `${type}: ${JSON.stringify(result)}`).toMatchObject({ __typename: 'CommandSucceeded' });
  return result;
};
const hire = (employeeId: string, name: string, probationEnd: string | null) =>
  ok('HireEmployee', {
    employeeId,
    name,
    branchId: 'sh',
    teamId: 'sh-1',
    regionId: 'east',
    managerId: null,
    level: 'sales_representative',
    track: 'sales_management',
    hiredAt: probationEnd ? '2026-02-02' : '2025-01-06',
    probationEnd,
    recruitingFit: 75,
  });
async function query<T>(text: string, token: string): Promise<T> {
  const { body } = await api.graphql<T>(text, { token });
  expect(body.errors).toBeUndefined();
  return body.data as T;
}

describe('mentor workbench', () => {
  it("refuses a mentor recording a task for someone else's mentee, in both languages, appending nothing", async () => {
    const head = await api.store.headPosition();
    const task = { menteeId: 'n2', mentorId: 'm1', task: 'deal_review', notes: '复盘', at };
    const answers = {
      en: await send('RecordMentorTask', task, mentor, 'en'),
      zh: await send('RecordMentorTask', task, mentor, 'zh-CN'),
      // Nor as the mentee's real mentor.
      asOther: await send('RecordMentorTask', { ...task, mentorId: 'm2' }, mentor, 'en'),
    };
    expect(answers).toEqual({
      en: {
        __typename: 'Forbidden',
        rule: 'own_mentees_only',
        field: 'mentee',
        message: 'a mentor records tasks only for their own mentees, as themself (m1): n2 is not your mentee',
      },
      zh: {
        __typename: 'Forbidden',
        rule: 'own_mentees_only',
        field: '学员',
        message: '导师只能以本人身份为自己正在带教的新人记录带教任务：此人不是你的带教新人',
      },
      asOther: expect.objectContaining({ __typename: 'Forbidden', rule: 'own_mentees_only' }),
    });
    expect(await api.store.headPosition()).toBe(head);
  });

  it('refuses blank notes in the language of the page, naming the field', async () => {
    const zh = await send(
      'RecordMentorTask',
      { menteeId: 'n1', mentorId: 'm1', task: 'deal_review', notes: '   ', at },
      mentor,
      'zh-CN',
    );
    expect(zh).toEqual({
      __typename: 'ValidationFailed',
      rule: 'notes_blank',
      field: '备注',
      message: '备注是空白的：请写明做了什么',
    });
  });

  it("lets a mentor record a task for their own mentee and read it back with this week's state", async () => {
    await ok(
      'RecordMentorTask',
      { menteeId: 'n1', mentorId: 'm1', task: 'ride_along_visit', notes: '陪访客户：演示报价', at },
      mentor,
    );
    await api.rebuild();
    const data = await query<{
      mentorWorkbench: {
        employeeId: string;
        name: string;
        weekStart: string;
        tasks: { task: string; done: boolean; entries: { notes: string }[] }[];
      }[];
    }>('{ mentorWorkbench { employeeId name weekStart tasks { task done entries { notes } } } }', mentor);
    expect(data.mentorWorkbench).toEqual([
      {
        employeeId: 'n1',
        name: '新人甲',
        weekStart: '2026-03-09',
        tasks: [
          { task: 'ride_along_visit', done: true, entries: [{ notes: '陪访客户：演示报价' }] },
          { task: 'deal_review', done: false, entries: [] },
          { task: 'performance_talk', done: false, entries: [] },
        ],
      },
    ]);
    // Someone who mentors nobody has an empty workbench.
    expect(
      (await query<{ mentorWorkbench: unknown[] }>('{ mentorWorkbench { employeeId } }', mentee))
        .mentorWorkbench,
    ).toEqual([]);
  });

  it('lets the mentee rate their mentor, and HR replace a mentor rated below 7 with the reason, which answers the alert', async () => {
    await ok('RateMentor', { menteeId: 'n1', mentorId: 'm1', rating: 5, at }, mentee);
    await api.rebuild();
    const ALERTS = `{ alertPage(kind: "mentor_rated_low", first: 10) { alerts { id state replacement { name reason } currentMentor { id } } } }`;
    type Alerts = {
      alertPage: {
        alerts: {
          id: string;
          state: string;
          replacement: { name: string; reason: string } | null;
          currentMentor: { id: string } | null;
        }[];
      };
    };
    const before = await query<Alerts>(ALERTS, hr);
    expect(before.alertPage.alerts).toEqual([
      {
        id: expect.stringMatching(/^mentor_rated_low:n1:m1:/),
        state: 'open',
        replacement: null,
        currentMentor: { id: 'm1' },
      },
    ]);
    const candidates = await query<{
      person: { mentorCandidates: { person: { id: string }; mentees: number }[] };
    }>('{ person(id: "n1") { mentorCandidates { person { id } mentees } } }', hr);
    expect(candidates.person.mentorCandidates.map((c) => [c.person.id, c.mentees])).toEqual([
      ['m3', 0],
      ['m2', 1],
    ]);
    await ok('AssignMentor', { menteeId: 'n1', mentorId: 'm3', reason: '评分 5 分，低于 7 分', at });
    await api.rebuild();
    const after = await query<Alerts>(ALERTS, hr);
    expect(after.alertPage.alerts).toEqual([
      {
        id: before.alertPage.alerts[0]!.id,
        state: 'acknowledged',
        replacement: { name: '赵导师', reason: '评分 5 分，低于 7 分' },
        currentMentor: { id: 'm3' },
      },
    ]);
    // The old mentor may no longer record tasks for them.
    expect(
      await send(
        'RecordMentorTask',
        { menteeId: 'n1', mentorId: 'm1', task: 'deal_review', notes: '复盘', at },
        mentor,
      ),
    ).toMatchObject({ __typename: 'Forbidden', rule: 'own_mentees_only' });
  });

  it('gives HR the weekly probation verdicts with the rule each week was held to, and refuses failing a probation without a reason', async () => {
    // Published today (2026-03-12): in force from the week of 2026-03-09 on, not before.
    await ok('PublishProbationPolicy', {
      probationPolicy: {
        id: 'probation-sh',
        version: 1,
        months: 3,
        baseDealsPerMonth: 3,
        reduced: { dealsPerMonth: 2, weeklySkillGrowthAbove: 0.1 },
        stretch: { dealsPerMonth: 4, dailySalesGrowthAbove: 0.05, bonus: 200_000 },
      },
    });
    // 50 → 60 week over week: 20% > 10%, the reduced target.
    await ok('RecordSkillAssessment', {
      employeeId: 'n1',
      test: '销售技能测评',
      score: 50,
      at: '2026-03-04T09:00:00Z',
    });
    await ok('RecordSkillAssessment', {
      employeeId: 'n1',
      test: '销售技能测评',
      score: 60,
      at: '2026-03-10T09:00:00Z',
    });
    await api.rebuild();
    type Rule = {
      policyId: string;
      policyVersion: number;
      variant: string;
      dealsPerMonth: number;
      weeklySkillGrowth: number | null;
      reason: { en: string; zh: string };
    };
    const data = await query<{
      person: {
        probationEvidence: {
          state: string;
          dealsPerMonth: number;
          weeks: { weekStart: string; verdict: string; requiredSoFar: number; rule: Rule | null }[];
        };
      };
    }>(
      '{ person(id: "n1") { probationEvidence { state dealsPerMonth weeks { weekStart verdict requiredSoFar rule { policyId policyVersion variant dealsPerMonth weeklySkillGrowth reason { en zh } } } } } }',
      hr,
    );
    const evidence = data.person.probationEvidence;
    expect(evidence.state).toBe('on_probation');
    expect(evidence.dealsPerMonth).toBe(2);
    // Before the policy was published, no target applied.
    expect(evidence.weeks.at(0)).toEqual({
      weekStart: '2026-02-02',
      verdict: 'on_track',
      requiredSoFar: 0,
      rule: null,
    });
    expect(evidence.weeks.at(-1)).toEqual({
      weekStart: '2026-03-09',
      // 2 deals a month over the 4 days to today (2026-03-12): 8 ÷ 30.44 → 1 deal, none closed.
      verdict: 'behind',
      requiredSoFar: 1,
      rule: {
        policyId: 'probation-sh',
        policyVersion: 1,
        variant: 'reduced',
        dealsPerMonth: 2,
        weeklySkillGrowth: 0.2,
        reason: {
          en: 'weekly skill growth 20% > 10%: 2 deals a month',
          zh: '技能周增长 20% > 10%：每月 2 单',
        },
      },
    });
    expect(await send('FailProbation', { employeeId: 'n1', reason: ' ' }, hr, 'zh-CN')).toEqual({
      __typename: 'ValidationFailed',
      rule: 'reason_blank',
      field: '原因',
      message: '原因是空白的：请写明原因',
    });
  });

  it('records a visit logged from a phone with source mobile, read back as the latest contact', async () => {
    await ok(
      'LogFollowUp',
      { employeeId: 'm1', customerId: 'cust-1-7', kind: 'call', at: '2026-03-02T09:00:00Z' },
      mentor,
    );
    await ok(
      'LogFollowUp',
      { employeeId: 'm1', customerId: 'cust-1-7', kind: 'visit', source: 'mobile', at },
      mentor,
    );
    await ok(
      'GiveDemo',
      { employeeId: 'm1', customerId: 'cust-1-9', source: 'mobile', at: '2026-03-10T09:00:00Z' },
      mentor,
    );
    // Not for someone else.
    expect(
      await send('LogFollowUp', { employeeId: 'n1', customerId: 'cust-1-7', source: 'mobile', at }, mentor),
    ).toMatchObject({
      __typename: 'Forbidden',
      rule: 'own_activity_only',
    });
    await api.rebuild();
    const data = await query<{ person: { recentCustomers: unknown[] } }>(
      '{ person(id: "m1") { recentCustomers { customerId contacts lastKind lastSource lastAt } } }',
      mentor,
    );
    expect(data.person.recentCustomers).toEqual([
      { customerId: 'cust-1-7', contacts: 2, lastKind: 'visit', lastSource: 'mobile', lastAt: at },
      {
        customerId: 'cust-1-9',
        contacts: 1,
        lastKind: 'demo',
        lastSource: 'mobile',
        lastAt: '2026-03-10T09:00:00Z',
      },
    ]);
  });
});
