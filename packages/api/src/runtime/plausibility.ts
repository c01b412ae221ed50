import { DAY_MS, EARLIEST_BUSINESS_TIME, type TimeWindow, timeWindow } from '@trackrecord/domain';
import { now as clockNow } from './clock.ts';

/**
 * The business-time window every command is checked against (domain core/calendar.ts),
 * configured from the environment:
 *
 * - `BUSINESS_TIME_EARLIEST` (ISO date, default 2000-01-01): nothing happened before it;
 * - `BUSINESS_TIME_MAX_AHEAD` (duration, default `1d`): how far after the server's clock a
 *   business time may lie (clock skew, time zones), e.g. `36h`, `2d`, `90m`;
 * - `BUSINESS_PLAN_MAX_AHEAD` (duration, default `730d`): how far ahead a plan (the end of a
 *   probation, a target period) may lie.
 *
 * The clock is the product's clock (runtime/clock.ts: the wall clock, or `TRACKRECORD_NOW`).
 */
export function commandWindow(env: NodeJS.ProcessEnv = process.env, now: Date = clockNow()): TimeWindow {
  return timeWindow(now, {
    earliest: env.BUSINESS_TIME_EARLIEST?.trim() || EARLIEST_BUSINESS_TIME,
    maxAheadMs: duration(env.BUSINESS_TIME_MAX_AHEAD, DAY_MS, 'BUSINESS_TIME_MAX_AHEAD'),
    planAheadMs: duration(env.BUSINESS_PLAN_MAX_AHEAD, 730 * DAY_MS, 'BUSINESS_PLAN_MAX_AHEAD'),
  });
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: DAY_MS };

/** `90m`, `36h`, `2d`, `1500ms` or a bare number of ms → ms; throws on anything else. */
export function duration(value: string | undefined, fallback: number, name: string): number {
  const text = value?.trim();
  if (!text) return fallback;
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/.exec(text);
  if (!match) throw new Error(`${name} must be a duration such as 36h, 2d or 90m, got "${text}"`);
  return Math.round(Number(match[1]) * UNITS[match[2] ?? 'ms']!);
}

/** Checks the configuration once at start-up, so that a typo fails the start, not every command. */
export function checkWindowConfig(env: NodeJS.ProcessEnv = process.env): void {
  commandWindow(env);
}
