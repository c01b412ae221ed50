import type { Requirement } from '../policy/ladder.ts';
import type { TargetPolicy } from '../policy/targets.ts';
import { type Bilingual, type RequirementCheck, requirementLabel } from './eligibility.ts';

/**
 * The judgements of the what-if over every policy kind that are arithmetic alone: whether a
 * past decision flips under a draft, selection rates by group with the four-fifths rule, and
 * the target warnings a draft's early-warning rules raise on a month's recorded progress.
 */

/**
 * How a past promotion decision flips under a draft: an approval whose candidate the draft
 * finds not eligible, or a rejection whose candidate it finds eligible. Only where the draft
 * changes the verdict the rules then in force gave (`eligibleThen`; null when unknown): an
 * approval already against the verdict then is not a flip of the draft's making.
 */
export type DecisionFlip = 'approved_to_ineligible' | 'rejected_to_eligible';

export function decisionFlip(
  outcome: string,
  eligibleThen: boolean | null,
  eligibleUnderDraft: boolean,
): DecisionFlip | null {
  if (outcome === 'approved' && !eligibleUnderDraft && eligibleThen !== false)
    return 'approved_to_ineligible';
  if (outcome === 'rejected' && eligibleUnderDraft && eligibleThen !== true) return 'rejected_to_eligible';
  return null;
}

/** A requirement that keeps rejected candidates short under a draft. */
export interface RequirementInTheWay {
  /** The level the decisions were about (a requirement is one level's). */
  readonly toLevel: string;
  readonly requirement: Requirement;
  /** The requirement as a person reads it ("completion ≥ 110%"). */
  readonly label: Bilingual;
  /** Rejected decisions the draft still finds not eligible that miss it. */
  readonly decisions: number;
  /** Of them, those it alone keeps short: their only requirement unmet under the draft. */
  readonly alone: number;
}

/**
 * Why a draft flips no more rejections than it does: over the rejected decisions it still finds
 * not eligible, each requirement of the level they were about that they miss under the draft, how
 * many miss it and how many miss it alone (a draft easing that requirement too would flip those).
 * Most alone first, then most missed.
 */
export function requirementsInTheWay(
  judged: readonly {
    readonly outcome: string;
    readonly toLevel: string;
    readonly underDraft: { readonly eligible: boolean; readonly checks: readonly RequirementCheck[] } | null;
  }[],
): RequirementInTheWay[] {
  const byLabel = new Map<
    string,
    { toLevel: string; requirement: Requirement; label: Bilingual; decisions: number; alone: number }
  >();
  for (const d of judged) {
    if (d.outcome !== 'rejected' || !d.underDraft || d.underDraft.eligible) continue;
    const unmet = d.underDraft.checks.filter((c) => !c.met);
    for (const c of unmet) {
      const label = requirementLabel(c.requirement);
      const key = `${d.toLevel}\n${label.en}`;
      let row = byLabel.get(key);
      if (!row) {
        row = { toLevel: d.toLevel, requirement: c.requirement, label, decisions: 0, alone: 0 };
        byLabel.set(key, row);
      }
      row.decisions++;
      if (unmet.length === 1) row.alone++;
    }
  }
  return [...byLabel.values()].sort(
    (a, b) =>
      b.alone - a.alone ||
      b.decisions - a.decisions ||
      a.toLevel.localeCompare(b.toLevel) ||
      a.label.en.localeCompare(b.label.en),
  );
}

/** The four-fifths rule: a group selected at under 80% of the rate of the most selected group. */
export const FOUR_FIFTHS = 0.8;

export interface SelectionCount {
  readonly group: string;
  /** How many were evaluated (the sample size). */
  readonly evaluated: number;
  /** Of them, how many were selected (found eligible). */
  readonly selected: number;
}
export interface SelectionRate extends SelectionCount {
  /** selected ÷ evaluated; null without anyone evaluated. */
  readonly rate: number | null;
  /** rate ÷ the highest rate of any group; null when the group or every group has no rate above 0. */
  readonly ratioToHighest: number | null;
  /** True when `ratioToHighest` is below the bound (0.8: the four-fifths rule). */
  readonly belowBound: boolean;
}

/** Selection rates of each group and their ratio to the highest group's, flagged below `bound`. */
export function selectionRates(counts: readonly SelectionCount[], bound = FOUR_FIFTHS): SelectionRate[] {
  const rateOf = (c: SelectionCount) => (c.evaluated > 0 ? c.selected / c.evaluated : null);
  const highest = Math.max(0, ...counts.map((c) => rateOf(c) ?? 0));
  return counts.map((c) => {
    const rate = rateOf(c);
    const ratioToHighest = rate === null || highest === 0 ? null : rate / highest;
    return { ...c, rate, ratioToHighest, belowBound: ratioToHighest !== null && ratioToHighest < bound };
  });
}

/** A month's recorded progress against a target, as the targets read model keeps it. */
export interface TargetProgress {
  readonly consecutiveWeeksBehind: number;
  readonly attainment: number;
  /** The median attainment of the peers of the same rank and region; null without peers. */
  readonly peerMedian: number | null;
  readonly weeksElapsed: number;
}

/**
 * The warnings the early-warning rules of `policy` raise on a month's progress: behind the
 * stage target for at least `consecutiveWeeksBehind` weeks in a row (`behindStageTarget`), and
 * attainment below the peers' median by more than `peerGap` once a week has ended (`peerGap`).
 */
export function targetWarningsUnder(
  progress: TargetProgress,
  policy: Pick<TargetPolicy, 'earlyWarning'>,
): { behind: boolean; peerGap: boolean } {
  const rule = policy.earlyWarning;
  return {
    behind: progress.consecutiveWeeksBehind >= rule.consecutiveWeeksBehind,
    peerGap:
      progress.weeksElapsed > 0 &&
      progress.peerMedian !== null &&
      progress.attainment < progress.peerMedian * (1 - rule.peerGap),
  };
}
