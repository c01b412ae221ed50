import type { z } from 'zod';
import { activityCommandSchemas } from './activity/commands.ts';
import { alertCommandSchemas } from './alerts/commands.ts';
import { careerCommandSchemas } from './career/commands.ts';
import { commissionCommandSchemas } from './commission/commands.ts';
import type { TimeWindow } from './core/calendar.ts';
import { DomainError } from './core/errors.ts';
import { plausibilityIssues, stringIssues } from './core/plausibility.ts';
import { CommandMetadataSchema, type CommandsOf } from './core/types.ts';
import { mentoringCommandSchemas } from './mentoring/commands.ts';
import { orgCommandSchemas } from './org/commands.ts';
import { policyCommandSchemas } from './policy/commands.ts';
import { calibrationCommandSchemas, promotionCommandSchemas } from './promotion/commands.ts';
import { salesCommandSchemas } from './sales/commands.ts';
import { targetCommandSchemas } from './targets/commands.ts';
import { trainingCommandSchemas } from './training/commands.ts';
import { userCommandSchemas } from './users/commands.ts';

/**
 * The data schema of every command, by command type: what the API, the CSV importer and the
 * webhooks validate input against before anything is decided.
 */
export const domainCommandSchemas = {
  ...careerCommandSchemas,
  ...salesCommandSchemas,
  ...activityCommandSchemas,
  ...trainingCommandSchemas,
  ...mentoringCommandSchemas,
  ...targetCommandSchemas,
  ...promotionCommandSchemas,
  ...calibrationCommandSchemas,
  // Policy module (policy/commands.ts, owned by the policy engineer).
  ...policyCommandSchemas,
  ...alertCommandSchemas,
  ...orgCommandSchemas,
  ...commissionCommandSchemas,
  ...userCommandSchemas,
} as const;

type Schemas = typeof domainCommandSchemas;
export type DomainCommandType = keyof Schemas;
/** Every command the domain decides. */
export type DomainCommand = CommandsOf<Schemas>;
export type CommandData<K extends DomainCommandType> = z.output<Schemas[K]>;

/**
 * Actor fields: the fields of a command that name who is acting. They are never taken from
 * the caller's input: the API fills them from the signed caller (their employee id, or their
 * user id when they are not an employee), whatever the input says.
 */
export const COMMAND_ACTOR_FIELDS: {
  readonly [K in DomainCommandType]?: readonly (keyof CommandData<K> & string)[];
} = {
  AcknowledgeAlert: ['acknowledgedBy'],
  RaiseAlert: ['raisedBy'],
  Nominate: ['nominatedBy'],
  CastVote: ['memberId'],
  DecidePromotion: ['decidedBy'],
  AnnotateCalibration: ['annotatedBy'],
  SetTarget: ['setBy'],
  ApproveTargetAdjustment: ['approvedBy'],
  RejectTargetAdjustment: ['rejectedBy'],
  AssignCourse: ['assignedBy'],
  RecordIntervention: ['recordedBy'],
};

/** The actor fields of a command type (empty for most). */
export const actorFieldsOf = (type: DomainCommandType): readonly string[] => COMMAND_ACTOR_FIELDS[type] ?? [];

export function isCommandType(type: string): type is DomainCommandType {
  return Object.hasOwn(domainCommandSchemas, type);
}

/** One problem of a refused command, structured so that the API can say it in the caller's language. */
export interface CommandIssue {
  /** Path of the field inside the command's data (`metadata.…` for the metadata). */
  readonly path: readonly (string | number)[];
  /** zod's issue code (`too_small`, `invalid_type`, …) or a plausibility rule (`time_too_late`, …). */
  readonly code: string;
  /** English message. */
  readonly message: string;
  /** Values the message names (`latest`, `minimum`, …). */
  readonly params: Readonly<Record<string, string>>;
}

export const zodIssues = (error: z.ZodError, prefix: readonly string[] = []): CommandIssue[] =>
  error.issues.map((i) => {
    const params: Record<string, string> = {};
    for (const key of ['minimum', 'maximum', 'expected', 'format', 'origin'] as const) {
      const value = (i as unknown as Record<string, unknown>)[key];
      if (value !== undefined && typeof value !== 'object') params[key] = String(value);
    }
    const values = (i as unknown as { values?: unknown[] }).values;
    if (Array.isArray(values)) params.values = values.map(String).join(', ');
    return {
      path: [...prefix, ...i.path.map((p) => (typeof p === 'number' ? p : String(p)))],
      code: i.code,
      message: i.message,
      params,
    };
  });

export interface ParseCommandOptions {
  /**
   * The business-time window (core/calendar.ts, built from the server's clock): business
   * times, plans and months outside it are refused. Without it only the clock-free rules apply.
   */
  readonly window?: TimeWindow;
  /** The data has already passed its type's schema (the importer checks each row itself). */
  readonly dataValidated?: boolean;
}

/**
 * The plausibility problems of a command's data that its schema has accepted (see
 * core/plausibility.ts): strings always, times when a window is given.
 */
export function commandPlausibilityIssues(
  type: DomainCommandType,
  data: unknown,
  window?: TimeWindow,
): CommandIssue[] {
  const schema: z.ZodType = domainCommandSchemas[type];
  const found = window ? plausibilityIssues(schema, data, window) : stringIssues(data);
  return found.map((i) => ({ path: i.path, code: i.rule, message: i.message, params: i.params }));
}

/**
 * Validates a command from outside (API, importer, webhook): its type, its data against the
 * type's schema, the plausibility rules (core/plausibility.ts) and its metadata. Throws a
 * VALIDATION DomainError naming the command and every wrong field
 * (`CollectPayment: amount: must be greater than 0`); `details.issues` holds them structured.
 */
export function parseCommand(
  input: { type: string; data: unknown; metadata: unknown },
  options: ParseCommandOptions = {},
): DomainCommand {
  const { type } = input;
  if (!isCommandType(type)) {
    throw new DomainError('VALIDATION', `unknown command "${type}"`, {
      type,
      issues: [{ path: [], code: 'unknown_command', message: `unknown command "${type}"`, params: { type } }],
    });
  }
  const data = options.dataValidated
    ? ({ success: true, data: input.data } as const)
    : domainCommandSchemas[type].safeParse(input.data);
  const metadata = CommandMetadataSchema.safeParse(input.metadata);
  const issues: CommandIssue[] = [
    ...(data.success ? commandPlausibilityIssues(type, data.data, options.window) : zodIssues(data.error)),
    ...(metadata.success ? [] : zodIssues(metadata.error, ['metadata'])),
  ];
  if (issues.length > 0) {
    const problems = issues.map((i) => `${i.path.map(String).join('.') || '(data)'}: ${i.message}`);
    throw new DomainError('VALIDATION', `${type}: ${problems.join('; ')}`, { type, problems, issues });
  }
  // As in parseEvent: the schema found by `type` has just validated `data`, so this is that
  // type's member of DomainCommand (TypeScript cannot correlate the two, #30581).
  return { type, data: data.data, metadata: metadata.data } as DomainCommand;
}
