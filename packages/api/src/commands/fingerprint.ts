import { createHash } from 'node:crypto';
import { DomainError } from '@trackrecord/domain';

/** JSON with object keys sorted, so that equal data gives equal text. */
function stable(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * What recognises a command behind its id: its type and data (after validation). Kept in each
 * event's `metadata.commandFingerprint`; the same commandId with another fingerprint is
 * another command and is refused.
 */
export function commandFingerprint(type: string, data: unknown): string {
  return createHash('sha256').update(type).update('\n').update(stable(data)).digest('base64url').slice(0, 22);
}

/** The refusal of a commandId already used for another command (type or data). */
export function commandIdReused(commandId: string): DomainError {
  return new DomainError(
    'CONFLICT',
    `commandId ${commandId} was already used for another command; send a new commandId for a new command, or the same command to get its result`,
    { rule: 'command_id_reused', field: 'commandId', commandId },
  );
}
