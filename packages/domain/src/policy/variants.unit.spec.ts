import { describe, expect, it } from 'vitest';
import { DomainError } from '../core/errors.ts';
import type { PolicyCommand } from './commands.ts';
import { decidePolicy } from './decide.ts';
import type { PolicyEvent } from './events.ts';
import { evolvePolicy } from './evolve.ts';
import { DEFAULT_LADDER } from './ladder.ts';
import { COMPANY_A_SCORING_POLICY } from './scoring.ts';
import { initialPolicyState, type PolicyState } from './state.ts';
import { DEFAULT_TARGET_POLICY } from './targets.ts';

const metadata = { commandId: 'cmd-1', at: '2026-03-02T09:00:00.000Z', actor: 'user:hr-1', source: 'ui' };
const variant = { ...COMPANY_A_SCORING_POLICY, id: 'scoring-east', name: 'East China variant' };
const stateOf = (events: PolicyEvent[]): PolicyState => events.reduce(evolvePolicy, initialPolicyState);
const publish = (policy: typeof variant, branchId?: string): PolicyCommand => ({
  type: 'PublishScoringPolicy',
  data: branchId === undefined ? { policy } : { policy, branchId },
  metadata,
});
const withdraw = (policyId: string, reason = 'back to the default'): PolicyCommand => ({
  type: 'WithdrawPolicyVariant',
  data: { policyId, reason },
  metadata,
});
const refusal = (events: PolicyEvent[], command: PolicyCommand): DomainError => {
  try {
    decidePolicy(command, stateOf(events));
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('the command was not refused');
};

describe('branch variants of a policy', () => {
  it('publishes a branch’s variant with its branch, versioned from 1 on its own stream', () => {
    const events = decidePolicy(publish(variant, 'b-east'), initialPolicyState);
    expect(events).toEqual([
      { type: 'ScoringPolicyPublished', data: { policy: variant, branchId: 'b-east' } },
    ]);
    const state = stateOf(events);
    expect(state).toMatchObject({ kind: 'scoring', version: 1, branchId: 'b-east', withdrawn: false });
    const v2 = { ...variant, version: 2 };
    expect(decidePolicy(publish(v2, 'b-east'), state)).toEqual([
      { type: 'ScoringPolicyPublished', data: { policy: v2, branchId: 'b-east' } },
    ]);
  });

  it('publishes a ladder variant the same way', () => {
    const ladder = { ...DEFAULT_LADDER, id: 'ladder-east' };
    const command: PolicyCommand = { type: 'PublishLadder', data: { ladder, branchId: 'b-east' }, metadata };
    expect(decidePolicy(command, initialPolicyState)).toEqual([
      { type: 'LadderPublished', data: { ladder, branchId: 'b-east' } },
    ]);
  });

  it('refuses a branch version on the headquarters default’s stream, naming the branch field', () => {
    const hq = [{ type: 'ScoringPolicyPublished', data: { policy: variant } }] as PolicyEvent[];
    const error = refusal(hq, publish({ ...variant, version: 2 }, 'b-east'));
    expect(error.code).toBe('VALIDATION');
    expect(error.details).toMatchObject({ rule: 'variant_of_headquarters', field: 'branchId' });
  });

  it('refuses another branch’s version, or a headquarters version, on a branch’s stream', () => {
    const east = decidePolicy(publish(variant, 'b-east'), initialPolicyState);
    expect(refusal(east, publish({ ...variant, version: 2 }, 'b-west')).details).toMatchObject({
      rule: 'variant_of_other_branch',
      owner: 'b-east',
      branchId: 'b-west',
    });
    expect(refusal(east, publish({ ...variant, version: 2 })).details).toMatchObject({
      rule: 'variant_of_other_branch',
      branchId: null,
    });
  });

  it('withdraws a branch’s variant once; the next version brings it back', () => {
    const east = decidePolicy(publish(variant, 'b-east'), initialPolicyState);
    const withdrawn = decidePolicy(withdraw('scoring-east'), stateOf(east));
    expect(withdrawn).toEqual([
      {
        type: 'PolicyVariantWithdrawn',
        data: {
          policyId: 'scoring-east',
          kind: 'scoring',
          branchId: 'b-east',
          version: 1,
          reason: 'back to the default',
        },
      },
    ]);
    const after = [...east, ...withdrawn];
    expect(stateOf(after)).toMatchObject({ withdrawn: true, version: 1 });
    expect(refusal(after, withdraw('scoring-east')).details).toMatchObject({ rule: 'variant_withdrawn' });
    const back = decidePolicy(publish({ ...variant, version: 2 }, 'b-east'), stateOf(after));
    expect(stateOf([...after, ...back])).toMatchObject({ withdrawn: false, version: 2, branchId: 'b-east' });
  });

  it('refuses to withdraw the headquarters default, an unknown policy, or one without a reason', () => {
    const hq = [{ type: 'ScoringPolicyPublished', data: { policy: variant } }] as PolicyEvent[];
    expect(refusal(hq, withdraw('scoring-east')).details).toMatchObject({ rule: 'not_a_variant' });
    expect(refusal([], withdraw('scoring-east')).code).toBe('NOT_FOUND');
    expect(refusal(hq, withdraw('scoring-east', '  ')).code).toBe('VALIDATION');
  });

  it('publishes a target policy variant for a branch and withdraws it; its stream stays the branch’s', () => {
    const targets = { ...DEFAULT_TARGET_POLICY, id: 'targets-demo-b-east', growth: 0.2 };
    const command: PolicyCommand = {
      type: 'PublishTargetPolicy',
      data: { targetPolicy: targets, branchId: 'b-east' },
      metadata,
    };
    const published = decidePolicy(command, initialPolicyState);
    expect(published).toEqual([
      { type: 'TargetPolicyPublished', data: { targetPolicy: targets, branchId: 'b-east' } },
    ]);
    expect(stateOf(published)).toMatchObject({ kind: 'target', branchId: 'b-east', withdrawn: false });
    const withdrawn = decidePolicy(withdraw('targets-demo-b-east'), stateOf(published));
    expect(withdrawn).toEqual([
      {
        type: 'PolicyVariantWithdrawn',
        data: {
          policyId: 'targets-demo-b-east',
          kind: 'target',
          branchId: 'b-east',
          version: 1,
          reason: 'back to the default',
        },
      },
    ]);
    const v2 = { ...targets, version: 2 };
    const west: PolicyCommand = {
      type: 'PublishTargetPolicy',
      data: { targetPolicy: v2, branchId: 'b-west' },
      metadata,
    };
    expect(refusal([...published, ...withdrawn], west).details).toMatchObject({
      rule: 'variant_of_other_branch',
      owner: 'b-east',
    });
  });

  it('refuses to withdraw the headquarters target policy, or a target variant for a branch on the default’s stream', () => {
    const hq = [
      { type: 'TargetPolicyPublished', data: { targetPolicy: DEFAULT_TARGET_POLICY } },
    ] as PolicyEvent[];
    expect(refusal(hq, withdraw(DEFAULT_TARGET_POLICY.id)).details).toMatchObject({ rule: 'not_a_variant' });
    const v2: PolicyCommand = {
      type: 'PublishTargetPolicy',
      data: { targetPolicy: { ...DEFAULT_TARGET_POLICY, version: 2 }, branchId: 'b-east' },
      metadata,
    };
    expect(refusal(hq, v2).details).toMatchObject({ rule: 'variant_of_headquarters', field: 'branchId' });
  });
});
