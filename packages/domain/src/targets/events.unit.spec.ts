import { describe, expect, it } from 'vitest';
import { parseEvent } from '../catalog.ts';
import type { ExamplesOf } from '../core/spec.ts';
import { itParsesEveryExample } from '../eventExamples.ts';
import type { TargetEvent } from './events.ts';

const at = '2026-03-01';
const subject = { subjectId: 'e1', subjectKind: 'employee' as const, period: '2026-03' };
const examples: ExamplesOf<TargetEvent> = {
  TargetSet: { ...subject, amount: 12_500_000, basis: 'history × rank', setBy: 'm1', at },
  TargetAdjustmentRequested: {
    ...subject,
    requestId: 'q1',
    requestedAmount: 11_000_000,
    reason: 'market',
    at,
  },
  TargetAdjustmentApproved: { ...subject, requestId: 'q1', approvedAmount: 11_500_000, approvedBy: 'm1', at },
  TargetAdjustmentRejected: { ...subject, requestId: 'q1', reason: 'no evidence', rejectedBy: 'm1', at },
  TeamTargetSplit: {
    teamId: 't1',
    period: '2026-03',
    teamAmount: 3,
    strategy: 'equal',
    shares: [
      { employeeId: 'e1', amount: 2 },
      { employeeId: 'e2', amount: 1 },
    ],
    at,
  },
};

describe('target events', () => {
  itParsesEveryExample(examples);
  it('refuses a zero target, an unknown strategy and an empty split', () => {
    expect(() => parseEvent('TargetSet', 1, { ...examples.TargetSet, amount: 0 })).toThrow(
      /^TargetSet v1: amount: must be greater than 0$/,
    );
    expect(() =>
      parseEvent('TeamTargetSplit', 1, { ...examples.TeamTargetSplit, strategy: 'lottery' }),
    ).toThrow(/^TeamTargetSplit v1: strategy: /);
    expect(() => parseEvent('TeamTargetSplit', 1, { ...examples.TeamTargetSplit, shares: [] })).toThrow(
      /^TeamTargetSplit v1: shares: /,
    );
  });
});
