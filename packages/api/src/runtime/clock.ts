/**
 * What time it is for Track Record: the one place the API, the demo seed and anything else
 * that asks "what is today" reads the clock.
 *
 * `TRACKRECORD_NOW` (an ISO date `2027-01-15` or date-time `2027-01-15T09:30:00Z`) replaces the
 * wall clock, so a demo can be started "on a later day" (the demo seed then continues the
 * simulated company up to that day). The override fixes the moment the process started; time
 * still runs from there, so two commands of one session stay in order. A date without a time
 * starts at the wall clock's time of day on that date.
 *
 * The domain never reads a clock: the time arrives in each command's metadata, taken from here.
 */

/** Parses an override; throws an error naming the variable when it is not an ISO date or date-time. */
export function parseClockOverride(value: string, wall: Date = new Date()): Date {
  const text = value.trim();
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const dateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text);
  const parsed = dateOnly
    ? Date.parse(`${text}T${wall.toISOString().slice(11)}`)
    : dateTime
      ? Date.parse(text)
      : Number.NaN;
  if (Number.isNaN(parsed)) {
    throw new Error(
      `TRACKRECORD_NOW must be an ISO date (2027-01-15) or date-time with a zone (2027-01-15T09:30:00Z), got "${value}"`,
    );
  }
  return new Date(parsed);
}

/** A clock: `now()` is the current moment. */
export interface Clock {
  now(): Date;
  /** Whether the clock is overridden (`TRACKRECORD_NOW`). */
  readonly overridden: boolean;
}

/** A clock from the environment: the wall clock, or `TRACKRECORD_NOW` running from process start. */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): Clock {
  const value = env.TRACKRECORD_NOW?.trim();
  if (!value) return { now: () => new Date(), overridden: false };
  const wallStart = Date.now();
  const start = parseClockOverride(value, new Date(wallStart)).getTime();
  return { now: () => new Date(start + (Date.now() - wallStart)), overridden: true };
}

let processClock: Clock | undefined;

/** The process's clock, read from the environment once. */
export function clock(): Clock {
  processClock ??= clockFromEnv();
  return processClock;
}

/** The current moment: the wall clock, or the `TRACKRECORD_NOW` override. */
export const now = (): Date => clock().now();

/** Today's date (UTC), `YYYY-MM-DD`. */
export const today = (): string => now().toISOString().slice(0, 10);

/** Tests: use this clock for the process until reset (`undefined` re-reads the environment). */
export function setClockForTests(next: Clock | undefined): void {
  processClock = next;
}
