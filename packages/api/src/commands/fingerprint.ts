import { hash } from 'node:crypto';
import { commandIdentity } from '@trackrecord/domain';

/**
 * What recognises a command behind its id, short: a hash of its identity (type and validated
 * data, see the domain's `commandIdentity`). Kept in each event's `metadata.commandFingerprint`;
 * the same commandId with another fingerprint is another command and is refused.
 */
export function commandFingerprint(type: string, data: unknown): string {
  // One-shot hashing: the same digest as createHash(…).update(…).digest(), without its object.
  return hash('sha256', commandIdentity(type, data), 'base64url').slice(0, 22);
}
