import type { z } from 'zod';
import { activityCommandSchemas } from './activity/commands.ts';
import { alertCommandSchemas } from './alerts/commands.ts';
import { careerCommandSchemas } from './career/commands.ts';
import { issuesOf } from './core/catalog.ts';
import { DomainError } from './core/errors.ts';
import { CommandMetadataSchema, type CommandsOf } from './core/types.ts';
import { mentoringCommandSchemas } from './mentoring/commands.ts';
import { orgCommandSchemas } from './org/commands.ts';
import { policyCommandSchemas } from './policy/commands.ts';
import { promotionCommandSchemas } from './promotion/commands.ts';
import { salesCommandSchemas } from './sales/commands.ts';
import { targetCommandSchemas } from './targets/commands.ts';
import { trainingCommandSchemas } from './training/commands.ts';

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
  // Policy module (policy/commands.ts, owned by the policy engineer).
  ...policyCommandSchemas,
  ...alertCommandSchemas,
  ...orgCommandSchemas,
} as const;

type Schemas = typeof domainCommandSchemas;
export type DomainCommandType = keyof Schemas;
/** Every command the domain decides. */
export type DomainCommand = CommandsOf<Schemas>;
export type CommandData<K extends DomainCommandType> = z.output<Schemas[K]>;

export function isCommandType(type: string): type is DomainCommandType {
  return Object.hasOwn(domainCommandSchemas, type);
}

/**
 * Validates a command from outside (API, importer, webhook): its type, its data against the
 * type's schema and its metadata. Throws a VALIDATION DomainError naming the command and every
 * wrong field (`CollectPayment: amount: must be greater than 0`).
 */
export function parseCommand(input: { type: string; data: unknown; metadata: unknown }): DomainCommand {
  const { type } = input;
  if (!isCommandType(type)) throw new DomainError('VALIDATION', `unknown command "${type}"`, { type });
  const data = domainCommandSchemas[type].safeParse(input.data);
  const metadata = CommandMetadataSchema.safeParse(input.metadata);
  const problems = [
    ...(data.success ? [] : issuesOf(data.error)),
    ...(metadata.success ? [] : issuesOf(metadata.error).map((p) => `metadata.${p}`)),
  ];
  if (!data.success || !metadata.success) {
    throw new DomainError('VALIDATION', `${type}: ${problems.join('; ')}`, { type, problems });
  }
  // As in parseEvent: the schema found by `type` has just validated `data`, so this is that
  // type's member of DomainCommand (TypeScript cannot correlate the two, #30581).
  return { type, data: data.data, metadata: metadata.data } as DomainCommand;
}
