import { DomainError } from '@trackrecord/domain';
import { migrateEventStore, PostgresEventStore } from '@trackrecord/eventstore';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import {
  needsEvidencePosition,
  simulateCommands,
  simulationConfig,
  withEvidencePosition,
} from '@trackrecord/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch, employeeContext } from './bus.ts';

let database: TestDatabase;
let store: PostgresEventStore;
beforeAll(async () => {
  database = await createTestDatabase('api_bus');
  await migrateEventStore(database.url);
  store = new PostgresEventStore({ connectionString: database.url });
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

  it('loads an employee context from the career stream', async () => {
    expect(await employeeContext(store, 'nobody')).toEqual({ employeeId: 'nobody', status: 'unknown' });
  });
});
