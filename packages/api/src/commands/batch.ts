import {
  type CommandRoute,
  commandIdReused,
  type DomainCommand,
  DomainError,
  type DomainEvent,
  decideCommand,
  type EmployeeContext,
  employeeContextOfState,
  employeeDecider,
  employeeStream,
  parseCommand,
  type RoutedDecider,
  routeCommand,
  type TimeWindow,
} from '@trackrecord/domain';
import {
  type AppendResult,
  type EventStore,
  type FoundCommand,
  MAX_READ_PAGE,
  type NewEvent,
  type RecordedEvent,
  type StreamAppend,
  WrongExpectedRevisionError,
} from '@trackrecord/eventstore';
import { commandWindow } from '../runtime/plausibility.ts';
import { commandEventId } from './eventIds.ts';
import { commandFingerprint } from './fingerprint.ts';
import { domainCodec } from './load.ts';

/** Who sent a command, when and why: the metadata of its events. */
export interface CommandEnvelope {
  /** Unique per command; re-sending it is idempotent. */
  readonly commandId: string;
  /** When the command happened (business time); also the time part of its event ids. */
  readonly at: Date;
  readonly actor: string;
  readonly source: string;
  readonly correlationId?: string | undefined;
  readonly causationId?: string | undefined;
}

export interface BatchItem {
  /** `{ type, data }` from outside, validated here; or, with `parsed`, a parsed command. */
  readonly command: unknown;
  readonly envelope: CommandEnvelope;
  /**
   * `command` is what `parseCommand` made of it with this envelope as its metadata (a
   * GraphQL mutation parses its input itself, to answer in the caller's language): it is
   * taken as it is, not validated a second time.
   */
  readonly parsed?: boolean;
  /** `commandFingerprint(type, data)` of the command when the caller already has it. */
  readonly fingerprint?: string;
  /** `routeCommand(command)` of a parsed command when the caller already has it (authorisation routes it). */
  readonly route?: CommandRoute;
  /**
   * Streams the caller has just read in full (authorisation reads the employee a command is
   * about): the batch folds these instead of reading them again. They must have been read
   * after every write to the stream this batch has to see; if another writer moved a stream
   * since, its expected revision refuses the append and the chunk is read again and decided
   * anew, as with any concurrent writer.
   */
  readonly loaded?: ReadonlyMap<string, readonly RecordedEvent[]>;
}

export type BatchResult =
  | {
      readonly ok: true;
      /** The stream the command was decided on (its route's). */
      readonly stream: string;
      /** The command had been handled before (same commandId): nothing new was written. */
      readonly duplicate: boolean;
      /** Global position of the command's last event; null when it produced none. */
      readonly position: bigint | null;
      readonly events: readonly DomainEvent[];
      /** Global position of each event, in order; empty while unknown (not written, or a repeat inside the batch). */
      readonly positions: readonly bigint[];
    }
  | { readonly ok: false; readonly error: DomainError };

export interface BatchOptions {
  /**
   * All or nothing with respect to the rules: when any command is refused (validation or a
   * domain rule), nothing is appended and the results say which were refused and why. Without it, refused
   * commands are reported and the others are written.
   */
  readonly atomic?: boolean;
  /** Commands decided before each append (default 2,000); one append holds at most 5,000 events. */
  readonly chunkSize?: number;
  /**
   * Called after each append with the number of commands done so far; an atomic batch also
   * reports its deciding pass, with `phase: 'deciding'`, before it writes.
   */
  readonly onProgress?: (done: number, total: number, phase: 'deciding' | 'writing') => void;
  /**
   * Indexes of items that start a new append: every event of the items before is then in
   * `$all` before theirs (within one append, events are grouped by stream). The importer
   * puts departures after everything the people did.
   */
  readonly boundaries?: readonly number[];
  /**
   * Atomic batches: prepare (validate, serialise) each append through the store's
   * `prepareAppends`, when it has one, while the append before it is being written; it is
   * sent only once that one committed. Off by default, so that a store wrapped by
   * overriding `appendToStreams` alone sees every append; the importer turns it on.
   */
  readonly prepareAhead?: boolean;
  /**
   * Every item's `command.data` is already the output of its type's schema (the importer
   * checks each row against it, to name the wrong column): only the command type and the
   * envelope are checked here, the data is not parsed a second time.
   */
  readonly dataValidated?: boolean;
  /**
   * The business-time window commands are checked against (see runtime/plausibility.ts);
   * default: the one configured from the environment, at the time of the call.
   */
  readonly window?: TimeWindow;
  /** Attempts per chunk when a concurrent writer moved a stream (default 5). */
  readonly maxAttempts?: number;
  /**
   * Decide without writing (a dry run). With a `DryRun` from `createDryRun`, the decisions of
   * earlier calls stay visible to later ones (an import's payments see its sales).
   */
  readonly dryRun?: DryRun | true;
}

/** Decisions of earlier dry-run batches, kept in memory and never written. */
export interface DryRun {
  readonly cache: Map<string, StreamState>;
}

export const createDryRun = (): DryRun => ({ cache: new Map() });

export interface BatchOutcome {
  /**
   * One per item, in order. When an atomic batch is refused (`written: false`), `ok: true`
   * means "would be accepted" and its position is null.
   */
  readonly results: readonly BatchResult[];
  /** false when an atomic batch was refused and nothing was written. */
  readonly written: boolean;
  /** Position of the last event written, null when nothing was written. */
  readonly lastPosition: bigint | null;
  readonly accepted: number;
  readonly refused: number;
  readonly duplicates: number;
  readonly appendedEvents: number;
}

const MAX_EVENTS_PER_APPEND = 5_000;

export interface StreamState {
  state: unknown;
  /** Revision of the last event, null while the stream does not exist. */
  revision: bigint | null;
  /** Commands already in the stream, with the position of their last event. */
  commands: Map<string, SeenCommand>;
}

/** A command already in a stream: the position of its last event and its events' positions. */
export interface SeenCommand {
  /** `metadata.commandFingerprint` of its events (absent on events written before it existed). */
  fingerprint?: string | undefined;
  position: bigint;
  events: DomainEvent[];
  positions: bigint[];
}

interface Prepared {
  readonly index: number;
  readonly command: DomainCommand;
  /** Type and data as a hash: the same commandId with another fingerprint is refused. */
  readonly fingerprint: string;
  readonly route: CommandRoute;
  readonly envelope: BatchItem['envelope'];
}

/**
 * The command pipeline, the one way commands are written (a single command, see `dispatch`,
 * is a batch of one): each is validated once, routed and decided by the domain's command core
 * (`decideCommand`: contexts, deciders, idempotency by commandId), with deterministic event
 * ids. Each chunk's streams (the commands' own and the employees' their deciders need) are
 * loaded with one `readStreams`, decided in memory in order (a command sees the effects of
 * the ones before it, e.g. a sale after the hire in the same batch), and written with one
 * `appendToStreams`, which checks every stream's expected revision. When a concurrent writer
 * moved one of the streams, the chunk is reloaded and decided again.
 *
 * On PostgreSQL each append is one transaction. A batch larger than one append is written in
 * several; if the process dies in between, running the same batch again completes it and
 * writes nothing twice (every command is recognised by its commandId). An atomic batch is
 * decided completely (each stream read once) before its first append, and written only when
 * nothing was refused: a crash then leaves whole appends, and a re-run resumes by command.
 */
export async function dispatchBatch(
  store: EventStore,
  items: readonly BatchItem[],
  options: BatchOptions = {},
): Promise<BatchOutcome> {
  const chunkSize = options.chunkSize ?? 2_000;
  const maxAttempts = options.maxAttempts ?? 5;
  const results: (BatchResult | undefined)[] = new Array(items.length);

  // 1. Validate (schema, plausibility) and route everything before anything is read or written.
  // The window is only needed for commands not parsed by the caller.
  let window = options.window;
  const prepared: Prepared[] = [];
  // Streams a caller read in full just before (see BatchItem.loaded), used once: a retry reads.
  const preloaded = new Map<string, readonly RecordedEvent[]>();
  items.forEach((item, index) => {
    try {
      const input = (item.command ?? {}) as { type?: unknown; data?: unknown };
      if (!item.parsed) window ??= commandWindow();
      const command = item.parsed
        ? (item.command as DomainCommand)
        : parseCommand(
            {
              type: String(input.type),
              data: input.data,
              metadata: {
                commandId: item.envelope.commandId,
                at: item.envelope.at.toISOString(),
                actor: item.envelope.actor,
                source: item.envelope.source,
                ...(item.envelope.correlationId ? { correlationId: item.envelope.correlationId } : {}),
                ...(item.envelope.causationId ? { causationId: item.envelope.causationId } : {}),
              },
            },
            { window: window!, dataValidated: options.dataValidated === true },
          );
      prepared.push({
        index,
        command,
        fingerprint:
          item.parsed && item.fingerprint !== undefined
            ? item.fingerprint
            : commandFingerprint(command.type, command.data),
        route: item.parsed && item.route ? item.route : routeCommand(command),
        envelope: item.envelope,
      });
      if (item.loaded) for (const [stream, events] of item.loaded) preloaded.set(stream, events);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      results[index] = { ok: false, error };
    }
  });
  // A commandId is one command wherever it is used: refused when the store has it in another
  // stream or for another command (same stream: see decideChunk), or when this batch uses it
  // for two different commands.
  await refuseReusedIds(store, prepared, results);

  /** The chunk from `start`: at most `chunkSize` commands, never across a boundary. */
  const boundaries = [...(options.boundaries ?? [])].sort((a, b) => a - b);
  const chunkFrom = (start: number) => {
    const first = prepared[start]!.index;
    const boundary = boundaries.find((b) => b > first);
    let end = Math.min(start + chunkSize, prepared.length);
    if (boundary !== undefined) {
      for (let i = start + 1; i < end; i++) {
        if (prepared[i]!.index >= boundary) {
          end = i;
          break;
        }
      }
    }
    return prepared.slice(start, end);
  };

  const dryRun = options.dryRun === true ? createDryRun() : options.dryRun;
  const cache = dryRun?.cache ?? new Map<string, StreamState>();
  const load = async (needed: Map<string, RoutedDecider>) => {
    for (const [stream, decider] of needed) {
      const events = preloaded.get(stream);
      if (events === undefined || cache.has(stream)) continue;
      preloaded.delete(stream);
      cache.set(stream, fold(decider, events));
    }
    const missing = [...needed.keys()].filter((s) => !cache.has(s));
    for (let i = 0; i < missing.length; i += MAX_READ_PAGE) {
      const read = await store.readStreams(missing.slice(i, i + MAX_READ_PAGE));
      for (const [stream, recorded] of read) cache.set(stream, fold(needed.get(stream)!, recorded));
    }
  };
  const employee = (id: string) => employeeContextOfState(id, cache.get(employeeStream(id))?.state);

  // 2. A dry run decides everything in memory and stops there.
  if (dryRun) {
    for (let start = 0; start < prepared.length; ) {
      const chunk = chunkFrom(start);
      await load(neededStreams(chunk));
      start += decideChunk(chunk, cache, results, employee).decided;
      options.onProgress?.(start + (items.length - prepared.length), items.length, 'deciding');
    }
    return finish(results, null, 0, false);
  }

  let lastPosition: bigint | null = null;
  let appendedEvents = 0;
  /**
   * One append of decided events, validated and serialised now (through the store's
   * `prepareAppends` with `prepareAhead`) and written by `send`. A request the store refuses
   * fails when it is sent, as `appendToStreams` would.
   */
  const prepare = (pending: Pending): PreparedWrite => {
    const parts = [...pending.entries()];
    const request: StreamAppend[] = parts.map(([streamId, part]) => ({
      streamId,
      events: part.events,
      expectedRevision: part.expected === null ? 'no_stream' : part.expected,
    }));
    if (!options.prepareAhead || !store.prepareAppends)
      return { parts, send: () => store.appendToStreams(request) };
    try {
      const ready = store.prepareAppends(request);
      return { parts, send: () => ready.send() };
    } catch (error) {
      return { parts, send: () => Promise.reject(error) };
    }
  };
  /** Records each command's positions from a written append. */
  const record = (parts: PreparedWrite['parts'], appended: readonly AppendResult[]) => {
    parts.forEach(([stream, part], i) => {
      const positions = appended[i]!.positions;
      let offset = 0;
      for (const [index, count] of part.owners) {
        offset += count;
        const position = positions[offset - 1]!;
        const result = results[index];
        if (result?.ok) {
          const own = positions.slice(offset - count, offset);
          results[index] = { ...result, duplicate: !appended[i]!.appended, position, positions: own };
          const item = items[index]!;
          const commands = cache.get(stream)!.commands;
          commands.set(item.envelope.commandId, {
            fingerprint: commands.get(item.envelope.commandId)?.fingerprint,
            position,
            events: [...result.events],
            positions: own,
          });
        }
      }
      const last = positions[positions.length - 1]!;
      if (lastPosition === null || last > lastPosition) lastPosition = last;
      if (appended[i]!.appended) appendedEvents += positions.length;
    });
  };
  const write = async (pending: Pending) => {
    const append = prepare(pending);
    record(append.parts, await append.send());
  };
  const skipped = items.length - prepared.length;

  // 3. Atomic: decide the whole batch first, as the appends will cut it, and write only when
  // nothing is refused; then write those appends in order, each one transaction. When a
  // concurrent writer moved a stream, what is not yet written is decided again (and, if that
  // refuses a command now, the batch stops: the appends already made stay).
  if (options.atomic) {
    if (results.some((r) => r && !r.ok)) return finish(results, null, 0, false);
    const plan = async (from: number) => {
      const appends: { start: number; end: number; pending: Pending }[] = [];
      for (let start = from; start < prepared.length; ) {
        const chunk = chunkFrom(start);
        await load(neededStreams(chunk));
        const { pending, decided } = decideChunk(chunk, cache, results, employee);
        appends.push({ start, end: start + decided, pending });
        start += decided;
        options.onProgress?.(start + skipped, items.length, 'deciding');
      }
      return appends;
    };
    const refused = () => results.some((r) => r && !r.ok);
    let appends = await plan(0);
    if (refused()) return finish(results, null, 0, false);
    // The next append is prepared (validated, serialised) while the current one is written,
    // and sent only after the current one committed: one append in flight at a time.
    let ahead: { next: number; append: PreparedWrite } | null = null;
    for (let attempt = 1, next = 0; next < appends.length; ) {
      const { start, end, pending } = appends[next]!;
      try {
        if (pending.size > 0) {
          const append = ahead?.next === next ? ahead.append : prepare(pending);
          ahead = null;
          const sent = append.send();
          // Its failure is handled below, once the next append is prepared.
          sent.catch(() => {});
          const following = appends[next + 1];
          if (options.prepareAhead && following && following.pending.size > 0) {
            // Let the driver put this append on the wire before the CPU work of the next.
            await new Promise((resolve) => setImmediate(resolve));
            ahead = { next: next + 1, append: prepare(following.pending) };
          }
          record(append.parts, await sent);
        }
        next++;
        options.onProgress?.(end + skipped, items.length, 'writing');
      } catch (error) {
        ahead = null;
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= maxAttempts) throw error;
        attempt++;
        // Forget every decision not yet written (its streams are read again), decide the rest anew.
        const rest = prepared.slice(start);
        for (const p of rest) results[p.index] = undefined;
        for (const stream of neededStreams(rest).keys()) cache.delete(stream);
        appends = await plan(start);
        next = 0;
        if (refused()) return finish(results, lastPosition, appendedEvents, lastPosition !== null);
      }
    }
    fillRepeats(prepared, cache, results);
    return finish(results, lastPosition, appendedEvents, true);
  }

  // 4. Otherwise decide and append chunk by chunk; refused commands are reported, the rest written.
  let next = 0;
  while (next < prepared.length) {
    const chunk = chunkFrom(next);
    for (let attempt = 1; ; attempt++) {
      await load(neededStreams(chunk));
      const { pending, touched, decided } = decideChunk(chunk, cache, results, employee);
      if (pending.size === 0) {
        next += decided;
        break;
      }
      try {
        await write(pending);
        next += decided;
        break;
      } catch (error) {
        // Undo this attempt's in-memory effects; reload the streams another writer moved.
        for (const [stream, before] of touched) cache.set(stream, before);
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= maxAttempts) throw error;
        for (const stream of neededStreams(chunk).keys()) cache.delete(stream);
        for (const p of chunk) results[p.index] = undefined;
      }
    }
    options.onProgress?.(Math.min(next, prepared.length) + skipped, items.length, 'writing');
  }
  fillRepeats(prepared, cache, results);
  return finish(results, lastPosition, appendedEvents, true);
}

type Pending = Map<string, { expected: bigint | null; events: NewEvent[]; owners: [number, number][] }>;

/** A prepared append: its parts (to record the positions) and how to send it. */
interface PreparedWrite {
  readonly parts: [string, { expected: bigint | null; events: NewEvent[]; owners: [number, number][] }][];
  send(): Promise<readonly AppendResult[]>;
}

/**
 * Decides commands of `chunk` in order against the cached streams (which must hold every
 * stream the chunk needs), updating the cache as it goes, until the events reach one
 * append's worth. Returns the events per stream, the streams' states before the chunk (to
 * undo it) and how many commands it decided.
 */
function decideChunk(
  chunk: readonly Prepared[],
  cache: Map<string, StreamState>,
  results: (BatchResult | undefined)[],
  employee: (id: string) => EmployeeContext,
): { pending: Pending; touched: Map<string, StreamState>; decided: number } {
  const pending: Pending = new Map();
  const touched = new Map<string, StreamState>();
  let decided = 0;
  let eventCount = 0;
  for (const p of chunk) {
    if (eventCount >= MAX_EVENTS_PER_APPEND) break;
    decided++;
    const entry = cache.get(p.route.stream)!;
    const verdict = decideCommand(p.command, p.fingerprint, entry, employee, p.route);
    if (verdict.kind === 'refused') {
      results[p.index] = { ok: false, error: verdict.error };
      continue;
    }
    if (verdict.kind === 'duplicate') {
      // A repeat inside the same append has no position yet: it is the earlier item's.
      const { seen } = verdict;
      results[p.index] = {
        ok: true,
        stream: p.route.stream,
        duplicate: true,
        position: seen.position < 0n ? null : seen.position,
        events: seen.events,
        positions: seen.positions,
      };
      continue;
    }
    const events = verdict.events;
    if (!touched.has(p.route.stream)) touched.set(p.route.stream, snapshot(entry));
    results[p.index] = {
      ok: true,
      stream: p.route.stream,
      duplicate: false,
      position: null,
      events,
      positions: [],
    };
    if (events.length === 0) continue;
    let part = pending.get(p.route.stream);
    if (!part) {
      part = { expected: entry.revision, events: [], owners: [] };
      pending.set(p.route.stream, part);
    }
    part.owners.push([p.index, events.length]);
    for (const [i, event] of events.entries()) {
      part.events.push({
        id: commandEventId(p.envelope.commandId, p.envelope.at, i),
        ...domainCodec.encode(event),
        metadata: {
          commandId: p.envelope.commandId,
          commandFingerprint: p.fingerprint,
          causationId: p.envelope.causationId ?? p.envelope.commandId,
          correlationId: p.envelope.correlationId ?? p.envelope.commandId,
          actor: p.envelope.actor,
          source: p.envelope.source,
        },
      });
    }
    eventCount += events.length;
    entry.state = verdict.state;
    entry.revision = (entry.revision ?? -1n) + BigInt(events.length);
    // Position unknown until appended; a repeat of the command inside the batch is a duplicate.
    entry.commands.set(p.envelope.commandId, {
      fingerprint: p.fingerprint,
      position: -1n,
      events: [...events],
      positions: [],
    });
  }
  return { pending, touched, decided };
}

function neededStreams(chunk: readonly Prepared[]): Map<string, RoutedDecider> {
  const needed = new Map<string, RoutedDecider>();
  for (const p of chunk) {
    needed.set(p.route.stream, p.route.decider);
    for (const id of p.route.employeeIds) needed.set(employeeStream(id), employeeDecider as never);
  }
  return needed;
}

function fold(decider: RoutedDecider, recorded: readonly RecordedEvent[]): StreamState {
  let state = decider.initialState;
  const commands = new Map<string, SeenCommand>();
  for (const r of recorded) {
    const event = domainCodec.decode(r);
    state = decider.evolve(state, event);
    const commandId = typeof r.metadata.commandId === 'string' ? r.metadata.commandId : undefined;
    if (commandId) {
      const fingerprint =
        typeof r.metadata.commandFingerprint === 'string' ? r.metadata.commandFingerprint : undefined;
      const seen = commands.get(commandId) ?? {
        fingerprint,
        position: r.position,
        events: [],
        positions: [],
      };
      seen.position = r.position;
      seen.events.push(event);
      seen.positions.push(r.position);
      commands.set(commandId, seen);
    }
  }
  return { state, revision: recorded.at(-1)?.revision ?? null, commands };
}

async function refuseReusedIds(
  store: EventStore,
  prepared: Prepared[],
  results: (BatchResult | undefined)[],
): Promise<void> {
  if (prepared.length === 0) return;
  const found = store.findCommands
    ? await store.findCommands(prepared.map((p) => p.envelope.commandId))
    : new Map<string, FoundCommand>();
  const inBatch = new Map<string, Prepared>();
  const refused = new Set<Prepared>();
  for (const p of prepared) {
    const id = p.envelope.commandId;
    const known = found.get(id);
    const earlier = inBatch.get(id);
    const elsewhere = known && known.streamId !== p.route.stream;
    const otherCommand = known?.fingerprint !== undefined && known.fingerprint !== p.fingerprint;
    const otherInBatch =
      earlier && (earlier.fingerprint !== p.fingerprint || earlier.route.stream !== p.route.stream);
    if (elsewhere || otherCommand || otherInBatch) {
      results[p.index] = { ok: false, error: commandIdReused(id) };
      refused.add(p);
    } else if (!earlier) inBatch.set(id, p);
  }
  if (refused.size === 0) return;
  const kept = prepared.filter((p) => !refused.has(p));
  prepared.splice(0, prepared.length, ...kept);
}

/**
 * A command repeated inside one append was answered before its positions were known: it gets
 * the positions the append gave the first one (the original result, as a later retry would).
 */
function fillRepeats(
  prepared: readonly Prepared[],
  cache: Map<string, StreamState>,
  results: (BatchResult | undefined)[],
): void {
  for (const p of prepared) {
    const result = results[p.index];
    if (!result?.ok || !result.duplicate || result.position !== null) continue;
    const seen = cache.get(p.route.stream)?.commands.get(p.envelope.commandId);
    if (seen && seen.position >= 0n) {
      results[p.index] = {
        ...result,
        position: seen.position,
        events: seen.events,
        positions: seen.positions,
      };
    }
  }
}

function snapshot(entry: StreamState): StreamState {
  return { state: entry.state, revision: entry.revision, commands: new Map(entry.commands) };
}

function finish(
  results: readonly (BatchResult | undefined)[],
  lastPosition: bigint | null,
  appendedEvents: number,
  written: boolean,
): BatchOutcome {
  const final = results.map((r) => r!);
  return {
    results: final,
    written,
    lastPosition,
    accepted: final.filter((r) => r.ok).length,
    refused: final.filter((r) => !r.ok).length,
    duplicates: final.filter((r) => r.ok && r.duplicate).length,
    appendedEvents,
  };
}
