import { type DomainCommandType, domainCommandSchemas, REDACTED } from '@trackrecord/domain';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../auth/viewer.ts';
import { toGraphQL } from '../schema/zodInput.ts';
import { seedDemoCompany } from '../seed/demoSeed.ts';
import { type ApiHarness, startApiHarness } from '../testing/harness.ts';

// Redaction of a departed person's personal fields (issue 20, docs/privacy.md): HR redacts on
// the person's request; the store overwrites the personal fields of their events in the same
// transaction; read models, the export and GraphQL read them as redacted; a decision about
// them replays exactly as before. Someone still employed is refused, and nothing is written.
const SMALL = { seed: 16, employees: 32, weeks: 15 };
let database: TestDatabase;
let api: ApiHarness;
const hrViewer: Viewer = { userId: 'demo-hr', name: '王芳', role: 'hr_admin' };
const auditorViewer: Viewer = { userId: 'demo-auditor', name: '孙丽', role: 'auditor' };

beforeAll(async () => {
  database = await createTestDatabase('api_redaction');
  api = await startApiHarness(database.url, { runners: true });
  await seedDemoCompany(api.store, SMALL);
}, 240_000);
afterAll(async () => {
  await api?.close();
  await database?.drop();
});

type Outcome = { __typename: string; position?: string; message?: string };
async function send(type: DomainCommandType, data: unknown, lang = 'en'): Promise<Outcome> {
  const field = `${type.charAt(0).toLowerCase()}${type.slice(1)}`;
  const { body } = await api.graphql<Record<string, Outcome>>(
    `mutation($input: ${type}Input!) { ${field}(input: $input) { __typename ... on CommandSucceeded { position } ... on RuleViolation { message } ... on ValidationFailed { message } } }`,
    {
      token: await api.token(hrViewer),
      variables: { input: toGraphQL(domainCommandSchemas[type], data) },
      headers: { 'accept-language': lang },
    },
  );
  const result = body.data?.[field];
  if (!result) throw new Error(JSON.stringify(body));
  return result;
}
async function read<T>(query: string, viewer: Viewer, variables?: Record<string, unknown>): Promise<T> {
  const head = (await api.store.headPosition()).toString();
  const wait = `@waitFor(position: "${head}", timeoutMs: 10000)`;
  const document = `query Q($id: String!) ${wait} ${query}`;
  const { body } = await api.graphql<T>(document, {
    token: await api.token(viewer),
    variables: variables ?? {},
  });
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data as T;
}

const REPLAY = `{ decisionReplay(decisionId: $id) {
  employeeId same eventsReplayed
  differences { field cause note }
  original { outcome eligible score scoreMonth }
  recomputed { eligible score scoreMonth checklist { met } }
  nowKnown { same differences { field cause } }
} }`;
type Replay = { decisionReplay: { employeeId: string } & Record<string, unknown> };

async function decisions(): Promise<{ reviewId: string; employeeId: string }[]> {
  const rows = await sql<{ review_id: string; employee_id: string }>`
    SELECT data->>'reviewId' AS review_id, data->>'employeeId' AS employee_id
      FROM eventstore.events WHERE event_type = 'PromotionDecided' ORDER BY global_position`.execute(api.db);
  return rows.rows.map((r) => ({ reviewId: r.review_id, employeeId: r.employee_id }));
}
const storedNames = async (employeeId: string) =>
  (
    await sql<{ name: string; name_en: string | null }>`
      SELECT data->>'name' AS name, data->>'nameEn' AS name_en FROM eventstore.events
       WHERE event_type = 'EmployeeHired' AND data->>'employeeId' = ${employeeId}`.execute(api.db)
  ).rows;

describe('redaction of a departed person’s personal data', () => {
  it('refuses someone still employed, naming why, in Chinese and English, and writes nothing', async () => {
    const [decided] = await decisions();
    expect(decided).toBeDefined();
    const person = await read<{ person: { status: string } }>('{ person(id: $id) { status } }', hrViewer, {
      id: decided?.employeeId,
    });
    expect(person.person.status).toBe('active');
    const head = await api.store.headPosition();
    const en = await send('RedactPersonalData', {
      employeeId: decided?.employeeId,
      reason: 'asked by email',
    });
    expect(en.__typename).toBe('RuleViolation');
    expect(en.message).toContain('still employed');
    const zh = await send(
      'RedactPersonalData',
      { employeeId: decided?.employeeId, reason: '本人申请' },
      'zh',
    );
    expect(zh.message).toContain('仍在职');
    expect(await api.store.headPosition()).toBe(head);
    expect((await storedNames(decided?.employeeId ?? ''))[0]?.name).not.toBe(REDACTED.zh);
  });

  it('redacts a departed person; their decision replays to the same outcome, with no difference', async () => {
    const [decided] = await decisions();
    const id = decided?.employeeId ?? '';
    const before = await read<Replay>(REPLAY, auditorViewer, { id: decided?.reviewId });
    const left = await send('RecordDeparture', {
      employeeId: id,
      voluntary: true,
      reason: '家庭原因，回老家发展',
      leftAt: '2026-06-01',
    });
    expect(left.__typename).toBe('CommandSucceeded');
    const done = await send('RedactPersonalData', {
      employeeId: id,
      reason: '本人离职后书面申请删除个人信息',
    });
    expect(done.__typename, JSON.stringify(done)).toBe('CommandSucceeded');

    // The store: the hire event's name and its English form, and the departure's reason, now
    // read as redacted; the business facts of the events are as they were.
    expect(await storedNames(id)).toEqual([{ name: REDACTED.zh, name_en: REDACTED.en }]);
    const reasons = await sql<{ reason: string }>`
      SELECT data->>'reason' AS reason FROM eventstore.events
       WHERE event_type = 'EmployeeLeft' AND data->>'employeeId' = ${id}`.execute(api.db);
    expect(reasons.rows).toEqual([{ reason: REDACTED.zh }]);

    // The read model and GraphQL.
    const person = await read<{
      person: { name: string; nameEn: string; personalDataRedacted: boolean; status: string };
    }>('{ person(id: $id) { name nameEn personalDataRedacted status } }', hrViewer, { id });
    expect(person.person).toEqual({
      name: '已删除',
      nameEn: 'redacted',
      personalDataRedacted: true,
      status: 'departed',
    });

    // The decision replays as before the redaction.
    const after = await read<Replay>(REPLAY, auditorViewer, { id: decided?.reviewId });
    expect(after.decisionReplay).toEqual(before.decisionReplay);

    // Each replay is in the access log, under the auditor's role, with the review it replayed.
    const log = await read<{ accessLog: { kind: string; detail: string; role: string }[] }>(
      '{ accessLog(employeeId: $id, kind: audit_replay) { kind detail role } }',
      auditorViewer,
      { id },
    );
    expect(log.accessLog).toEqual([
      { kind: 'audit_replay', detail: decided?.reviewId, role: 'auditor' },
      { kind: 'audit_replay', detail: decided?.reviewId, role: 'auditor' },
    ]);

    // Redacting twice is refused.
    const again = await send('RedactPersonalData', { employeeId: id, reason: 'again' }, 'zh');
    expect(again.message).toContain('已经删除');
  });

  it('gives the personal export with the fields redacted', async () => {
    const [decided] = await decisions();
    const id = decided?.employeeId ?? '';
    const res = await fetch(`${api.base}/people/${id}/personal-data.json?lang=en`, {
      headers: { authorization: `Bearer ${await api.token(hrViewer)}` },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      record: { name: string; name_en: string };
      events: { type: string; data: Record<string, unknown> }[];
    };
    expect(body.record).toMatchObject({ name: REDACTED.zh, name_en: REDACTED.en });
    const hired = body.events.find((e) => e.type === 'EmployeeHired');
    expect(hired?.data).toMatchObject({ employeeId: id, name: REDACTED.zh, nameEn: REDACTED.en });
    const redacted = body.events.find((e) => e.type === 'PersonalDataRedacted');
    expect(redacted?.data.reason).toBe('本人离职后书面申请删除个人信息');
    // Nothing in the export still carries a personal field of theirs.
    for (const e of body.events)
      for (const key of ['name', 'nameEn', 'reason', 'note', 'notes', 'comment'] as const)
        if (e.type !== 'PersonalDataRedacted' && typeof e.data[key] === 'string' && e.data.employeeId === id)
          if (['EmployeeHired', 'EmployeeLeft', 'InterventionRecorded', 'Feedback360Given'].includes(e.type))
            expect([REDACTED.zh, REDACTED.en], `${e.type}.${key}`).toContain(e.data[key]);
  });
});
