import {
  DEMO_SEED_STREAM,
  DomainError,
  needsEvidencePosition,
  simulateCommands,
  simulationConfig,
} from '@trackrecord/domain';
import {
  type EventStore,
  migrateEventStore,
  PostgresEventStore,
  type RecordedEvent,
} from '@trackrecord/eventstore';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { dispatch } from '../commands/bus.ts';
import { demoCorrelationId, demoSeedStatus, type SeedProgress, seedDemoCompany } from './demoSeed.ts';

/** A small company whose history holds a quarter's promotion round and the policy revision. */
const SMALL = { seed: 16, employees: 32, weeks: 15 };
const opened: { database: TestDatabase; store: PostgresEventStore }[] = [];
async function freshStore(label: string): Promise<{ store: PostgresEventStore; url: string }> {
  const database = await createTestDatabase(label);
  await migrateEventStore(database.url);
  const store = new PostgresEventStore({ connectionString: database.url });
  opened.push({ database, store });
  return { store, url: database.url };
}
afterAll(async () => {
  for (const { database, store } of opened) {
    await store.close();
    await database.drop();
  }
});

async function allEvents(store: EventStore): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for (let after = 0n; ; ) {
    const page = await store.readAll({ after, maxCount: 10_000 });
    out.push(...page.events);
    if (page.isEnd || page.events.length === 0) return out;
    after = page.nextAfter;
  }
}

describe('demo seed', () => {
  it('seeds an empty store once, through the command rules, with progress and bookkeeping', async () => {
    const { store } = await freshStore('seed_once');
    expect(await demoSeedStatus(store)).toEqual({ state: 'empty' });
    const progress: SeedProgress[] = [];
    const outcome = await seedDemoCompany(store, SMALL, {
      batchSize: 1_500,
      onProgress: (p) => progress.push(p),
    });
    expect(outcome).toMatchObject({ seeded: true, resumed: false, refused: 0, parameters: SMALL });
    const expected = [...simulateCommands(simulationConfig(SMALL))].length;
    expect(outcome.commands).toBe(expected);
    expect(outcome.events).toBeGreaterThanOrEqual(expected);

    // Progress: increasing, ending with every command and the last week.
    expect(progress.length).toBeGreaterThan(3);
    const counts = progress.map((p) => p.commands);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(progress.at(-1)).toMatchObject({ commands: expected, weeks: SMALL.weeks });
    expect(progress.at(-1)!.week).toBeGreaterThanOrEqual(SMALL.weeks - 1);

    const events = await allEvents(store);
    const seeded = events.filter((e) => e.streamId !== DEMO_SEED_STREAM);
    expect(seeded).toHaveLength(outcome.events);
    expect(seeded.every((e) => e.metadata.correlationId === demoCorrelationId(SMALL))).toBe(true);
    const types = new Set(seeded.map((e) => e.type));
    for (const type of [
      'ScoringPolicyPublished',
      'CommissionPlanPublished',
      'LadderPublished',
      'PromotionNominated',
      'ReviewOpened',
      'VoteCast',
      'PromotionDecided',
      'RankChanged',
      'SaleReversed',
      'SaleCorrected',
      'TargetAdjustmentRequested',
      'SaleClosed',
      'TargetSet',
    ]) {
      expect(types, type).toContain(type);
    }
    // A decision's evidence position is the head when it was decided: before it, never after.
    for (const decided of seeded.filter((e) => e.type === 'PromotionDecided')) {
      const position = BigInt((decided.data as { evidencePosition: string }).evidencePosition);
      expect(position).toBeGreaterThan(0n);
      expect(position).toBeLessThan(decided.position);
    }
    expect((await store.readStream(DEMO_SEED_STREAM)).map((e) => e.type)).toEqual([
      'DemoSeedStarted',
      'DemoSeedCompleted',
    ]);
    expect(await demoSeedStatus(store)).toMatchObject({
      state: 'complete',
      parameters: SMALL,
      commands: expected,
    });

    // Never twice: a second run (even asking for another company) appends nothing.
    const head = await store.headPosition();
    const again = await seedDemoCompany(store, { ...SMALL, seed: 6 });
    expect(again).toMatchObject({ seeded: false, commands: 0 });
    expect(again.skipped).toMatch(/already seeded/);
    expect(await store.headPosition()).toBe(head);
  });

  it('resumes a seed interrupted mid-way and completes it without writing anything twice', async () => {
    const { store } = await freshStore('seed_resume');
    // The process "dies" on the third append: the first chunks are stored, the rest is not.
    let appends = 0;
    const crashing = new Proxy(store, {
      get(target, key, receiver) {
        if (key === 'appendToStreams') {
          return async (...args: Parameters<EventStore['appendToStreams']>) => {
            if (++appends === 3) throw new Error('power cut');
            return target.appendToStreams(...args);
          };
        }
        const value = Reflect.get(target, key, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    await expect(seedDemoCompany(crashing, SMALL, { batchSize: 1_000 })).rejects.toThrow('power cut');
    const partial = await store.headPosition();
    expect(partial).toBeGreaterThan(0n);
    expect(await demoSeedStatus(store)).toEqual({ state: 'interrupted', parameters: SMALL });

    // Restarted (asking for another size): the recorded company is resumed and completed.
    const logs: string[] = [];
    const resumed = await seedDemoCompany(store, { ...SMALL, employees: 99 }, { log: (l) => logs.push(l) });
    expect(resumed).toMatchObject({ seeded: true, resumed: true, refused: 0, parameters: SMALL });
    expect(logs.join('\n')).toMatch(/resuming the interrupted demo seed/);

    // Same company as an uninterrupted seed: same event ids, each once.
    const reference = await freshStore('seed_reference');
    await seedDemoCompany(reference.store, SMALL);
    const ids = (events: RecordedEvent[]) =>
      events
        .filter((e) => e.streamId !== DEMO_SEED_STREAM)
        .map((e) => e.id)
        .sort();
    const got = ids(await allEvents(store));
    expect(new Set(got).size).toBe(got.length);
    expect(got).toEqual(ids(await allEvents(reference.store)));
    expect(await demoSeedStatus(store)).toMatchObject({ state: 'complete' });
  });

  it('never seeds into a store that holds other data', async () => {
    const { store } = await freshStore('seed_other');
    const hire = [...simulateCommands(simulationConfig({ seed: 1, employees: 2, weeks: 1 }))].find(
      (c) => c.type === 'HireEmployee',
    );
    if (!hire || needsEvidencePosition(hire)) throw new Error('no hire simulated');
    await dispatch(store, hire, {
      commandId: 'real-1',
      at: new Date(hire.metadata.at),
      actor: 'user:hr',
      source: 'ui',
    }).catch((error: unknown) => {
      if (error instanceof DomainError) throw new Error(error.message);
      throw error;
    });
    const head = await store.headPosition();
    const outcome = await seedDemoCompany(store, SMALL);
    expect(outcome.seeded).toBe(false);
    expect(outcome.skipped).toMatch(/already holds 1 events that are not a demo company/);
    expect(await store.headPosition()).toBe(head);
  });
});
