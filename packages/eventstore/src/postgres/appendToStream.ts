import type { AppendOptions, AppendResult, NewEvent, PreparedAppends, StreamAppend } from '../port.ts';
import { validateAppend, validateAppends } from '../validation.ts';
import { type AppendQueue, prepareRequest } from './groupCommit.ts';

/**
 * Appends `events` atomically: validation happens first, in the shared validator, then the
 * append joins the store's group commit (`AppendQueue`): written in one round trip, alone or
 * together with the appends of other callers that arrived meanwhile, each with its own outcome.
 */
export async function appendToStream(
  queue: AppendQueue,
  streamId: string,
  events: readonly NewEvent[],
  options?: AppendOptions,
): Promise<AppendResult> {
  const append = validateAppend(streamId, events, options);
  const [result] = await queue.submit(prepareRequest([append]));
  if (!result) throw new Error(`append to "${streamId}" returned no result`);
  return result;
}

/**
 * Appends to several streams in one transaction and one round trip (`append_to_streams`):
 * all parts or none. The error of the first failing part names its stream.
 */
export function appendToStreams(
  queue: AppendQueue,
  appends: readonly StreamAppend[],
): Promise<AppendResult[]> {
  try {
    return prepareAppends(queue, appends).send();
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * `appendToStreams` in two steps: validates and serialises the request now (throwing what `appendToStreams`
 * would reject with), and queues it when `send` is called — so a caller can prepare its next
 * append while the current one is being written, and still send it only after the current
 * one committed.
 */
export function prepareAppends(queue: AppendQueue, appends: readonly StreamAppend[]): PreparedAppends {
  const prepared = prepareRequest(validateAppends(appends));
  return { send: () => queue.submit(prepared) };
}
