import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrateEventStore, PostgresEventStore } from '@trackrecord/eventstore';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { createDb, type Database, migrateReadModels } from '@trackrecord/projections';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenService } from '../auth/tokens.ts';
import { runImport } from '../import/importer.ts';
import { createDispatchSink } from '../import/sink.ts';
import { createApiServer } from '../server.ts';
import { createHookHandler, type HookHandler } from './handler.ts';
import { signHook } from './signature.ts';

const EXAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../examples');
const SECRETS = {
  crm: 'crm-secret-for-tests-0123456789',
  erp: 'erp-secret-for-tests-0123456789',
  lms: 'lms-secret-for-tests-0123456789',
  // oa has no secret: switched off, as in production without HOOK_SECRET_OA.
};

let database: TestDatabase;
let store: PostgresEventStore;
let db: Kysely<Database>;
let base: string;
let close: () => Promise<void>;
const clock = Math.floor(Date.parse('2025-04-01T00:00:00Z') / 1000);
beforeAll(async () => {
  database = await createTestDatabase('api_hooks');
  await migrateEventStore(database.url);
  await migrateReadModels(database.url);
  store = new PostgresEventStore({ connectionString: database.url });
  db = createDb<Database>(database.url);
  const hooks = createHookHandler({ store, secrets: SECRETS, now: () => clock });
  const server = createApiServer({
    store,
    db,
    ready: () => true,
    production: false,
    tokens: createTokenService('a-hooks-test-secret-long-enough-0123456789'),
    hooks,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
  // The company the example payloads talk about.
  const imported = await runImport([path.join(EXAMPLES, 'import')], { sink: createDispatchSink(store) });
  expect(imported.status).toBe('imported');
});
afterAll(async () => {
  await close?.();
  await db?.destroy();
  await store?.close();
  await database?.drop();
});

/** A bare HTTP server for one hook handler (another secret set or another clock than the API's). */
async function listen(hooks: HookHandler) {
  const server = createServer(
    (req, res) => void hooks(req, res, new URL(req.url ?? '/', 'http://x').pathname),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const example = (name: string) => readFile(path.join(EXAMPLES, 'webhooks', name), 'utf8');

interface HookReply {
  readonly ok?: boolean;
  readonly error: { code: string; message: string; problems: { field: string; message: string }[] };
}

async function post(
  source: string,
  body: string,
  options: { secret?: string | null; timestamp?: number; headers?: Record<string, string> } = {},
) {
  const timestamp = String(options.timestamp ?? clock);
  const secret = options.secret === undefined ? SECRETS[source as keyof typeof SECRETS] : options.secret;
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  if (secret) {
    headers['x-trackrecord-timestamp'] = timestamp;
    headers['x-trackrecord-signature'] = signHook(secret, timestamp, body);
  }
  const response = await fetch(`${base}/hooks/${source}`, { method: 'POST', headers, body });
  return { status: response.status, body: (await response.json()) as HookReply };
}

describe('signed events from each source', () => {
  it('CRM sale.closed becomes a closed sale in fen, at occurredAt', async () => {
    const response = await post('crm', await example('crm.sale.closed.json'));
    expect(response).toMatchObject({
      status: 200,
      body: { ok: true, command: 'CloseSale', duplicate: false },
    });
    const [event] = await store.readStream('sale-S-3001');
    expect(event).toMatchObject({
      type: 'SaleClosed',
      data: { amount: 5_680_000, employeeId: 'E003', closedAt: '2025-03-20T10:15:00+08:00' },
      metadata: { commandId: 'hook:crm:crm-evt-90001', source: 'crm', actor: 'system:crm' },
    });
  });

  it('ERP payment.collected and LMS course.completed are accepted', async () => {
    expect(await post('erp', await example('erp.payment.collected.json'))).toMatchObject({
      status: 200,
      body: { command: 'CollectPayment' },
    });
    expect((await store.readStream('sale-S-1001')).at(-1)?.data).toMatchObject({
      paymentId: 'P-3001',
      amount: 3_200_000,
    });
    expect(await post('lms', await example('lms.course.completed.json'))).toMatchObject({
      status: 200,
      body: { command: 'CompleteCourse' },
    });
    // A skill assessment's result lands on the person's activity stream of its month.
    expect(await post('lms', await example('lms.skill.assessed.json'))).toMatchObject({
      status: 200,
      body: { command: 'RecordSkillAssessment' },
    });
    expect((await store.readStream('activity-E006-2025-03')).at(-1)).toMatchObject({
      type: 'SkillAssessed',
      data: { employeeId: 'E006', test: '销售技能测评', score: 76.5 },
    });
  });

  it('ERP payment.refunded appends PaymentRefunded of the payment, in fen, at occurredAt', async () => {
    // P-3001 (32,000 yuan on S-1001) was collected by the example above.
    expect(await post('erp', await example('erp.payment.refunded.json'))).toMatchObject({
      status: 200,
      body: { ok: true, command: 'RefundPayment', duplicate: false },
    });
    expect((await store.readStream('sale-S-1001')).at(-1)).toMatchObject({
      type: 'PaymentRefunded',
      data: {
        paymentId: 'P-3001',
        saleId: 'S-1001',
        employeeId: 'E002',
        amount: 500_000,
        reason: '客户部分退货 / partial return',
        refundedAt: '2025-03-30T11:00:00+08:00',
      },
      metadata: { commandId: 'hook:erp:erp-rfnd-2025-0415', source: 'erp', actor: 'system:erp' },
    });
    // More than is still held of the payment (3,200,000 − 500,000 fen): refused, nothing written.
    const head = await store.headPosition();
    const tooMuch = JSON.stringify({
      id: 'erp-rfnd-2025-0416',
      type: 'payment.refunded',
      occurredAt: '2025-03-31T09:00:00+08:00',
      data: { paymentId: 'P-3001', saleId: 'S-1001', amount: 27_000.01, reason: 'full return' },
    });
    expect(await post('erp', tooMuch)).toMatchObject({
      status: 409,
      body: { error: { code: 'ILLEGAL_STATE', message: expect.stringMatching(/2700000 fen still held/) } },
    });
    expect(await store.headPosition()).toBe(head);
  });

  it('OA mentor.rated is accepted once its secret is configured', async () => {
    const body = await example('oa.mentor.rated.json');
    expect(await post('oa', body, { secret: 'anything-at-all-0123456789' })).toMatchObject({
      status: 503,
      body: { error: { code: 'HOOK_DISABLED', message: expect.stringContaining('HOOK_SECRET_OA') } },
    });
    const hooks = createHookHandler({
      store,
      secrets: { oa: 'oa-secret-for-tests-0123456789' },
      now: () => clock,
    });
    const server = await listen(hooks);
    const timestamp = String(clock);
    const response = await fetch(`${server.url}/hooks/oa`, {
      method: 'POST',
      headers: {
        'x-trackrecord-timestamp': timestamp,
        'x-trackrecord-signature': signHook('oa-secret-for-tests-0123456789', timestamp, body),
      },
      body,
    });
    await server.close();
    expect(response.status).toBe(200);
    expect((await store.readStream('mentorship-E006')).at(-1)).toMatchObject({
      type: 'MentorRated',
      data: { rating: 9 },
    });
  });
});

describe('examples/webhooks/post.sh', () => {
  it('signs with openssl and posts with curl, as docs/webhooks.md shows', async () => {
    const { execFile } = await import('node:child_process');
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    // A server on the real clock: the script stamps the request with `date +%s`.
    const hooks = createHookHandler({ store, secrets: SECRETS });
    const server = await listen(hooks);
    const dir = await mkdtemp(path.join(tmpdir(), 'tr-hook-'));
    const payload = path.join(dir, 'demo.json');
    await writeFile(
      payload,
      JSON.stringify({
        id: 'crm-demo-1',
        type: 'demo.given',
        occurredAt: '2025-03-21T10:00:00+08:00',
        data: { employeeId: 'E004', customerId: 'C-003' },
      }),
    );
    const output = await new Promise<string>((resolve, reject) =>
      execFile(
        'bash',
        [path.join(EXAMPLES, 'webhooks', 'post.sh'), 'crm', payload],
        {
          env: {
            ...process.env,
            TRACKRECORD_URL: server.url,
            HOOK_SECRET_CRM: SECRETS.crm,
          },
        },
        (error, stdout) => (error ? reject(error) : resolve(stdout)),
      ),
    );
    await server.close();
    expect(JSON.parse(output)).toMatchObject({ ok: true, command: 'GiveDemo', duplicate: false });
    expect((await store.readStream('activity-E004-2025-03')).map((e) => e.type)).toContain('DemoGiven');
  });
});

describe('replays', () => {
  it('the same event posted again (a retry) is accepted and writes nothing new', async () => {
    const head = await store.headPosition();
    const response = await post('crm', await example('crm.sale.closed.json'));
    expect(response).toMatchObject({ status: 200, body: { ok: true, duplicate: true } });
    expect(await store.headPosition()).toBe(head);
  });

  it('a request signed longer ago than the tolerance is refused', async () => {
    const response = await post('crm', await example('crm.sale.closed.json'), { timestamp: clock - 301 });
    expect(response).toMatchObject({
      status: 401,
      body: { error: { code: 'BAD_SIGNATURE', message: expect.stringMatching(/301 s away/) } },
    });
  });

  it('an event id reused for another event is a conflict, not a write', async () => {
    const body = JSON.parse(await example('crm.sale.closed.json'));
    body.data.saleId = 'S-3999';
    const head = await store.headPosition();
    const response = await post('crm', JSON.stringify(body));
    expect(response).toMatchObject({ status: 409, body: { error: { code: 'EVENT_ID_REUSED' } } });
    expect(await store.headPosition()).toBe(head);
  });
});

describe('refused requests, each with a clear JSON body', () => {
  const event = (type: string, data: Record<string, unknown>, id = `t-${Math.random()}`) =>
    JSON.stringify({ id, type, occurredAt: '2025-03-30T09:00:00+08:00', data });

  it('unsigned: 401 naming the missing header', async () => {
    const response = await post('crm', event('followup.logged', { employeeId: 'E002', customerId: 'C-1' }), {
      secret: null,
    });
    expect(response).toMatchObject({
      status: 401,
      body: {
        error: { code: 'BAD_SIGNATURE', message: expect.stringMatching(/missing x-trackrecord-signature/) },
      },
    });
  });

  it('signed with another secret, or with the body changed after signing: 401', async () => {
    const body = event('followup.logged', { employeeId: 'E002', customerId: 'C-1' });
    expect((await post('crm', body, { secret: SECRETS.erp })).status).toBe(401);
    const timestamp = String(clock);
    const response = await fetch(`${base}/hooks/crm`, {
      method: 'POST',
      headers: {
        'x-trackrecord-timestamp': timestamp,
        'x-trackrecord-signature': signHook(SECRETS.crm, timestamp, body),
      },
      body: body.replace('C-1', 'C-2'),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      error: { message: expect.stringMatching(/does not match the body/) },
    });
  });

  it('malformed JSON: 400', async () => {
    expect(await post('crm', '{"id": ')).toMatchObject({
      status: 400,
      body: { error: { code: 'INVALID_JSON' } },
    });
  });

  it('a missing envelope field or a bad data field: 422 naming the field', async () => {
    const noTime = JSON.stringify({ id: 'x1', type: 'followup.logged', data: {} });
    expect(await post('crm', noTime)).toMatchObject({
      status: 422,
      body: {
        error: { code: 'INVALID_PAYLOAD', problems: [expect.objectContaining({ field: 'occurredAt' })] },
      },
    });
    const response = await post(
      'erp',
      event('payment.collected', { paymentId: 'P-x', saleId: 'S-1005', amount: '12.345' }),
    );
    expect(response).toMatchObject({
      status: 422,
      body: {
        error: {
          code: 'INVALID_PAYLOAD',
          problems: [{ field: 'data.amount', message: expect.stringMatching(/two decimals/) }],
        },
      },
    });
    const missing = await post(
      'crm',
      event('sale.closed', { saleId: 'S-3100', employeeId: 'E002', amount: 10 }),
    );
    expect(missing.status).toBe(422);
    expect(missing.body.error.problems.map((p: { field: string }) => p.field)).toEqual(
      expect.arrayContaining(['data.grossMargin', 'data.productLine', 'data.customerId']),
    );
  });

  it('an unknown event type: 422 listing the known ones', async () => {
    expect((await post('crm', event('constructor', {}))).body.error.code).toBe('UNKNOWN_EVENT_TYPE');
    expect(await post('lms', event('course.failed', {}))).toMatchObject({
      status: 422,
      body: {
        error: {
          code: 'UNKNOWN_EVENT_TYPE',
          message: expect.stringMatching(/course.assigned, course.started, course.completed, skill.assessed/),
        },
      },
    });
  });

  it('a domain refusal: 409 for a state that forbids it, 422 for someone unknown; nothing written', async () => {
    const head = await store.headPosition();
    expect(
      await post('erp', event('payment.collected', { paymentId: 'P-y', saleId: 'S-1002', amount: 1 })),
    ).toMatchObject({
      status: 409,
      body: { error: { code: 'ILLEGAL_STATE', message: expect.stringMatching(/above the open balance/) } },
    });
    expect(
      await post('crm', event('followup.logged', { employeeId: 'E999', customerId: 'C-1' })),
    ).toMatchObject({
      status: 422,
      body: { error: { code: 'NOT_FOUND', message: 'employee E999 is not known' } },
    });
    expect(await store.headPosition()).toBe(head);
  });

  it('an unknown source: 404; another method: 405', async () => {
    expect(await post('hr', '{}', { secret: 'x' })).toMatchObject({
      status: 404,
      body: { error: { code: 'UNKNOWN_SOURCE' } },
    });
    const response = await fetch(`${base}/hooks/crm`);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });
});
