import {
  actingIdOf,
  actorFieldsOf,
  type CommandIssue,
  commandIdReused,
  type DomainCommandType,
  DomainError,
  domainCommandSchemas,
  parseCommand,
  routeCommand,
} from '@trackrecord/domain';
import { EventStoreError, IdempotencyConflictError, type RecordedEvent } from '@trackrecord/eventstore';
import { isTransient } from '@trackrecord/projections';
import { GraphQLError } from 'graphql';
import { sql } from 'kysely';
import type { z } from 'zod';
import { commandRefusal, type Refusal } from '../auth/commandAccess.ts';
import { builder } from '../builder.ts';
import { dispatchBatch } from '../commands/batch.ts';
import type { DomainCommand } from '../commands/bus.ts';
import { newCommandId } from '../commands/commandIds.ts';
import { groupCommitterFor } from '../commands/groupCommit.ts';
import type { SignedInContext } from '../context.ts';
import { domainRuleMessage, fieldLabel, type Language, ruleMessage } from '../i18n/refusals.ts';
import { now } from '../runtime/clock.ts';
import { commandWindow } from '../runtime/plausibility.ts';

/** Default of `WRITE_PENDING_MS`: how long a mutation waits for its write before answering CommandPending. */
export const DEFAULT_WRITE_PENDING_MS = 30_000;

import { commandInput, toDomain } from './zodInput.ts';

/** What a mutation answers: the command's effect, or the one reason it had none. */
export type CommandResult =
  | {
      readonly kind: 'success';
      readonly commandId: string;
      readonly streamId: string;
      readonly position: bigint;
      readonly events: readonly { type: string; position: bigint }[];
      readonly duplicate: boolean;
    }
  | ({ readonly kind: 'validation'; readonly problems: readonly Problem[] } & Refused)
  | ({ readonly kind: 'not_found' } & Refused)
  | ({ readonly kind: 'rule'; readonly code: string } & Refused)
  | ({ readonly kind: 'forbidden' } & Refused)
  | { readonly kind: 'pending'; readonly commandId: string; readonly message: string };
/** What every refusal says: the message (in the caller's language), the rule and the field. */
interface Refused {
  readonly message: string;
  /** The specific rule: a zod issue code, a plausibility rule, a domain rule (`employee_unknown`, …). */
  readonly rule: string;
  /** The field as a person knows it, in the caller's language. */
  readonly field: string;
  /** The path of the field, from the argument name. */
  readonly path: readonly string[];
}
interface Problem {
  readonly path: readonly string[];
  readonly message: string;
  readonly rule: string;
  readonly field: string;
}

const AppendedEvent = builder.objectRef<{ type: string; position: bigint }>('AppendedEvent').implement({
  description: 'An event the command produced (for a duplicate, one it produced the first time).',
  fields: (t) => ({
    type: t.exposeString('type', { description: 'The event type, e.g. SaleClosed.' }),
    position: t.field({
      type: 'Position',
      description:
        'Global position ($all) of the event; 0 when not known (a repeat of a command sent in the same write).',
      resolve: (e) => e.position,
    }),
  }),
});
type Of<K extends CommandResult['kind']> = Extract<CommandResult, { kind: K }>;

/** The builder's schema types, for a helper that adds fields to several object types. */
type SchemaTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** The fields every refusal answers (which field, which rule, its path), worded once for all four. */
function refusalFields<T extends Refused>(t: PothosSchemaTypes.ObjectFieldBuilder<SchemaTypes, T>) {
  return {
    field: t.string({
      description: "The field as a person knows it, in the request's language (Accept-Language: zh or en).",
      resolve: (r) => r.field,
    }),
    rule: t.string({
      description:
        'The rule that refused it: a schema check (too_small, invalid_type, …), a plausibility rule (time_too_late, control_character, …) or a domain rule (employee_unknown, outside_scope, …).',
      resolve: (r) => r.rule,
    }),
    fieldPath: t.stringList({
      description: 'Path of the field, from the argument name.',
      resolve: (r) => [...r.path],
    }),
  };
}
const CommandSucceeded = builder.objectRef<Of<'success'>>('CommandSucceeded').implement({
  description:
    'The command was accepted. Pass `position` to `@waitFor(position:)` on a query to read your own write.',
  fields: (t) => ({
    commandId: t.exposeString('commandId', { description: 'The idempotency key the command ran under.' }),
    streamId: t.exposeString('streamId', {
      description: 'The stream the command was decided on and its events appended to (e.g. policy-<id>).',
    }),
    position: t.field({
      type: 'Position',
      description:
        'Global position of the last event written (or, when the command changed nothing, the head when it was handled).',
      resolve: (r) => r.position,
    }),
    events: t.field({
      type: [AppendedEvent],
      description:
        'The events the command produced, in order; empty when it changed nothing. For a duplicate, those of the first time.',
      resolve: (r) => [...r.events],
    }),
    duplicate: t.exposeBoolean('duplicate', {
      description: 'True when this command id had been handled before: nothing new was appended.',
    }),
  }),
});
const FieldProblem = builder.objectRef<Problem>('FieldProblem').implement({
  description: 'One thing wrong with the input: which field, what is wrong and the rule that says so.',
  fields: (t) => ({
    path: t.exposeStringList('path', { description: 'Path of the offending field, from the argument name.' }),
    message: t.exposeString('message', { description: "What is wrong, in the request's language." }),
    field: t.exposeString('field', {
      description: "The field as a person knows it, in the request's language (Accept-Language: zh or en).",
    }),
    rule: t.exposeString('rule', { description: 'The rule that refused it (see ValidationFailed.rule).' }),
  }),
});
const ValidationFailed = builder.objectRef<Of<'validation'>>('ValidationFailed').implement({
  description:
    'The input is malformed or implausible; nothing was appended. Correct the input and send it again. `field`/`rule` are those of the first problem.',
  fields: (t) => ({
    message: t.exposeString('message', {
      description: "Every problem in one sentence, in the request's language (Accept-Language: zh or en).",
    }),
    problems: t.field({
      type: [FieldProblem],
      description: 'Every problem found, each with its field and rule.',
      resolve: (r) => [...r.problems],
    }),
    ...refusalFields(t),
  }),
});
const NotFound = builder.objectRef<Of<'not_found'>>('NotFound').implement({
  description: 'The command names something that does not exist; nothing was appended.',
  fields: (t) => ({
    message: t.exposeString('message', {
      description: "What was not found, in the request's language (Accept-Language: zh or en).",
    }),
    ...refusalFields(t),
  }),
});
const RuleViolation = builder.objectRef<Of<'rule'>>('RuleViolation').implement({
  description:
    'A business rule forbids the command in the current state; nothing was appended. Sending it again changes nothing until the state does.',
  fields: (t) => ({
    code: t.exposeString('code', {
      description:
        'The domain error code: ILLEGAL_STATE (the current state forbids it) or CONFLICT (someone changed the same thing first, or the commandId was already used for another command).',
    }),
    message: t.exposeString('message', {
      description: "Which rule and why, in the request's language (Accept-Language: zh or en).",
    }),
    ...refusalFields(t),
  }),
});
const Forbidden = builder.objectRef<Of<'forbidden'>>('Forbidden').implement({
  description: 'The viewer may not issue this command (role or data scope); nothing was appended.',
  fields: (t) => ({
    message: t.exposeString('message', {
      description: "Why it is not allowed, in the request's language (Accept-Language: zh or en).",
    }),
    ...refusalFields(t),
  }),
});

const CommandPending = builder.objectRef<Of<'pending'>>('CommandPending').implement({
  description:
    'The command was accepted but its outcome is not known yet (the event store is slow to answer): send the same command with the same `commandId` again; that answers its result (`CommandSucceeded`, possibly `duplicate: true`, or its refusal) once known. Never a reason to send it with a new commandId.',
  fields: (t) => ({
    commandId: t.exposeString('commandId', { description: 'Send the command again with this commandId.' }),
    message: t.exposeString('message', { description: "What to do, in the request's language." }),
  }),
});

export const CommandResultRef = builder.unionType('CommandResult', {
  description:
    'What a mutation answers: CommandSucceeded; or the one reason nothing was appended (ValidationFailed, NotFound, RuleViolation, Forbidden); or CommandPending (send the same command again with the same commandId). A GraphQL error with code OUTCOME_UNKNOWN means the event store did not answer: send it again with the same commandId.',
  types: [CommandSucceeded, ValidationFailed, NotFound, RuleViolation, Forbidden, CommandPending],
  resolveType: (r) => {
    switch (r.kind) {
      case 'success':
        return CommandSucceeded;
      case 'validation':
        return ValidationFailed;
      case 'not_found':
        return NotFound;
      case 'rule':
        return RuleViolation;
      case 'forbidden':
        return Forbidden;
      case 'pending':
        return CommandPending;
    }
  },
});

const COMMAND_ID = /^[A-Za-z0-9._:-]{1,100}$/;
const lowerFirst = (s: string) => `${s.charAt(0).toLowerCase()}${s.slice(1)}`;

/** A validation result from structured issues, in the caller's language. */
function validationResult(type: string, issues: readonly CommandIssue[], language: Language): CommandResult {
  const problems: Problem[] = issues.map((i) => ({
    path: ['input', ...i.path.map(String)],
    message: ruleMessage(i, language),
    rule: i.code,
    field: fieldLabel(i.path, language),
  }));
  const first = problems[0] ?? {
    path: ['input'],
    message: language === 'zh' ? '输入无效' : 'invalid input',
    rule: 'invalid',
    field: fieldLabel([], language),
  };
  const sep = language === 'zh' ? '；' : '; ';
  const colon = language === 'zh' ? '：' : ': ';
  return {
    kind: 'validation',
    message: `${type}${colon}${problems.map((p) => `${p.field}${colon}${p.message}`).join(sep)}`,
    problems,
    rule: first.rule,
    field: first.field,
    path: first.path,
  };
}

/**
 * A branch variant must be for a branch the company has: someone was hired into it or it was
 * named (the read models of people and organisation units). Checked before anything is decided.
 */
async function variantBranchIssue(
  ctx: SignedInContext,
  command: DomainCommand,
): Promise<CommandIssue | null> {
  if (
    command.type !== 'PublishScoringPolicy' &&
    command.type !== 'PublishLadder' &&
    command.type !== 'PublishTargetPolicy'
  )
    return null;
  const branchId = command.data.branchId;
  if (branchId === undefined) return null;
  const found = await sql<{ known: boolean }>`
    SELECT EXISTS (SELECT 1 FROM read.people WHERE branch_id = ${branchId})
        OR EXISTS (SELECT 1 FROM read.org_units WHERE kind = 'branch' AND id = ${branchId}) AS known`.execute(
    ctx.db,
  );
  if (found.rows[0]?.known) return null;
  return {
    path: ['branchId'],
    code: 'branch_unknown',
    message: `no branch ${branchId} is known: no one was hired into it and it has no name`,
    params: { branchId },
  };
}

/** A domain refusal as a result, in the caller's language, naming the field. */
function domainRefusal(command: DomainCommand, error: DomainError, language: Language): CommandResult {
  const { type } = command;
  if (error.code === 'VALIDATION' && Array.isArray(error.details.issues)) {
    return validationResult(type, error.details.issues as CommandIssue[], language);
  }
  // A decider that names the field itself (`details.fieldPath`, with `field`/`fieldZh` as a
  // person knows it and `messageZh`) is taken at its word; else `details.field` is the path.
  const details = error.details;
  const named = typeof details.fieldPath === 'string';
  const fieldKey = named
    ? (details.fieldPath as string)
    : typeof details.field === 'string'
      ? details.field
      : routeCommand(command).subject.field;
  const path = fieldKey.split('.');
  const rule = typeof details.rule === 'string' ? details.rule : error.code.toLowerCase();
  const message =
    language === 'zh' && typeof details.messageZh === 'string'
      ? details.messageZh
      : domainRuleMessage(rule, details, error.message, language);
  const label =
    named && language === 'zh' && typeof details.fieldZh === 'string'
      ? details.fieldZh
      : named && language === 'en' && typeof details.field === 'string'
        ? details.field
        : fieldLabel(path, language);
  const refused = { message, rule, field: label, path: ['input', ...path] };
  if (error.code === 'NOT_FOUND') return { kind: 'not_found', ...refused };
  if (error.code === 'VALIDATION') {
    return { kind: 'validation', ...refused, problems: [{ ...refused }] };
  }
  return { kind: 'rule', code: error.code, ...refused };
}

/**
 * Validates, authorises and dispatches one command for a GraphQL mutation. Every failure is
 * reported as a result, in the request's language and naming the field, and every check runs
 * before the command's stream is touched:
 *
 * 1. the input against the command's schema;
 * 2. the actor fields (`decidedBy`, `setBy`, …, see the domain's COMMAND_ACTOR_FIELDS) are
 *    set to the signed caller, whatever the input said;
 * 3. the plausibility rules (no control characters, business times in the window);
 * 4. the caller's authority (role, unit); then the domain decides (people must exist, …).
 */
export async function runCommand(
  ctx: SignedInContext,
  type: DomainCommandType,
  input: unknown,
  commandIdArg: string | null | undefined,
): Promise<CommandResult> {
  const viewer = ctx.viewer;
  const language = ctx.language ?? 'en';
  if (commandIdArg != null && !COMMAND_ID.test(commandIdArg)) {
    const message =
      language === 'zh' ? '必须是 1–100 个字母、数字或 . _ : -' : 'must be 1–100 letters, digits or . _ : -';
    const field = language === 'zh' ? '命令编号' : 'command id';
    return {
      kind: 'validation',
      message: `${field}: ${message}`,
      problems: [{ path: ['commandId'], message, rule: 'invalid_format', field }],
      rule: 'invalid_format',
      field,
      path: ['commandId'],
    };
  }
  const schema: z.ZodType = domainCommandSchemas[type];
  const actor = actingIdOf(viewer);
  const actorFields = actorFieldsOf(type);
  const given = toDomain(schema, input);
  const withActor =
    actorFields.length > 0 && given !== null && typeof given === 'object'
      ? { ...(given as Record<string, unknown>), ...Object.fromEntries(actorFields.map((f) => [f, actor])) }
      : given;
  const commandId = commandIdArg ?? newCommandId();
  const at = now();
  const envelope = { commandId, at, actor: `user:${viewer.userId}`, source: 'api' };
  // Parsed once, here (schema, plausibility, metadata), to answer in the caller's language;
  // the pipeline takes the parsed command as it is.
  let command: DomainCommand;
  try {
    command = parseCommand(
      {
        type,
        data: withActor,
        metadata: { commandId, at: at.toISOString(), actor: envelope.actor, source: envelope.source },
      },
      { window: commandWindow() },
    );
  } catch (error) {
    if (error instanceof DomainError && Array.isArray(error.details.issues)) {
      return validationResult(type, error.details.issues as CommandIssue[], language);
    }
    throw error;
  }
  const unknownBranch = await variantBranchIssue(ctx, command);
  if (unknownBranch) return validationResult(type, [unknownBranch], language);
  // Routed once: authorisation and the pipeline share the route. The streams authorisation
  // reads in full (the employee a manager's command is about, …) go with the command, so the
  // pipeline decides on them instead of reading them again; one written since by an earlier
  // flush is read again (see groupCommit.ts). Nothing is decided or appended before this passes.
  const route = routeCommand(command);
  const committer = groupCommitterFor(ctx.store);
  const loadedAfter = committer.mark();
  const loaded = new Map<string, readonly RecordedEvent[]>();
  const refusal = await commandRefusal(viewer, command, { store: ctx.store, db: ctx.db, loaded }, route);
  if (refusal) return forbiddenResult(refusal, language);
  // Written together with the commands of concurrent requests (group commit), each decided on
  // its own and answered with its own result. Once submitted, the write is never cut short: if
  // it takes longer than the context's writePendingMs the answer is CommandPending, and a retry
  // with the same commandId joins it (or finds it written) and answers its result.
  const submitted = committer.submit(
    { command, envelope, parsed: true, route, ...(loaded.size > 0 ? { loaded } : {}) },
    loadedAfter,
  );
  submitted.catch(() => {}); // answered below, or by the retry that joins it
  let timer: NodeJS.Timeout | undefined;
  try {
    const handled = await Promise.race([
      submitted,
      new Promise<'pending'>((resolve) => {
        timer = setTimeout(() => resolve('pending'), ctx.writePendingMs ?? DEFAULT_WRITE_PENDING_MS);
      }),
    ]);
    if (handled === 'pending') {
      return {
        kind: 'pending',
        commandId,
        message:
          language === 'zh'
            ? `命令已受理，结果尚未确定：请用同一命令编号 ${commandId} 再次发送，以取得其结果`
            : `accepted, outcome pending: send the same command again with commandId ${commandId} to get its result`,
      };
    }
    if (!handled.ok) throw handled.error;
    const positions = handled.positions;
    return {
      kind: 'success',
      commandId,
      streamId: handled.stream,
      position: handled.position ?? (await ctx.store.headPosition()),
      events: handled.events.map((e, i) => ({ type: e.type, position: positions[i] ?? 0n })),
      duplicate: handled.duplicate,
    };
  } catch (error) {
    if (error instanceof DomainError) return domainRefusal(command, error, language);
    if (error instanceof IdempotencyConflictError) {
      return domainRefusal(command, commandIdReused(commandId), language);
    }
    if (error instanceof EventStoreError && !isTransient(error)) {
      // The store cannot take this command (its own data only: a flush with others is written
      // one command at a time when the store refuses, see groupCommit.ts).
      const problems = Array.isArray(error.details.problems) ? (error.details.problems as string[]) : [];
      const problem = (problems[0] ?? error.code.toLowerCase()).replace(/^events\[\d+\]\./, '');
      const refused = domainRefusal(
        command,
        new DomainError(
          'VALIDATION',
          `the event store cannot store this command (${problem}); nothing was written`,
          {
            rule: 'store_refused',
            field: 'input',
            problem,
          },
        ),
        language,
      );
      return refused;
    }
    // The store did not answer (connection lost, …): whether it was written is not known, and
    // nothing of the error (which may concern the batch) is shown. A retry with the same
    // commandId is always safe.
    throw new GraphQLError(
      language === 'zh'
        ? `命令 ${commandId} 的结果未知（事件存储未响应）：请用同一命令编号再次发送`
        : `the outcome of command ${commandId} is not known (the event store did not answer): send it again with the same commandId`,
      { extensions: { code: 'OUTCOME_UNKNOWN', commandId } },
    );
  } finally {
    clearTimeout(timer);
  }
}

/** A refusal by authorisation as the mutation answers it: the rule, and the field as a person knows it. */
function forbiddenResult(refusal: Refusal, language: 'en' | 'zh'): CommandResult {
  const path = refusal.field.split('.');
  const message =
    refusal.rule === 'outside_scope'
      ? domainRuleMessage(refusal.rule, refusal.details, refusal.message, language)
      : language === 'zh'
        ? (refusal.messageZh ?? `无权执行此操作：${refusal.message}`)
        : refusal.message;
  return {
    kind: 'forbidden',
    message,
    rule: refusal.rule,
    field: fieldLabel(path, language),
    path: ['input', ...path],
  };
}

/**
 * Several commands of one type as one all-or-nothing write (a course assigned to a whole team):
 * each input validated, the caller's authority checked for each, then decided together and
 * written only if every one is accepted. The first problem is the answer, worded like
 * {@link runCommand}'s and naming the field; on success the events of all of them, and the
 * position of the last to read back at. `commandIds` make a retry idempotent.
 */
export async function runCommandsAtomically(
  ctx: SignedInContext,
  type: DomainCommandType,
  inputs: readonly { readonly input: unknown; readonly commandId: string }[],
): Promise<CommandResult> {
  const viewer = ctx.viewer;
  const language = ctx.language ?? 'en';
  const schema: z.ZodType = domainCommandSchemas[type];
  const actor = actingIdOf(viewer);
  const actorFields = actorFieldsOf(type);
  const at = now();
  const envelopeActor = `user:${viewer.userId}`;
  const commands: { command: DomainCommand; commandId: string }[] = [];
  for (const { input, commandId } of inputs) {
    const given = toDomain(schema, input);
    const withActor =
      actorFields.length > 0 && given !== null && typeof given === 'object'
        ? { ...(given as Record<string, unknown>), ...Object.fromEntries(actorFields.map((f) => [f, actor])) }
        : given;
    try {
      commands.push({
        commandId,
        command: parseCommand(
          {
            type,
            data: withActor,
            metadata: { commandId, at: at.toISOString(), actor: envelopeActor, source: 'api' },
          },
          { window: commandWindow() },
        ),
      });
    } catch (error) {
      if (error instanceof DomainError && Array.isArray(error.details.issues)) {
        return validationResult(type, error.details.issues as CommandIssue[], language);
      }
      throw error;
    }
  }
  // Routed once, as a single mutation: authorisation and the pipeline share each route, and the
  // streams authorisation read in full go with the batch, which decides on them instead of
  // reading them again (a stream moved since is refused by its expected revision and read anew).
  const routes = commands.map(({ command }) => routeCommand(command));
  const loaded = new Map<string, readonly RecordedEvent[]>();
  for (const [i, { command }] of commands.entries()) {
    const refusal = await commandRefusal(
      viewer,
      command,
      { store: ctx.store, db: ctx.db, loaded },
      routes[i],
    );
    if (refusal) return forbiddenResult(refusal, language);
  }
  const outcome = await dispatchBatch(
    ctx.store,
    commands.map(({ command, commandId }, i) => ({
      command,
      parsed: true,
      route: routes[i],
      envelope: { commandId, at, actor: envelopeActor, source: 'api' },
      // Once, with the first command: the batch folds each stream once.
      ...(i === 0 && loaded.size > 0 ? { loaded } : {}),
    })),
    { atomic: true },
  );
  const refused = outcome.results.findIndex((r) => !r.ok);
  if (refused >= 0) {
    const result = outcome.results[refused];
    const command = commands[refused]?.command;
    if (result && !result.ok && command) return domainRefusal(command, result.error, language);
  }
  const events = outcome.results.flatMap((r) =>
    r.ok ? r.events.map((e, i) => ({ type: e.type, position: r.positions[i] ?? 0n })) : [],
  );
  return {
    kind: 'success',
    commandId: commands[0]?.commandId ?? '',
    streamId: outcome.results[0]?.ok ? outcome.results[0].stream : '',
    position: outcome.lastPosition ?? (await ctx.store.headPosition()),
    events,
    duplicate: outcome.appendedEvents === 0,
  };
}

/**
 * One mutation per command of a module, named after the command (`CloseSale` → `closeSale`),
 * its input generated from the command's zod schema. `descriptions` must name every command
 * of the module, so a new command cannot arrive without its mutation.
 */
export function commandMutations<S extends Record<string, z.ZodType>>(
  schemas: S,
  descriptions: { readonly [K in keyof S & string]: string },
): void {
  for (const [type, description] of Object.entries(descriptions) as [DomainCommandType, string][]) {
    const schema = schemas[type];
    if (!schema) throw new Error(`no schema for command ${type}`);
    const input = commandInput(schema, type, actorFieldsOf(type));
    builder.mutationField(lowerFirst(type), (t) =>
      t.withAuth({ signedIn: true }).field({
        type: CommandResultRef,
        description: `${description} (command ${type})`,
        args: {
          input: t.arg({ type: input, required: true, description: `The ${type} command's data.` }),
          commandId: t.arg.string({
            description:
              'Idempotency key: sending the same command again with the same key appends nothing and answers duplicate: true. Generated when omitted.',
          }),
        },
        resolve: (_root, args, ctx) => runCommand(ctx, type, args.input, args.commandId),
      }),
    );
  }
}
