import {
  DEFAULT_COMMISSION_PLAN,
  DEFAULT_LADDER,
  DEFAULT_SCORING_POLICY,
  domainCommandSchemas,
} from '@trackrecord/domain';
import { describe, expect, it } from 'vitest';
import { toDomain, toGraphQL } from './zodInput.ts';

describe('GraphQL inputs from the zod command schemas', () => {
  it.each([
    ['PublishScoringPolicy', { policy: DEFAULT_SCORING_POLICY }],
    ['PublishLadder', { ladder: DEFAULT_LADDER }],
    ['PublishCommissionPlan', { plan: DEFAULT_COMMISSION_PLAN }],
  ] as const)('carries a %s document there and back unchanged', (type, data) => {
    const schema = domainCommandSchemas[type];
    expect(toDomain(schema, toGraphQL(schema, data))).toEqual(data);
  });

  it('turns a tagged requirement into a @oneOf object and a free-text record into entries', () => {
    const ladder = toGraphQL(domainCommandSchemas.PublishLadder, { ladder: DEFAULT_LADDER }) as {
      ladder: { tracks: { levels: { requirements: Record<string, unknown>[] }[] }[] };
    };
    const requirement = ladder.ladder.tracks[0]?.levels[1]?.requirements[0] ?? {};
    expect(Object.keys(requirement)).toHaveLength(1);
    expect(Object.values(requirement)[0]).not.toHaveProperty('kind');
    const decided = toGraphQL(domainCommandSchemas.DecidePromotion, { policyVersions: { a: 1, b: 2 } });
    expect(decided).toEqual({
      policyVersions: [
        { key: 'a', value: 1 },
        { key: 'b', value: 2 },
      ],
    });
  });

  it('drops nulls GraphQL sends for omitted optional fields but keeps those of nullable ones', () => {
    const hire = toDomain(domainCommandSchemas.HireEmployee, { employeeId: 'e1', managerId: null });
    expect(hire).toEqual({ employeeId: 'e1', managerId: null, probationEnd: null });
    const feedback = toDomain(domainCommandSchemas.GiveFeedback360, { employeeId: 'e1', comment: null });
    expect(feedback).toEqual({ employeeId: 'e1' });
  });
  it('an omitted nullable field means null, as the domain records it (managerId, probationEnd, reviewId)', () => {
    expect(toDomain(domainCommandSchemas.TransferEmployee, { employeeId: 'e1' })).toEqual({
      employeeId: 'e1',
      managerId: null,
    });
    expect(toDomain(domainCommandSchemas.ChangeRank, { employeeId: 'e1' })).toEqual({
      employeeId: 'e1',
      reviewId: null,
    });
  });
});
