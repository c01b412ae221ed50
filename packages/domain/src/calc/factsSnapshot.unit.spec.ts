import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../catalog.ts';
import { applyFactsEvent, emptyFactsState, factsFromEvents } from './factsFold.ts';
import { deserializeFactsState, FOLD_VERSION, serializeFactsState } from './factsSnapshot.ts';

/**
 * The fold's sources, hashed, for each `FOLD_VERSION`: a change to them without a new version
 * would let stored snapshots of the old fold pass for the new one. When this fails, bump
 * `FOLD_VERSION` and add the new hash under it.
 */
const FOLD_SOURCES = [
  'factsFold.ts',
  'retentionFeatures.ts',
  'facts.ts',
  'factDeltas.ts',
  '../core/calendar.ts',
];
const SOURCES_BY_VERSION: Record<number, string> = {
  1: '39ab0cd513a1bb027ba2274997e151f5aaa92fd98f0dd9a61eebd31da1cf177a',
  // Evaluations read eligibility and retention inputs apart from their verdicts; a cached evaluated month.
  2: 'd118257d42683bab7bc7fcc64bcca9b4908108ac4fc2780e00c69c69dbec3d40',
  // What each event adds to the facts comes from factDeltas.ts (shared with the KPI facts read
  // model); the fold's calendar is core/calendar.ts; the readers of the state left the fold
  // (factsReaders.ts, not a source: they change no state). States are unchanged.
  3: '33cc35712a28dffb29ff20a959b9be491da3f4ef976791ae3d70f5410fb7bf4b',
  // Refunds (`PaymentRefunded`) lower the collection of their sale's month, dated by its end.
  4: '5d8d129cf42df4efe89a8e833f5fbf54ff29345c1fea0d49dcbf7794de02e5ba',
  // New event types the fold ignores (interventions, course and target policies, users and
  // grants) in the catalog, and calendar's addDays. States are unchanged.
  5: 'd322f69bd7a4e78e25e13302f3613b051a725934d1e43810150de4a236697810',
  // The events that move the clock and their times are one function, `clockTimeOf` (read by
  // the lineage read model too). States are unchanged.
  6: '6126db99a74e50213eb18b05824fd43e435a1c7ee42a3fe7141bee006c9ac2d8',
  // Branch variants of the scoring policy and ladder (and their withdrawal); each person's
  // branch history; a transfer re-stamps the months from it on.
  7: '83dd2a1b939edf97e07cea186279b664b7adc72025362212fedc0591767b572b',
  // The helpers of `activityOf` and `kpiCountersOf` made once at module level instead of per
  // call (a closure per event, named at run time under tsx). States are unchanged.
  8: '5acba0a3cf5b705a69b2e2dfd001e140d4d9b99440814be5a31afb286f9e4cf3',
};

const hire = (employeeId: string, hiredAt: string): DomainEvent => ({
  type: 'EmployeeHired',
  data: {
    employeeId,
    name: employeeId,
    branchId: 'b',
    teamId: 't1',
    regionId: 'r',
    managerId: null,
    level: 'sales_representative',
    track: 'sales_management',
    hiredAt,
    probationEnd: null,
    recruitingFit: 70,
  },
});
const sale = (saleId: string, employeeId: string, amount: number, closedAt: string): DomainEvent => ({
  type: 'SaleClosed',
  data: {
    saleId,
    employeeId,
    amount,
    grossMargin: 0.27,
    productLine: 'crm',
    customerId: 'c',
    customerType: 'smb',
    channel: 'direct',
    newCustomer: true,
    cycleDays: 9,
    closedAt,
  },
});
const followUp = (employeeId: string, at: string): DomainEvent => ({
  type: 'CustomerFollowUpLogged',
  data: { employeeId, customerId: 'c', at },
});

describe('fold snapshots', () => {
  it('a fold continued from a snapshot equals the fold from the first event', () => {
    const events: DomainEvent[] = [
      hire('e1', '2026-01-05'),
      hire('e2', '2026-01-12'),
      sale('s1', 'e1', 100_003, '2026-01-20'),
      followUp('e2', '2026-01-28'),
      sale('s2', 'e2', 77_777, '2026-02-03'),
      {
        type: 'SaleReversed',
        data: { saleId: 's1', employeeId: 'e1', reason: 'void', reversedAt: '2026-02-10' },
      },
      sale('s3', 'e1', 12_345, '2026-03-02'),
      followUp('e1', '2026-03-09'),
    ];
    const positioned = events.map((event, i) => ({ position: BigInt(i + 1), event }));
    const whole = factsFromEvents(positioned);
    for (let cut = 0; cut <= events.length; cut++) {
      const state = deserializeFactsState(serializeFactsState(factsFromEvents(positioned.slice(0, cut))));
      for (const e of positioned.slice(cut)) applyFactsEvent(state, e);
      expect(state).toStrictEqual(whole);
    }
  });

  it('refuses a snapshot of another fold version or format', () => {
    const text = serializeFactsState(emptyFactsState());
    expect(() =>
      deserializeFactsState(text.replace(`"fold":${FOLD_VERSION}`, `"fold":${FOLD_VERSION + 1}`)),
    ).toThrow(/fold version/);
    expect(() => deserializeFactsState('{"format":1}')).toThrow(/format/);
  });

  it('FOLD_VERSION names the fold’s current sources (bump it when they change)', () => {
    const hash = createHash('sha256');
    for (const f of FOLD_SOURCES) hash.update(readFileSync(new URL(f, import.meta.url)));
    expect(
      hash.digest('hex'),
      `the fold's sources changed: bump FOLD_VERSION in factsSnapshot.ts and record the new hash here`,
    ).toBe(SOURCES_BY_VERSION[FOLD_VERSION]);
  });
});
