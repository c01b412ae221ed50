import { DEFAULT_COURSE_POLICY, type DomainCommandType, domainCommandSchemas } from '@trackrecord/domain';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../auth/viewer.ts';
import { type ApiHarness, startApiHarness } from '../testing/harness.ts';
import { toGraphQL } from './zodInput.ts';

let database: TestDatabase;
let api: ApiHarness;
let hr: string;
let manager: string;
let otherManager: string;
let rep: string;

const RESULT = `__typename
  ... on CommandSucceeded { position events { type position } }
  ... on ValidationFailed { message field fieldPath problems { path message field } }
  ... on NotFound { message field fieldPath }
  ... on RuleViolation { code message field fieldPath rule }
  ... on Forbidden { message field fieldPath }`;

interface Result {
  __typename: string;
  position?: string;
  events?: { type: string; position: string }[];
  message?: string;
  field?: string;
  fieldPath?: string[];
  rule?: string;
}

const as = (viewer: Viewer) => api.token(viewer);
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const zh = { 'accept-language': 'zh-CN' };

async function send(
  type: DomainCommandType,
  data: unknown,
  token = hr,
  headers: Record<string, string> = {},
) {
  const field = `${type.charAt(0).toLowerCase()}${type.slice(1)}`;
  const { body } = await api.graphql<Record<string, Result>>(
    `mutation Run($input: ${type}Input!) { ${field}(input: $input) { ${RESULT} } }`,
    { token, headers, variables: { input: toGraphQL(domainCommandSchemas[type], data) } },
  );
  if (!body.data) throw new Error(`${type}: ${JSON.stringify(body.errors)}`);
  return body.data[field] as Result;
}

async function toTeam(input: Record<string, unknown>, token: string, headers: Record<string, string> = {}) {
  const { body } = await api.graphql<{ assignCourseToTeam: Result }>(
    `mutation Team($input: AssignCourseToTeamInput!) { assignCourseToTeam(input: $input) { ${RESULT} } }`,
    { token, headers, variables: { input } },
  );
  if (!body.data) throw new Error(JSON.stringify(body.errors));
  return body.data.assignCourseToTeam;
}

async function training(id: string, token = hr) {
  await api.rebuild();
  const { body } = await api.graphql<{
    person: {
      training: { courseId: string; state: string; dueOn: string | null; assignedBy: string | null }[];
      recommendations: { courseId: string; basis: string; reasonEn: string; reasonZh: string }[];
    };
  }>(
    `query($id: String!) { person(id: $id) { training { courseId state dueOn assignedBy } recommendations { courseId basis reasonEn reasonZh } } }`,
    { token, variables: { id } },
  );
  if (!body.data) throw new Error(JSON.stringify(body.errors));
  return body.data.person;
}

const hire = (employeeId: string, teamId: string, recruitingFit = 75) =>
  send('HireEmployee', {
    employeeId,
    name: `Person ${employeeId}`,
    branchId: teamId.split('-')[0],
    teamId,
    regionId: 'east',
    managerId: null,
    level: 'sales_representative',
    track: 'sales_management',
    hiredAt: '2026-01-05',
    probationEnd: null,
    recruitingFit,
  });

beforeAll(async () => {
  database = await createTestDatabase('api_training');
  api = await startApiHarness(database.url);
  hr = await as({ userId: 'hr', name: 'HR', role: 'hr_admin' });
  manager = await as({ userId: 'tm', name: 'TM', role: 'team_manager', teamId: 'sh-1', employeeId: 'm1' });
  otherManager = await as({ userId: 'tb', name: 'TB', role: 'team_manager', teamId: 'bj-1' });
  rep = await as({ userId: 'u-a1', name: 'A1', role: 'sales_rep', employeeId: 'a1' });
  for (const [id, team, fit] of [
    ['a1', 'sh-1', 62],
    ['a2', 'sh-1', 85],
    ['a3', 'sh-1', 75],
    ['b1', 'bj-1', 75],
  ] as const) {
    expect(await hire(id, team, fit)).toMatchObject({ __typename: 'CommandSucceeded' });
  }
  await api.rebuild();
});
afterAll(async () => {
  await api?.close();
  await database?.drop();
});

describe('assigning courses with a due date', () => {
  const course = 'customer-relationship-maintenance';

  it('refuses a due date before today, naming the field in the caller’s language, and writes nothing', async () => {
    const input = { employeeId: 'a1', courseId: course, dueOn: day(-3), at: new Date().toISOString() };
    const en = await send('AssignCourse', input, manager);
    expect(en).toMatchObject({
      __typename: 'ValidationFailed',
      field: 'due date',
      fieldPath: ['input', 'dueOn'],
    });
    expect(en.message).toMatch(/^due date \d{4}-\d{2}-\d{2} is before the day of the assignment/);
    const cn = await send('AssignCourse', input, manager, zh);
    expect(cn).toMatchObject({ field: '截止日期', fieldPath: ['input', 'dueOn'] });
    expect(cn.message).toMatch(/^截止日期 \d{4}-\d{2}-\d{2} 早于分配当天/);
    const badDate = await send('AssignCourse', { ...input, dueOn: 'next week' }, manager, zh);
    expect(badDate).toMatchObject({ __typename: 'ValidationFailed', field: '截止日期' });
    expect((await training('a1')).training).toEqual([]);
  });

  it('a rep may not assign a course, to a colleague or to the team', async () => {
    const input = { employeeId: 'a2', courseId: course, dueOn: day(10), at: new Date().toISOString() };
    expect(await send('AssignCourse', input, rep)).toMatchObject({ __typename: 'Forbidden' });
    expect(await toTeam({ teamId: 'sh-1', courseId: course, dueOn: day(10) }, rep)).toMatchObject({
      __typename: 'Forbidden',
    });
    expect((await training('a2')).training).toEqual([]);
  });

  it('a manager assigns one person with a due date, read back on their page', async () => {
    const due = day(14);
    const result = await send(
      'AssignCourse',
      { employeeId: 'a1', courseId: course, dueOn: due, at: new Date().toISOString() },
      manager,
    );
    expect(result).toMatchObject({ __typename: 'CommandSucceeded' });
    expect((await training('a1')).training).toEqual([
      { courseId: course, state: 'assigned', dueOn: due, assignedBy: 'm1' },
    ]);
  });

  it('assigns the whole team at once, skipping who already has it; another team’s manager writes nothing', async () => {
    const due = day(21);
    const outside = await toTeam({ teamId: 'sh-1', courseId: course, dueOn: due }, otherManager, zh);
    expect(outside).toMatchObject({ __typename: 'Forbidden' });
    expect(outside.message).toMatch(/超出你的管理范围/);
    const past = await toTeam({ teamId: 'sh-1', courseId: course, dueOn: day(-1) }, manager, zh);
    expect(past).toMatchObject({
      __typename: 'ValidationFailed',
      field: '截止日期',
      fieldPath: ['input', 'dueOn'],
    });
    expect((await training('a2')).training).toEqual([]);

    const done = await toTeam({ teamId: 'sh-1', courseId: course, dueOn: due }, manager);
    expect(done.__typename).toBe('CommandSucceeded');
    expect(done.events?.map((e) => e.type)).toEqual(['CourseAssigned', 'CourseAssigned']);
    expect((await training('a2')).training).toEqual([
      { courseId: course, state: 'assigned', dueOn: due, assignedBy: 'm1' },
    ]);
    expect((await training('a3')).training[0]?.dueOn).toBe(due);
    // a1 kept the due date of their own assignment.
    expect((await training('a1')).training[0]?.dueOn).toBe(day(14));
    const again = await toTeam({ teamId: 'sh-1', courseId: course, dueOn: due }, manager, zh);
    expect(again).toMatchObject({ __typename: 'RuleViolation', rule: 'team_has_course', field: '课程' });
    expect(await toTeam({ teamId: 'nowhere', courseId: course }, hr)).toMatchObject({
      __typename: 'NotFound',
      fieldPath: ['input', 'teamId'],
    });
  });

  it("shows a newcomer's learning path before their first score: onboarding assessment, then the ladder's courses", async () => {
    const { recommendations } = await training('b1');
    expect(recommendations.map((r) => [r.courseId, r.basis])).toEqual([
      ['customer-relationship-maintenance', 'learningPath'],
      ['sales-team-management', 'learningPath'],
    ]);
    expect(recommendations[0]?.reasonEn).toBe(
      'onboarding assessment 75 in 70–90: deepen customer relationships',
    );
    expect(recommendations[1]?.reasonZh).toBe('职业阶梯要求：晋升销售主管需完成');
  });
});

describe('the course catalogue and recommendation rules as a published policy', () => {
  const policyOf = async () => {
    await api.rebuild();
    const { body } = await api.graphql<{
      coursePolicy: {
        published: boolean;
        document: { version: number; rules: { bands: { basicUpTo: number } } };
      };
      courseCatalogue: { id: string; hours: number }[];
    }>(
      '{ coursePolicy { published document { version rules { bands { basicUpTo } } } } courseCatalogue { id hours } }',
      {
        token: manager,
      },
    );
    if (!body.data) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };

  it('is the demo policy until HR publishes; a refusal names its field in both languages; only HR publishes', async () => {
    expect((await policyOf()).coursePolicy).toMatchObject({ published: false, document: { version: 1 } });
    const bad = structuredClone(DEFAULT_COURSE_POLICY);
    bad.rules.bands.basicUpTo = 95;
    const cn = await send('PublishCoursePolicy', { courses: bad }, hr, zh);
    expect(cn).toMatchObject({
      __typename: 'ValidationFailed',
      fieldPath: ['input', 'courses', 'rules', 'bands', 'relationshipBelow'],
      field: '课程目录 › 推荐规则 › 分数段规则 › 管理课程分数下限',
    });
    expect(cn.message).toBe('管理课程分数下限 90 必须高于基础课程分数上限 95');
    const en = await send('PublishCoursePolicy', { courses: bad }, hr);
    expect(en.field).toBe('course catalogue › recommendation rules › score bands › leadership from (score)');
    expect(await send('PublishCoursePolicy', { courses: DEFAULT_COURSE_POLICY }, manager)).toMatchObject({
      __typename: 'Forbidden',
    });
  });

  it('HR publishes version 1 and then 2: the catalogue and the rules in force follow', async () => {
    expect(await send('PublishCoursePolicy', { courses: DEFAULT_COURSE_POLICY })).toMatchObject({
      __typename: 'CommandSucceeded',
    });
    const v2 = structuredClone({ ...DEFAULT_COURSE_POLICY, version: 2 });
    v2.rules.bands.basicUpTo = 60;
    v2.courses = v2.courses.map((c) => (c.id === 'strategic-selling' ? { ...c, hours: 30 } : c));
    expect(await send('PublishCoursePolicy', { courses: v2 })).toMatchObject({
      __typename: 'CommandSucceeded',
    });
    const after = await policyOf();
    expect(after.coursePolicy).toEqual({
      published: true,
      document: { version: 2, rules: { bands: { basicUpTo: 60 } } },
    });
    expect(after.courseCatalogue.find((c) => c.id === 'strategic-selling')?.hours).toBe(30);
    // The newcomer's assessment of 62 now falls in the relationship band (basics only up to 60).
    const a1 = await training('a1');
    expect(a1.recommendations[0]?.reasonEn).toBe(
      'onboarding assessment 62 in 60–90: deepen customer relationships',
    );
  });
});
