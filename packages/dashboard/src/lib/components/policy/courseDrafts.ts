import type { coursePolicyIssues } from '@trackrecord/domain/policy/validate';
import type { CoursePolicyInForce } from '$lib/api/documents.ts';
import type { MessageKey } from '$lib/i18n.svelte.ts';

/** The course policy as the API takes it (`publishCoursePolicy`'s input). */
export type CoursePolicyDocument = Parameters<typeof coursePolicyIssues>[0];
type Document = CoursePolicyInForce['document'];

/** The course policy as the editor holds it: every figure as typed, checked before it is a number. */
export interface CourseDraft {
  id: string;
  name: string;
  courses: {
    id: string;
    name: string;
    nameZh: string;
    targetKpis: string[];
    hours: string;
    min: string;
    max: string;
  }[];
  basicUpTo: string;
  relationshipBelow: string;
  gapBelowPoints: string;
  basic: string;
  relationship: string;
  leadership: string;
  kpiGaps: { kpi: string; courses: string[] }[];
}

export function courseDraft(doc: Document): CourseDraft {
  const { bands } = doc.rules;
  return {
    id: doc.id,
    name: doc.name,
    courses: doc.courses.map((c) => ({
      id: c.id,
      name: c.name,
      nameZh: c.nameZh,
      targetKpis: [...c.targetKpis],
      hours: String(c.hours),
      min: String(c.scoreBand.min),
      max: String(c.scoreBand.max),
    })),
    basicUpTo: String(bands.basicUpTo),
    relationshipBelow: String(bands.relationshipBelow),
    gapBelowPoints: String(doc.rules.gapBelowPoints),
    basic: bands.basic,
    relationship: bands.relationship,
    leadership: bands.leadership,
    kpiGaps: doc.rules.kpiGaps.map((g) => ({ kpi: g.kpi, courses: [...g.courses] })),
  };
}

/** A typed figure as a number ("12", "12.5", full-width "１２" too); NaN when it is none. */
export function figure(text: string): number {
  const ascii = text.trim().replace(/[０-９．]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
  return /^\d+(\.\d+)?$/.test(ascii) ? Number(ascii) : Number.NaN;
}

/** A problem of the draft itself, by field key, said with one of the editor's messages. */
export interface DraftProblem {
  key: string;
  message: MessageKey;
  params: Record<string, string | number>;
}

/** Figures that are no numbers or out of range, and KPI gaps without a course. */
export function draftProblems(draft: CourseDraft): DraftProblem[] {
  const out: DraftProblem[] = [];
  const score = (key: string, ...values: string[]) => {
    for (const v of values) {
      const n = figure(v);
      if (Number.isNaN(n) || n > 100) {
        out.push({ key, message: 'coursePolicy.problem.score', params: { value: v.trim() || '—' } });
        return;
      }
    }
  };
  for (const c of draft.courses) {
    const hours = figure(c.hours);
    if (Number.isNaN(hours) || hours <= 0)
      out.push({
        key: `course:${c.id}:hours`,
        message: 'coursePolicy.problem.hours',
        params: { value: c.hours.trim() || '—' },
      });
    score(`course:${c.id}:band`, c.min, c.max);
  }
  score('rule:basicUpTo', draft.basicUpTo);
  score('rule:relationshipBelow', draft.relationshipBelow);
  score('rule:gapBelowPoints', draft.gapBelowPoints);
  draft.kpiGaps.forEach((g, i) => {
    if (g.courses.length === 0)
      out.push({ key: `rule:kpiGap:${i}`, message: 'coursePolicy.problem.gapNoCourse', params: {} });
  });
  return out;
}

/** The draft as the document to publish, as version `version`. */
export function courseInput(draft: CourseDraft, version: number): CoursePolicyDocument {
  return {
    id: draft.id,
    version,
    name: draft.name,
    courses: draft.courses.map((c) => ({
      id: c.id,
      name: c.name,
      nameZh: c.nameZh,
      targetKpis: c.targetKpis,
      scoreBand: { min: figure(c.min), max: figure(c.max) },
      hours: figure(c.hours),
    })),
    rules: {
      bands: {
        basicUpTo: figure(draft.basicUpTo),
        relationshipBelow: figure(draft.relationshipBelow),
        basic: draft.basic,
        relationship: draft.relationship,
        leadership: draft.leadership,
      },
      gapBelowPoints: figure(draft.gapBelowPoints),
      kpiGaps: draft.kpiGaps.map((g) => ({ kpi: g.kpi, courses: g.courses })),
    },
  } as CoursePolicyDocument;
}

/** Whether the draft says what the document in force says (the version aside). */
export function sameDocument(doc: Document, input: CoursePolicyDocument): boolean {
  const strip = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(strip)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.entries(value)
              .filter(([k]) => k !== '__typename' && k !== 'version')
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, v]) => [k, strip(v)]),
          )
        : value;
  return JSON.stringify(strip(doc)) === JSON.stringify(strip(input));
}
