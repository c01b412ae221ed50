import type { z } from 'zod';
import { DomainError } from './errors.ts';

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
  readonly correlationId?: string;
  readonly causationId?: string;
}

export interface Command<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
  readonly metadata: CommandMetadata;
}

/** A domain event before it is stored: its type, current schema version and data. */
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

/** Money is integer fen (分, 1/100 yuan) everywhere: no floating-point currency. */
export type Fen = number;

/** A status summary of an employee that commands about that employee need. */
export interface EmployeeContext {
  readonly employeeId: string;
  readonly status: 'unknown' | 'active' | 'departed';
  readonly branchId?: string;
  readonly teamId?: string;
  readonly level?: string;
}

/** Fails unless the employee exists and has not left. */
export function requireActive(employee: EmployeeContext | undefined, role = 'employee'): void {
  if (!employee || employee.status === 'unknown') {
    throw new DomainError('NOT_FOUND', `${role} ${employee?.employeeId ?? '(none given)'} is not known`, {
      employeeId: employee?.employeeId,
    });
  }
  if (employee.status === 'departed') {
    throw new DomainError('ILLEGAL_STATE', `${role} ${employee.employeeId} has left the company`, {
      employeeId: employee.employeeId,
    });
  }
}

/** The command union of a module, derived from its map of command type → data schema. */
export type CommandsOf<Schemas extends Record<string, z.ZodType>> = {
  [K in keyof Schemas & string]: Command<K, z.infer<Schemas[K]>>;
}[keyof Schemas & string];
