import { behindStageTarget, DEFAULT_TARGET_POLICY, peerGap, type TargetPolicy } from '@trackrecord/domain';
import type { Light } from './table.ts';

/**
 * The target policy until one is published (3 weeks behind; 30% below the peers' median); the
 * read model then follows the latest published version (`read.target_policy`).
 */
export const TARGET_POLICY: TargetPolicy = DEFAULT_TARGET_POLICY;

/** Light thresholds on stage attainment (achieved ÷ stage target). */
export const LIGHTS = { green: 1, yellow: 0.85 } as const;

const DAY = 86_400_000;

/** Days of each month seen (`YYYY-MM`): few distinct months, counted once each. */
const monthDays = new Map<string, number>();

export function daysIn(period: string): number {
  let days = monthDays.get(period);
  if (days === undefined) {
    const [y, m] = period.split('-').map(Number) as [number, number];
    days = new Date(Date.UTC(y, m, 0)).getUTCDate();
    if (!Number.isNaN(days)) monthDays.set(period, days);
  }
  return days;
}

/** Week of the period a day falls in: days 1–7 → 0, 8–14 → 1, …, 29–31 → 4. */
export function weekIndex(time: string): number {
  const day = new Date(Date.parse(time)).getUTCDate();
  return Math.floor((day - 1) / 7);
}

export function weeksIn(period: string): number {
  return Math.ceil(daysIn(period) / 7);
}

/** Cumulative stage target at the end of each week: the target pro rata by days, whole fen. */
export function stageTargets(amount: number, period: string): number[] {
  const days = daysIn(period);
  const out: number[] = [];
  for (let w = 0; w < weeksIn(period); w++)
    out.push(Math.round((amount * Math.min(days, 7 * (w + 1))) / days));
  return out;
}

/** Weeks of the period that have ended by `now` (a week ends at midnight after its last day). */
export function weeksElapsed(period: string, now: string): number {
  if (!now) return 0;
  const [y, m] = period.split('-').map(Number) as [number, number];
  const start = Date.UTC(y, m - 1, 1);
  const days = daysIn(period);
  const t = Date.parse(now);
  let n = 0;
  for (let w = 0; w < weeksIn(period); w++) {
    const end = start + Math.min(days, 7 * (w + 1)) * DAY;
    if (t >= end) n = w + 1;
  }
  return n;
}

export interface Progress {
  achieved: number;
  weeks: number;
  weeks_elapsed: number;
  stage_target: number;
  attainment: number;
  stage_attainment: number | null;
  light: Light;
  consecutive_weeks_behind: number;
  behind_warning: boolean;
  warnings: { kind: string; text: { en: string; zh: string } }[];
}

/** Progress, light and the stage-target warning of a target, from its weekly sales. */
export function progress(
  amount: number,
  period: string,
  weekly: readonly number[],
  now: string,
  policy: TargetPolicy = TARGET_POLICY,
): Progress {
  const weeks = weeksIn(period);
  const elapsed = weeksElapsed(period, now);
  const cumulative = stageTargets(amount, period);
  const achieved = weekly.reduce((a, b) => a + b, 0);
  const stage = elapsed > 0 ? (cumulative[elapsed - 1] as number) : 0;
  const stageAttainment = elapsed > 0 && stage > 0 ? achieved / stage : null;
  const light: Light =
    stageAttainment === null || stageAttainment >= LIGHTS.green
      ? 'green'
      : stageAttainment >= LIGHTS.yellow
        ? 'yellow'
        : 'red';
  const weeklyStage = cumulative
    .slice(0, elapsed)
    .map((c, i) => c - (i > 0 ? (cumulative[i - 1] as number) : 0));
  const weeklyActual = Array.from({ length: elapsed }, (_, i) => weekly[i] ?? 0);
  const behind = behindStageTarget(weeklyActual, weeklyStage, policy);
  return {
    achieved,
    weeks,
    weeks_elapsed: elapsed,
    stage_target: stage,
    attainment: amount > 0 ? achieved / amount : 0,
    stage_attainment: stageAttainment,
    light,
    consecutive_weeks_behind: behind.consecutiveWeeksBehind,
    behind_warning: behind.warn,
    warnings: behind.warn ? [{ kind: behind.kind, text: behind.text }] : [],
  };
}

/**
 * The peer-gap warning of each person: attainment vs the median of the same rank and region.
 *
 * Each group is sorted once: a person's peers are the group without them, whose median is
 * read off the sorted group by skipping one entry of their value (the same numbers, in the
 * same order, as sorting the peers themselves), instead of sorting every person's peers
 * anew. `peerGap` gets that median as the one peer value it needs (its median is itself).
 */
export function peerWarnings(
  people: readonly {
    id: string;
    level: string | null;
    region: string | null;
    attainment: number;
    /** The policy that judges this person (their branch's variant or the default); else `policy`. */
    policy?: TargetPolicy;
  }[],
  policy: TargetPolicy = TARGET_POLICY,
): Map<string, ReturnType<typeof peerGap>> {
  const groups = new Map<string, (typeof people)[number][]>();
  for (const p of people) {
    const key = `${p.level}\u0000${p.region}`;
    const group = groups.get(key);
    if (group) group.push(p);
    else groups.set(key, [p]);
  }
  const out = new Map<string, ReturnType<typeof peerGap>>();
  for (const group of groups.values()) {
    const sorted = group.map((p) => p.attainment).sort((a, b) => a - b);
    for (const p of group) {
      const median = peerMedian(sorted, p.attainment);
      out.set(p.id, peerGap(p.attainment, median === null ? [] : [median], p.policy ?? policy));
    }
  }
  return out;
}

/**
 * The median (`quantile(…, 0.5)`) of `sorted` without one entry equal to `own`; null when
 * nothing is left.
 */
export function peerMedian(sorted: readonly number[], own: number): number | null {
  const count = sorted.length - 1;
  if (count <= 0) return null;
  // The first index holding `own` (binary search); the peers are `sorted` without it.
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < own) lo = mid + 1;
    else hi = mid;
  }
  const skip = lo;
  const at = (k: number) => sorted[k < skip ? k : k + 1] as number;
  const pos = (count - 1) * 0.5;
  const below = Math.floor(pos);
  const above = Math.ceil(pos);
  const a = at(below);
  const b = at(above);
  return a + (b - a) * (pos - below);
}
