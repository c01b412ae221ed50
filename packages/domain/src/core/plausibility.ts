import type { z } from 'zod';
import {
  businessTimePosition,
  monthPosition,
  planTimePosition,
  type TimeWindow,
  type WindowPosition,
} from './calendar.ts';
import { isoTime, month, planTime } from './schemas.ts';

/**
 * Plausibility rules every command must keep, on top of its schema, checked in one place
 * (`parseCommand`, which every way in goes through) before anything is decided:
 *
 * - `control_character` / `unpaired_surrogate`: no string anywhere in a command (values and
 *   record keys) holds a control character (C0 other than tab, line feed and carriage
 *   return; DEL; C1), NUL included, or half of a UTF-16 surrogate pair — such text cannot be
 *   stored, shown or exported faithfully;
 * - `time_too_early` / `time_too_late`: every business time (`isoTime`) lies in the window of
 *   {@link TimeWindow} (not before 2000-01-01, not more than a day after the server's clock,
 *   both configurable); every plan (`planTime`, e.g. the end of a probation) and every month
 *   (`month`, e.g. a target period) not before 2000 and not more than two years ahead.
 *
 * Rules that need other streams (the person must exist, be in the team) are the deciders'.
 */
export type PlausibilityRule =
  | 'control_character'
  | 'unpaired_surrogate'
  | 'time_too_early'
  | 'time_too_late'
  | 'plan_too_late'
  | 'month_too_late';

export interface PlausibilityIssue {
  readonly path: readonly (string | number)[];
  readonly rule: PlausibilityRule;
  /** English message; the API localises by `rule` and `params`. */
  readonly message: string;
  readonly params: Readonly<Record<string, string>>;
}

// Tab (09), line feed (0A) and carriage return (0D) are allowed in free text.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** The problem with one string, or undefined when it is clean. */
export function stringRule(value: string): 'control_character' | 'unpaired_surrogate' | undefined {
  if (CONTROL.test(value)) return 'control_character';
  if (!value.isWellFormed()) return 'unpaired_surrogate';
  return undefined;
}

const STRING_MESSAGES = {
  control_character: 'must not contain control characters',
  unpaired_surrogate: 'must not contain broken characters (unpaired UTF-16 surrogates)',
} as const;

/** Every string (and object key) in `value` that breaks a string rule, with its path. */
export function stringIssues(value: unknown, path: (string | number)[] = []): PlausibilityIssue[] {
  const out: PlausibilityIssue[] = [];
  const visit = (v: unknown, p: (string | number)[], depth: number) => {
    if (depth > 64) return;
    if (typeof v === 'string') {
      const rule = stringRule(v);
      if (rule) out.push({ path: p, rule, message: STRING_MESSAGES[rule], params: {} });
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => {
        visit(item, [...p, i], depth + 1);
      });
    } else if (v !== null && typeof v === 'object') {
      for (const [key, item] of Object.entries(v)) {
        const rule = stringRule(key);
        if (rule) out.push({ path: [...p, key], rule, message: STRING_MESSAGES[rule], params: {} });
        visit(item, [...p, key], depth + 1);
      }
    }
  };
  visit(value, path, 0);
  return out;
}

type Def = { type: string; [key: string]: unknown };
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Every business time, plan and month in `data` (already parsed by `schema`) that lies outside
 * `window`. Walks the schema and the data together, so that a time is recognised by the
 * schema that checked it (`isoTime`, `planTime`, `month`), whatever its field is called.
 */
export function timeIssues(schema: z.ZodType, data: unknown, window: TimeWindow): PlausibilityIssue[] {
  const out: PlausibilityIssue[] = [];
  const report = (p: (string | number)[], kind: 'business' | 'plan' | 'month', pos: WindowPosition) => {
    if (pos === 'inside' || pos === 'invalid') return;
    const earliest = iso(window.earliestMs);
    if (pos === 'too_early') {
      out.push({
        path: p,
        rule: 'time_too_early',
        message: `must not be before ${earliest.slice(0, 10)}`,
        params: { earliest },
      });
    } else if (kind === 'business') {
      const latest = iso(window.latestMs);
      const hours = String(Math.round(window.maxAheadMs / 3_600_000));
      out.push({
        path: p,
        rule: 'time_too_late',
        message: `must not be in the future (at most ${hours} h after now, ${latest})`,
        params: { latest, hours },
      });
    } else {
      const latest = iso(window.planLatestMs);
      out.push({
        path: p,
        rule: kind === 'plan' ? 'plan_too_late' : 'month_too_late',
        message: `must not be later than ${kind === 'plan' ? latest.slice(0, 10) : latest.slice(0, 7)}`,
        params: { latest: kind === 'plan' ? latest.slice(0, 10) : latest.slice(0, 7) },
      });
    }
  };
  const visit = (s: z.ZodType, v: unknown, p: (string | number)[], depth: number): void => {
    if (v === undefined || v === null || depth > 64) return;
    if (s === isoTime) {
      if (typeof v === 'string') report(p, 'business', businessTimePosition(v, window));
      return;
    }
    if (s === planTime) {
      if (typeof v === 'string') report(p, 'plan', planTimePosition(v, window));
      return;
    }
    if (s === month) {
      if (typeof v === 'string') report(p, 'month', monthPosition(v, window));
      return;
    }
    const def = defOf(s);
    switch (def.type) {
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'readonly':
      case 'catch':
      case 'nonoptional':
        visit(def.innerType as z.ZodType, v, p, depth + 1);
        return;
      case 'lazy':
        visit((def.getter as () => z.ZodType)(), v, p, depth + 1);
        return;
      case 'pipe': {
        const outSchema = def.out as z.ZodType;
        visit(defOf(outSchema).type === 'transform' ? (def.in as z.ZodType) : outSchema, v, p, depth + 1);
        return;
      }
      case 'object': {
        if (typeof v !== 'object') return;
        const shape = (s as z.ZodObject).shape as Record<string, z.ZodType>;
        for (const [key, field] of Object.entries(shape)) {
          visit(field, (v as Record<string, unknown>)[key], [...p, key], depth + 1);
        }
        return;
      }
      case 'array':
        if (Array.isArray(v))
          v.forEach((item, i) => {
            visit(def.element as z.ZodType, item, [...p, i], depth + 1);
          });
        return;
      case 'tuple':
        if (Array.isArray(v)) {
          (def.items as z.ZodType[]).forEach((item, i) => {
            visit(item, v[i], [...p, i], depth + 1);
          });
        }
        return;
      case 'record':
        if (typeof v === 'object') {
          for (const [key, item] of Object.entries(v as Record<string, unknown>)) {
            visit(def.valueType as z.ZodType, item, [...p, key], depth + 1);
          }
        }
        return;
      case 'intersection':
        visit(def.left as z.ZodType, v, p, depth + 1);
        visit(def.right as z.ZodType, v, p, depth + 1);
        return;
      case 'union': {
        const options = def.options as z.ZodType[];
        const option = options.find((o) => o.safeParse(v).success);
        if (option) visit(option, v, p, depth + 1);
        return;
      }
      default:
        return;
    }
  };
  visit(schema, data, [], 0);
  return out;
}

/** Every plausibility problem of a command's parsed data: its strings, then its times. */
export function plausibilityIssues(
  schema: z.ZodType,
  data: unknown,
  window: TimeWindow,
): PlausibilityIssue[] {
  return [...stringIssues(data), ...timeIssues(schema, data, window)];
}
