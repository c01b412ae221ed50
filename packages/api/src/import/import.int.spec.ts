import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrateEventStore, PostgresEventStore } from '@trackrecord/eventstore';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCommand } from './command.ts';
import { runImport } from './importer.ts';
import { loadMapping } from './mapping.ts';
import { writeReport } from './report.ts';
import { createDispatchSink, createPreviewSink } from './sink.ts';

const EXAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../examples/import');

let database: TestDatabase;
let store: PostgresEventStore;
let scratch: string;
beforeAll(async () => {
  database = await createTestDatabase('api_import');
  await migrateEventStore(database.url);
  store = new PostgresEventStore({ connectionString: database.url });
  scratch = await mkdtemp(path.join(tmpdir(), 'tr-import-'));
});
afterAll(async () => {
  await store?.close();
  await database?.drop();
});

async function folder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(scratch, 'case-'));
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
  return dir;
}

const dataOf = async (stream: string) => (await store.readStream(stream)).map((e) => [e.type, e.data]);

describe('importing the examples', () => {
  it('dry run: checks every row against the domain and writes nothing', async () => {
    const report = await runImport([EXAMPLES], { sink: createPreviewSink(store), dryRun: true });
    expect(report.rejected).toEqual([]);
    expect(report.status).toBe('dry-run');
    // Payments are checked against the sales decided before them, in the same dry run.
    expect(report.appended).toBe(50);
    expect(await store.headPosition()).toBe(0n);
  });

  it('imports CSV and Excel files, converting yuan to fen, dates and Chinese labels', async () => {
    const report = await runImport([EXAMPLES], { sink: createDispatchSink(store) });
    expect(report.rejected).toEqual([]);
    expect(report.status).toBe('imported');
    expect(report.appended).toBe(50);
    expect(report.warnings).toEqual([expect.stringContaining('branch-south.xlsx#说明: skipped')]);
    expect(report.files.find((f) => f.file.endsWith('#销售'))).toMatchObject({
      kind: 'sales',
      rows: 2,
      appended: 2,
    });
    expect(await store.headPosition()).toBe(50n);
    expect(report.lastPosition).toBe('50');

    expect(await dataOf('sale-S-1001')).toEqual([
      [
        'SaleClosed',
        expect.objectContaining({
          amount: 12_800_000,
          grossMargin: 0.32,
          newCustomer: true,
          closedAt: '2025-01-10T15:30:00+08:00',
        }),
      ],
      [
        'PaymentCollected',
        expect.objectContaining({ paymentId: 'P-1001', amount: 6_400_000, employeeId: 'E002' }),
      ],
      ['PaymentCollected', expect.objectContaining({ paymentId: 'P-1002', amount: 3_200_000 })],
      // refunds.csv, Chinese headers: after the payments it pays back.
      [
        'PaymentRefunded',
        {
          paymentId: 'P-1002',
          saleId: 'S-1001',
          employeeId: 'E002',
          amount: 800_000,
          reason: '客户部分退货 / partial return',
          refundedAt: '2025-03-05',
        },
      ],
    ]);
    expect(await dataOf('sale-S-1003')).toContainEqual([
      'SaleClosed',
      expect.objectContaining({
        amount: 32_000_000,
        customerType: 'key_account',
        channel: 'channel_partner',
      }),
    ]);
    // Excel: numeric amounts, real date cells, sheets named in Chinese.
    expect(await dataOf('sale-S-2101')).toEqual([
      [
        'SaleClosed',
        expect.objectContaining({ amount: 9_800_050, closedAt: '2025-02-14', customerType: 'key_account' }),
      ],
      ['PaymentCollected', expect.objectContaining({ amount: 4_900_025, collectedAt: '2025-03-01' })],
    ]);
    expect(await dataOf('employee-E003')).toEqual([
      [
        'EmployeeHired',
        expect.objectContaining({ name: '张伟', level: 'sales_representative', hiredAt: '2023-09-04' }),
      ],
    ]);
    expect(await dataOf('employee-E103')).toEqual([
      ['EmployeeHired', expect.objectContaining({ probationEnd: '2025-04-13', managerId: 'E101' })],
    ]);
    expect(await dataOf('target-T-EAST-1-2025-01')).toEqual([
      ['TargetSet', expect.objectContaining({ subjectKind: 'team', amount: 60_000_000 })],
    ]);
    expect(await dataOf('enrollment-E006-customer-relationship-maintenance')).toEqual([
      ['CourseAssigned', expect.objectContaining({ assignedBy: 'E001' })],
    ]);
    expect((await dataOf('mentorship-E006')).map(([type]) => type)).toEqual([
      'MentorAssigned',
      'MentorTaskDone',
      'MentorTaskDone',
      'MentorTaskDone',
      'MentorRated',
    ]);
    // Someone who left: their sale is in, and their departure was written after every file.
    const left = await store.readStream('employee-E007');
    expect(left.map((e) => [e.type, e.data])).toEqual([
      ['EmployeeHired', expect.objectContaining({ name: '孙涛' })],
      ['EmployeeLeft', { employeeId: 'E007', voluntary: true, reason: '个人发展', leftAt: '2025-02-28' }],
    ]);
    expect(left[1]?.position).toBe(50n);
    expect(await dataOf('sale-S-1007')).toEqual([
      ['SaleClosed', expect.objectContaining({ amount: 990_000 })],
    ]);
    const [hired] = await store.readStream('employee-E001');
    expect(hired?.metadata).toMatchObject({
      commandId: 'import:employees:E001',
      source: 'import',
      actor: 'import:employees.csv',
    });
  });

  it('imports refunds of payments, with English headers and without a refund number', async () => {
    const dir = await folder({
      'sales.csv': [
        'sale_id,employee_id,amount,gross_margin,product_line,customer_id,closed_at',
        'S-381,E002,10000,0.3,crm,C-1,2025-03-03',
      ].join('\n'),
      'payments.csv': ['payment_id,sale_id,amount,collected_at', 'P-381,S-381,6000,2025-03-10'].join('\n'),
      '2025-refunds.csv': [
        'payment_id,sale_id,amount,refunded_at,reason',
        'P-381,S-381,2000.50,2025-03-20,returned goods',
        'P-381,S-381,1000,2025-04-02 09:00,price adjustment',
      ].join('\n'),
    });
    const report = await runImport([dir], { sink: createDispatchSink(store) });
    expect(report.rejected).toEqual([]);
    expect(report.files.map((f) => [path.basename(f.file), f.kind, f.appended])).toEqual([
      ['sales.csv', 'sales', 1],
      ['payments.csv', 'payments', 1],
      ['2025-refunds.csv', 'refunds', 2],
    ]);
    const refunds = (await store.readStream('sale-S-381')).filter((e) => e.type === 'PaymentRefunded');
    expect(refunds.map((e) => e.data)).toEqual([
      {
        paymentId: 'P-381',
        saleId: 'S-381',
        employeeId: 'E002',
        amount: 200_050,
        reason: 'returned goods',
        refundedAt: '2025-03-20',
      },
      {
        paymentId: 'P-381',
        saleId: 'S-381',
        employeeId: 'E002',
        amount: 100_000,
        reason: 'price adjustment',
        refundedAt: '2025-04-02T09:00:00+08:00',
      },
    ]);
    // Keyed by payment, date and amount: the same file again appends nothing.
    expect(refunds[0]?.metadata).toMatchObject({ commandId: 'import:refunds:P-381|2025-03-20|200050' });
    const again = await runImport([dir], { sink: createDispatchSink(store) });
    expect([again.appended, again.duplicates]).toEqual([0, 4]);
  });

  it('re-importing appends nothing new', async () => {
    const head = await store.headPosition();
    const report = await runImport([EXAMPLES], { sink: createDispatchSink(store) });
    expect(report.status).toBe('imported');
    expect(report.appended).toBe(0);
    expect(report.duplicates).toBe(50);
    expect(await store.headPosition()).toBe(head);
  });
});

describe('rejected rows', () => {
  it('reports every broken row with file, line, column, value and reason, and imports nothing', async () => {
    const dir = await folder({
      'employees.csv': [
        'employee_id,name,branch_id,team_id,region_id,level,hired_at,recruiting_fit',
        'E301,New One,BR-X,T-X,R-X,sales_representative,2025-01-02,70',
      ].join('\n'),
      'sales.csv': [
        'sale_id,employee_id,金额,gross_margin,product_line,customer_id,closed_at',
        'S-301,E301,1000.00,0.3,crm,C-1,2025-01-10',
        'S-302,E301,12.345,0.3,crm,C-1,2025-01-11',
        'S-303,E301,500,1.5,crm,C-1,2025-13-01',
        'S-304,,500,0.3,crm,C-1,2025-01-12',
        'S-301,E301,1000.00,0.3,crm,C-1,2025-01-10',
      ].join('\n'),
    });
    const head = await store.headPosition();
    const report = await runImport([dir], { sink: createDispatchSink(store) });
    expect(report.status).toBe('rejected');
    const sales = path.join(dir, 'sales.csv');
    expect(report.rejected).toEqual([
      {
        file: sales,
        line: 3,
        column: '金额',
        value: '12.345',
        reason: expect.stringMatching(/at most two decimals/),
      },
      { file: sales, line: 4, column: 'closed_at', value: '2025-13-01', reason: 'is not a calendar date' },
      { file: sales, line: 5, column: 'employee_id', value: '', reason: 'is empty' },
      {
        file: sales,
        line: 6,
        column: '(row)',
        value: 'S-301',
        reason: expect.stringMatching(/already on line 2/),
      },
    ]);
    expect(report.files.map((f) => [path.basename(f.file), f.status])).toEqual([
      ['employees.csv', 'not attempted'],
      ['sales.csv', 'rejected'],
    ]);
    expect(await store.headPosition()).toBe(head);
  });

  it('checks the domain schema too, naming the column of the field', async () => {
    const dir = await folder({
      'sales.csv': [
        'sale_id,employee_id,amount,毛利率,product_line,customer_id,closed_at',
        'S-311,E001,100,150%,crm,C-1,2025-01-10',
      ].join('\n'),
    });
    const report = await runImport([dir], { sink: createDispatchSink(store) });
    expect(report.rejected).toEqual([
      {
        file: path.join(dir, 'sales.csv'),
        line: 2,
        column: '毛利率',
        value: '150%',
        reason: 'must be from 0 to 1',
        // The schema's issue, for a reader that words it in another language (the dashboard).
        rule: 'too_big',
        details: { maximum: '1', origin: 'number' },
      },
    ]);
  });

  it('a departure needs whether it was voluntary and why', async () => {
    const dir = await folder({
      'employees.csv': [
        'employee_id,name,branch_id,team_id,region_id,level,hired_at,recruiting_fit,离职日期,离职原因',
        'E351,Left,BR,T,R,sales_representative,2024-01-02,70,2025-01-31,moved',
      ].join('\n'),
    });
    const report = await runImport([dir], { sink: createDispatchSink(store) });
    expect(report.rejected).toEqual([
      expect.objectContaining({
        line: 2,
        column: 'voluntary',
        reason: 'is needed when left_at is given (是/否)',
      }),
    ]);
  });

  it('names a missing column once, on the header line', async () => {
    const dir = await folder({ 'payments.csv': 'payment_id,amount,collected_at\nP-1,10,2025-01-01\n' });
    const report = await runImport([dir], { sink: createDispatchSink(store) });
    expect(report.rejected).toEqual([
      expect.objectContaining({
        line: 1,
        column: 'sale_id',
        reason: expect.stringMatching(/missing column sale_id.*"销售单号"/),
      }),
    ]);
  });

  it('a file the domain refuses a row of writes nothing, and the report says why', async () => {
    const dir = await folder({
      'sales.csv': [
        'sale_id,employee_id,amount,gross_margin,product_line,customer_id,closed_at',
        'S-321,E002,100,0.3,crm,C-1,2025-03-01',
        'S-322,E999,100,0.3,crm,C-1,2025-03-01',
        'S-323,E003,100,0.3,crm,C-1,2025-03-01',
      ].join('\n'),
    });
    const head = await store.headPosition();
    const report = await runImport([dir], { sink: createDispatchSink(store) });
    expect(report.status).toBe('refused');
    expect(report.rejected).toEqual([
      {
        file: path.join(dir, 'sales.csv'),
        line: 3,
        // Named: the column of the unknown seller not "(row)".
        column: 'employee_id',
        value: 'E999',
        reason: 'NOT_FOUND: seller E999 is not known',
        rule: 'employee_unknown',
        details: expect.objectContaining({ rule: 'employee_unknown', employeeId: 'E999' }),
      },
    ]);
    expect(report.files[0]).toMatchObject({ status: 'refused', appended: 0 });
    expect(await store.headPosition()).toBe(head);
    expect(await store.readStream('sale-S-321')).toEqual([]);
  });

  it('one refused row writes nothing of any file of the import, not even the files before it', async () => {
    const dir = await folder({
      'employees.csv': [
        'employee_id,name,branch_id,team_id,region_id,level,hired_at,recruiting_fit',
        'E361,New Rep,BR-X,T-X,R-X,sales_representative,2025-01-02,70',
      ].join('\n'),
      'sales.csv': [
        'sale_id,employee_id,amount,gross_margin,product_line,customer_id,closed_at',
        'S-361,E361,100,0.3,crm,C-1,2025-03-01',
      ].join('\n'),
      'payments.csv': ['payment_id,sale_id,amount,collected_at', 'P-361,S-361,100.01,2025-03-02'].join('\n'),
    });
    const head = await store.headPosition();
    const report = await runImport([dir], { sink: createDispatchSink(store) });
    expect(report.status).toBe('refused');
    expect(report.rejected).toEqual([
      expect.objectContaining({
        file: path.join(dir, 'payments.csv'),
        line: 2,
        value: 'P-361',
        reason: expect.stringMatching(/above the open balance of sale S-361/),
      }),
    ]);
    expect(report.files.map((f) => [path.basename(f.file), f.status, f.appended])).toEqual([
      ['employees.csv', 'not attempted', 0],
      ['sales.csv', 'not attempted', 0],
      ['payments.csv', 'refused', 0],
    ]);
    expect(await store.headPosition()).toBe(head);
    expect(await store.readStream('employee-E361')).toEqual([]);
  });

  it('refuses a refund above what is still held of the payment, naming the amount column and the row', async () => {
    const dir = await folder({
      '退款.csv': [
        '退款单号,回款单号,销售单号,退款金额,退款日期,退款原因',
        'R-391,P-1003,S-1002,456.00,2025-03-01,退货',
        'R-392,P-1003,S-1002,"45,600.00",2025-03-02,整单退货',
      ].join('\n'),
    });
    const head = await store.headPosition();
    const report = await runImport([dir], { sink: createDispatchSink(store) });
    expect(report.status).toBe('refused');
    // P-1003 paid 45,600.50 yuan; after the first refund 45,144.50 is still held.
    expect(report.rejected).toEqual([
      {
        file: path.join(dir, '退款.csv'),
        line: 3,
        // The column as headed in the file; the row named by its refund number.
        column: '退款金额',
        value: 'R-392',
        reason: expect.stringMatching(/more than the 4514450 fen still held of payment P-1003/),
        rule: expect.any(String),
        details: expect.objectContaining({ field: 'amount', held: 4514450, paymentId: 'P-1003' }),
      },
    ]);
    expect(await store.headPosition()).toBe(head);
  });

  it('a dry run reports the same refusals and writes nothing', async () => {
    const dir = await folder({
      'payments.csv': [
        'payment_id,sale_id,amount,collected_at',
        'P-331,S-1002,1.00,2025-03-01',
        'P-332,S-1004,5,2025-03-01',
      ].join('\n'),
    });
    const head = await store.headPosition();
    const report = await runImport([dir], { sink: createPreviewSink(store), dryRun: true });
    expect(report.status).toBe('dry-run');
    expect(report.rejected).toEqual([
      expect.objectContaining({
        line: 2,
        value: 'P-331',
        reason: expect.stringMatching(/above the open balance of sale S-1002/),
      }),
      expect.objectContaining({
        line: 3,
        value: 'P-332',
        reason: expect.stringMatching(/above the open balance of sale S-1004/),
      }),
    ]);
    expect(await store.headPosition()).toBe(head);
  });

  it('refuses a file whose name tells nothing, naming the ways to say it', async () => {
    const dir = await folder({ 'export.csv': 'a,b\n1,2\n' });
    const report = await runImport([dir], { sink: createDispatchSink(store) });
    expect(report.rejected).toEqual([
      expect.objectContaining({ line: 1, reason: expect.stringMatching(/cannot tell what the file holds/) }),
    ]);
  });
});

describe('mapping file', () => {
  it('maps headers and file names the built-in ones do not know', async () => {
    const dir = await folder({
      'crm_export.csv': [
        'Deal No.,Staff #,Net (CNY),GM,Line,Account,Won on',
        'S-341,E004,"1,234.5",0.2,crm,C-9,03/15/2025',
      ].join('\n'),
    });
    const mappingFile = path.join(dir, 'mapping.json');
    await writeFile(
      mappingFile,
      JSON.stringify({
        files: { 'crm_export.csv': 'sales' },
        columns: {
          sales: {
            'Deal No.': 'sale_id',
            'Net (CNY)': 'amount',
            GM: 'gross_margin',
            Line: 'product_line',
            Account: 'customer_id',
            'Won on': 'closed_at',
          },
          '*': { 'Staff #': 'employee_id' },
        },
      }),
    );
    const mapping = await loadMapping(mappingFile);
    const report = await runImport([path.join(dir, 'crm_export.csv')], {
      sink: createDispatchSink(store),
      mapping,
    });
    // 03/15/2025 is not a date the importer guesses at (month or day first?): refused, named.
    expect(report.rejected).toEqual([expect.objectContaining({ column: 'Won on', value: '03/15/2025' })]);
    await writeFile(
      path.join(dir, 'crm_export.csv'),
      [
        'Deal No.,Staff #,Net (CNY),GM,Line,Account,Won on',
        'S-341,E004,"1,234.5",0.2,crm,C-9,2025-03-15',
      ].join('\n'),
    );
    const second = await runImport([path.join(dir, 'crm_export.csv')], {
      sink: createDispatchSink(store),
      mapping,
    });
    expect(second.status).toBe('imported');
    expect(await dataOf('sale-S-341')).toEqual([
      ['SaleClosed', expect.objectContaining({ amount: 123_450, employeeId: 'E004' })],
    ]);
  });

  it('refuses a mapping to a column that does not exist', async () => {
    const dir = await folder({ 'mapping.json': JSON.stringify({ columns: { sales: { X: 'price' } } }) });
    await expect(loadMapping(path.join(dir, 'mapping.json'))).rejects.toThrow(
      /columns\.sales\.X: "price" is not a column of sales/,
    );
  });
});

describe('report files and the command', () => {
  it('writes the report as JSON and the rejected rows as CSV', async () => {
    const dir = await folder({ 'targets.csv': 'subject_id,period,amount\nE002,2025-02,-5\n' });
    const report = await runImport([dir], { sink: createDispatchSink(store) });
    const written = await writeReport(report, path.join(dir, 'out', 'run'));
    const json = JSON.parse(await readFile(written.json, 'utf8'));
    expect(json).toMatchObject({
      status: 'rejected',
      rejected: [{ line: 2, column: 'amount', value: '-5' }],
    });
    const csv = await readFile(written.csv, 'utf8');
    expect(csv.replace(/^\uFEFF/, '').split('\n')[0]).toBe('file,line,column,value,reason');
    // A leading -, =, + or @ is neutralised so that Excel shows text and runs no formula.
    expect(csv).toContain(",2,amount,'-5,must not be negative");
  });

  it('a malformed CSV is reported at its line, and report.csv runs no formula', async () => {
    const dir = await folder({
      'sales.csv': [
        'sale_id,employee_id,amount,gross_margin,product_line,customer_id,closed_at',
        'S-901,E002,100,0.3,crm,C-1,2025-03-01',
        'S-902,"E002,100,0.3,crm,C-1,2025-03-01',
        'S-903,E002,100,0.3,crm,C-1,2025-03-01',
      ].join('\n'),
      'targets.csv': 'subject_id,period,amount\nE002,2025-02,"=HYPERLINK(""http://x"",""y"")"\n',
    });
    const head = await store.headPosition();
    const report = await runImport([dir], { sink: createDispatchSink(store) });
    expect(report.status).toBe('rejected');
    expect(report.rejected).toContainEqual({
      file: path.join(dir, 'sales.csv'),
      line: 3,
      column: '',
      value: '',
      reason: expect.stringMatching(/^not a readable CSV file: Quote Not Closed/),
    });
    const written = await writeReport(report, path.join(dir, 'out', 'run'));
    const csv = await readFile(written.csv, 'utf8');
    expect(csv).toContain(`'=HYPERLINK(""http://x"",""y"")`);
    expect(csv).not.toMatch(/,"?=HYPERLINK/);
    expect(await store.headPosition()).toBe(head);
  });

  it('pnpm cli import exits 1 on rejected rows and 0 on success, writing the report where told', async () => {
    const dir = await folder({ 'followups.csv': 'employee_id,customer_id,at\nE002,C-77,2025-03-02 09:00\n' });
    const lines: string[] = [];
    const code = await importCommand(
      [dir, '--report', path.join(dir, 'rep')],
      async () => store,
      (l) => lines.push(l),
    );
    expect(code).toBe(0);
    expect(JSON.parse(await readFile(path.join(dir, 'rep.report.json'), 'utf8'))).toMatchObject({
      status: 'imported',
      appended: 1,
    });
    const bad = await folder({ 'followups.csv': 'employee_id,customer_id,at\nE002,C-77,yesterday\n' });
    expect(
      await importCommand(
        [bad, '--report', path.join(bad, 'rep')],
        async () => store,
        () => {},
      ),
    ).toBe(1);
  });
});
