import { hash } from 'node:crypto';
import { v7 } from 'uuid';

/**
 * The id of the `index`-th event a command produces: a UUIDv7 whose time is the command's
 * time and whose random bits come from a hash of the command id. The same command, sent
 * again (a retried request, a replayed webhook, a re-run import), yields the same event ids,
 * which the event store recognises and answers with the original positions; and because the
 * ids lead with time they stay cheap to index.
 */
export function commandEventId(commandId: string, commandTime: Date, index: number): string {
  // One-shot hashing: the same digest as createHash(…).update(…).digest(), without its object.
  const random = hash('sha256', `${commandId}\u0000${index}`, 'buffer').subarray(0, 16);
  return v7({ msecs: commandTime.getTime(), seq: 0, random: new Uint8Array(random) });
}
