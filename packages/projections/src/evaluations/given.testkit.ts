import {
  activityStream,
  currentVersion,
  type DomainEvent,
  type DomainEventType,
  employeeStream,
  enrollmentStream,
  mentorshipStream,
  parseEvent,
  policyStream,
  saleStream,
  targetStream,
} from '@trackrecord/domain';
import {
  type JsonObject,
  migrateEventStore,
  newEventId,
  PostgresEventStore,
  type RecordedEvent,
} from '@trackrecord/eventstore';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import type { Kysely } from 'kysely';
import { createDb } from '../db.ts';
import { kpiFactsProjection } from '../kpiFacts/project.ts';
import type { KpiFactsDb } from '../kpiFacts/table.ts';
import { migrateReadModels } from '../migrate.ts';
import { rebuildProjection } from '../runner/rebuild.ts';
import { type EvaluationsDb, evaluationsProjection } from './project.ts';

/**
 * Given/when/then for the evaluations read models: events are appended to a real PostgreSQL
 * store (fixtures are events, never rows), then the projection is rebuilt from them.
 */
export async function givenStore(label: string) {
  const database: TestDatabase = await createTestDatabase(label);
  await migrateEventStore(database.url);
  await migrateReadModels(database.url);
  const store = new PostgresEventStore({ connectionString: database.url });
  const base = createDb<EvaluationsDb>(database.url, 2);
  const db = base.withSchema('read');

  const append = (stream: string, type: DomainEventType, data: JsonObject) =>
    store.appendToStream(stream, [{ id: newEventId(), type, schemaVersion: currentVersion(type), data }]);

  const events = {
    append,
    hire: (
      employeeId: string,
      o: { teamId?: string; level?: string; hiredAt?: string; probationEnd?: string } = {},
    ) =>
      append(employeeStream(employeeId), 'EmployeeHired', {
        employeeId,
        name: employeeId,
        branchId: 'sh',
        teamId: o.teamId ?? 't1',
        regionId: 'east',
        managerId: null,
        level: o.level ?? 'sales_representative',
        track: 'sales_management',
        hiredAt: o.hiredAt ?? '2024-01-01',
        probationEnd: o.probationEnd ?? null,
        recruitingFit: 70,
      }),
    sale: (saleId: string, employeeId: string, amount: number, closedAt: string, customerType = 'smb') =>
      append(saleStream(saleId), 'SaleClosed', {
        saleId,
        employeeId,
        amount,
        grossMargin: 0.3,
        productLine: 'crm',
        customerId: `c-${saleId}`,
        customerType,
        channel: 'direct',
        newCustomer: false,
        cycleDays: 20,
        closedAt,
      }),
    pay: (saleId: string, employeeId: string, amount: number, collectedAt: string) =>
      append(saleStream(saleId), 'PaymentCollected', {
        paymentId: `p-${saleId}-${collectedAt}`,
        saleId,
        employeeId,
        amount,
        collectedAt,
      }),
    /** Pays back `amount` of the payment `pay(saleId, employeeId, …, paidAt)` recorded. */
    refund: (saleId: string, employeeId: string, paidAt: string, amount: number, refundedAt: string) =>
      append(saleStream(saleId), 'PaymentRefunded', {
        paymentId: `p-${saleId}-${paidAt}`,
        saleId,
        employeeId,
        amount,
        reason: 'returned goods',
        refundedAt,
      }),
    reverse: (saleId: string, employeeId: string, reversedAt: string) =>
      append(saleStream(saleId), 'SaleReversed', {
        saleId,
        employeeId,
        reason: 'order withdrawn',
        reversedAt,
      }),
    target: (employeeId: string, period: string, amount: number) =>
      append(targetStream(employeeId, period), 'TargetSet', {
        subjectId: employeeId,
        subjectKind: 'employee',
        period,
        amount,
        basis: 'test',
        setBy: 'hr',
        at: `${period}-01`,
      }),
    followUp: (employeeId: string, at: string) =>
      append(activityStream(employeeId, at), 'CustomerFollowUpLogged', { employeeId, customerId: 'c1', at }),
    collaboration: (employeeId: string, at: string) =>
      append(activityStream(employeeId, at), 'CollaborationCredited', {
        employeeId,
        helpedEmployeeId: 'someone',
        at,
      }),
    courseAssigned: (employeeId: string, courseId: string, at: string) =>
      append(enrollmentStream(employeeId, courseId), 'CourseAssigned', {
        employeeId,
        courseId,
        assignedBy: 'hr',
        at,
      }),
    courseCompleted: (employeeId: string, courseId: string, at: string) =>
      append(enrollmentStream(employeeId, courseId), 'CourseCompleted', {
        employeeId,
        courseId,
        testScore: 88,
        at,
      }),
    mentor: (menteeId: string, mentorId: string, at: string) =>
      append(mentorshipStream(menteeId), 'MentorAssigned', { menteeId, mentorId, at }),
    rateMentor: (menteeId: string, mentorId: string, rating: number, at: string) =>
      append(mentorshipStream(menteeId), 'MentorRated', { menteeId, mentorId, rating, at }),
    publish: (
      type: 'ScoringPolicyPublished' | 'LadderPublished' | 'RetentionModelPublished',
      doc: JsonObject,
    ) =>
      append(
        policyStream(String(doc.id)),
        type,
        type === 'ScoringPolicyPublished'
          ? { policy: doc }
          : type === 'LadderPublished'
            ? { ladder: doc }
            : { model: doc },
      ),
  };

  return {
    db,
    events,
    /** Rebuilds the projection from every event so far, in batches of `batchSize`. */
    project: (batchSize = 1000) => rebuildProjection(store, base, evaluationsProjection, { batchSize }),
    /** Rebuilds the KPI facts read model from every event so far, in batches of `batchSize`. */
    projectKpiFacts: (batchSize = 1000) =>
      rebuildProjection(store, base as unknown as Kysely<KpiFactsDb>, kpiFactsProjection, { batchSize }),
    /** Every event so far, parsed, with its global position (what the domain's fold reads). */
    async readAll(): Promise<{ position: bigint; event: DomainEvent }[]> {
      const out: { position: bigint; event: DomainEvent }[] = [];
      let after = 0n;
      for (;;) {
        const page = await store.readAll({ after, maxCount: 10_000 });
        for (const r of page.events as RecordedEvent[])
          out.push({ position: r.position, event: parseEvent(r.type, r.schemaVersion, r.data) });
        after = page.nextAfter;
        if (page.isEnd) break;
      }
      return out;
    },
    async close() {
      await base.destroy();
      await store.close();
      await database.drop();
    },
  } satisfies { db: Kysely<EvaluationsDb> } & Record<string, unknown>;
}
