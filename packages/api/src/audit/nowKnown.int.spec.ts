import {
  currentVersion,
  DEFAULT_SCORING_POLICY,
  type DomainEventType,
  employeeStream,
  type Ladder,
  mentorshipStream,
  policyStream,
  reviewStream,
  saleStream,
} from '@trackrecord/domain';
import { type JsonObject, migrateEventStore, newEventId, PostgresEventStore } from '@trackrecord/eventstore';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionNowKnown } from './nowKnown.ts';
import { replayDecision } from './replay.ts';

/**
 * A decision as known and as now known, worked by hand. The ladder published for the test asks
 * of a Sales Supervisor only: 2 deals closed by mentees, and 1,000,000 fen of sales over the 12
 * months ending with the evaluated month. No targets, payments or activities: every score is 0
 * (completion unmeasured, collection 0 of the sales, no follow-ups, no collaboration) and stays
 * 0, so only the requirements can differ.
 *
 * March 2026: n1 (on probation, mentored by m1) closes s1 and s2; n2 (mentored by m2) s4 and s5;
 * m1 closes s3 of 1,200,000; m2 s6 of 900,000. x1's sale of 2026-04-01 moves the clock to April:
 * the evaluated month is March. On that evidence (business date 2026-04-01):
 * - r1, m1: 2 mentee deals, 1,200,000 → eligible; approved.
 * - r2, m2: 2 mentee deals, 900,000 → not eligible; rejected.
 * Since: s1 reversed (m1: 1 mentee deal → not eligible), s3 corrected to 800,000 (m1's annual
 * sales 800,000), and a sale of m2 dated 2026-03-28 recorded late, s8 of 150,000 (m2: 1,050,000 →
 * eligible). So, as now known: r1 approved but not eligible (moved by the reversal), r2 rejected
 * but eligible (moved by the late record).
 */

const LADDER: Ladder = {
  id: 'ladder-test',
  version: 1,
  name: 'Test ladder',
  tracks: [
    {
      id: 'sales_management',
      name: 'Sales management',
      nameZh: '销售管理通道',
      levels: [
        { id: 'sales_representative', name: 'Sales Representative', nameZh: '销售代表', requirements: [] },
        {
          id: 'sales_supervisor',
          name: 'Sales Supervisor',
          nameZh: '销售主管',
          requirements: [
            { kind: 'mentoring', closedDeals: 2 },
            { kind: 'annualSales', min: 1_000_000 },
          ],
        },
      ],
    },
  ],
};

let database: TestDatabase;
let store: PostgresEventStore;
const p: Record<string, bigint> = {};
const append = async (stream: string, type: DomainEventType, data: JsonObject) => {
  const [position] = (
    await store.appendToStream(stream, [
      { id: newEventId(), type, schemaVersion: currentVersion(type), data },
    ])
  ).positions;
  return position as bigint;
};
const hire = (employeeId: string, probationEnd: string | null) =>
  append(employeeStream(employeeId), 'EmployeeHired', {
    employeeId,
    name: employeeId,
    branchId: 'sh',
    teamId: 't1',
    regionId: 'east',
    managerId: null,
    level: 'sales_representative',
    track: 'sales_management',
    hiredAt: probationEnd ? '2026-03-02' : '2024-01-08',
    probationEnd,
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
async function decide(
  reviewId: string,
  employeeId: string,
  outcome: 'approved' | 'rejected',
  eligible: boolean,
) {
  await append(reviewStream(reviewId), 'PromotionNominated', {
    reviewId,
    employeeId,
    fromLevel: 'sales_representative',
    toLevel: 'sales_supervisor',
    track: 'sales_management',
    score: 0,
    reason: 'manager_nomination',
    nominatedBy: 'hr',
    at: '2026-04-01T12:00:00Z',
  });
  await append(reviewStream(reviewId), 'PromotionDecided', {
    reviewId,
    employeeId,
    toLevel: 'sales_supervisor',
    outcome,
    rationale: 'as the evidence says',
    evidencePosition: p.evidence?.toString() ?? '0',
    policyVersions: {
      [DEFAULT_SCORING_POLICY.id]: DEFAULT_SCORING_POLICY.version,
      [LADDER.id]: LADDER.version,
    },
    evidence: { score: 0, scoreMonth: '2026-03', eligible },
    override: null,
    decidedBy: 'c1',
    at: '2026-04-01T12:00:00Z',
  });
}

beforeAll(async () => {
  database = await createTestDatabase('audit_now_known');
  await migrateEventStore(database.url);
  store = new PostgresEventStore({ connectionString: database.url });
  await append(policyStream(LADDER.id), 'LadderPublished', { ladder: LADDER });
  for (const m of ['m1', 'm2', 'x1']) await hire(m, null);
  for (const n of ['n1', 'n2']) await hire(n, '2026-06-30');
  await append(mentorshipStream('n1'), 'MentorAssigned', {
    menteeId: 'n1',
    mentorId: 'm1',
    at: '2026-03-02',
  });
  await append(mentorshipStream('n2'), 'MentorAssigned', {
    menteeId: 'n2',
    mentorId: 'm2',
    at: '2026-03-02',
  });
  await sale('s1', 'n1', 100_000, '2026-03-05');
  await sale('s2', 'n1', 100_000, '2026-03-06');
  await sale('s4', 'n2', 100_000, '2026-03-05');
  await sale('s5', 'n2', 100_000, '2026-03-06');
  await sale('s3', 'm1', 1_200_000, '2026-03-10');
  await sale('s6', 'm2', 900_000, '2026-03-10');
  p.evidence = await sale('s7', 'x1', 100_000, '2026-04-01');
  await decide('r1', 'm1', 'approved', true);
  await decide('r2', 'm2', 'rejected', false);
  p.reversal = await append(saleStream('s1'), 'SaleReversed', {
    saleId: 's1',
    employeeId: 'n1',
    reason: 'contract void',
    reversedAt: '2026-04-10',
  });
  p.correction = await append(saleStream('s3'), 'SaleCorrected', {
    saleId: 's3',
    employeeId: 'm1',
    amount: 800_000,
    grossMargin: 0.3,
    reason: 'a line counted twice',
    correctedAt: '2026-04-11',
  });
  p.late = await sale('s8', 'm2', 150_000, '2026-03-28');
}, 120_000);
afterAll(async () => {
  await store?.close();
  await database?.drop();
});

const compared = async (reviewId: string) => {
  const replay = await replayDecision(store, reviewId);
  if (!replay) throw new Error(`no replay of ${reviewId}`);
  return { replay, now: await decisionNowKnown(store, replay) };
};
const moved = (type: string, ref: string, position: bigint | undefined, correction: boolean) =>
  expect.objectContaining({ type, ref, position, correction });

describe('a decision as known and as now known', () => {
  it('approved on evidence that bore it out; the corrected history no longer does, by the reversal', async () => {
    const { replay, now } = await compared('r1');
    // As known: the replay bears the decision out.
    expect(replay.differences).toEqual([]);
    expect(now.businessDate).toBe('2026-04-01');
    expect(now.known).toMatchObject({ score: 0, scoreMonth: '2026-03', eligible: true });
    expect(now.known.checklist?.map((c) => [c.requirement.kind, c.actual, c.met])).toEqual([
      ['mentoring', 2, true],
      ['annualSales', 1_200_000, true],
    ]);
    expect(now.now).toMatchObject({ score: 0, scoreMonth: '2026-03', eligible: false });
    expect(now.now.checklist?.map((c) => [c.requirement.kind, c.actual, c.met])).toEqual([
      ['mentoring', 1, false],
      ['annualSales', 800_000, false],
    ]);
    const reversal = moved('SaleReversed', 's1', p.reversal, true);
    expect(now.differences).toEqual([
      expect.objectContaining({
        field: 'eligible',
        known: true,
        now: false,
        cause: 'correction',
        events: [reversal],
      }),
      expect.objectContaining({
        field: 'requirement.mentoring',
        known: 2,
        now: 1,
        cause: 'correction',
        events: [reversal],
      }),
      expect.objectContaining({
        field: 'requirement.annualSales',
        known: 1_200_000,
        now: 800_000,
        cause: 'correction',
        events: [moved('SaleCorrected', 's3', p.correction, true)],
      }),
      expect.objectContaining({
        field: 'outcome',
        known: 'approved',
        now: 'rejected',
        cause: 'correction',
        events: [reversal],
      }),
    ]);
    // Five events since belong to 2026-04-01 or before: the two nominations of that day, the
    // reversal, the correction and the late sale.
    expect(now.eventsSince).toBe(5);
  });

  it('rejected as not eligible; a sale of that time recorded later makes it eligible', async () => {
    const { replay, now } = await compared('r2');
    expect(replay.differences).toEqual([]);
    expect(now.known.eligible).toBe(false);
    expect(now.now.eligible).toBe(true);
    const late = moved('SaleClosed', 's8', p.late, false);
    expect(now.differences).toEqual([
      expect.objectContaining({
        field: 'eligible',
        known: false,
        now: true,
        cause: 'later_event',
        events: [late],
      }),
      expect.objectContaining({
        field: 'requirement.annualSales',
        known: 900_000,
        now: 1_050_000,
        cause: 'later_event',
        events: [late],
      }),
      expect.objectContaining({
        field: 'outcome',
        known: 'rejected',
        now: 'approved',
        cause: 'later_event',
        events: [late],
      }),
    ]);
  });
});
