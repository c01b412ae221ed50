import {
  CommissionPlanSchema,
  candidateRecord,
  commissionPlanProblems,
  compositeScoreValue,
  type EligibilityVerdict,
  eligibility,
  eligibilityOf,
  type Ladder,
  LadderSchema,
  ladderInForce,
  ladderProblems,
  rankOfMonth,
  type ScoringPolicy,
  ScoringPolicySchema,
  scoringPolicyProblems,
} from '@trackrecord/domain';
import type { EventStore } from '@trackrecord/eventstore';
import { z } from 'zod';
import { foldCacheFor } from './history.ts';
import type { FoldSnapshots } from './snapshots.ts';

/**
 * What-if of a draft scoring policy and/or ladder over the whole history: the same fold as the
 * read models (`factsFromEvents`) up to the head, every active person's evaluated month scored
 * under the draft scoring policy (else as stamped) and judged under the draft ladder (else the
 * one in force), compared with the verdicts under the published policies. Reads only; appends
 * nothing.
 */

/** The draft, validated like the publish commands: the domain's schemas, then its cross-field rules. */
export const PolicyDraftSchema = z.object({
  scoringPolicy: ScoringPolicySchema.optional(),
  ladder: LadderSchema.optional(),
  commissionPlan: CommissionPlanSchema.optional(),
});
export type PolicyDraft = z.infer<typeof PolicyDraftSchema>;

export interface DraftProblem {
  readonly path: readonly string[];
  readonly message: string;
}

/** Every problem of a draft (schema, then cross-field rules), each with its path; empty when valid. */
export function draftProblems(value: unknown): { draft: PolicyDraft | null; problems: DraftProblem[] } {
  const parsed = PolicyDraftSchema.safeParse(value);
  if (!parsed.success) {
    return {
      draft: null,
      problems: parsed.error.issues.map((i) => ({
        path: ['draft', ...i.path.map(String)],
        message: i.message,
      })),
    };
  }
  const draft = parsed.data;
  const problems: DraftProblem[] = [];
  if (!draft.scoringPolicy && !draft.ladder && !draft.commissionPlan)
    problems.push({
      path: ['draft'],
      message: 'give a scoringPolicy, a ladder, a commissionPlan or several to simulate',
    });
  if (draft.scoringPolicy)
    for (const message of scoringPolicyProblems(draft.scoringPolicy))
      problems.push({ path: ['draft', 'scoringPolicy'], message });
  if (draft.ladder)
    for (const message of ladderProblems(draft.ladder)) problems.push({ path: ['draft', 'ladder'], message });
  if (draft.commissionPlan)
    for (const message of commissionPlanProblems(draft.commissionPlan))
      problems.push({ path: ['draft', 'commissionPlan'], message });
  return { draft: problems.length === 0 ? draft : null, problems };
}

export interface SimulatedChange {
  readonly employeeId: string;
  readonly toLevel: string;
  readonly track: string;
  readonly before: boolean;
  readonly after: boolean;
  readonly scoreBefore: number | null;
  readonly scoreAfter: number | null;
}

export interface SimulationOutcome {
  readonly evaluatedPeople: number;
  readonly becomeEligible: SimulatedChange[];
  readonly becomeIneligible: SimulatedChange[];
  /** Per person evaluated: eligible for any next level before / after. */
  readonly people: { employeeId: string; before: boolean; after: boolean }[];
  readonly basePosition: bigint;
  readonly eventsFolded: number;
  readonly scoring: { id: string; version: number; draft: boolean };
  readonly ladder: { id: string; version: number; draft: boolean };
}

const key = (v: EligibilityVerdict) => `${v.track}:${v.toLevel}`;

export async function simulatePolicies(
  store: EventStore,
  draft: PolicyDraft,
  options: { snapshots?: FoldSnapshots | null } = {},
): Promise<SimulationOutcome> {
  const fold = await foldCacheFor(store).at(await store.headPosition(), options.snapshots ?? null);
  const state = fold.state;
  const published = ladderInForce(state).ladder;
  const ladder: Ladder = draft.ladder ?? published;
  const scoring: ScoringPolicy | undefined = draft.scoringPolicy;
  const becomeEligible: SimulatedChange[] = [];
  const becomeIneligible: SimulatedChange[] = [];
  const people: SimulationOutcome['people'] = [];
  for (const id of Object.keys(state.people).sort()) {
    const current = eligibilityOf(state, id);
    const c = candidateRecord(state, id);
    if (!current || !c) continue;
    const p = state.people[id];
    let score = c.record.score;
    if (scoring && p) {
      const rank = rankOfMonth(p, c.month) ?? c.record.currentLevel;
      const facts = p.months[c.month]?.facts;
      score = facts && scoring.weightsByRank[rank] ? compositeScoreValue(facts, rank, scoring) : 0;
    }
    const after = eligibility({ ...c.record, score }, ladder);
    const before = new Map(current.verdicts.map((v) => [key(v), v]));
    const afterBy = new Map(after.map((v) => [key(v), v]));
    for (const k of new Set([...before.keys(), ...afterBy.keys()])) {
      const b = before.get(k)?.eligible ?? false;
      const a = afterBy.get(k)?.eligible ?? false;
      if (a === b) continue;
      const v = (afterBy.get(k) ?? before.get(k)) as EligibilityVerdict;
      const change = {
        employeeId: id,
        toLevel: v.toLevel,
        track: v.track,
        before: b,
        after: a,
        scoreBefore: current.candidate.score,
        scoreAfter: score,
      };
      (a ? becomeEligible : becomeIneligible).push(change);
    }
    people.push({
      employeeId: id,
      before: current.verdicts.some((v) => v.eligible),
      after: after.some((v) => v.eligible),
    });
  }
  const scoringInForce = state.global.scoring?.doc;
  return {
    evaluatedPeople: people.length,
    becomeEligible,
    becomeIneligible,
    people,
    basePosition: fold.position,
    eventsFolded: fold.events,
    scoring: scoring
      ? { id: scoring.id, version: scoring.version, draft: true }
      : { id: scoringInForce?.id ?? 'default', version: scoringInForce?.version ?? 0, draft: false },
    ladder: { id: ladder.id, version: ladder.version, draft: draft.ladder !== undefined },
  };
}
