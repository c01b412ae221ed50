import { createInMemoryDecider } from '@trackrecord/domain';
import {
  type EventStore,
  migrateEventStore,
  PostgresEventStore,
  type StreamAppend,
} from '@trackrecord/eventstore';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { simulateCommands, simulationConfig } from '@trackrecord/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BatchItem, dispatchBatch } from './batch.ts';

let database: TestDatabase;
let store: PostgresEventStore;
beforeAll(async () => {
  database = await createTestDatabase('api_batch');
  await migrateEventStore(database.url);
  store = new PostgresEventStore({ connectionString: database.url });
});
afterAll(async () => {
  await store?.close();
  await database?.drop();
});

let prefix = 0;
/** Simulated commands as batch items; ids get a prefix so that tests don't share streams. */
function simulated(employees: number, weeks: number): BatchItem[] {
  const p = `t${++prefix}-`;
  // Policy publications are left out: their ids (`scoring-demo` …) are shared by every call.
  const commands = [...simulateCommands(simulationConfig({ seed: 3, employees, weeks }))].filter(
    (c) => !c.type.startsWith('Publish'),
  );
  return commands.map((c) => {
    const json = JSON.stringify(c.data).replace(/"([a-z]+)-(\d)/g, `"${p}$1-$2`);
    return {
      command: { type: c.type, data: JSON.parse(json) },
      envelope: {
        commandId: `${p}${c.metadata.commandId}`,
        at: new Date(c.metadata.at),
        actor: c.metadata.actor,
        source: c.metadata.source,
      },
    };
  });
}

const asCommand = ({ command, envelope: e }: BatchItem) => ({
  ...(command as { type: string; data: unknown }),
  metadata: { commandId: e.commandId, at: e.at.toISOString(), actor: e.actor, source: e.source },
});

const item = (type: string, data: unknown, commandId: string): BatchItem => ({
  command: { type, data },
  envelope: { commandId, at: new Date('2026-03-02T09:00:00Z'), actor: 'hr:test', source: 'test' },
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

describe('dispatchBatch', () => {
  it('writes a simulated company exactly as the in-memory deciders decide it, then recognises a re-run', async () => {
    const items = simulated(12, 6);
    const progress: number[] = [];
    const outcome = await dispatchBatch(store, items, {
      chunkSize: 500,
      onProgress: (done) => progress.push(done),
    });
    expect(outcome.refused).toBe(0);
    expect(outcome.accepted).toBe(items.length);
    expect(progress.at(-1)).toBe(items.length);
    expect(progress.length).toBeGreaterThan(1);

    const memory = createInMemoryDecider();
    for (const i of items) expect(memory.decide(asCommand(i)).ok).toBe(true);
    const stored = await store.readStreams([...memory.streams.keys()]);
    for (const [stream, { events }] of memory.streams) {
      expect(
        stored.get(stream)?.map((r) => ({ type: r.type, data: r.data })),
        stream,
      ).toEqual(events.map((e) => ({ type: e.type, data: JSON.parse(JSON.stringify(e.data)) })));
    }

    const head = await store.headPosition();
    const again = await dispatchBatch(store, items, { chunkSize: 700 });
    expect(again.duplicates).toBe(items.length);
    expect(again.appendedEvents).toBe(0);
    expect(await store.headPosition()).toBe(head);
  });

  it('reports refused commands by index and writes the rest', async () => {
    const head = await store.headPosition();
    const outcome = await dispatchBatch(store, [
      hire('nb-1'),
      item('CollectPayment', { paymentId: '', saleId: 's', amount: -5, collectedAt: 'x' }, 'bad-pay'),
      hire('nb-1', 'hire-again'),
      item('NoSuchCommand', {}, 'unknown'),
    ]);
    expect(outcome.results.map((r) => r.ok)).toEqual([true, false, false, false]);
    const [, invalid, twice, unknown] = outcome.results;
    expect(invalid?.ok === false && invalid.error.message).toMatch(/CollectPayment: paymentId.*amount/);
    expect(twice?.ok === false && twice.error.code).toBe('ILLEGAL_STATE');
    expect(unknown?.ok === false && unknown.error.message).toMatch(/unknown command "NoSuchCommand"/);
    expect(await store.headPosition()).toBeGreaterThan(head);
    expect(await store.readStream('employee-nb-1')).toHaveLength(1);
  });

  it('writes nothing in atomic mode when any command is refused', async () => {
    const head = await store.headPosition();
    const outcome = await dispatchBatch(store, [hire('at-1'), hire('at-2'), hire('at-1', 'dup-hire')], {
      atomic: true,
    });
    expect(outcome.written).toBe(false);
    expect(outcome.results[2]).toMatchObject({ ok: false, error: { code: 'ILLEGAL_STATE' } });
    expect(outcome.results[0]).toMatchObject({ ok: true, position: null });
    expect(await store.headPosition()).toBe(head);
  });

  it('dataValidated: skips parsing the data only; unknown types and bad envelopes are refused as without it', async () => {
    const badEnvelope = { ...hire('dv-2'), envelope: { ...hire('dv-2').envelope, actor: '' } };
    const items = [hire('dv-1'), item('NoSuchCommand', {}, 'dv-unknown'), badEnvelope];
    const checked = await dispatchBatch(store, items, { dryRun: true });
    const trusted = await dispatchBatch(store, items, { dryRun: true, dataValidated: true });
    expect(trusted.results.map((r) => (r.ok ? 'ok' : r.error.message))).toEqual(
      checked.results.map((r) => (r.ok ? 'ok' : r.error.message)),
    );
    expect(trusted.results[1]).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(trusted.results[2]).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(trusted.results[0]).toMatchObject({ ok: true });
  });

  it('atomic: decides everything once, then writes append by append; a boundary starts a new append', async () => {
    const items = [...Array.from({ length: 25 }, (_, i) => hire(`ab-${i}`)), hire('ab-0', 'ab-again')];
    const loaded: number[] = [];
    const appended: number[] = [];
    const counting: EventStore = Object.assign(Object.create(store) as EventStore, {
      readStreams: (ids: readonly string[]) => {
        loaded.push(ids.length);
        return store.readStreams(ids);
      },
      appendToStreams: (appends: readonly StreamAppend[]) => {
        appended.push(appends.length);
        return store.appendToStreams(appends);
      },
    });
    const refused = await dispatchBatch(counting, items, { atomic: true, chunkSize: 10 });
    expect(refused.written).toBe(false);
    expect(appended).toEqual([]);
    expect(await store.readStream('employee-ab-1')).toEqual([]);

    loaded.length = 0;
    const phases: string[] = [];
    const outcome = await dispatchBatch(counting, items.slice(0, 25), {
      atomic: true,
      chunkSize: 10,
      boundaries: [5],
      onProgress: (done, _total, phase) => phases.push(`${phase} ${done}`),
    });
    expect(outcome.written).toBe(true);
    // Each stream read once (no second deciding pass), appends cut at 5, then every 10.
    expect(loaded.reduce((a, b) => a + b, 0)).toBe(25);
    expect(appended).toEqual([5, 10, 10]);
    expect(phases).toEqual([
      'deciding 5',
      'deciding 15',
      'deciding 25',
      'writing 5',
      'writing 15',
      'writing 25',
    ]);
    const positions = outcome.results.map((r) => (r.ok ? r.position : null));
    expect(positions).toEqual([...positions].sort((a, b) => (a! < b! ? -1 : 1)));
  });

  it('atomic with prepareAhead: prepares the next append while one is written, sends it only after that one committed', async () => {
    const log: string[] = [];
    let sends = 0;
    const watching: EventStore = Object.assign(Object.create(store) as EventStore, {
      prepareAppends: (appends: readonly StreamAppend[]) => {
        const ready = store.prepareAppends!(appends);
        const n = log.filter((l) => l.startsWith('prepare')).length + 1;
        log.push(`prepare ${n}`);
        return {
          send: async () => {
            const m = ++sends;
            log.push(`send ${m}`);
            const result = await ready.send();
            log.push(`committed ${m}`);
            return result;
          },
        };
      },
    });
    const items = Array.from({ length: 12 }, (_, i) => hire(`pa-${i}`));
    const outcome = await dispatchBatch(watching, items, { atomic: true, chunkSize: 5, prepareAhead: true });
    expect(outcome.written).toBe(true);
    expect(log).toEqual([
      'prepare 1',
      'send 1',
      'prepare 2',
      'committed 1',
      'send 2',
      'prepare 3',
      'committed 2',
      'send 3',
      'committed 3',
    ]);
    const positions = outcome.results.map((r) => (r.ok ? r.position : null));
    expect(positions.every((p) => p !== null)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => (a! < b! ? -1 : 1)));
    // A failed append sends nothing after it: the prepared next one is dropped.
    let failing = 0;
    const crashing: EventStore = Object.assign(Object.create(store) as EventStore, {
      prepareAppends: (appends: readonly StreamAppend[]) => {
        const ready = store.prepareAppends!(appends);
        return { send: () => (++failing === 2 ? Promise.reject(new Error('process killed')) : ready.send()) };
      },
    });
    const more = Array.from({ length: 15 }, (_, i) => hire(`pb-${i}`));
    await expect(
      dispatchBatch(crashing, more, { atomic: true, chunkSize: 5, prepareAhead: true }),
    ).rejects.toThrow('process killed');
    expect(failing).toBe(2);
    expect(await store.readStream('employee-pb-4')).toHaveLength(1);
    expect(await store.readStream('employee-pb-5')).toEqual([]);
    expect(await store.readStream('employee-pb-10')).toEqual([]);
  });

  it('atomic: when a concurrent writer moves a stream mid-batch, what is not written is decided again', async () => {
    let appends = 0;
    const racing: EventStore = Object.assign(Object.create(store) as EventStore, {
      appendToStreams: async (parts: readonly StreamAppend[]) => {
        if (++appends === 2) await dispatchBatch(store, [hire('ar-7', 'other-process-ar')]);
        return store.appendToStreams(parts);
      },
    });
    const items = Array.from({ length: 10 }, (_, i) => hire(`ar-${i}`));
    const outcome = await dispatchBatch(racing, items, { atomic: true, chunkSize: 5 });
    // The first append is in; deciding the rest again finds ar-7 hired by the other process.
    expect(outcome.written).toBe(true);
    expect(outcome.results[7]).toMatchObject({ ok: false, error: { code: 'ILLEGAL_STATE' } });
    expect(await store.readStream('employee-ar-0')).toHaveLength(1);
    expect(await store.readStream('employee-ar-6')).toEqual([]);
    expect((await store.readStream('employee-ar-7')).map((e) => e.metadata.commandId)).toEqual([
      'other-process-ar',
    ]);
  });

  it('decides a chunk again when a concurrent writer moved one of its streams', async () => {
    let interfered = false;
    const racing: EventStore = Object.assign(Object.create(store) as EventStore, {
      appendToStreams: async (appends: readonly StreamAppend[]) => {
        if (!interfered) {
          interfered = true;
          // Another process hires the same person first: our hire must now be refused.
          await dispatchBatch(store, [hire('race-1', 'other-process')]);
        }
        return store.appendToStreams(appends);
      },
    });
    const outcome = await dispatchBatch(racing, [hire('race-1'), hire('race-2')]);
    expect(interfered).toBe(true);
    expect(outcome.results[0]).toMatchObject({ ok: false, error: { code: 'ILLEGAL_STATE' } });
    expect(outcome.results[1]).toMatchObject({ ok: true, duplicate: false });
    expect(await store.readStream('employee-race-1')).toHaveLength(1);
  });

  it('completes a batch cut short by a crash when it is run again, writing nothing twice', async () => {
    const items = simulated(6, 3);
    let appends = 0;
    const crashing: EventStore = Object.assign(Object.create(store) as EventStore, {
      appendToStreams: async (appends_: readonly StreamAppend[]) => {
        if (++appends === 3) throw new Error('process killed');
        return store.appendToStreams(appends_);
      },
    });
    await expect(dispatchBatch(crashing, items, { chunkSize: 100 })).rejects.toThrow('process killed');
    const outcome = await dispatchBatch(store, items, { chunkSize: 100 });
    expect(outcome.refused).toBe(0);
    expect(outcome.duplicates).toBeGreaterThan(0);
    expect(outcome.duplicates).toBeLessThan(items.length);
    // Exactly the events a clean run decides, none twice.
    const memory = createInMemoryDecider();
    for (const i of items) memory.decide(asCommand(i));
    const streams = await store.readStreams([...memory.streams.keys()]);
    let expected = 0;
    for (const [stream, { events }] of memory.streams) {
      expected += events.length;
      expect(streams.get(stream)?.length, stream).toBe(events.length);
    }
    expect(expected).toBeGreaterThan(100);
    const again = await dispatchBatch(store, items, { chunkSize: 100 });
    expect(again.duplicates).toBe(items.length);
  });
});
