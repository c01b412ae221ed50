import { InvalidAppendError, InvalidReadError } from './errors.ts';
import type {
  AppendOptions,
  EventMetadata,
  ExpectedRevision,
  JsonObject,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  StreamAppend,
} from './port.ts';
import { MAX_READ_PAGE } from './port.ts';

/** Largest serialized `data` + `metadata` of one event, in bytes of UTF-8 JSON (1 MiB). */
export const MAX_EVENT_BYTES = 1024 * 1024;
/** Largest number of events in one append. */
export const MAX_APPEND_EVENTS = 10_000;
/** Largest total serialized size of one append (16 MiB). */
export const MAX_APPEND_BYTES = 16 * 1024 * 1024;
/** Longest stream id and event type, in characters. */
export const MAX_NAME_LENGTH = 200;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An event that passed validation, with its JSON already serialized once. */
export interface ValidEvent {
  readonly id: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: JsonObject;
  readonly metadata: EventMetadata;
  readonly dataJson: string;
  readonly metadataJson: string;
  /** UTF-8 bytes of `dataJson` and `metadataJson` together, counted once for the size limits. */
  readonly bytes: number;
}

export interface ValidAppend {
  readonly streamId: string;
  readonly expected: ExpectedRevision;
  readonly events: readonly ValidEvent[];
}

/**
 * Checks an append completely before any adapter touches its store, and reports every
 * problem at once. Shared by all adapters so that the rules are the same everywhere.
 */
export function validateAppend(
  streamId: unknown,
  events: unknown,
  options: AppendOptions | undefined,
): ValidAppend {
  const problems: string[] = [];
  checkName(streamId, 'stream id', problems);
  if (typeof streamId === 'string' && streamId.startsWith('$')) {
    problems.push(`stream id "${streamId}" starts with "$", which is reserved for system streams`);
  }
  const expected = parseExpectedRevision(options?.expectedRevision ?? 'any', problems);

  const valid: ValidEvent[] = [];
  if (!Array.isArray(events)) {
    problems.push('events must be an array');
  } else if (events.length === 0) {
    problems.push('the batch is empty: an append needs at least one event');
  } else if (events.length > MAX_APPEND_EVENTS) {
    problems.push(`the batch has ${events.length} events; at most ${MAX_APPEND_EVENTS} are allowed`);
  } else {
    const seen = new Set<string>();
    let totalBytes = 0;
    events.forEach((event: unknown, index) => {
      const at = `events[${index}]`;
      const checked = checkEvent(event, at, problems);
      if (!checked) return;
      const key = checked.id.toLowerCase();
      if (seen.has(key)) problems.push(`${at}.id ${checked.id} appears twice in the batch`);
      seen.add(key);
      totalBytes += checked.bytes;
      valid.push(checked);
    });
    if (totalBytes > MAX_APPEND_BYTES) {
      problems.push(`the batch is ${totalBytes} bytes of JSON; at most ${MAX_APPEND_BYTES} are allowed`);
    }
  }
  if (problems.length > 0) throw new InvalidAppendError(problems, streamId);
  return { streamId: streamId as string, expected: expected as ExpectedRevision, events: valid };
}

function checkEvent(event: unknown, at: string, problems: string[]): ValidEvent | undefined {
  if (!isPlainObject(event)) {
    problems.push(`${at} must be an object with id, type, schemaVersion and data`);
    return undefined;
  }
  const before = problems.length;
  const { id, type, schemaVersion, data, metadata } = event as Partial<NewEvent> & Record<string, unknown>;
  if (typeof id !== 'string' || !UUID.test(id)) {
    problems.push(`${at}.id must be a UUID, got ${describe(id)}`);
  }
  checkName(type, `${at}.type`, problems);
  if (typeof schemaVersion !== 'number' || !Number.isInteger(schemaVersion) || schemaVersion < 1) {
    problems.push(`${at}.schemaVersion must be a positive integer, got ${describe(schemaVersion)}`);
  }
  if (!isPlainObject(data)) {
    problems.push(`${at}.data must be a JSON object, got ${describe(data)}`);
  } else {
    checkJson(data, `${at}.data`, problems);
  }
  if (metadata !== undefined) {
    if (!isPlainObject(metadata)) {
      problems.push(`${at}.metadata must be a JSON object, got ${describe(metadata)}`);
    } else {
      checkJson(metadata, `${at}.metadata`, problems);
    }
  }
  if (problems.length > before) return undefined;
  const dataJson = JSON.stringify(data);
  const metadataJson = JSON.stringify(metadata ?? {});
  const bytes = Buffer.byteLength(dataJson) + Buffer.byteLength(metadataJson);
  if (bytes > MAX_EVENT_BYTES) {
    problems.push(`${at} is ${bytes} bytes of JSON; one event may hold at most ${MAX_EVENT_BYTES}`);
    return undefined;
  }
  return {
    id: (id as string).toLowerCase(),
    type: type as string,
    schemaVersion: schemaVersion as number,
    data: data as JsonObject,
    metadata: (metadata ?? {}) as EventMetadata,
    dataJson,
    metadataJson,
    bytes,
  };
}

/**
 * JSON in the strict sense PostgreSQL's jsonb and EventStoreDB agree on: plain objects,
 * arrays, finite numbers, booleans, null and well-formed strings without NUL characters.
 *
 * Every event of every append passes through here, so the walk builds no path strings while
 * all is well: a problem found is reported again by {@link reportJson}, which names each value.
 */
function checkJson(value: unknown, at: string, problems: string[]): void {
  if (!isStrictJson(value, 0)) reportJson(value, at, problems, 0);
}

function isStrictJson(value: unknown, depth: number): boolean {
  if (depth > 64) return false;
  switch (typeof value) {
    case 'string':
      return !value.includes('\u0000') && value.isWellFormed();
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object':
      if (value === null) return true;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!isStrictJson(value[i], depth + 1)) return false;
        return true;
      }
      if (!isPlainObject(value)) return false;
      for (const key in value) {
        if (key.includes('\u0000')) return false;
        if (!isStrictJson((value as Record<string, unknown>)[key], depth + 1)) return false;
      }
      return true;
    default:
      return false;
  }
}

function reportJson(value: unknown, at: string, problems: string[], depth: number): void {
  if (depth > 64) {
    problems.push(`${at} nests deeper than 64 levels`);
    return;
  }
  switch (typeof value) {
    case 'string':
      if (value.includes('\u0000')) problems.push(`${at} contains a NUL character (\\u0000)`);
      else if (!value.isWellFormed()) problems.push(`${at} contains a lone UTF-16 surrogate`);
      return;
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) problems.push(`${at} is ${value}, which is not a JSON number`);
      return;
    case 'object':
      if (value === null) return;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) reportJson(value[i], `${at}[${i}]`, problems, depth + 1);
        return;
      }
      if (!isPlainObject(value)) {
        problems.push(`${at} is a ${value.constructor?.name ?? 'non-plain object'}, not a JSON object`);
        return;
      }
      for (const key in value) {
        if (key.includes('\u0000')) problems.push(`${at} has a key with a NUL character`);
        reportJson((value as Record<string, unknown>)[key], `${at}.${key}`, problems, depth + 1);
      }
      return;
    default:
      problems.push(`${at} is ${describe(value)}, which is not JSON`);
  }
}

function checkName(value: unknown, what: string, problems: string[]): void {
  if (typeof value !== 'string' || value.trim().length === 0) {
    problems.push(`${what} must be a non-empty string, got ${describe(value)}`);
  } else if (value.length > MAX_NAME_LENGTH) {
    problems.push(`${what} is ${value.length} characters long; at most ${MAX_NAME_LENGTH} are allowed`);
  } else if (value.includes('\u0000')) {
    problems.push(`${what} contains a NUL character`);
  }
}

/** Accepts the four forms of {@link ExpectedRevision}; a non-negative safe integer counts as a revision. */
export function parseExpectedRevision(value: unknown, problems: string[]): ExpectedRevision | undefined {
  if (value === 'any' || value === 'no_stream' || value === 'stream_exists') return value;
  if (typeof value === 'bigint' && value >= 0n) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  problems.push(
    `expectedRevision must be "any", "no_stream", "stream_exists" or a revision >= 0, got ${describe(value)}`,
  );
  return undefined;
}

export function validateReadStream(streamId: unknown, options: ReadStreamOptions | undefined): void {
  const problems: string[] = [];
  checkName(streamId, 'stream id', problems);
  const { direction = 'forward', fromRevision, maxCount } = options ?? {};
  if (direction !== 'forward' && direction !== 'backward') {
    problems.push(`direction must be "forward" or "backward", got ${describe(direction)}`);
  }
  if (fromRevision !== undefined && (typeof fromRevision !== 'bigint' || fromRevision < 0n)) {
    problems.push(`fromRevision must be a bigint >= 0, got ${describe(fromRevision)}`);
  }
  if (maxCount !== undefined && (!Number.isSafeInteger(maxCount) || maxCount < 1)) {
    problems.push(`maxCount must be a positive integer, got ${describe(maxCount)}`);
  }
  if (problems.length > 0) throw new InvalidReadError(problems.join('; '));
}

export function validateReadAll(options: ReadAllOptions | undefined): {
  after: bigint;
  maxCount: number;
  types: readonly string[] | undefined;
} {
  const { after = 0n, maxCount = 1000, types } = options ?? {};
  const problems: string[] = [];
  if (
    types !== undefined &&
    (!Array.isArray(types) || types.length === 0 || types.some((t) => typeof t !== 'string' || t === ''))
  )
    problems.push(`types must be a non-empty list of event types, got ${describe(types)}`);
  if (typeof after !== 'bigint' || after < 0n)
    problems.push(`after must be a bigint >= 0, got ${describe(after)}`);
  if (!Number.isSafeInteger(maxCount) || maxCount < 1 || maxCount > MAX_READ_PAGE) {
    problems.push(`maxCount must be an integer from 1 to ${MAX_READ_PAGE}, got ${describe(maxCount)}`);
  }
  if (problems.length > 0) throw new InvalidReadError(problems.join('; '));
  return { after, maxCount, types };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a symbol';
  if (typeof value === 'number') return String(value);
  try {
    const text = JSON.stringify(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
  } catch {
    return String(value);
  }
}

/**
 * Checks a multi-stream append as a whole: every stream's part by the rules of one append,
 * each stream at most once, no event id twice across streams, and the limits of one append
 * (`MAX_APPEND_EVENTS`, `MAX_APPEND_BYTES`) over the whole request. All problems at once.
 */
export function validateAppends(appends: unknown): ValidAppend[] {
  if (!Array.isArray(appends)) throw new InvalidAppendError(['appends must be an array'], '(several)');
  if (appends.length === 0) {
    throw new InvalidAppendError(['the request is empty: it needs at least one stream'], '(several)');
  }
  const problems: string[] = [];
  const valid: ValidAppend[] = [];
  const streams = new Set<string>();
  const ids = new Set<string>();
  let totalEvents = 0;
  let totalBytes = 0;
  appends.forEach((part: unknown, index) => {
    const { streamId, events, expectedRevision } = (isPlainObject(part) ? part : {}) as Partial<StreamAppend>;
    try {
      const one = validateAppend(streamId, events, { expectedRevision: expectedRevision ?? 'any' });
      if (streams.has(one.streamId)) {
        problems.push(
          `appends[${index}]: stream "${one.streamId}" appears twice; merge its events into one part`,
        );
      }
      streams.add(one.streamId);
      for (const event of one.events) {
        const key = event.id.toLowerCase();
        if (ids.has(key)) problems.push(`appends[${index}]: event id ${event.id} appears in two parts`);
        ids.add(key);
        totalBytes += event.bytes;
      }
      totalEvents += one.events.length;
      valid.push(one);
    } catch (error) {
      if (!(error instanceof InvalidAppendError)) throw error;
      for (const problem of error.problems)
        problems.push(`appends[${index}] (stream ${describe(streamId)}): ${problem}`);
    }
  });
  if (totalEvents > MAX_APPEND_EVENTS) {
    problems.push(
      `the request has ${totalEvents} events; at most ${MAX_APPEND_EVENTS} are allowed in one append`,
    );
  }
  if (totalBytes > MAX_APPEND_BYTES) {
    problems.push(`the request is ${totalBytes} bytes of JSON; at most ${MAX_APPEND_BYTES} are allowed`);
  }
  if (problems.length > 0) throw new InvalidAppendError(problems, '(several)');
  return valid;
}

/** Checks the stream ids of `readStreams`. */
export function validateReadStreams(streamIds: unknown): string[] {
  const problems: string[] = [];
  if (!Array.isArray(streamIds)) throw new InvalidReadError('streamIds must be an array');
  if (streamIds.length > MAX_READ_PAGE) {
    problems.push(`${streamIds.length} streams asked for; at most ${MAX_READ_PAGE} at once`);
  }
  streamIds.forEach((id: unknown, index) => {
    checkName(id, `streamIds[${index}]`, problems);
  });
  if (problems.length > 0) throw new InvalidReadError(problems.join('; '));
  return [...new Set(streamIds as string[])];
}
