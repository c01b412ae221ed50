import { describe, expect, it } from 'vitest';
import { DEFAULT_LADDER, type Ladder } from './ladder.ts';
import { DEFAULT_SCORING_POLICY } from './scoring.ts';
import { ladderIssues, ladderProblems, scoringPolicyIssues } from './validate.ts';

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('policy problems name the field they are about', () => {
  it('the default documents have none', () => {
    expect(scoringPolicyIssues(DEFAULT_SCORING_POLICY)).toEqual([]);
    expect(ladderIssues(DEFAULT_LADDER)).toEqual([]);
  });

  it('a mentoring requirement below 1 closed deal is refused at that requirement of that level', () => {
    const ladder = clone(DEFAULT_LADDER) as Ladder;
    const track = ladder.tracks.find((t) =>
      t.levels.some((l) => l.requirements.some((r) => r.kind === 'mentoring')),
    );
    const level = track?.levels.find((l) => l.requirements.some((r) => r.kind === 'mentoring'));
    if (!track || !level) throw new Error('the default ladder has a mentoring requirement');
    const index = level.requirements.findIndex((r) => r.kind === 'mentoring');
    (level.requirements[index] as { closedDeals: number }).closedDeals = 0;
    const issues = ladderIssues(ladder);
    expect(issues).toEqual([
      {
        code: 'at_least',
        field: { kind: 'requirement', track: track.id, level: level.id, index, requirement: 'mentoring' },
        params: { min: 1, value: 0 },
        message: `${level.id} mentoring closedDeals must be at least 1, got 0`,
      },
    ]);
    expect(ladderProblems(ladder)).toEqual([issues[0]?.message]);
  });

  it('weights that do not sum to 100, a weight out of range and a threshold out of range', () => {
    const policy = clone(DEFAULT_SCORING_POLICY);
    const rank = Object.keys(policy.weightsByRank)[0] as keyof typeof policy.weightsByRank;
    const first = policy.weightsByRank[rank][0];
    if (!first) throw new Error('a weight');
    first.weight = -5;
    policy.thresholds.collectionRate = 1.5;
    const issues = scoringPolicyIssues(policy);
    expect(issues.map((i) => [i.code, i.field])).toEqual([
      ['weights_sum', { kind: 'weights', rank }],
      ['weight_range', { kind: 'weights', rank, kpi: first.kpi }],
      ['range', { kind: 'threshold', threshold: 'collectionRate' }],
    ]);
    expect(issues[2]?.params).toEqual({ above: 0, max: 1, value: 1.5 });
  });

  it('a level whose minimum score is below the level under it is out of order, at its score requirement', () => {
    const ladder = clone(DEFAULT_LADDER) as Ladder;
    const track = ladder.tracks.find(
      (t) => t.levels.filter((l) => l.requirements.some((r) => r.kind === 'score')).length >= 2,
    );
    if (!track) throw new Error('a track with two scored levels');
    const scored = track.levels.filter((l) => l.requirements.some((r) => r.kind === 'score'));
    const upper = scored[1];
    if (!upper) throw new Error('two scored levels');
    const index = upper.requirements.findIndex((r) => r.kind === 'score');
    (upper.requirements[index] as { min: number }).min = 1;
    const issue = ladderIssues(ladder).find((i) => i.code === 'levels_out_of_order');
    expect(issue?.field).toEqual({
      kind: 'requirement',
      track: track.id,
      level: upper.id,
      index,
      requirement: 'score',
    });
    expect(issue?.params.now).toBe(1);
  });
});
