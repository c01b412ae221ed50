import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../catalog.ts';
import { DEFAULT_LADDER, type Ladder } from '../policy/ladder.ts';
import { DEFAULT_SCORING_POLICY, type ScoringPolicy } from '../policy/scoring.ts';
import { factsFromEvents } from './factsFold.ts';
import { eligibilityOf, scoreOf } from './factsReaders.ts';

const hire = (employeeId: string, branchId: string): DomainEvent => ({
  type: 'EmployeeHired',
  data: {
    employeeId,
    name: employeeId,
    branchId,
    teamId: `t-${branchId}`,
    regionId: 'r',
    managerId: null,
    level: 'sales_representative',
    track: 'sales_management',
    hiredAt: '2025-01-06',
    probationEnd: null,
    recruitingFit: 70,
  },
});
const followUp = (employeeId: string, at: string): DomainEvent => ({
  type: 'CustomerFollowUpLogged',
  data: { employeeId, customerId: 'c', at },
});
const transfer = (employeeId: string, from: string, to: string, effectiveAt: string): DomainEvent => ({
  type: 'EmployeeTransferred',
  data: {
    employeeId,
    fromBranchId: from,
    fromTeamId: `t-${from}`,
    toBranchId: to,
    toTeamId: `t-${to}`,
    managerId: null,
    effectiveAt,
  },
});
const hq: ScoringPolicy = { ...DEFAULT_SCORING_POLICY, id: 'scoring-hq', version: 1 };
const east: ScoringPolicy = {
  ...DEFAULT_SCORING_POLICY,
  id: 'scoring-east',
  version: 1,
  name: 'East China variant',
};
const scoring = (policy: ScoringPolicy, branchId?: string): DomainEvent => ({
  type: 'ScoringPolicyPublished',
  data: branchId === undefined ? { policy } : { policy, branchId },
});
const withdrawn = (policyId: string, kind: 'scoring' | 'ladder', branchId: string): DomainEvent => ({
  type: 'PolicyVariantWithdrawn',
  data: { policyId, kind, branchId, version: 1, reason: 'back' },
});
const fold = (events: DomainEvent[]) =>
  factsFromEvents(events.map((event, i) => ({ position: BigInt(i + 1), event })));
const stamp = (state: ReturnType<typeof fold>, id: string, month: string) => {
  const s = scoreOf(state, id, month);
  return s && { id: s.breakdown.policy.id, branch: s.policyBranchId };
};

describe('branch variants in the facts fold', () => {
  it('scores a branch’s people under its variant and everyone else under the headquarters default', () => {
    const state = fold([
      scoring(hq),
      scoring(east, 'b-east'),
      hire('e-east', 'b-east'),
      hire('e-west', 'b-west'),
      followUp('e-east', '2026-03-03'),
      followUp('e-west', '2026-03-03'),
    ]);
    expect(stamp(state, 'e-east', '2026-03')).toEqual({ id: 'scoring-east', branch: 'b-east' });
    expect(stamp(state, 'e-west', '2026-03')).toEqual({ id: 'scoring-hq', branch: null });
  });

  it('judges a month by the branch held on its first day: a transfer re-stamps the months from it on', () => {
    const state = fold([
      scoring(hq),
      scoring(east, 'b-east'),
      hire('e1', 'b-west'),
      followUp('e1', '2026-02-10'),
      followUp('e1', '2026-03-10'),
      transfer('e1', 'b-west', 'b-east', '2026-03-01'),
    ]);
    expect(stamp(state, 'e1', '2026-02')).toEqual({ id: 'scoring-hq', branch: null });
    expect(stamp(state, 'e1', '2026-03')).toEqual({ id: 'scoring-east', branch: 'b-east' });
  });

  it('falls back to the headquarters default once the variant is withdrawn (from the next change on)', () => {
    const state = fold([
      scoring(hq),
      scoring(east, 'b-east'),
      hire('e1', 'b-east'),
      followUp('e1', '2026-02-10'),
      withdrawn('scoring-east', 'scoring', 'b-east'),
      followUp('e1', '2026-03-10'),
    ]);
    // February was scored before the withdrawal and keeps its stamp; March after it.
    expect(stamp(state, 'e1', '2026-02')).toEqual({ id: 'scoring-east', branch: 'b-east' });
    expect(stamp(state, 'e1', '2026-03')).toEqual({ id: 'scoring-hq', branch: null });
  });

  it('judges eligibility under the branch’s ladder variant, then the default after withdrawal', () => {
    const ladder: Ladder = { ...DEFAULT_LADDER, id: 'ladder-east', name: 'East ladder' };
    const events: DomainEvent[] = [
      { type: 'LadderPublished', data: { ladder, branchId: 'b-east' } },
      hire('e1', 'b-east'),
      followUp('e1', '2026-03-10'),
    ];
    const judged = eligibilityOf(fold(events), 'e1');
    expect(judged?.ladderBranchId).toBe('b-east');
    expect(judged?.verdicts[0]?.policy.id).toBe('ladder-east');
    const after = eligibilityOf(fold([...events, withdrawn('ladder-east', 'ladder', 'b-east')]), 'e1');
    expect(after?.ladderBranchId).toBeNull();
    expect(after?.verdicts[0]?.policy.id).toBe(DEFAULT_LADDER.id);
  });
});
