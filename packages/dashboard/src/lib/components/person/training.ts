/** Days before its due date a course not yet completed is recalled to the trainee. */
export const REMIND_DAYS = 7;

/** Whole days from `from` to `to` (both `YYYY-MM-DD`). */
const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/**
 * Where a course stands against its due date on the product's `today`: overdue (days past it),
 * soon (days left, within {@link REMIND_DAYS}), later; null when completed or without one.
 */
export function dueState(
  course: { state: string; dueOn?: string | null },
  today: string,
): { kind: 'overdue' | 'soon' | 'later'; days: number } | null {
  if (course.state === 'completed' || !course.dueOn) return null;
  const left = daysBetween(today, course.dueOn.slice(0, 10));
  if (left < 0) return { kind: 'overdue', days: -left };
  return { kind: left <= REMIND_DAYS ? 'soon' : 'later', days: left };
}
