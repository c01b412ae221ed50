import { currentVersion, type DomainEventType, employeeStream, saleStream } from '@trackrecord/domain';
import { type JsonObject, migrateEventStore, newEventId, PostgresEventStore } from '@trackrecord/eventstore';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import type { Kysely } from 'kysely';
import { createDb } from './db.ts';
import { migrateReadModels } from './migrate.ts';

/**
 * Test support for the read-model specs (not exported from the package): a fresh database
 * with the event store and read models migrated, and helpers that append real events.
 */
export async function readModelFixture<DB>(name: string) {
  const database: TestDatabase = await createTestDatabase(name);
  await migrateEventStore(database.url);
  await migrateReadModels(database.url);
  const store = new PostgresEventStore({ connectionString: database.url });
  const db = createDb<DB>(database.url, 3);
  const append = async (stream: string, type: DomainEventType, data: JsonObject) => {
    const [position] = (
      await store.appendToStream(stream, [
        { id: newEventId(), type, schemaVersion: currentVersion(type), data },
      ])
    ).positions;
    return position as bigint;
  };
  const hire = (
    employeeId: string,
    options: {
      teamId?: string;
      regionId?: string;
      level?: string;
      managerId?: string | null;
      hiredAt?: string;
      branchId?: string;
    } = {},
  ) =>
    append(employeeStream(employeeId), 'EmployeeHired', {
      employeeId,
      name: employeeId,
      branchId: options.branchId ?? 'sh',
      teamId: options.teamId ?? 'sh-1',
      regionId: options.regionId ?? 'east',
      managerId: options.managerId ?? null,
      level: options.level ?? 'sales_representative',
      track: 'sales_management',
      hiredAt: options.hiredAt ?? '2026-01-05',
      probationEnd: null,
      recruitingFit: 70,
    });
  const sale = (saleId: string, employeeId: string, amount: number, closedAt: string) =>
    append(saleStream(saleId), 'SaleClosed', {
      saleId,
      employeeId,
      amount,
      grossMargin: 0.3,
      productLine: 'crm',
      customerId: `c-${saleId}`,
      customerType: 'smb',
      channel: 'direct',
      newCustomer: false,
      cycleDays: 10,
      closedAt,
    });
  return {
    url: database.url,
    store,
    db: db as Kysely<DB>,
    append,
    hire,
    sale,
    async close() {
      await db.destroy();
      await store.close();
      await database.drop();
    },
  };
}
