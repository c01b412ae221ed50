import { validation } from '../core/errors.ts';
import type { RetentionFeatures } from './retention.ts';

/** Weeks per month used by tenure and eligibility figures (52 ÷ 12). */
const WEEKS_PER_MONTH = 52 / 12;

/**
 * One person's retention inputs as plain data (JSON-serialisable, so a projection can store it
 * between batches). Weeks are integers counted from any fixed origin.
 */
export type RetentionTrack = {
  hiredWeek: number;
  recruitingFit: number;
  coursesAssigned: number;
  coursesCompleted: number;
  mentorRating: number | null;
  /** Weekly sales and follow-ups, indexed by week − firstWeek. */
  firstWeek: number;
  sales: number[];
  followUps: number[];
  targets: number[];
  ratings: { week: number; rating: number }[];
  satisfaction: number[];
  eligibleSinceWeek: number | null;
};
type Track = RetentionTrack;

/** A new track for a person hired (or first seen) at `week`, with `tenureWeeksAtHire` already served. */
export function newRetentionTrack(
  week: number,
  recruitingFit: number,
  tenureWeeksAtHire = 0,
): RetentionTrack {
  return {
    hiredWeek: week - tenureWeeksAtHire,
    recruitingFit,
    coursesAssigned: 0,
    coursesCompleted: 0,
    mentorRating: null,
    firstWeek: week,
    sales: [],
    followUps: [],
    targets: [],
    ratings: [],
    satisfaction: [],
    eligibleSinceWeek: null,
  };
}

/** The index of `week` in the track's weekly arrays, growing them (both ways) as needed. */
function slot(arr: number[], t: Track, week: number): number {
  if (week < t.firstWeek) {
    const shift = t.firstWeek - week;
    for (const a of [t.sales, t.followUps, t.targets])
      if (a.length > 0) a.unshift(...new Array<number>(shift).fill(0));
    t.firstWeek = week;
  }
  const i = week - t.firstWeek;
  while (arr.length <= i) arr.push(0);
  return i;
}

/** Adds `amount` to the week's sales (negative for a reversal). */
export function trackSale(t: Track, week: number, amount: number): void {
  const i = slot(t.sales, t, week);
  t.sales[i] = (t.sales[i] as number) + amount;
}
export function trackFollowUp(t: Track, week: number, count = 1): void {
  const i = slot(t.followUps, t, week);
  t.followUps[i] = (t.followUps[i] as number) + count;
}
/** A target of `amount` for the `weeks` weeks starting at `week` (replaces what those weeks had). */
export function trackTarget(t: Track, week: number, amount: number, weeks: number): void {
  for (let w = week; w < week + weeks; w++) t.targets[slot(t.targets, t, w)] = amount / weeks;
}

/** The features as of the end of `week` (weeks after it are ignored). */
export function retentionFeaturesOf(t: Track, week: number): RetentionFeatures {
  const upto = week - t.firstWeek;
  const weekly = (arr: number[], i: number) => (i >= 0 && i < arr.length ? (arr[i] as number) : 0);
  let stagnant = 0;
  for (let i = upto; i >= 1 && i >= upto - 12; i--) {
    if (weekly(t.sales, i) > weekly(t.sales, i - 1)) break;
    stagnant++;
  }
  let sold = 0;
  let due = 0;
  for (let i = Math.max(0, upto - 7); i <= upto; i++) {
    sold += weekly(t.sales, i);
    due += weekly(t.targets, i);
  }
  const window = (from: number, to: number) => {
    const rs = t.ratings.filter((r) => r.week > from && r.week <= to);
    return rs.length ? rs.reduce((a, r) => a + r.rating, 0) / rs.length : null;
  };
  const recent = window(week - 8, week);
  const earlier = window(week - 16, week - 8);
  let fuRecent = 0;
  let fuEarlier = 0;
  for (let k = 0; k < 4; k++) {
    fuRecent += weekly(t.followUps, upto - k);
    fuEarlier += weekly(t.followUps, upto - 4 - k);
  }
  const sat = t.satisfaction;
  const lastSat = sat.length ? (sat[sat.length - 1] as number) : 7;
  const earlierSat =
    sat.length > 1 ? sat.slice(0, -1).reduce((a, b) => a + b, 0) / (sat.length - 1) : lastSat;
  return {
    trainingCompletionRate: t.coursesAssigned === 0 ? 1 : t.coursesCompleted / t.coursesAssigned,
    mentorRating: t.mentorRating ?? 10,
    weeksWithoutSalesGrowth: stagnant,
    targetAttainment: due > 0 ? Math.min(3, sold / due) : 1,
    tenureMonths: (week - t.hiredWeek) / WEEKS_PER_MONTH,
    monthsEligibleWithoutPromotion:
      t.eligibleSinceWeek === null ? 0 : (week - t.eligibleSinceWeek) / WEEKS_PER_MONTH,
    feedbackTrend: recent !== null && earlier !== null ? recent - earlier : 0,
    satisfactionLevel: lastSat,
    satisfactionTrend: lastSat - earlierSat,
    recruitingFit: t.recruitingFit,
    followUpTrend: fuEarlier > 0 ? Math.min(3, fuRecent / fuEarlier - 1) : 0,
  };
}

/**
 * Folds what happened to people, week by week, into the retention model's features. It is fed
 * the same facts the events carry (a hire, a sale, a course completion…), so the simulator's
 * history and a projection over the event store compute the features the same way.
 * Weeks are integers counted from any fixed origin; calls for one person must not go back in time
 * further than their hire week.
 */
export function createRetentionFeatureTracker() {
  const people = new Map<string, Track>();
  const get = (id: string): Track => {
    const t = people.get(id);
    if (!t) throw validation(`retention features: unknown person ${id}`);
    return t;
  };
  return {
    hired(personId: string, week: number, recruitingFit: number, tenureWeeksAtHire = 0): void {
      people.set(personId, newRetentionTrack(week, recruitingFit, tenureWeeksAtHire));
    },
    sale(personId: string, week: number, amount: number): void {
      trackSale(get(personId), week, amount);
    },
    followUp(personId: string, week: number, count = 1): void {
      trackFollowUp(get(personId), week, count);
    },
    /** A target of `amount` for the `weeks` weeks starting at `week`. */
    target(personId: string, week: number, amount: number, weeks: number): void {
      trackTarget(get(personId), week, amount, weeks);
    },
    courseAssigned(personId: string): void {
      get(personId).coursesAssigned++;
    },
    courseCompleted(personId: string): void {
      get(personId).coursesCompleted++;
    },
    mentorRated(personId: string, rating: number): void {
      get(personId).mentorRating = rating;
    },
    feedback(personId: string, week: number, rating: number): void {
      get(personId).ratings.push({ week, rating });
    },
    satisfaction(personId: string, score: number): void {
      get(personId).satisfaction.push(score);
    },
    /** The person met the promotion-alert thresholds (was nominated) at `week`. */
    eligible(personId: string, week: number): void {
      const t = get(personId);
      if (t.eligibleSinceWeek === null) t.eligibleSinceWeek = week;
    },
    promoted(personId: string): void {
      get(personId).eligibleSinceWeek = null;
    },
    knows(personId: string): boolean {
      return people.has(personId);
    },
    /** The features as of the end of `week` (weeks after it are ignored). */
    features(personId: string, week: number): RetentionFeatures {
      return retentionFeaturesOf(get(personId), week);
    },
  };
}
export type RetentionFeatureTracker = ReturnType<typeof createRetentionFeatureTracker>;
