import { randomUUID } from 'node:crypto';
import { activityStream, DomainError, employeeStream } from '@trackrecord/domain';
import { migrateEventStore, PostgresEventStore } from '@trackrecord/eventstore';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import {
  needsEvidencePosition,
  simulateCommands,
  simulationConfig,
  withEvidencePosition,
} from '@trackrecord/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from './bus.ts';
import { commandEventId } from './eventIds.ts';
import { employeeContext } from './load.ts';

let database: TestDatabase;
let store: PostgresEventStore;
beforeAll(async () => {
  database = await createTestDatabase('api_bus');
  await migrateEventStore(database.url);
  store = new PostgresEventStore({ connectionString: database.url, poolSize: 12 });
});
afterAll(async () => {
  await store?.close();
  await database?.drop();
});

const envelope = (commandId: string, at: string) => ({
  commandId,
  at: new Date(at),
  actor: 'system:test',
  source: 'test',
});

const AT = '2026-11-02T09:30:00.000Z';
const hire = (employeeId: string) => ({
  type: 'HireEmployee',
  data: {
    employeeId,
    name: '张伟',
    branchId: 'b1',
    teamId: 't1',
    regionId: 'r1',
    managerId: null,
    level: 'sales_representative',
    track: 'sales_management',
    probationEnd: '2027-01-01T00:00:00.000Z',
    recruitingFit: 80,
    hiredAt: '2026-10-01T00:00:00.000Z',
  },
});
const demo = (employeeId: string, customerId: string) => ({
  type: 'GiveDemo',
  data: { employeeId, customerId, at: AT },
});

describe('dispatch', () => {
  it('runs a simulated company through the same rules as the API, all accepted', async () => {
    const refused: string[] = [];
    let accepted = 0;
    for (const simulated of simulateCommands(simulationConfig({ seed: 7, employees: 16, weeks: 6 }))) {
      const command = needsEvidencePosition(simulated)
        ? withEvidencePosition(simulated, await store.headPosition())
        : simulated;
      try {
        await dispatch(store, command, envelope(command.metadata.commandId, command.metadata.at));
        accepted++;
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        refused.push(`${command.type}: ${error.message}`);
      }
    }
    expect(refused).toEqual([]);
    expect(accepted).toBeGreaterThan(500);
    expect(await store.headPosition()).toBeGreaterThan(500n);
  });

  it('validates data before anything is read or written, naming each bad field', async () => {
    const head = await store.headPosition();
    await expect(
      dispatch(
        store,
        {
          type: 'CollectPayment',
          data: { paymentId: '', saleId: 's', amount: -1, collectedAt: 'yesterday' },
          metadata: { commandId: 'x', at: '2026-01-01T00:00:00Z', actor: 't', source: 't' },
        },
        envelope('bad-1', '2026-01-01T00:00:00Z'),
      ),
    ).rejects.toThrow(
      /CollectPayment: paymentId: must not be empty; amount: must be greater than 0; collectedAt/,
    );
    expect(await store.headPosition()).toBe(head);
  });

  it('appends the decided events with command metadata and deterministic ids', async () => {
    const employeeId = `e-${randomUUID()}`;
    const sent = envelope(randomUUID(), AT);
    const handled = await dispatch(store, hire(employeeId), sent);
    expect(handled.duplicate).toBe(false);
    const [event] = await store.readStream(employeeStream(employeeId));
    expect(event).toMatchObject({
      id: commandEventId(sent.commandId, sent.at, 0),
      type: 'EmployeeHired',
      data: { employeeId, name: '张伟' },
      metadata: {
        commandId: sent.commandId,
        actor: 'system:test',
        source: 'test',
        correlationId: sent.commandId,
      },
    });
    expect(event!.id.slice(14, 15)).toBe('7');
    expect(handled.result?.positions).toEqual([event!.position]);
  });

  it('answers a re-sent command with the original positions and writes nothing', async () => {
    const employeeId = `e-${randomUUID()}`;
    await dispatch(store, hire(employeeId), envelope(randomUUID(), AT));
    const sent = envelope(randomUUID(), AT);
    const first = await dispatch(store, demo(employeeId, 'c-1'), sent);
    await dispatch(store, demo(employeeId, 'c-2'), envelope(randomUUID(), AT));
    const again = await dispatch(store, demo(employeeId, 'c-1'), sent);
    expect(again.duplicate).toBe(true);
    expect(again.events).toEqual(first.events);
    expect(again.result?.positions).toEqual(first.result?.positions);
    expect(await store.readStream(activityStream(employeeId, AT))).toHaveLength(2);
  });

  it('retries on a revision conflict and still enforces the rules across concurrent commands', async () => {
    const employeeId = `e-${randomUUID()}`;
    const hires = await Promise.allSettled(
      Array.from({ length: 6 }, () => dispatch(store, hire(employeeId), envelope(randomUUID(), AT))),
    );
    expect(hires.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = hires.filter((o) => o.status === 'rejected').map((o) => o.reason);
    expect(refused).toHaveLength(5);
    for (const r of refused) expect(r).toMatchObject({ name: 'DomainError', code: 'ILLEGAL_STATE' });
    // Every concurrent command on one stream is written, each on the state the others left.
    const demos = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        dispatch(store, demo(employeeId, `c-${i}`), envelope(randomUUID(), AT)),
      ),
    );
    expect(demos.map((d) => d.duplicate)).toEqual([false, false, false, false]);
    const events = await store.readStream(activityStream(employeeId, AT));
    expect(events.map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n]);
  });

  it('appends nothing when the decider refuses', async () => {
    const employeeId = `nobody-${randomUUID()}`;
    await expect(dispatch(store, demo(employeeId, 'c-1'), envelope(randomUUID(), AT))).rejects.toThrow(
      DomainError,
    );
    expect(await store.readStream(activityStream(employeeId, AT))).toEqual([]);
  });

  it('loads an employee context from the career stream', async () => {
    expect(await employeeContext(store, 'nobody')).toEqual({ employeeId: 'nobody', status: 'unknown' });
  });
});
