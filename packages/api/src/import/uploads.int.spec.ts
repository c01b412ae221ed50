import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrateEventStore, PostgresEventStore, type RecordedEvent } from '@trackrecord/eventstore';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, startApiHarness } from '../testing/harness.ts';
import { importCommand } from './command.ts';

const EXAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../examples/import');

const HR = { userId: 'hr-1', name: '周敏', role: 'hr_admin' } as const;
const REP = { userId: 'rep-1', name: '张伟', role: 'sales_rep', employeeId: 'E003' } as const;

let cliDb: TestDatabase;
let browserDb: TestDatabase;
let cliStore: PostgresEventStore;
let api: ApiHarness;
let hr: string;
let rep: string;
beforeAll(async () => {
  cliDb = await createTestDatabase('api_import_cli');
  browserDb = await createTestDatabase('api_import_browser');
  await migrateEventStore(cliDb.url);
  cliStore = new PostgresEventStore({ connectionString: cliDb.url });
  api = await startApiHarness(browserDb.url);
  hr = await api.token(HR);
  rep = await api.token(REP);
}, 120_000);
afterAll(async () => {
  await cliStore?.close();
  await api?.close();
  await cliDb?.drop();
  await browserDb?.drop();
});

async function upload(
  name: string,
  body: Buffer | string,
  token = hr,
  language = 'en',
): Promise<{ status: number; body: { id?: string; error?: string; field?: string } }> {
  const response = await fetch(`${api.base}/imports/files?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'accept-language': language },
    body: new Uint8Array(typeof body === 'string' ? Buffer.from(body) : body),
  });
  return { status: response.status, body: (await response.json()) as { id?: string; error?: string } };
}

const DESCRIBE = `query Upload($id: ID!) { importUpload(id: $id) { id fileName tables { name sheet rows kind rememberedBy headers { header column } sample { cells } } } }`;
const DRY_RUN = `mutation Dry($input: ImportInput!) { dryRunImport(input: $input) {
  report { status rows appended problems { file line column value reason } warnings }
  cleaning { table suggestions { rule count examples { line column before after duplicateOf } } } } }`;
const START = `mutation Start($input: ImportInput!) { startImport(input: $input) { id status } }`;
const RUN = `query Run($id: ID!) { importRun(id: $id) { id status phase percent startedBy files rows appended duplicates problems report { status appended problems { line column reason } } } }`;
const RUNS = `query Runs { importRuns { id status startedBy files rows appended problems } }`;

interface Table {
  name: string;
  kind: string | null;
  rememberedBy: string | null;
  headers: { header: string; column: string | null }[];
}

async function describeUpload(id: string): Promise<Table[]> {
  const { body } = await api.graphql<{ importUpload: { tables: Table[] } }>(DESCRIBE, {
    token: hr,
    variables: { id },
  });
  expect(body.errors).toBeUndefined();
  return body.data?.importUpload.tables ?? [];
}

/** The choices a person who accepts every suggestion sends. */
const inputOf = (uploadIds: string[], tables: Table[], cleaning: string[] = []) => ({
  uploadIds,
  tables: tables.map((t) => ({ table: t.name, kind: t.kind, columns: t.headers })),
  cleaning,
});

async function finished(id: string): Promise<Record<string, unknown> & { status: string; percent: number }> {
  for (;;) {
    const { body } = await api.graphql<{ importRun: { status: string; percent: number } }>(RUN, {
      token: hr,
      variables: { id },
    });
    const run = body.data?.importRun;
    if (!run) throw new Error(JSON.stringify(body.errors));
    if (run.status !== 'running') return run as never;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function allEvents(store: PostgresEventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (let after = 0n; ; ) {
    const page = await store.readAll({ after, maxCount: 1000 });
    events.push(...page.events);
    if (page.isEnd || page.events.length === 0) return events;
    after = page.events.at(-1)?.position ?? after;
  }
}
const comparable = (e: RecordedEvent) => ({
  id: e.id,
  type: e.type,
  streamId: e.streamId,
  revision: e.revision,
  position: e.position,
  data: e.data,
  metadata: e.metadata,
});

describe('import from the browser', () => {
  it('gives the same events as `pnpm cli import` of the example files', async () => {
    const reportBase = path.join(await mkdtemp(path.join(tmpdir(), 'tr-import-cli-')), 'examples');
    const code = await importCommand(
      [EXAMPLES, '--report', reportBase],
      async () => cliStore,
      () => {},
    );
    expect(code).toBe(0);

    const names = (await readdir(EXAMPLES)).filter((n) => /\.(csv|xlsx)$/.test(n) && !n.includes('.report.'));
    expect(names.length).toBe(10);
    const ids: string[] = [];
    const tables: Table[] = [];
    for (const name of names) {
      const uploaded = await upload(name, await readFile(path.join(EXAMPLES, name)));
      expect(uploaded.status).toBe(201);
      ids.push(uploaded.body.id as string);
      tables.push(...(await describeUpload(uploaded.body.id as string)));
    }
    // Kinds and columns are suggested from the names and the (Chinese or English) headers.
    expect(tables.find((t) => t.name === 'payments.csv')).toMatchObject({
      kind: 'payments',
      headers: [
        { header: '回款单号', column: 'payment_id' },
        { header: '销售单号', column: 'sale_id' },
        { header: '回款金额（元）', column: 'amount' },
        { header: '回款日期', column: 'collected_at' },
      ],
    });
    expect(tables.find((t) => t.name === 'branch-south.xlsx#说明')?.kind).toBeNull();

    const dry = await api.graphql<{
      dryRunImport: { report: { status: string; appended: number; problems: unknown[] } };
    }>(DRY_RUN, { token: hr, variables: { input: inputOf(ids, tables) } });
    expect(dry.body.errors).toBeUndefined();
    expect(dry.body.data?.dryRunImport.report).toMatchObject({
      status: 'dry-run',
      appended: 50,
      problems: [],
    });
    expect(await api.store.headPosition()).toBe(0n);

    const started = await api.graphql<{ startImport: { id: string; status: string } }>(START, {
      token: hr,
      variables: { input: inputOf(ids, tables) },
    });
    expect(started.body.errors).toBeUndefined();
    const run = await finished(started.body.data?.startImport.id as string);
    expect(run).toMatchObject({
      status: 'imported',
      percent: 100,
      startedBy: '周敏',
      appended: 50,
      problems: 0,
    });

    const cli = (await allEvents(cliStore)).map(comparable);
    const browser = (await allEvents(api.store)).map(comparable);
    expect(cli.length).toBe(50);
    expect(browser).toEqual(cli);

    // Run again: every row is already in, nothing new (resumable by row).
    const again = await api.graphql<{ startImport: { id: string } }>(START, {
      token: hr,
      variables: { input: inputOf(ids, tables) },
    });
    expect(await finished(again.body.data?.startImport.id as string)).toMatchObject({
      status: 'imported',
      appended: 0,
      duplicates: 50,
    });
    expect(await api.store.headPosition()).toBe(50n);

    // The history, newest first, says who imported what; the mapping is remembered by source.
    const runs = await api.graphql<{
      importRuns: { startedBy: string; files: string[]; appended: number }[];
    }>(RUNS, {
      token: hr,
    });
    expect(runs.body.data?.importRuns.map((r) => r.appended)).toEqual([0, 50]);
    expect(runs.body.data?.importRuns[1]?.files).toEqual([...names].sort());
    const next = await upload('payments-2025-04.csv', '回款单号,销售单号,回款金额（元）,回款日期\n');
    expect((await describeUpload(next.body.id as string))[0]).toMatchObject({
      kind: 'payments',
      rememberedBy: '周敏',
    });
  }, 120_000);

  it('dry run: every problem by row and column in the page language, cleaning before/after, nothing written', async () => {
    const head = await api.store.headPosition();
    // E003 exists (imported above): a full-width amount, a duplicated row, blanks, ￥ and a date written three ways.
    const csv = [
      'sale_id,employee_id,amount,gross_margin,product_line,customer_id,closed_at',
      'S-9001,E003 ,"￥1,280.00",0.3,crm-cloud,C-1,2025/3/1',
      'S-9002,E003,１２８００,0.3,crm-cloud,C-1,２０２５-03-02',
      'S-9002,E003,１２８００,0.3,crm-cloud,C-1,２０２５-03-02',
      'S-9003,E999,500,0.3,crm-cloud,C-1,20250303',
    ].join('\n');
    const uploaded = await upload('sales-dirty.csv', csv);
    const tables = await describeUpload(uploaded.body.id as string);
    expect(tables[0]).toMatchObject({ kind: 'sales' });
    type Check = {
      report: { status: string; problems: { line: number; column: string; value: string; reason: string }[] };
      cleaning: {
        suggestions: {
          rule: string;
          count: number;
          examples: { line: number; before: string; after: string; duplicateOf: number | null }[];
        }[];
      }[];
    };
    const dirty = await api.graphql<{ dryRunImport: Check }>(DRY_RUN, {
      token: hr,
      variables: { input: inputOf([uploaded.body.id as string], tables) },
      headers: { 'accept-language': 'zh-CN' },
    });
    const problems = dirty.body.data?.dryRunImport.report.problems ?? [];
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          line: 3,
          column: 'amount',
          value: '１２８００',
          reason: expect.stringContaining('金额'),
        }),
        expect.objectContaining({
          line: 3,
          column: 'closed_at',
          value: '２０２５-03-02',
          reason: expect.stringContaining('日期'),
        }),
        expect.objectContaining({
          line: 5,
          column: 'closed_at',
          value: '20250303',
          reason: expect.stringContaining('日期'),
        }),
      ]),
    );
    const suggestions = dirty.body.data?.dryRunImport.cleaning[0]?.suggestions ?? [];
    expect(suggestions.map((s) => s.rule)).toEqual(['TRIM', 'FULL_WIDTH', 'AMOUNTS', 'DATES', 'DUPLICATES']);
    expect(suggestions.find((s) => s.rule === 'FULL_WIDTH')?.examples[0]).toMatchObject({
      line: 3,
      before: '１２８００',
      after: '12800',
    });
    expect(suggestions.find((s) => s.rule === 'AMOUNTS')?.examples[0]).toMatchObject({
      before: '￥1,280.00',
      after: '1280.00',
    });
    expect(suggestions.find((s) => s.rule === 'DUPLICATES')?.examples[0]).toMatchObject({
      line: 4,
      duplicateOf: 3,
    });

    const cleaned = await api.graphql<{ dryRunImport: Check }>(DRY_RUN, {
      token: hr,
      variables: {
        input: inputOf([uploaded.body.id as string], tables, [
          'TRIM',
          'FULL_WIDTH',
          'AMOUNTS',
          'DATES',
          'DUPLICATES',
        ]),
      },
      headers: { 'accept-language': 'zh-CN' },
    });
    // Only the domain's refusal is left: the unknown seller, named in Chinese, at its cell.
    expect(cleaned.body.data?.dryRunImport.report.problems).toEqual([
      {
        file: 'sales-dirty.csv',
        line: 5,
        column: 'employee_id',
        value: 'E999',
        reason: '员工 E999 不存在（从未入职）',
      },
    ]);
    expect(await api.store.headPosition()).toBe(head);
  }, 60_000);

  it('is for HR: others are refused in their language, and a file that is not a table is refused', async () => {
    const refused = await upload('sales.csv', 'sale_id\n', rep, 'zh-CN');
    expect(refused.status).toBe(403);
    expect(refused.body.error).toContain('人力资源管理员');
    const runs = await api.graphql(RUNS, { token: rep, headers: { 'accept-language': 'zh-CN' } });
    expect(runs.body.errors?.[0]?.message).toContain('人力资源管理员');
    const wrong = await upload('notes.txt', 'hello', hr, 'zh-CN');
    expect(wrong).toMatchObject({
      status: 400,
      body: { field: 'file', error: expect.stringContaining('不是 .csv 或 .xlsx 文件') },
    });
    const broken = await upload('book.xlsx', 'not a workbook');
    expect(broken).toMatchObject({ status: 400, body: { field: 'file' } });
    const anonymous = await fetch(`${api.base}/imports/files?name=sales.csv`, { method: 'POST', body: 'x' });
    expect(anonymous.status).toBe(401);
  });
});
