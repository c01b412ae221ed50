import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { migrateEventStore, PostgresEventStore, type RecordedEvent } from '@trackrecord/eventstore';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { type CompiledChild, compileChild } from '@trackrecord/eventstore/testing/child';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * An import's atomicity, with a real process killed by SIGKILL: an import larger than one
 * append is decided completely before it writes, then written append by append, each one
 * transaction. Killed between appends, it leaves whole appends; run again, it skips the rows
 * already stored (their command ids) and writes the others, so every row's event is stored
 * exactly once. A file with a refused row writes nothing at all.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const packageRoot = path.resolve(here, '../..');
const EMPLOYEES = 30;
const SALES = 3_000;
/** Commands per append: the import below takes 13 appends. */
const CHUNK = 500;

interface ChildRun {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when the child has printed its `count`-th `written` line (an append committed). */
  written(count: number): Promise<void>;
  output(): string;
}

/** crash.child.ts compiled once (`compileChild`), so that each start loads in well under a second. */
let compiled: CompiledChild;

function startChild(url: string, inputs: string[]): ChildRun {
  const child = spawn(process.execPath, [compiled.file, url, String(CHUNK), ...inputs], {
    cwd: packageRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let writtenLines = 0;
  const waiters: { count: number; resolve: () => void }[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    if (line.startsWith('written ')) {
      writtenLines++;
      for (const w of waiters) if (writtenLines >= w.count) w.resolve();
    }
  });
  createInterface({ input: child.stderr! }).on('line', (line) => lines.push(`stderr ${line}`));
  const exited = once(child, 'exit').then(([code, signal]) => {
    for (const w of waiters) w.resolve();
    return { code: code as number | null, signal: signal as NodeJS.Signals | null };
  });
  return {
    child,
    exited,
    written: (count) =>
      new Promise<void>((resolve) => {
        if (writtenLines >= count) resolve();
        else waiters.push({ count, resolve });
      }),
    output: () => lines.join('\n'),
  };
}

let database: TestDatabase;
let store: PostgresEventStore;
let scratch: string;
beforeAll(async () => {
  compiled = await compileChild(path.join(here, 'crash.child.ts'));
  database = await createTestDatabase('api_import_crash');
  await migrateEventStore(database.url);
  store = new PostgresEventStore({ connectionString: database.url });
  scratch = await mkdtemp(path.join(tmpdir(), 'tr-import-crash-'));
});
afterAll(async () => {
  await store?.close();
  await database?.drop();
  await compiled?.remove();
});

/** A company's exports: employees, SALES sales and one payment of half of each. */
async function exports(name: string, prefix: string, { overpaidLast = false } = {}): Promise<string> {
  const dir = path.join(scratch, name);
  await mkdir(dir);
  const employees = ['employee_id,name,branch_id,team_id,region_id,level,hired_at,recruiting_fit'];
  for (let i = 1; i <= EMPLOYEES; i++)
    employees.push(`${prefix}E${i},Rep ${i},BR-1,T-${i % 3},R-1,sales_representative,2024-01-02,70`);
  const sales = ['sale_id,employee_id,amount,gross_margin,product_line,customer_id,closed_at'];
  const payments = ['payment_id,sale_id,amount,collected_at'];
  for (let i = 1; i <= SALES; i++) {
    const yuan = 1_000 + i;
    sales.push(`${prefix}S${i},${prefix}E${1 + (i % EMPLOYEES)},${yuan}.00,0.3,crm,C-${i % 97},2025-01-10`);
    const paid = overpaidLast && i === SALES ? yuan * 2 : yuan / 2;
    payments.push(`${prefix}P${i},${prefix}S${i},${paid.toFixed(2)},2025-02-01`);
  }
  await writeFile(path.join(dir, 'employees.csv'), `${employees.join('\n')}\n`);
  await writeFile(path.join(dir, 'sales.csv'), `${sales.join('\n')}\n`);
  await writeFile(path.join(dir, 'payments.csv'), `${payments.join('\n')}\n`);
  return dir;
}

async function allEvents(): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (let after = 0n; ; ) {
    const page = await store.readAll({ after, maxCount: 10_000 });
    events.push(...page.events);
    if (page.events.length === 0) return events;
    after = page.events.at(-1)!.position;
  }
}

describe('an import killed with SIGKILL', () => {
  it('leaves whole appends, and a re-run stores every row exactly once', async () => {
    const dir = await exports('killed', 'K');
    const rows = EMPLOYEES + 2 * SALES;

    const killed = startChild(database.url, [dir]);
    await killed.written(3);
    killed.child.kill('SIGKILL');
    expect((await killed.exited).signal, killed.output()).toBe('SIGKILL');
    const partial = await allEvents();
    // Cut mid-import: at least the three appends it reported, not all of them, none torn
    // (every append holds CHUNK rows, one event each, across the files' boundaries).
    expect(partial.length).toBeGreaterThanOrEqual(3 * CHUNK);
    expect(partial.length).toBeLessThan(rows);
    expect(partial.length % CHUNK).toBe(0);

    const rerun = startChild(database.url, [dir]);
    expect(await rerun.exited, rerun.output()).toEqual({ code: 0, signal: null });
    expect(rerun.output()).toContain(`done imported ${rows - partial.length} ${partial.length}`);

    const events = await allEvents();
    const byCommand = new Map<string, string[]>();
    for (const e of events) {
      const id = String(e.metadata.commandId);
      byCommand.set(id, [...(byCommand.get(id) ?? []), e.type]);
    }
    const expected = [
      ...Array.from({ length: EMPLOYEES }, (_, i) => [`import:employees:KE${i + 1}`, 'EmployeeHired']),
      ...Array.from({ length: SALES }, (_, i) => [`import:sales:KS${i + 1}`, 'SaleClosed']),
      ...Array.from({ length: SALES }, (_, i) => [`import:payments:KP${i + 1}`, 'PaymentCollected']),
    ];
    expect(events).toHaveLength(rows);
    for (const [commandId, type] of expected) expect(byCommand.get(commandId!), commandId).toEqual([type]);
    // Each sale's payment after the sale, in its stream: the killed run's decisions held.
    const sale = await store.readStream(`sale-KS${SALES}`);
    expect(sale.map((e) => [e.type, e.data.amount])).toEqual([
      ['SaleClosed', (1_000 + SALES) * 100],
      ['PaymentCollected', ((1_000 + SALES) * 100) / 2],
    ]);

    const third = startChild(database.url, [dir]);
    expect(await third.exited, third.output()).toEqual({ code: 0, signal: null });
    expect(third.output()).toContain(`done imported 0 ${rows}`);
    expect(await store.headPosition()).toBe(events.at(-1)!.position);
  }, 240_000);

  it('writes nothing of an import larger than one append whose last row the domain refuses', async () => {
    const dir = await exports('refused', 'R', { overpaidLast: true });
    const head = await store.headPosition();
    const run = startChild(database.url, [dir]);
    expect(await run.exited, run.output()).toEqual({ code: 0, signal: null });
    expect(run.output()).toContain('done refused 0 0');
    expect(run.output()).not.toContain('written ');
    expect(await store.headPosition()).toBe(head);
    expect(await store.readStream('employee-RE1')).toEqual([]);
  }, 120_000);
});
