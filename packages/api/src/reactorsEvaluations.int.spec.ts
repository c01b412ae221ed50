import { alertStream, reviewStream } from '@trackrecord/domain';
import { migrateEventStore, PostgresEventStore } from '@trackrecord/eventstore';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import {
  createDb,
  eligibilityAlertId,
  eligibilityReachedRule,
  eligibilityReviewId,
  migrateReadModels,
  projections,
  rebuildProjections,
  riskAlertId,
} from '@trackrecord/projections';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busDispatch, createReactor } from './reactors.ts';
import { seedDemoCompany } from './seed/demoSeed.ts';

let database: TestDatabase;
let store: PostgresEventStore;
// biome-ignore lint/suspicious/noExplicitAny: the test reads tables of several read models.
let db: Kysely<any>;

beforeAll(async () => {
  database = await createTestDatabase('reactors_eval');
  await migrateEventStore(database.url);
  await migrateReadModels(database.url);
  store = new PostgresEventStore({ connectionString: database.url });
  db = createDb(database.url, 3);
  await seedDemoCompany(store, { employees: 30, weeks: 60, seed: 3 });
  await rebuildProjections(store, db, projections);
}, 300_000);
afterAll(async () => {
  await db?.destroy();
  await store?.close();
  await database?.drop();
});

const types = async (stream: string) => (await store.readStream(stream)).map((e) => e.type);

describe('reactor rules on the evaluations: eligibility reached, risk high', () => {
  it('nominates and alerts for every eligible person without a review, alerts every flagged risk, once', async () => {
    await createReactor(store, db, database.url).catchUp();
    const eligible = await db
      .withSchema('read')
      .selectFrom('eligibility as e')
      .innerJoin('people as p', 'p.employee_id', 'e.employee_id')
      .select(['e.employee_id', 'e.from_level', 'e.to_level'])
      .where('e.eligible', '=', true)
      .where('p.status', '=', 'active')
      .whereRef('p.level', '=', 'e.from_level')
      .execute();
    const nominated = await db
      .selectFrom('projections.reactor_log')
      .select(['command_id', 'outcome'])
      .where('command_id', 'like', 'reactor:eligibility:%')
      .execute();
    // Every eligible person either got a nomination from the platform or already had a review.
    for (const e of eligible) {
      const ours = await types(reviewStream(eligibilityReviewId(e.employee_id, e.from_level, e.to_level)));
      const review = await db
        .withSchema('read')
        .selectFrom('promotion_reviews')
        .select('review_id')
        .where('employee_id', '=', e.employee_id)
        .where('to_level', '=', e.to_level)
        .execute();
      expect(ours.length > 0 || review.length > 0, `${e.employee_id} → ${e.to_level}`).toBe(true);
      if (ours.length > 0) {
        expect(ours).toEqual(['PromotionNominated']);
        expect(await types(alertStream(eligibilityAlertId(e.employee_id, e.to_level)))).toEqual([
          'AlertRaised',
        ]);
      }
    }
    expect(nominated.every((n) => n.outcome !== 'refused')).toBe(true);

    const risky = await db
      .withSchema('read')
      .selectFrom('retention_risk as r')
      .innerJoin('people as p', 'p.employee_id', 'r.employee_id')
      .select(['r.employee_id', 'r.week_start'])
      .where('r.flagged', '=', true)
      .where('p.status', '=', 'active')
      .execute();
    expect(risky.length).toBeGreaterThan(0);
    for (const r of risky) {
      const alert = await store.readStream(alertStream(riskAlertId(r.employee_id, r.week_start.slice(0, 7))));
      expect(alert.map((e) => e.type)).toEqual(['AlertRaised']);
      expect(alert[0]?.data).toMatchObject({ kind: 'risk_high', evidence: { kind: 'retention_risk' } });
    }
  });

  it('a replay from the first event appends nothing', async () => {
    const head = await store.headPosition();
    await db
      .updateTable('projections.checkpoints')
      .set({ position: '0' })
      .where('name', '=', 'reactor:platform')
      .execute();
    await rebuildProjections(store, db, projections);
    await createReactor(store, db, database.url).catchUp();
    expect(await store.headPosition()).toBe(head);
  });

  it('turns a verdict that became eligible into a nomination the deciders accept, and an alert, once', async () => {
    // The seeded company has nobody eligible at its end: make one verdict eligible, as the
    // evaluations projection would after an event at the head.
    const [found] = await db
      .withSchema('read')
      .selectFrom('people')
      .select(['employee_id', 'level', 'manager_id'])
      .where('status', '=', 'active')
      .where('level', '=', 'sales_representative')
      .orderBy('employee_id')
      .limit(1)
      .execute();
    const person = found!;
    const [verdict] = await db
      .withSchema('read')
      .selectFrom('eligibility')
      .select('to_level')
      .where('employee_id', '=', person.employee_id)
      .orderBy('to_level')
      .limit(1)
      .execute();
    const head = await store.headPosition();
    const [trigger] = await store.readStream(
      (await store.readAll({ after: head - 1n })).events[0]!.streamId,
      {
        direction: 'backward',
        maxCount: 1,
      },
    );
    await db
      .withSchema('read')
      .updateTable('eligibility')
      .set({ eligible: true, position: head.toString() })
      .where('employee_id', '=', person.employee_id)
      .where('to_level', '=', verdict!.to_level)
      .execute();
    const reactions = await eligibilityReachedRule.react(db, [trigger!]);
    expect(reactions.map((r) => r.command.type)).toEqual(['Nominate', 'RaiseAlert']);
    const dispatch = busDispatch(store);
    for (const reaction of reactions) {
      const meta = {
        commandId: reaction.commandId,
        at: new Date(reaction.at),
        actor: 'system:reactor',
        source: 'reactor' as const,
        causationId: reaction.trigger.eventId,
        correlationId: reaction.trigger.eventId,
      };
      expect((await dispatch(reaction.command, meta)).duplicate).toBe(false);
      expect((await dispatch(reaction.command, meta)).duplicate).toBe(true);
    }
    const nomination = reactions[0]!.command.data as { reviewId: string; toLevel: string };
    const review = await store.readStream(reviewStream(nomination.reviewId));
    expect(review.map((e) => e.type)).toEqual(['PromotionNominated']);
    expect(review[0]?.data).toMatchObject({ employeeId: person.employee_id, reason: 'threshold_reached' });
    const alert = await store.readStream(
      alertStream(eligibilityAlertId(person.employee_id, nomination.toLevel)),
    );
    expect(alert[0]?.data).toMatchObject({
      kind: 'eligibility_reached',
      assignees: [{ role: 'hr' }, ...(person.manager_id ? [{ role: 'manager', id: person.manager_id }] : [])],
    });
  });
});
