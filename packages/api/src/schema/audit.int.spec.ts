import {
  DEFAULT_COLD_START_RULES,
  DEFAULT_TARGET_POLICY,
  type DomainCommandType,
  type Ladder,
  LadderSchema,
  type PromotionDecided,
  ScoringPolicySchema,
  TargetPolicySchema,
} from '@trackrecord/domain';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { peopleByIds } from '@trackrecord/projections';
import { DEFAULT_SIMULATION_POLICIES } from '@trackrecord/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { replayDecision } from '../audit/replay.ts';
import { replayDecisionUnderDraft } from '../audit/whatIfHistory.ts';
import { decidedReviews } from '../audit/whatIfReads.ts';
import type { Viewer } from '../auth/viewer.ts';
import { seedDemoCompany } from '../seed/demoSeed.ts';
import { type ApiHarness, startApiHarness } from '../testing/harness.ts';
import { toGraphQL } from './zodInput.ts';

// The auditors' queries over a small seeded company (with its promotion round and policy
// revision) plus a person of our own whose sale is corrected after the fact.

const SMALL = { seed: 16, employees: 32, weeks: 15 };
let database: TestDatabase;
let api: ApiHarness;
let hr: string;
let auditor: string;
const as = (viewer: Viewer) => api.token(viewer);

const send = (type: DomainCommandType, data: unknown, token = hr): Promise<string> =>
  api.command(type, data, token);

/** A query after the read models have applied everything so far. */
async function read<T>(query: string, token: string, variables?: Record<string, unknown>) {
  const head = (await api.store.headPosition()).toString();
  const wait = `@waitFor(position: "${head}", timeoutMs: 5000)`;
  const brace = query.indexOf('{');
  const document = query.startsWith('{')
    ? `query Q ${wait} ${query}`
    : `${query.slice(0, brace)}${wait} ${query.slice(brace)}`;
  const response = await api.graphql<T>(document, {
    token,
    ...(variables ? { variables } : {}),
  });
  return response.body;
}
async function data<T>(query: string, token: string, variables?: Record<string, unknown>): Promise<T> {
  const body = await read<T>(query, token, variables);
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data as T;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let beforeCorrection: Date;
let beforeHire: Date;
let afterSales: Date;

beforeAll(async () => {
  database = await createTestDatabase('api_audit');
  api = await startApiHarness(database.url, { runners: true });
  hr = await as({ userId: 'hr', name: 'HR', role: 'hr_admin' });
  auditor = await as({ userId: 'au', name: 'Audit', role: 'auditor' });
  await seedDemoCompany(api.store, SMALL);
  await pause(20);
  beforeHire = new Date();
  await pause(20);
  await send('HireEmployee', {
    employeeId: 'ax1',
    name: 'Xu Audit',
    branchId: 'audit-br',
    teamId: 'audit-t',
    regionId: 'east',
    managerId: null,
    level: 'sales_representative',
    track: 'sales_management',
    hiredAt: '2025-01-06',
    probationEnd: null,
    recruitingFit: 70,
  });
  const sale = (saleId: string, amount: number, closedAt: string) =>
    send('CloseSale', {
      saleId,
      employeeId: 'ax1',
      amount,
      grossMargin: 0.3,
      productLine: 'crm',
      customerId: `k-${saleId}`,
      customerType: 'smb',
      channel: 'direct',
      newCustomer: true,
      cycleDays: 12,
      closedAt,
    });
  await sale('ax-s1', 1_000_000, '2025-02-10T10:00:00Z');
  await pause(20);
  beforeCorrection = new Date();
  await pause(20);
  await send('CorrectSale', {
    saleId: 'ax-s1',
    amount: 600_000,
    grossMargin: 0.3,
    reason: 'the CRM double-counted a line',
    correctedAt: '2025-03-20T10:00:00Z',
  });
  await sale('ax-s2', 500_000, '2025-03-05T10:00:00Z');
  await pause(20);
  afterSales = new Date();
}, 240_000);
afterAll(async () => {
  await api?.close();
  await database?.drop();
});

const REPLAY = `query R($id: String!) { decisionReplay(decisionId: $id) {
  decisionId employeeId evidencePosition replayedTo policyVersions { id version } policiesInForce { id version } same eventsReplayed
  differences { field original { text number flag list } recomputed { text number flag list } note cause }
  override { code text against }
  original { outcome eligible score scoreMonth }
  recomputed { eligible score scoreMonth checklist { met } }
  corrections { kind ref saleId amountBefore amountAfter position path { kind ref employeeId label { en zh } } }
  nowKnown { businessDate same eventsSince known { eligible score } now { eligible score }
    differences { field known { text number flag } now { text number flag } cause note events { type ref position correction } } }
} }`;
type Value = { text: string | null; number: number | null; flag: boolean | null; list: string[] | null };
/** A replayed value as the API types it: the one field of its type set. */
const value = (v: string | number | boolean): Value => ({
  text: typeof v === 'string' ? v : null,
  number: typeof v === 'number' ? v : null,
  flag: typeof v === 'boolean' ? v : null,
  list: null,
});
type Replay = {
  decisionId: string;
  employeeId: string;
  evidencePosition: string;
  replayedTo: string;
  policyVersions: Record<string, number>;
  policiesInForce: Record<string, number>;
  same: boolean;
  eventsReplayed: number;
  differences: {
    field: string;
    original: Value | null;
    recomputed: Value | null;
    note: string;
    cause: string;
  }[];
  override: { code: string; text: string; against: string[] } | null;
  original: { outcome: string; eligible: boolean | null; score: number | null; scoreMonth: string | null };
  recomputed: {
    eligible: boolean | null;
    score: number | null;
    scoreMonth: string | null;
    checklist: unknown;
  };
  corrections: { kind: string; ref: string; saleId: string; path: { kind: string; ref: string }[] }[];
  nowKnown: {
    businessDate: string;
    same: boolean;
    eventsSince: number;
    known: { eligible: boolean | null; score: number | null };
    now: { eligible: boolean | null; score: number | null };
    differences: {
      field: string;
      known: Value | null;
      now: Value | null;
      cause: string;
      note: string;
      events: { type: string; ref: string | null; position: string; correction: boolean }[];
    }[];
  };
};
type PolicyVersionList = { id: string; version: number }[];
const versionMap = (list: PolicyVersionList) => Object.fromEntries(list.map((p) => [p.id, p.version]));
/** The replay, its policy version lists as maps (policy id → version) as the decision records them. */
const replay = async (id: string, token = auditor): Promise<Replay | null> => {
  const r = (
    await data<{
      decisionReplay:
        | (Omit<Replay, 'policyVersions' | 'policiesInForce'> & {
            policyVersions: PolicyVersionList;
            policiesInForce: PolicyVersionList;
          })
        | null;
    }>(REPLAY, token, { id })
  ).decisionReplay;
  return (
    r && {
      ...r,
      policyVersions: versionMap(r.policyVersions),
      policiesInForce: versionMap(r.policiesInForce),
    }
  );
};

async function seededDecisions() {
  const out: { reviewId: string; data: z.infer<typeof PromotionDecided.schema> }[] = [];
  for (let after = 0n; ; ) {
    const page = await api.store.readAll({ after, maxCount: 10_000 });
    for (const e of page.events)
      if (e.type === 'PromotionDecided') {
        const d = e.data as z.infer<typeof PromotionDecided.schema>;
        out.push({ reviewId: d.reviewId, data: d });
      }
    if (page.isEnd || page.events.length === 0) return out;
    after = page.nextAfter;
  }
}

type Evidence = { score: number | null; scoreMonth: string | null; eligible: boolean | null };
/** What the committee's page shows of ax1 for March 2025: the score and the verdict for the step. */
async function shownEvidence(): Promise<Evidence> {
  const shown = await data<{
    person: { score: { score: number }; eligibility: { toLevel: string; eligible: boolean }[] };
  }>('{ person(id: "ax1") { score(month: "2025-03") { score } eligibility { toLevel eligible } } }', hr);
  return {
    score: shown.person.score.score,
    scoreMonth: '2025-03',
    eligible: shown.person.eligibility.find((v) => v.toLevel === 'sales_supervisor')?.eligible ?? null,
  };
}

/**
 * A review of ax1 decided with the evidence position and policy versions given, on the
 * evidence the page shows unless given; the outcome follows the verdict (and the one vote)
 * unless `against` asks for the opposite with an override.
 */
async function decide(
  reviewId: string,
  evidencePosition: string,
  policyVersions: Record<string, number>,
  options: { evidence?: Evidence; against?: boolean } = {},
) {
  const evidence = options.evidence ?? (await shownEvidence());
  const follows = evidence.eligible ? 'approved' : 'rejected';
  const outcome = options.against ? (follows === 'approved' ? 'rejected' : 'approved') : follows;
  await send('Nominate', {
    reviewId,
    employeeId: 'ax1',
    fromLevel: 'sales_representative',
    toLevel: 'sales_supervisor',
    track: 'sales_management',
    score: 50,
    reason: 'manager_nomination',
    nominatedBy: 'hr',
    at: '2025-03-25T09:00:00Z',
  });
  await send('OpenReview', {
    reviewId,
    employeeId: 'ax1',
    committee: ['cm1'],
    quorum: 1,
    at: '2025-03-26T09:00:00Z',
  });
  // The committee member votes and decides as themself (actor fields come from the caller).
  const member = await as({ userId: 'cm1', name: 'Committee', role: 'committee_member' });
  await send(
    'CastVote',
    {
      reviewId,
      memberId: 'cm1',
      vote: follows === 'approved' ? 'approve' : 'reject',
      at: '2025-03-27T09:00:00Z',
    },
    member,
  );
  await send(
    'DecidePromotion',
    {
      reviewId,
      outcome,
      rationale: 'as the evidence says',
      evidencePosition,
      policyVersions,
      evidence,
      ...(options.against ? { override: { code: 'business_need', text: 'the branch needs it' } } : {}),
      decidedBy: 'cm1',
      at: '2025-03-28T09:00:00Z',
    },
    member,
  );
}

type Basis = {
  evidencePosition: string;
  scoringPolicy: { id: string; version: number };
  ladder: { id: string; version: number };
};
const basisOfAx1 = async () =>
  (
    await data<{ person: { reviewBasis: Basis } }>(
      '{ person(id: "ax1") { reviewBasis(month: "2025-03") { evidencePosition scoringPolicy { id version } ladder { id version } } } }',
      hr,
    )
  ).person.reviewBasis;

describe('decisionReplay', () => {
  it('replays every seeded decision and names the cause of each difference', async () => {
    const decisions = await seededDecisions();
    expect(decisions.length).toBeGreaterThan(0);
    for (const d of decisions) {
      const r = await replay(d.reviewId);
      expect(r, d.reviewId).not.toBeNull();
      // The simulator's committee decides on the score and verdict at nomination, and
      // overrides the verdict with a reason: every difference is one of those, named.
      for (const diff of r?.differences ?? []) {
        expect(['override', 'evaluated_month'], `${d.reviewId} ${diff.field}: ${diff.note}`).toContain(
          diff.cause,
        );
      }
      expect(r?.differences.some((x) => x.cause === 'override')).toBe(d.data.override !== null);
      expect(r?.override?.code ?? null).toBe(d.data.override?.code ?? null);
      // Not the same when either the replay as known or the history as now known differs.
      expect(r?.same).toBe(r?.differences.length === 0 && r?.nowKnown.differences.length === 0);
      expect(r?.nowKnown.same).toBe(r?.nowKnown.differences.length === 0);
      for (const diff of r?.nowKnown.differences ?? [])
        expect(diff.events.length, diff.note).toBeGreaterThan(0);
      expect(r?.original.eligible).toBe(d.data.evidence.eligible);
      expect(r?.evidencePosition).toBe(d.data.evidencePosition);
      expect(r?.replayedTo).toBe(d.data.evidencePosition);
      expect(r?.policyVersions).toEqual(d.data.policyVersions);
      expect(r?.original.outcome).toBe(d.data.outcome);
      expect(r?.recomputed.eligible).not.toBeNull();
      expect(r?.recomputed.checklist).toBeInstanceOf(Array);
      expect(r?.eventsReplayed).toBeGreaterThan(0);
    }
  });

  it('agrees with what the read models showed when the decision records the review basis', async () => {
    const basis = await basisOfAx1();
    await decide('audit-good', basis.evidencePosition, {
      [basis.scoringPolicy.id]: basis.scoringPolicy.version,
      [basis.ladder.id]: basis.ladder.version,
    });
    const r = await replay('audit-good');
    expect(r?.differences).toEqual([]);
    expect(r?.same).toBe(true);
    expect(r?.override).toBeNull();
    const shown = await data<{
      person: { score: { score: number }; eligibility: { toLevel: string; eligible: boolean }[] };
    }>('{ person(id: "ax1") { score(month: "2025-03") { score } eligibility { toLevel eligible } } }', hr);
    expect(r?.recomputed.scoreMonth).toBe('2025-03');
    expect(r?.recomputed.score).toBe(shown.person.score.score);
    expect(r?.recomputed.eligible).toBe(
      shown.person.eligibility.find((v) => v.toLevel === 'sales_supervisor')?.eligible,
    );
    // The correction of ax-s1 came before this evidence: nothing later touched it.
    expect(r?.corrections).toEqual([]);
  });

  it('finds a policy version the decision recorded that was not in force', async () => {
    const basis = await basisOfAx1();
    await decide('audit-policy', basis.evidencePosition, {
      [basis.scoringPolicy.id]: basis.scoringPolicy.version + 4,
      [basis.ladder.id]: basis.ladder.version,
    });
    const r = await replay('audit-policy');
    expect(r?.same).toBe(false);
    expect(r?.differences).toEqual([
      expect.objectContaining({
        field: `policyVersions.${basis.scoringPolicy.id}`,
        original: value(basis.scoringPolicy.version + 4),
        recomputed: value(basis.scoringPolicy.version),
      }),
    ]);
    expect(r?.policiesInForce[basis.scoringPolicy.id]).toBe(basis.scoringPolicy.version);
  });

  it('finds evidence that postdates the decision and a ladder left unrecorded', async () => {
    const basis = await basisOfAx1();
    await decide('audit-late', '999999999', { [basis.scoringPolicy.id]: basis.scoringPolicy.version });
    const r = await replay('audit-late');
    expect(r?.same).toBe(false);
    expect(r?.differences.map((d) => d.field).sort()).toEqual(
      ['evidencePosition', `policyVersions.${basis.ladder.id}`].sort(),
    );
    expect(BigInt(r?.replayedTo ?? '0')).toBeLessThan(999999999n);
  });

  it('lists corrections recorded after the decision that touched its evidence', async () => {
    const basis = await basisOfAx1();
    await decide('audit-corrected', basis.evidencePosition, {
      [basis.scoringPolicy.id]: basis.scoringPolicy.version,
      [basis.ladder.id]: basis.ladder.version,
    });
    await send('ReverseSale', {
      saleId: 'ax-s2',
      reason: 'customer cancelled',
      reversedAt: '2025-04-02T10:00:00Z',
    });
    const r = await replay('audit-corrected');
    // As known, the replay bears the decision out; as now known, ax1's annual sales lost ax-s2.
    expect(r?.differences).toEqual([]);
    expect(r?.same).toBe(false);
    expect(r?.nowKnown.differences).toContainEqual(
      expect.objectContaining({
        field: 'requirement.annualSales',
        known: expect.objectContaining({ number: 1_100_000 }),
        now: expect.objectContaining({ number: 600_000 }),
        cause: 'correction',
        events: [expect.objectContaining({ type: 'SaleReversed', ref: 'ax-s2', correction: true })],
      }),
    );
    expect(r?.corrections).toContainEqual(
      expect.objectContaining({
        kind: 'decision',
        ref: 'audit-corrected',
        saleId: 'ax-s2',
        path: [
          expect.objectContaining({ kind: 'sale', ref: 'ax-s2' }),
          expect.objectContaining({ kind: 'eligibility', ref: '2025-03' }),
          expect.objectContaining({ kind: 'decision', ref: 'audit-corrected' }),
        ],
      }),
    );
  });

  it('compares the recorded score and verdict with the replay’s, and names the override as its cause', async () => {
    const basis = await basisOfAx1();
    const versions = {
      [basis.scoringPolicy.id]: basis.scoringPolicy.version,
      [basis.ladder.id]: basis.ladder.version,
    };
    const evidence = await shownEvidence();
    await decide('audit-override', basis.evidencePosition, versions, { against: true });
    const r = await replay('audit-override');
    expect(r?.original).toMatchObject({
      score: evidence.score,
      scoreMonth: '2025-03',
      eligible: evidence.eligible,
    });
    expect(r?.recomputed.score).toBe(evidence.score);
    expect(r?.recomputed.eligible).toBe(evidence.eligible);
    expect(r?.override).toEqual({
      code: 'business_need',
      text: 'the branch needs it',
      against: expect.arrayContaining(['eligibility']),
    });
    expect(r?.same).toBe(false);
    expect(r?.differences).toEqual([
      expect.objectContaining({
        field: 'outcome',
        cause: 'override',
        original: value(r?.original.outcome ?? ''),
      }),
    ]);
  });

  it('names a score of another month than the one replayed as the cause of the difference', async () => {
    const basis = await basisOfAx1();
    const versions = {
      [basis.scoringPolicy.id]: basis.scoringPolicy.version,
      [basis.ladder.id]: basis.ladder.version,
    };
    const shown = await shownEvidence();
    const february = await data<{ person: { score: { score: number } } }>(
      '{ person(id: "ax1") { score(month: "2025-02") { score } } }',
      hr,
    );
    expect(february.person.score.score).not.toBe(shown.score);
    await decide('audit-month', basis.evidencePosition, versions, {
      evidence: { score: february.person.score.score, scoreMonth: '2025-02', eligible: shown.eligible },
    });
    const r = await replay('audit-month');
    expect(r?.same).toBe(false);
    expect(r?.differences).toEqual([
      expect.objectContaining({
        field: 'evidence.score',
        cause: 'evaluated_month',
        original: value(february.person.score.score),
        recomputed: value(shown.score ?? Number.NaN),
      }),
    ]);
  });

  it('is for auditors, HR and the committee only, and says why not', async () => {
    const [first] = await seededDecisions();
    for (const role of ['hr_admin', 'committee_member'] as const) {
      const r = await replay(first!.reviewId, await as({ userId: role, name: role, role }));
      expect(r?.decisionId).toBe(first!.reviewId);
    }
    for (const viewer of [
      { userId: 'rep', name: 'Rep', role: 'sales_rep', employeeId: 'ax1' },
      { userId: 'an', name: 'Analyst', role: 'analyst' },
    ] as const) {
      const body = await read(REPLAY, await as(viewer), { id: first!.reviewId });
      expect(body.errors?.[0]?.message).toMatch(/decisionReplay is for auditor, hr_admin, committee_member/);
    }
    expect(await replay('no-such-review')).toBeNull();
    await send('Nominate', {
      reviewId: 'audit-open',
      employeeId: 'ax1',
      fromLevel: 'sales_representative',
      toLevel: 'sales_supervisor',
      track: 'sales_management',
      score: 50,
      reason: 'manager_nomination',
      nominatedBy: 'hr',
      at: '2025-04-01T09:00:00Z',
    });
    const open = await read(REPLAY, auditor, { id: 'audit-open' });
    expect(open.errors?.[0]?.message).toBe('review audit-open has no decision yet: nothing to replay');
  });
});

const AS_OF = `query A($id: String!, $at: DateTime!, $bd: String) { personAsOf(id: $id, at: $at, businessDate: $bd) {
  employeeId transactionTime businessDate position level status branchId teamId events
  score { month score parts { kpi points } inputs { salesAmount } policyId policyVersion }
  eligibility { evaluatedMonth } retentionRisk { band factors { formula } } policies { id kind eventType version }
} }`;
type AsOf = {
  employeeId: string;
  businessDate: string | null;
  position: string;
  level: string;
  status: string;
  branchId: string;
  teamId: string;
  events: number;
  score: {
    month: string;
    score: number;
    inputs: { salesAmount: number };
    policyId: string;
    policyVersion: number;
  };
  eligibility: { evaluatedMonth: string } | null;
  retentionRisk: { band: string; factors: unknown } | null;
  policies: { id: string; kind: string; eventType: string; version: number }[];
};
const asOf = async (at: Date, businessDate: string | null, token = auditor) =>
  (
    await data<{ personAsOf: AsOf | null }>(AS_OF, token, {
      id: 'ax1',
      at: at.toISOString(),
      bd: businessDate,
    })
  ).personAsOf;

describe('personAsOf', () => {
  it('shows what the store knew before the correction (transaction time)', async () => {
    const p = await asOf(beforeCorrection, null);
    expect(p).toMatchObject({ employeeId: 'ax1', level: 'sales_representative', status: 'active' });
    expect(p?.branchId).toBe('audit-br');
    expect(p?.teamId).toBe('audit-t');
    expect(p?.score.month).toBe('2025-02');
    expect(p?.score.inputs.salesAmount).toBe(1_000_000);
    // Every policy is of one kind, named by the event that published it, one entry per kind.
    for (const policy of p?.policies ?? []) {
      expect(policy.eventType.replace(/Published$/, '').toLowerCase()).toBe(policy.kind.toLowerCase());
    }
    expect(new Set(p?.policies.map((x) => x.kind)).size).toBe(p?.policies.length);
    expect(p?.policies.map((x) => x.kind)).toEqual(expect.arrayContaining(['scoringPolicy', 'ladder']));
    // Nothing recorded after `at`: the position is before the correction's.
    const now = await asOf(new Date(), null);
    expect(BigInt(p?.position ?? '0')).toBeLessThan(BigInt(now?.position ?? '0'));
    expect(p?.events).toBeLessThan(now?.events ?? 0);
  });

  it('shows what the store knew at a position of $all, also inside one transaction; both bounds apply together', async () => {
    const AT_POSITION = AS_OF.replace('$at: DateTime!', '$at: DateTime, $position: Position').replace(
      'at: $at,',
      'at: $at, position: $position,',
    );
    const view = async (variables: { at?: string; position?: string }) =>
      (
        await data<{ personAsOf: AsOf & { transactionTime: string } }>(AT_POSITION, auditor, {
          id: 'ax1',
          ...variables,
        })
      ).personAsOf;
    const before = await asOf(beforeCorrection, null);
    const now = await asOf(new Date(), null);
    // The position of the view before the correction, asked without a time, is that same view.
    const atPosition = await view({ position: before?.position as string });
    expect(atPosition).toMatchObject({
      position: before?.position,
      events: before?.events,
      score: before?.score,
    });
    // Its transaction time is when the last event it holds was recorded, not a time asked for.
    expect(Date.parse(atPosition.transactionTime)).toBeLessThanOrEqual(beforeCorrection.getTime());
    // One position before: fewer events, whenever they were recorded.
    const earlier = await view({ position: (BigInt(before?.position as string) - 1n).toString() });
    expect(BigInt(earlier.position)).toBeLessThan(BigInt(before?.position as string));
    expect(earlier.events).toBeLessThan(before?.events ?? 0);
    // Both bounds: the tighter one holds.
    const both = await view({ at: beforeCorrection.toISOString(), position: now?.position as string });
    expect(both.position).toBe(before?.position);
    // Neither: refused, saying what to give, in the reader's language.
    const ask = (language: string) =>
      api.graphql('query N($id: String!) { personAsOf(id: $id) { position } }', {
        token: auditor,
        variables: { id: 'ax1' },
        headers: { 'accept-language': language },
      });
    expect((await ask('zh-CN')).body.errors?.[0]?.message).toBe(
      '请给出时刻（at）或位置（position），或两者都给',
    );
    expect((await ask('en')).body.errors?.[0]?.message).toBe('give a moment (at), a position, or both');
  });

  it('names every policy in force, a retention model (which has no name) by its id', async () => {
    // The audit page's timeline asked for `policies { name }` and failed on the retention
    // model: "Cannot return null for non-nullable field PolicySummary.name".
    await send('PublishRetentionModel', {
      model: {
        id: 'retention-audit',
        version: 1,
        horizonWeeks: 12,
        threshold: 0.5,
        features: ['tenureMonths'],
        intercept: -2,
        coefficients: [0.1],
        means: [12],
        stds: [6],
        l2: 0.01,
        coldStart: DEFAULT_COLD_START_RULES,
      },
    });
    const body = await read<{ personAsOf: { policies: { id: string; kind: string; name: string }[] } }>(
      'query N($id: String!, $at: DateTime!) { personAsOf(id: $id, at: $at) { policies { id kind name } } }',
      auditor,
      { id: 'ax1', at: new Date().toISOString() },
    );
    expect(body.errors).toBeUndefined();
    const policies = body.data?.personAsOf.policies ?? [];
    expect(policies.map((p) => p.kind)).toContain('retentionModel');
    for (const p of policies) expect(p.name, p.id).toMatch(/\S/);
    const model = policies.find((p) => p.kind === 'retentionModel');
    expect(model?.name).toBe(model?.id);
  });

  it('shows the corrected amount as of a business date before the correction was made', async () => {
    const p = await asOf(new Date(), '2025-02-28');
    expect(p?.businessDate).toBe('2025-02-28');
    // The March sale is cut (business date), the February one counted as corrected later.
    expect(p?.score.month).toBe('2025-02');
    expect(p?.score.inputs.salesAmount).toBe(600_000);
    // Both axes: before the correction was recorded, the same business date shows the old amount.
    const old = await asOf(beforeCorrection, '2025-02-28');
    expect(old?.score.inputs.salesAmount).toBe(1_000_000);
    // Without a business date, the latest month is March (before ax-s2 was reversed above).
    const latest = await asOf(afterSales, null);
    expect(latest?.score.month).toBe('2025-03');
    expect(latest?.score.inputs.salesAmount).toBe(500_000);
  });

  it('knows nobody before their hire was recorded, and refuses a bad business date', async () => {
    expect(await asOf(beforeHire, null)).toBeNull();
    const body = await read(AS_OF, auditor, { id: 'ax1', at: new Date().toISOString(), bd: '2025-13-01' });
    expect(body.errors?.[0]?.message).toMatch(
      /businessDate \(business date\): must be a date YYYY-MM-DD, got "2025-13-01"/,
    );
  });

  it('is for auditors, HR and the managers of the person', async () => {
    expect(await asOf(new Date(), null, hr)).not.toBeNull();
    const manager = await as({ userId: 'bm', name: 'BM', role: 'branch_manager', branchId: 'audit-br' });
    const p = await asOf(new Date(), null, manager);
    expect(p?.employeeId).toBe('ax1');
    const other = await as({ userId: 'bm2', name: 'BM2', role: 'branch_manager', branchId: 'elsewhere' });
    const refused = await read(AS_OF, other, { id: 'ax1', at: new Date().toISOString() });
    expect(refused.errors?.[0]?.message).toMatch(/ax1 is not one of the people you manage/);
    for (const viewer of [
      { userId: 'rep', name: 'Rep', role: 'sales_rep', employeeId: 'ax1' },
      { userId: 'cm', name: 'CM', role: 'committee_member' },
    ] as const) {
      const body = await read(AS_OF, await as(viewer), { id: 'ax1', at: new Date().toISOString() });
      expect(body.errors?.[0]?.message).toMatch(
        /personAsOf is for auditor, hr_admin, branch_manager, team_manager/,
      );
    }
  });
});

const SIMULATE = `query S($draft: PolicyDraftInput!) { policySimulation(draft: $draft) {
  evaluatedPeople basePosition tookMs
  becomeEligible { employeeId name branchId toLevel before after scoreBefore scoreAfter }
  becomeIneligible { employeeId toLevel before after }
  byBranch { branchId eligibleBefore eligibleAfter becomeEligible becomeIneligible }
} }`;
type Simulation = {
  evaluatedPeople: number;
  basePosition: string;
  becomeEligible: { employeeId: string; name: string; branchId: string; before: boolean; after: boolean }[];
  becomeIneligible: { employeeId: string; before: boolean; after: boolean }[];
  byBranch: {
    branchId: string;
    eligibleBefore: number;
    eligibleAfter: number;
    becomeEligible: number;
    becomeIneligible: number;
  }[];
};
const HISTORY = `query H($draft: PolicyDraftInput!) { policySimulation(draft: $draft) {
  decisionsJudged
  flippedDecisions { decisionId outcome flip eligibleThen eligibleUnderDraft scoreThen scoreUnderDraft requirementsUnderDraft { met } }
  eligibleByQuarter { quarter month evaluated eligiblePublished eligibleDraft }
  fairness { branchId evaluated people draft { selected rate ratioToHighest belowFourFifths } }
  targetWarnings { month people raisedBehind raisedPeerGap behindPublished behindDraft peerGapPublished peerGapDraft }
  retention { thresholdPublished thresholdDraft months { month people raised flaggedPublished flaggedDraft } }
} }`;
type History = {
  decisionsJudged: number;
  flippedDecisions: {
    decisionId: string;
    outcome: string;
    flip: string;
    eligibleThen: boolean | null;
    eligibleUnderDraft: boolean;
    scoreThen: number | null;
    scoreUnderDraft: number | null;
    requirementsUnderDraft: { met: boolean }[] | null;
  }[];
  eligibleByQuarter: {
    quarter: string;
    month: string;
    evaluated: number;
    eligiblePublished: number;
    eligibleDraft: number;
  }[];
  fairness: {
    branchId: string;
    evaluated: number;
    people: number;
    draft: { selected: number; rate: number | null; ratioToHighest: number | null; belowFourFifths: boolean };
  }[];
  targetWarnings:
    | {
        month: string;
        people: number;
        raisedBehind: number;
        raisedPeerGap: number;
        behindPublished: number;
        behindDraft: number;
        peerGapPublished: number;
        peerGapDraft: number;
      }[]
    | null;
  retention: {
    thresholdPublished: number;
    thresholdDraft: number;
    months: {
      month: string;
      people: number;
      raised: number;
      flaggedPublished: number;
      flaggedDraft: number;
    }[];
  } | null;
};
const ladderWith = (requirements: Ladder['tracks'][number]['levels'][number]['requirements']): Ladder => ({
  ...DEFAULT_SIMULATION_POLICIES.ladder,
  version: DEFAULT_SIMULATION_POLICIES.ladder.version + 1,
  tracks: DEFAULT_SIMULATION_POLICIES.ladder.tracks.map((t) => ({
    ...t,
    levels: t.levels.map((l, i) => ({ ...l, requirements: i === 0 ? [] : requirements })),
  })),
});
const simulate = async (draft: Record<string, unknown>, token = hr) =>
  read<{ policySimulation: Simulation }>(SIMULATE, token, { draft });

describe('policySimulation', () => {
  it('lists who becomes eligible under a lenient ladder, by branch, and appends nothing', async () => {
    const head = await api.store.headPosition();
    const body = await simulate({
      ladder: toGraphQL(LadderSchema, ladderWith([{ kind: 'experience', months: 0 }])),
    });
    expect(body.errors).toBeUndefined();
    const s = body.data!.policySimulation;
    expect(s.evaluatedPeople).toBeGreaterThan(20);
    expect(s.basePosition).toBe(head.toString());
    expect(s.becomeIneligible).toEqual([]);
    expect(s.becomeEligible.length).toBeGreaterThan(0);
    expect(s.becomeEligible.every((c) => !c.before && c.after && c.name.length > 0)).toBe(true);
    expect(s.becomeEligible.map((c) => c.employeeId)).toContain('ax1');
    // Counts add up per branch; nobody loses eligibility, some gain it.
    const sum = (f: (b: Simulation['byBranch'][number]) => number) =>
      s.byBranch.reduce((n, b) => n + f(b), 0);
    expect(sum((b) => b.becomeEligible)).toBe(new Set(s.becomeEligible.map((c) => c.employeeId)).size);
    expect(sum((b) => b.eligibleAfter)).toBeGreaterThan(sum((b) => b.eligibleBefore));
    expect(sum((b) => b.eligibleAfter)).toBeLessThanOrEqual(s.evaluatedPeople);
    expect(
      s.byBranch.find((b) => b.branchId === 'audit-br'),
      JSON.stringify(s.byBranch),
    ).toMatchObject({
      eligibleAfter: 1,
      becomeEligible: 1,
    });
    expect(await api.store.headPosition()).toBe(head);
  });

  it('lists who would lose their eligibility under a strict ladder', async () => {
    const strict = await simulate({
      ladder: toGraphQL(LadderSchema, ladderWith([{ kind: 'experience', months: 600 }])),
    });
    const s = strict.data!.policySimulation;
    const before = s.byBranch.reduce((n, b) => n + b.eligibleBefore, 0);
    expect(s.byBranch.every((b) => b.eligibleAfter === 0)).toBe(true);
    expect(new Set(s.becomeIneligible.map((c) => c.employeeId)).size).toBe(before);
    expect(s.becomeEligible).toEqual([]);
  });

  it('rescored under a draft scoring policy whose score requirement nobody can miss', async () => {
    const scoring = {
      ...DEFAULT_SIMULATION_POLICIES.scoring,
      version: DEFAULT_SIMULATION_POLICIES.scoring.version + 1,
    };
    const body = await simulate({
      scoringPolicy: toGraphQL(ScoringPolicySchema, scoring),
      ladder: toGraphQL(LadderSchema, ladderWith([{ kind: 'score', min: 0 }])),
    });
    expect(body.errors).toBeUndefined();
    expect(body.data!.policySimulation.becomeIneligible).toEqual([]);
  });

  it('refuses an invalid draft naming every problem', async () => {
    const bad = DEFAULT_SIMULATION_POLICIES.scoring;
    const [rank, weights] = Object.entries(bad.weightsByRank)[0]!;
    const draft = {
      scoringPolicy: toGraphQL(ScoringPolicySchema, {
        ...bad,
        weightsByRank: {
          ...bad.weightsByRank,
          [rank]: weights!.map((w) => ({ ...w, weight: w.weight / 2 })),
        },
      }),
      ladder: toGraphQL(LadderSchema, {
        ...ladderWith([{ kind: 'experience', months: 0 }]),
        tracks: [
          {
            ...DEFAULT_SIMULATION_POLICIES.ladder.tracks[0]!,
            levels: DEFAULT_SIMULATION_POLICIES.ladder.tracks[0]!.levels.map((l) => ({
              ...l,
              requirements: [{ kind: 'experience', months: 1 }],
            })),
          },
        ],
      }),
    };
    const body = await simulate(draft);
    const error = body.errors?.[0];
    expect(error?.message).toMatch(
      new RegExp(`draft.scoringPolicy: weights of rank ${rank} sum to 50, not 100`),
    );
    expect(error?.message).toMatch(/draft.ladder: entry level \w+ of track \w+ must have no requirements/);
    expect(error?.extensions?.problems).toContainEqual({
      path: ['draft', 'scoringPolicy'],
      message: `weights of rank ${rank} sum to 50, not 100`,
      // The rank by its Chinese name (the first rank of the demo's scoring policy).
      messageZh: `评分方案：职级「${DEFAULT_SIMULATION_POLICIES.ladder.tracks.flatMap((t) => t.levels).find((l) => l.id === rank)?.nameZh}」的权重合计为 50，应为 100`,
    });
    const empty = await simulate({});
    expect(empty.errors?.[0]?.message).toMatch(
      /give a scoringPolicy, a ladder, a commissionPlan, a targetPolicy, a retentionThreshold or several/,
    );
  });

  it('refuses a bad target policy or retention threshold naming the field, in Chinese for a Chinese reader', async () => {
    const draft = {
      targetPolicy: toGraphQL(TargetPolicySchema, {
        ...DEFAULT_TARGET_POLICY,
        version: 2,
        earlyWarning: { consecutiveWeeksBehind: 9, peerGap: 0.3 },
      }),
      retentionThreshold: 1.5,
    };
    const en = await simulate(draft);
    expect(en.errors?.[0]?.message).toMatch(/draft\.retentionThreshold: /);
    const zh = await api.graphql<{ policySimulation: unknown }>(SIMULATE, {
      token: hr,
      variables: { draft },
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(zh.body.errors?.[0]?.message).toMatch(
      /^policySimulation：draft\.retentionThreshold：离职风险预警阈值/,
    );
    const weeks = await api.graphql<{ policySimulation: unknown }>(SIMULATE, {
      token: hr,
      variables: { draft: { targetPolicy: draft.targetPolicy } },
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(weeks.body.errors?.[0]?.message).toBe(
      'policySimulation：draft.targetPolicy：目标方案：连续落后几周后预警须在 1 到 5 之间，当前为 9',
    );
  });

  it('judges every past decision again: a lenient ladder flips each rejection the rules then found not eligible, and each flip replays to it', async () => {
    const lenient = ladderWith([{ kind: 'experience', months: 0 }]);
    const body = await read<{ policySimulation: History }>(HISTORY, hr, {
      draft: { ladder: toGraphQL(LadderSchema, lenient) },
    });
    expect(body.errors).toBeUndefined();
    const h = body.data!.policySimulation;
    const decided = await decidedReviews(api.db);
    expect(h.decisionsJudged).toBe(decided.length);
    expect(decided.length).toBeGreaterThan(0);
    // Every rejection the recorded rules found not eligible flips; no approval does.
    const replays = await Promise.all(decided.map((d) => replayDecision(api.store, d.reviewId)));
    const expected = decided
      .filter((d, i) => d.outcome === 'rejected' && replays[i]?.recomputed.eligible !== true)
      .map((d) => d.reviewId);
    expect(h.flippedDecisions.map((d) => d.decisionId).sort()).toEqual([...expected].sort());
    for (const f of h.flippedDecisions) {
      expect(f).toMatchObject({
        outcome: 'rejected',
        flip: 'rejected_to_eligible',
        eligibleUnderDraft: true,
      });
      // The rules then: as decisionReplay recomputes it.
      const replay = replays[decided.findIndex((d) => d.reviewId === f.decisionId)]!;
      expect(f.eligibleThen).toBe(replay.recomputed.eligible);
      expect(f.scoreThen).toBe(replay.recomputed.score);
      // Under the draft: the decision replayed on its own (the fold cache at its evidence position).
      const own = await replayDecisionUnderDraft(
        api.store,
        decided.find((d) => d.reviewId === f.decisionId)!,
        { ladder: lenient },
      );
      expect(own.underDraft?.eligible).toBe(true);
      expect(own.flip).toBe('rejected_to_eligible');
      expect(f.requirementsUnderDraft!.every((r) => r.met)).toBe(true);
    }
    // Everyone evaluated per quarter; the lenient ladder makes no one less eligible.
    expect(h.eligibleByQuarter.length).toBeGreaterThan(0);
    for (const q of h.eligibleByQuarter) {
      expect(q.evaluated).toBeGreaterThan(0);
      expect(q.eligibleDraft).toBeGreaterThanOrEqual(q.eligiblePublished);
    }
    // Fairness: the person-quarters of the branches add up to the quarters'.
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(sum(h.fairness.map((f) => f.evaluated))).toBe(sum(h.eligibleByQuarter.map((q) => q.evaluated)));
    expect(sum(h.fairness.map((f) => f.draft.selected))).toBe(
      sum(h.eligibleByQuarter.map((q) => q.eligibleDraft)),
    );
    const top = Math.max(...h.fairness.map((f) => f.draft.rate ?? 0));
    for (const f of h.fairness) {
      expect(f.draft.rate).toBeCloseTo(f.draft.selected / f.evaluated, 9);
      expect(f.draft.ratioToHighest).toBeCloseTo((f.draft.rate ?? 0) / top, 9);
      expect(f.draft.belowFourFifths).toBe((f.draft.ratioToHighest ?? 1) < 0.8);
    }
    expect(h.targetWarnings).toBeNull();
    expect(h.retention).toBeNull();
  });

  it('a strict ladder flips each approval the rules then found eligible', async () => {
    const body = await read<{ policySimulation: History }>(HISTORY, hr, {
      draft: { ladder: toGraphQL(LadderSchema, ladderWith([{ kind: 'experience', months: 600 }])) },
    });
    const h = body.data!.policySimulation;
    expect(
      h.flippedDecisions.every((d) => d.outcome === 'approved' && d.flip === 'approved_to_ineligible'),
    ).toBe(true);
    expect(h.flippedDecisions.every((d) => d.eligibleThen === true)).toBe(true);
    for (const q of h.eligibleByQuarter) expect(q.eligibleDraft).toBe(0);
  });

  it('says what keeps the rejections the draft does not flip short: each requirement, who misses it, who misses only it', async () => {
    const IN_THE_WAY = `query W($draft: PolicyDraftInput!) { policySimulation(draft: $draft) {
      rejectionsStillShort
      requirementsInTheWay { toLevel kind text { en zh } decisions alone }
      nearestDecisions { decisionId employeeId name nameEn branchId toLevel missing { met text { en zh } } }
    } }`;
    type InTheWay = {
      rejectionsStillShort: number;
      requirementsInTheWay: {
        toLevel: string;
        kind: string;
        text: { en: string; zh: string };
        decisions: number;
        alone: number;
      }[];
      nearestDecisions: {
        decisionId: string;
        employeeId: string;
        name: string;
        nameEn: string | null;
        branchId: string;
        toLevel: string;
        missing: { met: boolean; text: { en: string; zh: string } }[];
      }[];
    };
    const decided = await decidedReviews(api.db);
    const rejected = decided.filter((d) => d.outcome === 'rejected').map((d) => d.reviewId);
    expect(rejected.length, 'the company has rejected decisions').toBeGreaterThan(0);
    // One requirement nobody meets: every rejection is short by it alone, and by nothing else.
    const one = await read<{ policySimulation: InTheWay }>(IN_THE_WAY, hr, {
      draft: { ladder: toGraphQL(LadderSchema, ladderWith([{ kind: 'experience', months: 600 }])) },
    });
    expect(one.errors).toBeUndefined();
    const w = one.data!.policySimulation;
    expect(w.rejectionsStillShort).toBe(rejected.length);
    // A row per level the rejections were about, adding up to every rejection.
    const levels = [...new Set(decided.filter((d) => d.outcome === 'rejected').map((d) => d.toLevel))];
    expect(w.requirementsInTheWay.map((r) => r.toLevel).sort()).toEqual(levels.sort());
    for (const r of w.requirementsInTheWay) {
      const n = decided.filter((d) => d.outcome === 'rejected' && d.toLevel === r.toLevel).length;
      expect(r).toEqual({
        toLevel: r.toLevel,
        kind: 'experience',
        text: { en: 'experience (months) ≥ 600', zh: '从业经验 ≥ 600 个月' },
        decisions: n,
        alone: n,
      });
    }
    expect(w.nearestDecisions.map((d) => d.decisionId).sort()).toEqual([...rejected].sort());
    const people = await peopleByIds(
      api.db,
      { kind: 'all' },
      w.nearestDecisions.map((d) => d.employeeId),
    );
    for (const [i, d] of w.nearestDecisions.entries()) {
      const [missing] = d.missing;
      expect(d.missing.length).toBe(1);
      expect(missing?.met).toBe(false);
      expect(missing?.text.en).toMatch(/^experience \(months\) \d+ of 600 required$/);
      expect(missing?.text.zh).toMatch(/^从业经验 \d+ 个月，要求 600 个月$/);
      // Named as HR sees them, in both languages, with their branch.
      expect([d.name, d.nameEn, d.branchId]).toEqual([
        people[i]?.name,
        people[i]?.name_en ?? null,
        people[i]?.branch_id,
      ]);
    }
    // Two: each rejection misses both, neither alone, and none is one short.
    const two = await read<{ policySimulation: InTheWay }>(IN_THE_WAY, hr, {
      draft: {
        ladder: toGraphQL(
          LadderSchema,
          ladderWith([
            { kind: 'experience', months: 600 },
            { kind: 'mentoring', closedDeals: 100_000 },
          ]),
        ),
      },
    });
    const w2 = two.data!.policySimulation;
    const sum = (rows: { decisions: number }[]) => rows.reduce((n, r) => n + r.decisions, 0);
    const mentoring = w2.requirementsInTheWay.filter((r) => r.kind === 'mentoring');
    const experience = w2.requirementsInTheWay.filter((r) => r.kind === 'experience');
    expect([sum(mentoring), sum(experience)]).toEqual([rejected.length, rejected.length]);
    expect(w2.requirementsInTheWay.every((r) => r.alone === 0)).toBe(true);
    expect(mentoring[0]?.text.en).toBe('deals closed by mentees ≥ 100,000');
    // Nobody is one short: the nearest are every rejection, two short each.
    expect(w2.nearestDecisions.map((d) => d.decisionId).sort()).toEqual([...rejected].sort());
    expect(w2.nearestDecisions.every((d) => d.missing.length === 2 && d.missing.every((m) => !m.met))).toBe(
      true,
    );
    // A lenient ladder flips every rejection the rules then found not eligible: nothing in the way of those.
    const lenient = await read<{ policySimulation: InTheWay & History }>(
      `query L($draft: PolicyDraftInput!) { policySimulation(draft: $draft) { rejectionsStillShort requirementsInTheWay { decisions } flippedDecisions { decisionId } } }`,
      hr,
      { draft: { ladder: toGraphQL(LadderSchema, ladderWith([{ kind: 'experience', months: 0 }])) } },
    );
    expect(lenient.data!.policySimulation.rejectionsStillShort).toBe(0);
    expect(lenient.data!.policySimulation.requirementsInTheWay).toEqual([]);
  });

  it('counts target warnings under a draft’s early-warning rules against the rules in force and the alerts raised', async () => {
    const same = await read<{ policySimulation: History }>(HISTORY, hr, {
      draft: { targetPolicy: toGraphQL(TargetPolicySchema, { ...DEFAULT_TARGET_POLICY, version: 2 }) },
    });
    const months = same.data!.policySimulation.targetWarnings!;
    expect(months.length).toBeGreaterThan(0);
    for (const m of months) {
      expect(m.behindDraft).toBe(m.behindPublished);
      expect(m.peerGapDraft).toBe(m.peerGapPublished);
    }
    const eager = await read<{ policySimulation: History }>(HISTORY, hr, {
      draft: {
        targetPolicy: toGraphQL(TargetPolicySchema, {
          ...DEFAULT_TARGET_POLICY,
          version: 2,
          earlyWarning: { consecutiveWeeksBehind: 1, peerGap: 0.05 },
        }),
      },
    });
    const sum = (
      xs: History['targetWarnings'],
      f: (m: NonNullable<History['targetWarnings']>[number]) => number,
    ) => xs!.reduce((n, m) => n + f(m), 0);
    const e = eager.data!.policySimulation.targetWarnings;
    expect(sum(e, (m) => m.behindDraft)).toBeGreaterThan(sum(months, (m) => m.behindPublished));
    expect(sum(e, (m) => m.peerGapDraft)).toBeGreaterThan(sum(months, (m) => m.peerGapPublished));
    // What was raised is what was raised, whatever the draft.
    expect(e!.map((m) => [m.raisedBehind, m.raisedPeerGap])).toEqual(
      months.map((m) => [m.raisedBehind, m.raisedPeerGap]),
    );
  });

  it('counts retention flags at a draft threshold month by month', async () => {
    const probe = await read<{ policySimulation: History }>(HISTORY, hr, {
      draft: { retentionThreshold: 0.5 },
    });
    if (probe.errors) {
      // No model published in this history: the refusal says so.
      expect(probe.errors[0]?.message).toMatch(/no retention model is published/);
      return;
    }
    const r = probe.data!.policySimulation.retention!;
    const same = (
      await read<{ policySimulation: History }>(HISTORY, hr, {
        draft: { retentionThreshold: r.thresholdPublished },
      })
    ).data!.policySimulation.retention!;
    expect(same.months.length).toBeGreaterThan(0);
    for (const m of same.months) expect(m.flaggedDraft).toBe(m.flaggedPublished);
    const low = (
      await read<{ policySimulation: History }>(HISTORY, hr, { draft: { retentionThreshold: 0.001 } })
    ).data!.policySimulation.retention!;
    for (const m of low.months) expect(m.flaggedDraft).toBe(m.people);
  });

  it('is for HR and analysts; a sales rep may not run it', async () => {
    const draft = { ladder: toGraphQL(LadderSchema, ladderWith([{ kind: 'experience', months: 0 }])) };
    const analyst = await simulate(draft, await as({ userId: 'an', name: 'Analyst', role: 'analyst' }));
    expect(analyst.errors).toBeUndefined();
    const rep = await simulate(
      draft,
      await as({ userId: 'rep', name: 'Rep', role: 'sales_rep', employeeId: 'ax1' }),
    );
    expect(rep.errors?.[0]?.message).toMatch(
      /policySimulation is for hr_admin, analyst; a sales_rep may not run it/,
    );
    expect(rep.data?.policySimulation ?? null).toBeNull();
  });
});
