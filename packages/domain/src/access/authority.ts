import { DomainError } from '../core/errors.ts';

/**
 * Who may act for whom: the business rules of authority, pure, for the API to apply to the
 * signed caller before a command is decided (the caller's role and unit come from their
 * token, the subject's unit from the event store).
 *
 * - A branch manager acts for the people, teams and alerts of their branch; a team manager
 *   for those of their team. This covers a manager's targets (SetTarget, adjustments), team
 *   splits (SplitTeamTarget: the team must be theirs; every share must go to a member of that
 *   team, which the target decider checks) and alert acknowledgements.
 * - A subject whose unit cannot be established (a person never hired, an alert about no one
 *   known) is outside every manager's unit: refused, never waved through.
 */
export type ManagedUnit =
  | { readonly kind: 'branch'; readonly branchId: string }
  | { readonly kind: 'team'; readonly teamId: string };

/** Where a subject (a person, a team, an alert's person) belongs now. */
export interface SubjectUnit {
  readonly branchId?: string | undefined;
  readonly teamId?: string | undefined;
}

/** Whether `subject` lies inside the manager's `unit`. */
export function withinUnit(unit: ManagedUnit, subject: SubjectUnit | undefined): boolean {
  if (!subject) return false;
  return unit.kind === 'branch'
    ? subject.branchId !== undefined && subject.branchId === unit.branchId
    : subject.teamId !== undefined && subject.teamId === unit.teamId;
}

/**
 * Fails with a FORBIDDEN-kind DomainError (code ILLEGAL_STATE, rule `outside_scope`) unless a
 * manager of `unit` may act for `subject`. `what` names the subject ("employee e1", "team t2",
 * "alert a1"); `field` is the command's field that names it.
 */
export function requireWithinUnit(
  unit: ManagedUnit,
  subject: SubjectUnit | undefined,
  what: string,
  field: string,
): void {
  if (withinUnit(unit, subject)) return;
  throw new DomainError('ILLEGAL_STATE', `${what} is outside your ${unit.kind}`, {
    rule: 'outside_scope',
    unit: unit.kind,
    subject: what,
    field,
  });
}

/**
 * The one id a user acts under and is named by in events (a vote's member, an alert's
 * acknowledger, a committee seat): their linked employee's id, or, for staff outside the sales
 * organisation, their sign-in id. Committees name members by it, so it is also who holds a
 * committee seat.
 */
export function actingIdOf(user: {
  readonly employeeId?: string | null | undefined;
  readonly userId: string;
}): string {
  return user.employeeId ?? user.userId;
}
