/**
 * Policy documents as `policyVersions` types them, the drafts the editor makes of them (the
 * document without the `__typename` urql adds, edited in place) and the publish mutations'
 * input shapes a draft becomes with the next version number.
 */
import type { DraftLadder, DraftRequirement } from '@trackrecord/domain/policy/validate';
import type { POLICY_SIMULATION, PolicyVersion } from '$lib/api/documents.ts';
import type { VariablesOf } from '$lib/api/graphql.ts';

type PolicyDraft = NonNullable<VariablesOf<typeof POLICY_SIMULATION>['draft']>;
/** The publish mutations' (and the simulation's) inputs, from the schema. */
export type ScoringPolicyInput = NonNullable<PolicyDraft['scoringPolicy']>;
export type LadderInput = NonNullable<PolicyDraft['ladder']>;
export type CommissionPlanInput = NonNullable<PolicyDraft['commissionPlan']>;
type RequirementInput = LadderInput['tracks'][number]['levels'][number]['requirements'][number];

/** A value as the API typed it, without `__typename` anywhere in it. */
export type WithoutTypename<T> = T extends readonly (infer U)[]
  ? WithoutTypename<U>[]
  : T extends object
    ? { -readonly [K in keyof T as K extends '__typename' ? never : K]: WithoutTypename<T[K]> }
    : T;

/** A deep copy of `value` without `__typename`: what the API read, as the API takes it back. */
export function withoutTypename<T>(value: T): WithoutTypename<T> {
  return JSON.parse(JSON.stringify(value, (key, v) => (key === '__typename' ? undefined : v)));
}

type PolicyDocument = PolicyVersion['document'];
export type ScoringDocument = WithoutTypename<Extract<PolicyDocument, { __typename: 'ScoringPolicy' }>>;
export type LadderDocument = WithoutTypename<Extract<PolicyDocument, { __typename: 'Ladder' }>>;
export type CommissionDocument = WithoutTypename<Extract<PolicyDocument, { __typename: 'CommissionPlan' }>>;
export type Requirement = LadderDocument['tracks'][number]['levels'][number]['requirements'][number];
export type RequirementKind = Requirement['kind'];
export type KpiWeight = ScoringDocument['weightsByRank']['sales_representative'][number];

/** A draft of a scoring policy version (null for a document of another kind, or none). */
export function scoringDraft(doc: PolicyDocument | undefined): ScoringDocument | null {
  return doc?.__typename === 'ScoringPolicy' ? withoutTypename(doc) : null;
}

/** A draft of a ladder version (null for a document of another kind, or none). */
export function ladderDraft(doc: PolicyDocument | undefined): LadderDocument | null {
  return doc?.__typename === 'Ladder' ? withoutTypename(doc) : null;
}

/** A draft of a commission plan version (null for a document of another kind, or none). */
export function commissionDraft(doc: PolicyDocument | undefined): CommissionDocument | null {
  return doc?.__typename === 'CommissionPlan' ? withoutTypename(doc) : null;
}

/** The commission plan draft as the publish input (and the what-if) take it; no null fields. */
export function commissionInput(doc: CommissionDocument, version: number): CommissionPlanInput {
  const { effectiveFrom, description, ...rest } = doc;
  return {
    ...rest,
    version,
    ...(effectiveFrom ? { effectiveFrom } : {}),
    ...(description ? { description } : {}),
  };
}

/**
 * Where a commission draft starts when no plan was published: the demo plan the ledger pays
 * under until then (the domain's `DEFAULT_COMMISSION_PLAN`: 3% to ¥100,000 collected a month,
 * 5% to ¥300,000, 8% above), as version 0 so that the draft is version 1.
 */
export const DEMO_COMMISSION_DRAFT: CommissionDocument = {
  id: 'commission-demo',
  version: 0,
  name: 'Monthly tiered commission on collected revenue',
  basis: 'collected',
  period: 'month',
  effectiveFrom: null,
  description: null,
  tiers: [
    { from: 0, rate: 0.03 },
    { from: 10_000_000, rate: 0.05 },
    { from: 30_000_000, rate: 0.08 },
  ],
};

/** The numeric field of each requirement kind a draft may change. */
export const REQUIREMENT_FIELDS: Partial<Record<RequirementKind, 'min' | 'months' | 'closedDeals'>> = {
  score: 'min',
  kpi: 'min',
  experience: 'months',
  mentoring: 'closedDeals',
  annualSales: 'min',
  teamSalesGrowth: 'min',
};

export function scoringInput(doc: ScoringDocument, version: number): ScoringPolicyInput {
  return { ...doc, version };
}

/** A figure a requirement of its kind has (the API sets it; a draft keeps it). */
function figure<T>(value: T | null, kind: RequirementKind, field: string): T {
  if (value === null) {
    throw new Error(`a ${kind} requirement without ${field} / ${kind} 要求缺少 ${field}`);
  }
  return value;
}

/** A requirement as the domain has it: its kind and the fields of that kind. */
function domainRequirement(r: Requirement): DraftRequirement {
  switch (r.kind) {
    case 'score':
      return { kind: r.kind, min: figure(r.min, r.kind, 'min') };
    case 'kpi':
      return { kind: r.kind, kpi: figure(r.kpi, r.kind, 'kpi'), min: figure(r.min, r.kind, 'min') };
    case 'course':
      return { kind: r.kind, courseId: figure(r.courseId, r.kind, 'courseId') };
    case 'mentoring':
      return { kind: r.kind, closedDeals: figure(r.closedDeals, r.kind, 'closedDeals') };
    case 'experience':
      return { kind: r.kind, months: figure(r.months, r.kind, 'months') };
    case 'annualSales':
      return { kind: r.kind, min: figure(r.min, r.kind, 'min') };
    case 'teamSalesGrowth':
      return { kind: r.kind, min: figure(r.min, r.kind, 'min') };
  }
}

/** The ladder draft as the domain's rules take it. */
export function domainLadder(doc: LadderDocument): DraftLadder {
  return {
    ...doc,
    tracks: doc.tracks.map((track) => ({
      ...track,
      levels: track.levels.map((level) => ({
        ...level,
        requirements: level.requirements.map(domainRequirement),
      })),
    })),
  };
}

/** A requirement as the publish input takes it: one field, named by its kind. */
function requirementInput(r: DraftRequirement): RequirementInput {
  switch (r.kind) {
    case 'score':
      return { score: { min: r.min } };
    case 'kpi':
      return { kpi: { kpi: r.kpi, min: r.min } };
    case 'course':
      return { course: { courseId: r.courseId } };
    case 'mentoring':
      return { mentoring: { closedDeals: r.closedDeals } };
    case 'experience':
      return { experience: { months: r.months } };
    case 'annualSales':
      return { annualSales: { min: r.min } };
    case 'teamSalesGrowth':
      return { teamSalesGrowth: { min: r.min } };
  }
}

export function ladderInput(doc: LadderDocument, version: number): LadderInput {
  const ladder = domainLadder(doc);
  return {
    ...ladder,
    version,
    tracks: ladder.tracks.map((track) => ({
      ...track,
      levels: track.levels.map((level) => ({
        ...level,
        requirements: level.requirements.map(requirementInput),
      })),
    })),
  };
}
