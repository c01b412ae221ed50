import { describe, expect, it } from 'vitest';
import { parseEvent } from '../catalog.ts';
import type { ExamplesOf } from '../core/spec.ts';
import { itParsesEveryExample } from '../eventExamples.ts';
import type { PromotionEvent } from './events.ts';

const at = '2026-06-01T09:00:00Z';
const examples: ExamplesOf<PromotionEvent> = {
  PromotionNominated: {
    reviewId: 'r1',
    employeeId: 'e1',
    fromLevel: 'sales_representative',
    toLevel: 'sales_supervisor',
    track: 'sales_management',
    score: 92.5,
    reason: 'manager_nomination',
    nominatedBy: 'm1',
    at,
  },
  ReviewOpened: { reviewId: 'r1', committee: ['c1', 'c2', 'c3'], quorum: 2, at },
  VoteCast: { reviewId: 'r1', memberId: 'c1', vote: 'approve', comment: '同意', at },
  PromotionDecided: {
    reviewId: 'r1',
    employeeId: 'e1',
    toLevel: 'sales_supervisor',
    outcome: 'rejected',
    rationale: '回款率 92%，低于 95% 的要求',
    evidencePosition: '9007199254740993',
    policyVersions: { 'scoring-default': 3, 'ladder-default': 1 },
    evidence: { score: 71.2, scoreMonth: '2026-05', eligible: true },
    override: { code: 'evidence_outdated', text: '回款率已下降', against: ['eligibility'] },
    decidedBy: 'c1',
    at,
  },
};
const { evidence: _e, override: _o, ...decidedV1 } = examples.PromotionDecided;

describe('promotion events', () => {
  itParsesEveryExample(examples);
  it('keeps the global position as a decimal string, beyond the safe integers', () => {
    const parsed = parseEvent('PromotionDecided', 2, examples.PromotionDecided);
    expect(parsed.type === 'PromotionDecided' && parsed.data.evidencePosition).toBe('9007199254740993');
    expect(() =>
      parseEvent('PromotionDecided', 2, { ...examples.PromotionDecided, evidencePosition: '12a' }),
    ).toThrow(/^PromotionDecided v2: evidencePosition: must be a decimal position$/);
    expect(() => parseEvent('PromotionDecided', 2, { ...examples.PromotionDecided, rationale: '' })).toThrow(
      /rationale: a decision needs a rationale/,
    );
  });
  it('upcasts a v1 decision (stored before evidence and overrides were recorded) without rewriting it', () => {
    const stored = structuredClone(decidedV1);
    expect(parseEvent('PromotionDecided', 1, stored)).toEqual({
      type: 'PromotionDecided',
      data: { ...decidedV1, evidence: { score: null, scoreMonth: null, eligible: null }, override: null },
    });
    expect(stored).toEqual(decidedV1);
    expect(() => parseEvent('PromotionDecided', 1, { ...decidedV1, reviewId: '' })).toThrow(
      /PromotionDecided v1: cannot upcast to v2: reviewId: must not be empty/,
    );
  });
  it('refuses an override with a code not on the list, or without an explanation', () => {
    expect(() =>
      parseEvent('PromotionDecided', 2, {
        ...examples.PromotionDecided,
        override: { code: 'because', text: 'x', against: ['majority'] },
      }),
    ).toThrow(/override.code: must be one of the listed override reasons/);
    expect(() =>
      parseEvent('PromotionDecided', 2, {
        ...examples.PromotionDecided,
        override: { code: 'other', text: '  ', against: ['majority'] },
      }),
    ).toThrow(/override.text: an override needs an explanation/);
  });
  it('refuses an empty committee and a zero quorum', () => {
    expect(() => parseEvent('ReviewOpened', 1, { ...examples.ReviewOpened, committee: [] })).toThrow(
      /^ReviewOpened v1: committee: a committee needs at least one member$/,
    );
    expect(() => parseEvent('ReviewOpened', 1, { ...examples.ReviewOpened, quorum: 0 })).toThrow(
      /^ReviewOpened v1: quorum: must be at least 1$/,
    );
  });
});
