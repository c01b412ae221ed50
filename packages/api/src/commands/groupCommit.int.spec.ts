import {
  type EventStore,
  migrateEventStore,
  PostgresEventStore,
  type StreamAppend,
} from '@trackrecord/eventstore';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchItem } from './batch.ts';
import { createGroupCommitter } from './groupCommit.ts';

let database: TestDatabase;
let store: PostgresEventStore;
beforeAll(async () => {
  database = await createTestDatabase('api_group_commit');
  await migrateEventStore(database.url);
  store = new PostgresEventStore({ connectionString: database.url });
});
afterAll(async () => {
  await store?.close();
  await database?.drop();
});

const AT = new Date('2026-03-02T09:00:00Z');
const item = (type: string, data: unknown, commandId: string): BatchItem => ({
  command: { type, data },
  envelope: { commandId, at: AT, actor: 'user:hr-1', source: 'api' },
});
const hire = (employeeId: string, commandId = `hire-${employeeId}`) =>
  item(
    'HireEmployee',
    {
      employeeId,
      name: '张伟',
      branchId: 'b1',
      teamId: 't1',
      regionId: 'r1',
      managerId: null,
      level: 'sales_representative',
      track: 'sales_management',
      probationEnd: '2026-06-01T00:00:00.000Z',
      recruitingFit: 80,
      hiredAt: '2026-03-02T00:00:00.000Z',
    },
    commandId,
  );

/** A store whose appends go through `hook` first. */
const intercepted = (hook: (appends: readonly StreamAppend[]) => Promise<void>): EventStore =>
  Object.assign(Object.create(store) as EventStore, {
    appendToStreams: async (appends: readonly StreamAppend[]) => {
      await hook(appends);
      return store.appendToStreams(appends);
    },
  });

describe('group commit', () => {
  it('writes concurrent commands in one transaction, each with its own positions and the actor', async () => {
    let appends = 0;
    const committer = createGroupCommitter(
      intercepted(async () => {
        appends++;
      }),
    );
    const results = await Promise.all(['gc-1', 'gc-2', 'gc-3'].map((id) => committer.submit(hire(id))));
    expect(appends).toBe(1);
    expect(committer.stats).toMatchObject({ flushes: 1, commands: 3, largest: 3 });
    const positions = results.map((r) => (r.ok ? r.positions : []));
    expect(positions.every((p) => p.length === 1)).toBe(true);
    expect(new Set(positions.flat()).size).toBe(3);
    const [stored] = (await store.readStreams(['employee-gc-2'])).values();
    expect(stored).toHaveLength(1);
    expect(stored![0]!.position).toBe(positions[1]![0]);
    expect(stored![0]!.metadata).toMatchObject({ actor: 'user:hr-1', commandId: 'hire-gc-2', source: 'api' });
  });

  it('decides two commands on the same stream in the order submitted', async () => {
    const committer = createGroupCommitter(store);
    const [first, second] = await Promise.all([
      committer.submit(hire('order-1', 'first')),
      committer.submit(hire('order-1', 'second')),
    ]);
    expect(committer.stats.flushes).toBe(1);
    expect(first).toMatchObject({ ok: true, duplicate: false });
    expect(second).toMatchObject({ ok: false, error: { code: 'ILLEGAL_STATE' } });
    const stored = await store.readStream('employee-order-1');
    expect(stored.map((e) => e.metadata.commandId)).toEqual(['first']);
  });

  it('writes the others when one command in the flush is refused', async () => {
    const committer = createGroupCommitter(store);
    const results = await Promise.all([
      committer.submit(hire('ref-1')),
      committer.submit(item('CollectPayment', { paymentId: '', saleId: 's', amount: -5 }, 'bad')),
      committer.submit(hire('ref-2')),
    ]);
    expect(committer.stats.flushes).toBe(1);
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(results[1]).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await store.readStream('employee-ref-1')).toHaveLength(1);
    expect(await store.readStream('employee-ref-2')).toHaveLength(1);
  });

  it('answers a repeated commandId as a duplicate with the first positions, in the same or a later flush', async () => {
    const committer = createGroupCommitter(store);
    const head = await store.headPosition();
    const [a, b] = await Promise.all([committer.submit(hire('dup-1')), committer.submit(hire('dup-1'))]);
    expect(a).toMatchObject({ ok: true, duplicate: false });
    expect(b).toMatchObject({ ok: true, duplicate: true });
    const later = await committer.submit(hire('dup-1'));
    expect(later).toMatchObject({ ok: true, duplicate: true });
    expect(later.ok && later.positions).toEqual(a.ok && a.positions);
    expect(await store.headPosition()).toBe(a.ok && a.position);
    expect(a.ok && a.position! > head).toBe(true);
  });

  it('collects what arrives during a flush into the next one', async () => {
    let committer!: ReturnType<typeof createGroupCommitter>;
    const late: Promise<unknown>[] = [];
    committer = createGroupCommitter(
      intercepted(async () => {
        if (late.length === 0)
          for (const id of ['next-1', 'next-2', 'next-3']) late.push(committer.submit(hire(id)));
      }),
    );
    await committer.submit(hire('now-1'));
    await Promise.all(late);
    expect(committer.stats).toMatchObject({ flushes: 2, commands: 4, largest: 3 });
  });

  it('fails only the waiters of a failing flush', async () => {
    let calls = 0;
    let committer!: ReturnType<typeof createGroupCommitter>;
    const later: Promise<unknown>[] = [];
    committer = createGroupCommitter(
      intercepted(async () => {
        if (++calls === 1) {
          later.push(committer.submit(hire('after-1')), committer.submit(hire('after-2')));
          throw new Error('connection lost');
        }
      }),
    );
    const failing = [committer.submit(hire('lost-1')), committer.submit(hire('lost-2'))];
    for (const f of failing) await expect(f).rejects.toThrow('connection lost');
    const ok = await Promise.all(later);
    expect(ok).toMatchObject([{ ok: true }, { ok: true }]);
    expect(await store.readStream('employee-lost-1')).toHaveLength(0);
    expect(await store.readStream('employee-after-2')).toHaveLength(1);
  });

  it('isolates a commandId reused for another command: only that command fails', async () => {
    const committer = createGroupCommitter(store);
    await committer.submit(hire('reuse-1', 'reused'));
    const [reused, fine] = await Promise.allSettled([
      committer.submit(hire('reuse-2', 'reused')),
      committer.submit(hire('reuse-3')),
    ]);
    // Refused as its own result, naming the rule (found in another stream before anything is appended).
    expect(reused).toMatchObject({
      status: 'fulfilled',
      value: { ok: false, error: { code: 'CONFLICT', details: { rule: 'command_id_reused' } } },
    });
    expect(fine).toMatchObject({ status: 'fulfilled', value: { ok: true, duplicate: false } });
    expect(await store.readStream('employee-reuse-2')).toHaveLength(0);
  });

  it('waits for everything submitted when drained', async () => {
    const committer = createGroupCommitter(store, { lingerMs: 2, maxItems: 2 });
    const results: unknown[] = [];
    for (const id of ['dr-1', 'dr-2', 'dr-3', 'dr-4', 'dr-5'])
      void committer.submit(hire(id)).then((r) => results.push(r));
    await committer.drain();
    await new Promise((r) => setImmediate(r));
    expect(results).toHaveLength(5);
    expect(committer.stats).toMatchObject({ flushes: 3, largest: 2 });
  });

  it('decides on streams the caller read after its mark, and reads again one an earlier flush wrote since', async () => {
    const reads: string[][] = [];
    let appends = 0;
    const watched = Object.assign(Object.create(store) as EventStore, {
      readStreams: (ids: readonly string[]) => {
        reads.push([...ids]);
        return store.readStreams(ids);
      },
      appendToStreams: (requests: readonly StreamAppend[]) => {
        appends++;
        return store.appendToStreams(requests);
      },
    });
    const committer = createGroupCommitter(watched);
    const pass = (commandId: string) => item('PassProbation', { employeeId: 'pre-1' }, commandId);
    expect(await committer.submit(hire('pre-1'))).toMatchObject({ ok: true });

    // Read (after a mark) while on probation; then another flush passes the probation.
    const stale = committer.mark();
    const before = new Map([['employee-pre-1', await store.readStream('employee-pre-1')]]);
    expect(await committer.submit(pass('pass-1'))).toMatchObject({ ok: true, duplicate: false });

    // The stale read is not taken: the command is decided on the stream as it is now (probation
    // passed: refused before any append), not appended against an old revision.
    reads.length = 0;
    appends = 0;
    const again = await committer.submit({ ...pass('pass-2'), loaded: before }, stale);
    expect(again).toMatchObject({ ok: false, error: { code: 'ILLEGAL_STATE' } });
    expect(appends).toBe(0);
    expect(reads.flat()).toContain('employee-pre-1');

    // A read after the last flush is current: the stream is not read a second time.
    const fresh = committer.mark();
    const now = new Map([['employee-pre-1', await store.readStream('employee-pre-1')]]);
    reads.length = 0;
    const third = await committer.submit({ ...pass('pass-3'), loaded: now }, fresh);
    expect(third).toMatchObject({ ok: false, error: { code: 'ILLEGAL_STATE' } });
    expect(reads.flat()).not.toContain('employee-pre-1');
  });
});
