import { dateOf } from '../core/calendar.ts';

/** A newcomer hired on probation, as the cohort report sees them. */
export type ProbationNewcomer = {
  readonly employeeId: string;
  /** Hire date (`YYYY-MM-DD` or ISO time). */
  readonly hiredAt: string;
  readonly probation: 'on_probation' | 'passed' | 'failed';
  /** When they left (ISO), null while employed. */
  readonly leftAt: string | null;
  /** Their mentor (the current or last one), null when they never had one. */
  readonly mentorId: string | null;
  /** Mentor tasks owed and done in the full weeks of their mentorships. */
  readonly mentorTasks: { readonly due: number; readonly done: number };
  /** Their best skill-assessment score (0–100), null when never assessed. */
  readonly bestScore: number | null;
};

/** How the report groups newcomers: by the month or quarter they were hired, or by mentor. */
export type ProbationCohortBy = 'hire_month' | 'hire_quarter' | 'mentor';

/** Skill mastery: an assessment score of at least this (0–100). */
export const SKILL_MASTERY_SCORE = 80;

/** A share with its numerator and denominator; `rate` is null when nobody counts (n = 0). */
export type CountedShare = { readonly n: number; readonly count: number; readonly rate: number | null };

/** One group of newcomers: outcomes of their probation, how many stayed, mentoring and skills. */
export type ProbationCohort = {
  /** `2026-03`, `2026-Q1`, the mentor's id, or `none` for newcomers without a mentor. */
  readonly key: string;
  readonly people: number;
  readonly passed: number;
  readonly failed: number;
  readonly onProbation: number;
  /** Passed among those whose probation was decided (passed + failed). */
  readonly passRate: CountedShare;
  /** Still employed 3 months after hire, among those hired at least 3 months before `asOf`. */
  readonly retained3m: CountedShare;
  /** Still employed 6 months after hire, among those hired at least 6 months before `asOf`. */
  readonly retained6m: CountedShare;
  /** Mentor tasks done among those owed (n = tasks owed). */
  readonly mentorTasks: CountedShare;
  /** Newcomers whose best assessment reached the mastery score, among those assessed. */
  readonly skillMastery: CountedShare;
};

const share = (count: number, n: number): CountedShare => ({ n, count, rate: n === 0 ? null : count / n });

/** `date` (YYYY-MM-DD) plus `months` calendar months, the day clamped to the month's last. */
export function addCalendarMonths(date: string, months: number): string {
  const [y, m, d] = dateOf(date).split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * Stayed `months` after hire: counted when that day is on or before `asOf`; stayed when they
 * had not left by then (leaving on that day counts as gone).
 */
function retention(people: readonly ProbationNewcomer[], months: number, asOf: string): CountedShare {
  let n = 0;
  let stayed = 0;
  for (const p of people) {
    const mark = addCalendarMonths(p.hiredAt, months);
    if (mark > dateOf(asOf)) continue;
    n++;
    if (p.leftAt === null || dateOf(p.leftAt) > mark) stayed++;
  }
  return share(stayed, n);
}

const keyOf = (p: ProbationNewcomer, by: ProbationCohortBy): string => {
  if (by === 'mentor') return p.mentorId ?? 'none';
  const month = dateOf(p.hiredAt).slice(0, 7);
  if (by === 'hire_month') return month;
  return `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
};

/**
 * The probation cohort report: newcomers grouped by hire month, hire quarter or mentor, each
 * group with its pass rate (of decided probations), retention at 3 and 6 months (of those whose
 * 3 or 6 months have elapsed by `asOf`), mentor task completion and skill mastery (best score at
 * least `masteryScore`, of those assessed). Every share carries its n. Groups in key order.
 */
export function probationCohorts(
  newcomers: readonly ProbationNewcomer[],
  options: { readonly by: ProbationCohortBy; readonly asOf: string; readonly masteryScore?: number },
): ProbationCohort[] {
  const mastery = options.masteryScore ?? SKILL_MASTERY_SCORE;
  const groups = new Map<string, ProbationNewcomer[]>();
  for (const p of newcomers) {
    const key = keyOf(p, options.by);
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, people]) => probationCohort(key, people, { asOf: options.asOf, masteryScore: mastery }));
}

/** One group of the report (or all newcomers together) under `key`; see {@link probationCohorts}. */
export function probationCohort(
  key: string,
  people: readonly ProbationNewcomer[],
  options: { readonly asOf: string; readonly masteryScore?: number },
): ProbationCohort {
  const mastery = options.masteryScore ?? SKILL_MASTERY_SCORE;
  const passed = people.filter((p) => p.probation === 'passed').length;
  const failed = people.filter((p) => p.probation === 'failed').length;
  const assessed = people.filter((p) => p.bestScore !== null);
  return {
    key,
    people: people.length,
    passed,
    failed,
    onProbation: people.length - passed - failed,
    passRate: share(passed, passed + failed),
    retained3m: retention(people, 3, options.asOf),
    retained6m: retention(people, 6, options.asOf),
    mentorTasks: share(
      people.reduce((s, p) => s + p.mentorTasks.done, 0),
      people.reduce((s, p) => s + p.mentorTasks.due, 0),
    ),
    skillMastery: share(assessed.filter((p) => (p.bestScore ?? 0) >= mastery).length, assessed.length),
  };
}
