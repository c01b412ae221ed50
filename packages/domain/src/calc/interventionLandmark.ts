import { addDays, dateOf } from '../core/calendar.ts';
import { validation } from '../core/errors.ts';
import { newcombe95, wilson95 } from './stats.ts';

/**
 * Does an intervention keep a flagged person? A **landmark** comparison, free of the
 * immortal-time bias of starting the intervened people's clock at their intervention:
 *
 * - Everyone's clock starts at their **first flag** (the Monday of the first week the published
 *   model flagged them, from the kept flag history).
 * - The **landmark** is `graceDays` after the flag: a person intervened on from the flag day up
 *   to and including the landmark day is *intervened*; anyone else is *not intervened* (an
 *   intervention after the landmark does not move them: the groups are fixed at the landmark).
 * - People who left on or before the landmark day are in **neither** group (nobody could be
 *   sure to reach them in time) and are counted apart, as are people intervened on before their
 *   first flag (not a response to a flag) and people whose follow-up has not ended by `asOf`.
 * - Both groups are followed `followUpDays` from the flag: *stayed* means still employed after
 *   that day (leaving on day `followUpDays` itself is leaving within it).
 *
 * The difference of the two 90-day retentions comes with Newcombe's 95% interval (method 10,
 * from the groups' Wilson intervals); it is stated only when both groups have at least
 * `minimumPerGroup` people. It is an effect when who got an intervention was decided at random
 * among flagged people; otherwise an association between comparable flagged people.
 */
export type LandmarkPerson = {
  readonly personId: string;
  /** ISO date: the Monday of the first week the model flagged the person. */
  readonly firstFlag: string;
  /** ISO dates (or date-times) of the person's interventions, any order. */
  readonly interventions: readonly string[];
  /** ISO date (or date-time) the person left; null while employed. */
  readonly leftOn: string | null;
};

export type LandmarkOptions = {
  /** ISO date the outcome is read on: follow-ups ending after it are left out. */
  readonly asOf: string;
  /** Days after the flag within which an intervention counts (default 14). */
  readonly graceDays?: number;
  /** Days after the flag a person must still be employed to have stayed (default 90). */
  readonly followUpDays?: number;
  /** Fewer people than this in either group and no difference is stated (default 5). */
  readonly minimumPerGroup?: number;
};

export type LandmarkGroup = {
  readonly people: number;
  readonly stayed: number;
  /** stayed / people; null when nobody is in the group. */
  readonly retention: number | null;
  /** Wilson's 95% interval of the retention; null when nobody is in the group. */
  readonly interval: readonly [number, number] | null;
};

export type LandmarkOutcome = {
  readonly asOf: string;
  readonly graceDays: number;
  readonly followUpDays: number;
  readonly minimumPerGroup: number;
  readonly intervened: LandmarkGroup;
  readonly notIntervened: LandmarkGroup;
  /** Intervened retention − not intervened; null below the minimum. */
  readonly difference: number | null;
  /** Newcombe's 95% interval of the difference; null below the minimum. */
  readonly differenceInterval: readonly [number, number] | null;
  /** Flagged people who left on or before the landmark day: in neither group. */
  readonly leftBeforeGraceEnd: number;
  /** Flagged people whose first intervention came before their first flag: in neither group. */
  readonly intervenedBeforeFlag: number;
  /** Not-intervened people who were intervened on only after the landmark day (still not intervened). */
  readonly intervenedAfterGrace: number;
  /** Flagged people whose follow-up ends after `asOf`: left out. */
  readonly tooRecent: number;
  /** First and last first-flag date of the people compared (null when nobody is). */
  readonly flaggedFrom: string | null;
  readonly flaggedTo: string | null;
};

const group = (stayed: number, people: number): LandmarkGroup => ({
  people,
  stayed,
  retention: people > 0 ? stayed / people : null,
  interval: wilson95(stayed, people),
});

const whole = (name: string, value: number, min: number, max: number) => {
  if (!Number.isInteger(value) || value < min || value > max)
    throw validation(`${name} must be a whole number from ${min} to ${max}, got ${value}`, { field: name });
};

/** The landmark comparison of flagged people with and without an intervention (see `LandmarkPerson`). */
export function interventionLandmark(
  people: Iterable<LandmarkPerson>,
  options: LandmarkOptions,
): LandmarkOutcome {
  const graceDays = options.graceDays ?? 14;
  const followUpDays = options.followUpDays ?? 90;
  const minimumPerGroup = options.minimumPerGroup ?? 5;
  whole('graceDays', graceDays, 0, 90);
  whole('followUpDays', followUpDays, 7, 730);
  whole('minimumPerGroup', minimumPerGroup, 1, 1000);
  if (graceDays >= followUpDays)
    throw validation(`graceDays (${graceDays}) must be shorter than followUpDays (${followUpDays})`, {
      field: 'graceDays',
    });
  const asOf = dateOf(options.asOf);
  const counts = { intervened: [0, 0], notIntervened: [0, 0] };
  let leftBeforeGraceEnd = 0;
  let intervenedBeforeFlag = 0;
  let intervenedAfterGrace = 0;
  let tooRecent = 0;
  let flaggedFrom: string | null = null;
  let flaggedTo: string | null = null;
  for (const p of people) {
    const flag = dateOf(p.firstFlag);
    const end = addDays(flag, followUpDays);
    if (end > asOf) {
      tooRecent++;
      continue;
    }
    const first = p.interventions.map(dateOf).sort()[0];
    if (first !== undefined && first < flag) {
      intervenedBeforeFlag++;
      continue;
    }
    const landmark = addDays(flag, graceDays);
    const left = p.leftOn === null ? null : dateOf(p.leftOn);
    if (left !== null && left <= landmark) {
      leftBeforeGraceEnd++;
      continue;
    }
    const intervened = first !== undefined && first <= landmark;
    if (first !== undefined && !intervened) intervenedAfterGrace++;
    const stayed = left === null || left > end;
    const c = intervened ? counts.intervened : counts.notIntervened;
    c[0] = (c[0] as number) + (stayed ? 1 : 0);
    c[1] = (c[1] as number) + 1;
    if (flaggedFrom === null || flag < flaggedFrom) flaggedFrom = flag;
    if (flaggedTo === null || flag > flaggedTo) flaggedTo = flag;
  }
  const [is, ip] = counts.intervened as [number, number];
  const [ns, np] = counts.notIntervened as [number, number];
  const enough = ip >= minimumPerGroup && np >= minimumPerGroup;
  return {
    asOf,
    graceDays,
    followUpDays,
    minimumPerGroup,
    intervened: group(is, ip),
    notIntervened: group(ns, np),
    difference: enough ? is / ip - ns / np : null,
    differenceInterval: enough ? newcombe95(is, ip, ns, np) : null,
    leftBeforeGraceEnd,
    intervenedBeforeFlag,
    intervenedAfterGrace,
    tooRecent,
    flaggedFrom,
    flaggedTo,
  };
}
