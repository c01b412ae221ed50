import { z } from 'zod';
import { DomainError } from './errors.ts';
import { id, isoTime } from './schemas.ts';

/**
 * Tiny core types. Commands and events are plain readonly objects; a decider is three pure
 * functions. Time, ids and the acting user arrive in the command's metadata: the domain never
 * reads a clock.
 */
export interface CommandMetadata {
  /** Unique per command; the unit of idempotency. */
  readonly commandId: string;
  /** When it happened, ISO 8601 (business time). */
  readonly at: string;
  /** Who: `user:<id>`, `system:<name>`, `import:<file>`. */
  readonly actor: string;
  /** Source system: crm, erp, lms, oa, hr, import, ui, reactor. */
  readonly source: string;
  /** The first command of a chain (e.g. the nomination a reactor reacted to); groups a workflow. */
  readonly correlationId?: string;
  /** The command or event that directly caused this one, when a reactor issued it. */
  readonly causationId?: string;
}

/** The schema of CommandMetadata, for commands arriving from outside the process. */
export const CommandMetadataSchema = z.object({
  commandId: id,
  at: isoTime,
  actor: id,
  source: id,
  correlationId: id.optional(),
  causationId: id.optional(),
}) satisfies z.ZodType<CommandMetadata>;

export interface Command<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
  readonly metadata: CommandMetadata;
}

/**
 * A domain event as deciders emit it: its type and its data at the current schema version
 * (the store records that version from the catalog, see `currentVersion`).
 */
export interface Event<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/**
 * `decide(command, state, context)`: the events a command produces, or a DomainError.
 * `context` carries facts from other streams the command handler loaded (e.g. whether the
 * employee exists and is still employed), so that decide stays pure.
 */
export interface Decider<C, E, S, Ctx = undefined> {
  readonly initialState: S;
  evolve(state: S, event: E): S;
  decide(command: C, state: S, context: Ctx): readonly E[];
}

/**
 * Money is integer fen (分, 1/100 yuan) everywhere: a safe integer, never a float, never a
 * string. ¥1,234.56 is `123456`. Sums stay exact; rounding happens only in calculations that
 * say so. Schemas: `fen` (≥ 0) and `positiveFen` (> 0) in core/schemas.ts.
 */
export type Fen = number;

/**
 * A status summary of an employee, loaded by the command handler from `employee-<id>` (see
 * `toEmployeeContext` in career/state.ts) for commands on other streams that need it.
 */
export interface EmployeeContext {
  readonly employeeId: string;
  readonly status: 'unknown' | 'active' | 'departed';
  readonly branchId?: string;
  readonly teamId?: string;
  /** Their manager as HR records it (hire or latest transfer); null when none. */
  readonly managerId?: string | null;
  readonly level?: string;
}

/**
 * Fails unless the employee of a command's context exists and has not left. `role` names them
 * in the message ("seller e1 has left the company"); `expectedId` is the id the command names,
 * which the context must be about (a handler that loaded the wrong stream is a bug, reported).
 */
export function requireActive(
  employee: EmployeeContext | undefined,
  role: string,
  expectedId: string,
  field?: string,
): asserts employee is EmployeeContext {
  requireKnown(employee, role, expectedId, field);
  if (employee.status === 'departed') {
    throw new DomainError('ILLEGAL_STATE', `${role} ${expectedId} has left the company`, {
      role,
      employeeId: expectedId,
      rule: 'employee_departed',
      ...(field ? { field } : {}),
    });
  }
}

/**
 * Fails unless the employee of a command's context exists (hired at some time; a departed
 * person is known). `field` is the command's field naming them, for the refusal.
 */
export function requireKnown(
  employee: EmployeeContext | undefined,
  role: string,
  expectedId: string,
  field?: string,
): asserts employee is EmployeeContext {
  if (employee && employee.employeeId !== expectedId) {
    throw new DomainError(
      'VALIDATION',
      `the context is for ${role} ${employee.employeeId}, but the command names ${expectedId}`,
      { role, expectedId, contextId: employee.employeeId },
    );
  }
  if (!employee || employee.status === 'unknown') {
    throw new DomainError('NOT_FOUND', `${role} ${expectedId} is not known`, {
      role,
      employeeId: expectedId,
      rule: 'employee_unknown',
      ...(field ? { field } : {}),
    });
  }
}

/** The command union of a module, derived from its map of command type → data schema. */
export type CommandsOf<Schemas extends Record<string, z.ZodType>> = {
  [K in keyof Schemas & string]: Command<K, z.infer<Schemas[K]>>;
}[keyof Schemas & string];
