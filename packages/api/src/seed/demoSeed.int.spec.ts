import { DEMO_SEED_STREAM, DomainError } from '@trackrecord/domain';
import {
  type EventStore,
  migrateEventStore,
  PostgresEventStore,
  type RecordedEvent,
} from '@trackrecord/eventstore';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { needsEvidencePosition, simulateCommands, simulationConfig } from '@trackrecord/simulator';
import { afterAll, describe, expect, it } from 'vitest';
import { dispatch } from '../commands/bus.ts';
import { demoCorrelationId, demoSeedStatus, type SeedProgress, seedDemoCompany } from './demoSeed.ts';

/** A small company whose history holds a quarter's promotion round and the policy revision. */
const SMALL = { seed: 61, employees: 32, weeks: 15 };
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
    expect(await demoSeedStatus(store)).toMatchObject({ state: 'interrupted', parameters: SMALL });

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

  it('a living demo ends at its today; a later start continues it up to the new today, nothing twice', async () => {
    const { store } = await freshStore('seed_living');
    const living = { seed: 5, employees: 30, weeks: 16 };
    const first = await seedDemoCompany(store, living, { today: () => new Date('2026-06-10T09:30:00.000Z') });
    expect(first).toMatchObject({ seeded: true, refused: 0, through: '2026-06-10T09:30:00.000Z' });
    const status = await demoSeedStatus(store);
    if (status.state !== 'complete') throw new Error(`not complete: ${status.state}`);
    // The start is chosen so the last simulated week is the week of today (Monday 8 June).
    expect(status.history?.start).toBe('2026-02-23');
    expect(status.history?.personas?.committeeMemberId).toMatch(/^emp-/);
    const businessAt = (e: RecordedEvent) => {
      const d = e.data as Record<string, unknown>;
      return String(d.at ?? d.closedAt ?? d.collectedAt ?? d.correctedAt ?? d.reversedAt ?? '');
    };
    const latest = async () =>
      (await allEvents(store))
        .filter((e) => e.streamId !== DEMO_SEED_STREAM)
        .map(businessAt)
        .sort()
        .at(-1) ?? '';
    expect((await latest()) <= '2026-06-10T09:30:00.000Z').toBe(true);
    // The present: reviews open with the committee persona on them, nominations waiting.
    const events = await allEvents(store);
    const member = status.history?.personas?.committeeMemberId as string;
    const open = events.filter(
      (e) => e.type === 'ReviewOpened' && (e.data as { committee: string[] }).committee.includes(member),
    );
    expect(open.length).toBeGreaterThanOrEqual(3);

    // Five weeks later: the same simulation continued, from where it stopped.
    const head = await store.headPosition();
    const later = await seedDemoCompany(store, living, { today: () => new Date('2026-07-15T09:30:00.000Z') });
    expect(later).toMatchObject({ seeded: true, continued: true, refused: 0 });
    expect(later.events).toBeGreaterThan(1_000);
    const all = await allEvents(store);
    const added = all.filter(
      (e) => e.position > head && e.streamId !== DEMO_SEED_STREAM && businessAt(e) !== '',
    );
    expect(added.every((e) => businessAt(e) > '2026-06-10')).toBe(true);
    expect((await latest()).slice(0, 10)).toBe('2026-07-15');
    const ids = all.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    // Every week between has its activity: no empty month.
    const months = new Set(
      all
        .filter((e) => e.type === 'SaleClosed')
        .map((e) => String((e.data as { closedAt: string }).closedAt).slice(0, 7)),
    );
    for (const month of ['2026-03', '2026-04', '2026-05', '2026-06', '2026-07'])
      expect(months).toContain(month);
    expect((await store.readStream(DEMO_SEED_STREAM)).map((e) => e.type)).toEqual([
      'DemoSeedStarted',
      'DemoSeedCompleted',
      'DemoSeedContinued',
    ]);
    // The same day again: nothing new, nothing recorded.
    const again = await seedDemoCompany(store, living, { today: () => new Date('2026-07-15T09:31:00.000Z') });
    expect(again.seeded).toBe(false);
    expect((await store.readStream(DEMO_SEED_STREAM)).length).toBe(3);
  }, 240_000);
});
