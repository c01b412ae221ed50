import { z } from 'zod';

/** Shared field schemas, so that every module checks the same thing the same way. */
export const id = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');
/** An ISO 8601 timestamp or date. */
export const isoTime = z.union([z.iso.datetime({ offset: true }), z.iso.date()], {
  error: 'must be an ISO 8601 date or date-time',
});
/**
 * An ISO 8601 date or date-time that is a plan rather than a fact (the end of a probation):
 * it may lie further ahead than a business time (see core/plausibility.ts).
 */
export const planTime = z.union([z.iso.datetime({ offset: true }), z.iso.date()], {
  error: 'must be an ISO 8601 date or date-time',
});
/** `YYYY-MM`, a calendar month, the period of targets and attendance. */
export const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month as YYYY-MM');
/** Money in integer fen (分, 1/100 yuan). */
export const fen = z.number().int('must be whole fen').nonnegative('must not be negative');
export const positiveFen = z.number().int('must be whole fen').positive('must be greater than 0');
/** A customer's or a 360 reviewer's rating, 1–5. */
export const rating5 = z.number().min(1, 'must be from 1 to 5').max(5, 'must be from 1 to 5');
/** A newcomer's rating of their mentor, 0–10 (mentors rated below 7 are replaced). */
export const rating10 = z.number().min(0, 'must be from 0 to 10').max(10, 'must be from 0 to 10');
export const text = z.string().max(4000, 'must be at most 4000 characters');

/** Whether ISO time `a` is strictly before `b` (dates count as midnight UTC). Pure: no clock. */
export const isBefore = (a: string, b: string): boolean => Date.parse(a) < Date.parse(b);
