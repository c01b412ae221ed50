import { createHash } from 'node:crypto';
import { commandIdentity } from '@trackrecord/domain';

/**
 * What recognises a command behind its id, short: a hash of its identity (type and validated
 * data, see the domain's `commandIdentity`). Kept in each event's `metadata.commandFingerprint`;
 * the same commandId with another fingerprint is another command and is refused.
 */
export function commandFingerprint(type: string, data: unknown): string {
  return createHash('sha256').update(commandIdentity(type, data)).digest('base64url').slice(0, 22);
}
