/**
 * Policy documents as `policyVersions` returns them, and the publish mutations' input shapes
 * they become (a draft is the latest document with edits and the next version number).
 */
import type { POLICY_SIMULATION } from '$lib/api/documents.ts';
import type { VariablesOf } from '$lib/api/graphql.ts';

type PolicyDraft = NonNullable<VariablesOf<typeof POLICY_SIMULATION>['draft']>;
/** The publish mutations' (and the simulation's) inputs, from the schema. */
export type ScoringPolicyInput = NonNullable<PolicyDraft['scoringPolicy']>;
export type LadderInput = NonNullable<PolicyDraft['ladder']>;

export interface KpiTemplate {
  kpi: string;
  name: string;
  nameZh: string;
  kind: string;
  unit: string;
  definition: string;
  normalisation: { kind: string; floor: number; target: number };
}
export interface ScoringDocument {
  id: string;
  version: number;
  name: string;
  kpis: KpiTemplate[];
  weightsByRank: Record<string, { kpi: string; weight: number }[]>;
  thresholds: { score: number; salesCompletionRate: number; collectionRate: number };
}
export type Requirement = { kind: string } & Record<string, string | number>;
export interface LadderDocument {
  id: string;
  version: number;
  name: string;
  tracks: {
    id: string;
    name: string;
    nameZh: string;
    levels: { id: string; name: string; nameZh: string; requirements: Requirement[] }[];
  }[];
}

/** The numeric field of each requirement kind a draft may change. */
export const REQUIREMENT_FIELDS: Record<string, string> = {
  score: 'min',
  kpi: 'min',
  experience: 'months',
  mentoring: 'closedDeals',
  annualSales: 'min',
  teamSalesGrowth: 'min',
};

export function scoringInput(doc: ScoringDocument, version: number): ScoringPolicyInput {
  // The document is JSON as published; the API validates the ids and levels it names.
  return {
    id: doc.id,
    version,
    name: doc.name,
    kpis: doc.kpis.map((k) => ({
      kpi: k.kpi,
      name: k.name,
      nameZh: k.nameZh,
      kind: k.kind,
      unit: k.unit,
      definition: k.definition,
      normalisation: {
        kind: k.normalisation.kind,
        floor: k.normalisation.floor,
        target: k.normalisation.target,
      },
    })),
    weightsByRank: Object.fromEntries(
      Object.entries(doc.weightsByRank).map(([rank, list]) => [
        rank,
        list.map((w) => ({ kpi: w.kpi, weight: w.weight })),
      ]),
    ),
    thresholds: {
      score: doc.thresholds.score,
      salesCompletionRate: doc.thresholds.salesCompletionRate,
      collectionRate: doc.thresholds.collectionRate,
    },
  } as ScoringPolicyInput;
}

export function ladderInput(doc: LadderDocument, version: number): LadderInput {
  return {
    id: doc.id,
    version,
    name: doc.name,
    tracks: doc.tracks.map((track) => ({
      id: track.id,
      name: track.name,
      nameZh: track.nameZh,
      levels: track.levels.map((level) => ({
        id: level.id,
        name: level.name,
        nameZh: level.nameZh,
        requirements: level.requirements.map(({ kind, ...rest }) => ({ [kind]: rest })),
      })),
    })),
  } as LadderInput;
}

/** Problems that would make a draft unpublishable, named (weights per rank must sum to 100). */
export function draftProblems(doc: ScoringDocument | null): string[] {
  if (!doc) return [];
  const problems: string[] = [];
  for (const [rank, list] of Object.entries(doc.weightsByRank)) {
    const sum = list.reduce((n, w) => n + w.weight, 0);
    if (Math.abs(sum - 100) > 1e-6) problems.push(`${rank}: ${sum}`);
    if (list.some((w) => !Number.isFinite(w.weight) || w.weight < 0)) problems.push(`${rank}: < 0`);
  }
  return problems;
}
