import { type DomainCommandType, DomainError, domainCommandSchemas, streamOf } from '@trackrecord/domain';
import { IdempotencyConflictError } from '@trackrecord/eventstore';
import { v7 } from 'uuid';
import type { z } from 'zod';
import { commandRefusal } from '../auth/commandAccess.ts';
import { builder } from '../builder.ts';
import { type Context, requireViewer } from '../context.ts';
import { now } from '../runtime/clock.ts';
import type { DomainCommand } from './bus.ts';
import { groupCommitterFor } from './groupCommit.ts';
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
  | { readonly kind: 'validation'; readonly message: string; readonly problems: readonly Problem[] }
  | { readonly kind: 'not_found'; readonly message: string }
  | { readonly kind: 'rule'; readonly code: string; readonly message: string }
  | { readonly kind: 'forbidden'; readonly message: string };
interface Problem {
  readonly path: readonly string[];
  readonly message: string;
}

const AppendedEvent = builder.objectRef<{ type: string; position: bigint }>('AppendedEvent').implement({
  fields: (t) => ({
    type: t.exposeString('type'),
    position: t.field({ type: 'Position', resolve: (e) => e.position }),
  }),
});
type Of<K extends CommandResult['kind']> = Extract<CommandResult, { kind: K }>;
const CommandSucceeded = builder.objectRef<Of<'success'>>('CommandSucceeded').implement({
  description:
    'The command was accepted. Pass `position` to `@waitFor(position:)` on a query to read your own write.',
  fields: (t) => ({
    commandId: t.exposeString('commandId', { description: 'The idempotency key the command ran under.' }),
    streamId: t.exposeString('streamId'),
    position: t.field({
      type: 'Position',
      description:
        'Global position of the last event written (or, when the command changed nothing, the head when it was handled).',
      resolve: (r) => r.position,
    }),
    events: t.field({ type: [AppendedEvent], resolve: (r) => [...r.events] }),
    duplicate: t.exposeBoolean('duplicate', {
      description: 'True when this command id had been handled before: nothing new was appended.',
    }),
  }),
});
const FieldProblem = builder.objectRef<Problem>('FieldProblem').implement({
  fields: (t) => ({
    path: t.exposeStringList('path', { description: 'Path of the offending field, from the argument name.' }),
    message: t.exposeString('message'),
  }),
});
const ValidationFailed = builder.objectRef<Of<'validation'>>('ValidationFailed').implement({
  description: 'The input is malformed; nothing was appended.',
  fields: (t) => ({
    message: t.exposeString('message'),
    problems: t.field({ type: [FieldProblem], resolve: (r) => [...r.problems] }),
  }),
});
const NotFound = builder.objectRef<Of<'not_found'>>('NotFound').implement({
  description: 'The command names something that does not exist; nothing was appended.',
  fields: (t) => ({ message: t.exposeString('message') }),
});
const RuleViolation = builder.objectRef<Of<'rule'>>('RuleViolation').implement({
  description: 'A business rule forbids the command in the current state; nothing was appended.',
  fields: (t) => ({
    code: t.exposeString('code', {
      description: 'The domain error code: ILLEGAL_STATE, CONFLICT or VALIDATION.',
    }),
    message: t.exposeString('message'),
  }),
});
const Forbidden = builder.objectRef<Of<'forbidden'>>('Forbidden').implement({
  description: 'The viewer may not issue this command (role or data scope); nothing was appended.',
  fields: (t) => ({ message: t.exposeString('message') }),
});

export const CommandResultRef = builder.unionType('CommandResult', {
  types: [CommandSucceeded, ValidationFailed, NotFound, RuleViolation, Forbidden],
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
    }
  },
});

const COMMAND_ID = /^[A-Za-z0-9._:-]{1,100}$/;
const lowerFirst = (s: string) => `${s.charAt(0).toLowerCase()}${s.slice(1)}`;

/**
 * Validates, authorises and dispatches one command for a GraphQL mutation. Every failure is
 * reported as a result, and every check runs before the command's stream is touched.
 */
export async function runCommand(
  ctx: Context,
  type: DomainCommandType,
  input: unknown,
  commandIdArg: string | null | undefined,
): Promise<CommandResult> {
  const viewer = requireViewer(ctx);
  if (commandIdArg != null && !COMMAND_ID.test(commandIdArg)) {
    return {
      kind: 'validation',
      message: 'commandId must be 1–100 letters, digits or . _ : -',
      problems: [{ path: ['commandId'], message: 'must be 1–100 letters, digits or . _ : -' }],
    };
  }
  const schema: z.ZodType = domainCommandSchemas[type];
  const parsed = schema.safeParse(toDomain(schema, input));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => ({
      path: ['input', ...i.path.map(String)],
      message: i.message,
    }));
    return {
      kind: 'validation',
      message: `${type}: ${problems.map((p) => `${p.path.join('.')}: ${p.message}`).join('; ')}`,
      problems,
    };
  }
  const data = parsed.data as Record<string, unknown>;
  const refusal = await commandRefusal(viewer, type, data, ctx);
  if (refusal) return { kind: 'forbidden', message: refusal };
  const commandId = commandIdArg ?? v7();
  const at = now();
  const command = {
    type,
    data,
    metadata: { commandId, at: at.toISOString(), actor: `user:${viewer.userId}`, source: 'api' },
  } as DomainCommand;
  try {
    // Written together with the commands of concurrent requests (group commit), each
    // decided on its own and answered with its own result.
    const handled = await groupCommitterFor(ctx.store).submit({
      command: { type, data },
      envelope: { commandId, at, actor: `user:${viewer.userId}`, source: 'api' },
    });
    if (!handled.ok) throw handled.error;
    const positions = handled.positions;
    return {
      kind: 'success',
      commandId,
      streamId: streamOf(command),
      position: handled.position ?? (await ctx.store.headPosition()),
      events: handled.events.map((e, i) => ({ type: e.type, position: positions[i] ?? 0n })),
      duplicate: handled.duplicate,
    };
  } catch (error) {
    if (error instanceof DomainError) {
      if (error.code === 'NOT_FOUND') return { kind: 'not_found', message: error.message };
      if (error.code === 'VALIDATION') {
        const problems = Array.isArray(error.details.problems)
          ? (error.details.problems as unknown[]).map((p) => ({ path: ['input'], message: String(p) }))
          : [{ path: ['input'], message: error.message }];
        return { kind: 'validation', message: error.message, problems };
      }
      return { kind: 'rule', code: error.code, message: error.message };
    }
    if (error instanceof IdempotencyConflictError) {
      return {
        kind: 'rule',
        code: 'CONFLICT',
        message: `commandId ${commandId} was already used for another command`,
      };
    }
    throw error;
  }
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
    const input = commandInput(schema, type);
    builder.mutationField(lowerFirst(type), (t) =>
      t.field({
        type: CommandResultRef,
        description: `${description} (command ${type})`,
        args: {
          input: t.arg({ type: input, required: true }),
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
