/**
 * A protocol test double of EventStoreDB for the adapter's tests — NOT an event store.
 *
 * It is an in-process gRPC server on 127.0.0.1, built with `@grpc/grpc-js` from the service
 * definitions that `@eventstore/db-client` ships in `generated/`, so the real client library
 * talks to it over real HTTP/2. It keeps events in memory and speaks the part of the protocol
 * the adapter uses, as EventStoreDB 24.10 does:
 *
 * - `ServerFeatures.GetSupportedMethods` (advertises `Streams.BatchAppend`, so the client
 *   appends the way it does against a real server; `{ batchAppend: false }` makes it fall back
 *   to `Streams.Append`, which is served as well);
 * - `Streams.Append` and `Streams.BatchAppend`: expected revision any / no_stream /
 *   stream_exists / exact, wrong-expected-version results shaped like the server's, atomic
 *   multi-event appends;
 * - `Streams.Read` of one stream (forward/backward, from a revision or start/end, count,
 *   stream-not-found) and of `$all` (forward/backward from a position or start/end, count,
 *   filter on event type or stream name by regex or prefixes);
 * - `Streams.Read` subscriptions to `$all`: confirmation, catch-up strictly after the given
 *   position, the filter, checkpoints every `32 × checkpointIntervalMultiplier` considered
 *   events and at the end of catch-up, a `CaughtUp` message, then live events — sent with
 *   backpressure (the server writes only while the call is writable);
 * - positions shaped like EventStoreDB's: byte offsets that grow by each event's size, with
 *   `commit == prepare` for every event (what self-committed gRPC appends produce), and a few
 *   `$`-system events in `$all` (`$statsCollected` in `$stats-…`, `$settings`).
 *
 * What it does NOT emulate — do not read more into a passing test than this allows:
 * - clustering: gossip, elections, followers, read-only replicas, `NotLeader` redirects
 *   (only the error a follower returns can be injected with {@link failSubscriptions});
 * - authentication, authorisation, ACLs and TLS (it listens insecure, without users);
 * - persistent subscriptions, projections (system or user), `$by_*`/`$ce-` link streams,
 *   `resolveLinkTos` (links are never produced);
 * - deletes, tombstones, truncation (`$tb`), `$maxAge`/`$maxCount`, scavenging, stream
 *   metadata streams (`$$…`), soft-delete undelete;
 * - system events beyond the few it emits, `$epoch`, `$scavenges`, `$users`, …;
 * - EventStoreDB's own event-id idempotency for re-sent appends (the adapter does not rely on
 *   it; see `../store.ts`), explicit transactions, `MaxAppendSize` / `MaxAppendEventSize`
 *   limits, deadlines sent by the client, `requires-leader`;
 * - stream reads' `FirstStreamPosition`/`LastStreamPosition` messages, `FellBehind`, and the
 *   server's live-subscription queue that drops a slow subscriber back to catch-up;
 * - Gossip, Operations, Users, Monitoring, Projections and PersistentSubscriptions services
 *   (calls to them fail with UNIMPLEMENTED), durability (a restart keeps data only because
 *   {@link EsdbTestServer.restart} keeps this object's memory).
 *
 * Failure hooks for tests: {@link EsdbTestServer.stop} / {@link EsdbTestServer.start}
 * (stop and restart on the same port), {@link EsdbTestServer.failSubscriptions} (end every
 * open subscription with UNAVAILABLE, CANCELLED or not-leader), {@link EsdbTestServer.stallSubscriptions}
 * (keep subscriptions open but silently stop sending to them).
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as ServerFeaturesGrpc from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import type * as ServerFeaturesPb from '@eventstore/db-client/generated/serverfeatures_pb';
import type * as SharedPb from '@eventstore/db-client/generated/shared_pb';
import type * as StatusPb from '@eventstore/db-client/generated/status_pb';
import type * as StreamsGrpc from '@eventstore/db-client/generated/streams_grpc_pb';
import type * as StreamsPb from '@eventstore/db-client/generated/streams_pb';
import * as grpc from '@grpc/grpc-js';

const clientRequire = createRequire(createRequire(import.meta.url).resolve('@eventstore/db-client'));
const streamsPb: typeof StreamsPb = clientRequire('../generated/streams_pb');
const streamsGrpc: typeof StreamsGrpc = clientRequire('../generated/streams_grpc_pb');
const sharedPb: typeof SharedPb = clientRequire('../generated/shared_pb');
const statusPb: typeof StatusPb = clientRequire('../generated/status_pb');
const featuresPb: typeof ServerFeaturesPb = clientRequire('../generated/serverfeatures_pb');
const featuresGrpc: typeof ServerFeaturesGrpc = clientRequire('../generated/serverfeatures_grpc_pb');
const { Any } = clientRequire('google-protobuf/google/protobuf/any_pb') as {
  Any: { new (): { pack(bytes: Uint8Array, name: string): void } };
};
const googleEmpty = clientRequire('google-protobuf/google/protobuf/empty_pb') as {
  Empty: new () => unknown;
};

type ReadReq = StreamsPb.ReadReq;
type ReadResp = StreamsPb.ReadResp;
type Options = StreamsPb.ReadReq.Options;
const Direction = streamsPb.ReadReq.Options.ReadDirection;

export interface StoredEvent {
  readonly streamId: string;
  readonly revision: bigint;
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly metadata: Uint8Array;
  /** .NET ticks (100 ns) since the Unix epoch, as the server sends `created`. */
  readonly created: bigint;
  readonly position: bigint;
}

export interface EsdbTestServerOptions {
  /** Port to listen on; 0 (default) picks a free one, kept across restarts. */
  readonly port?: number;
  /** Advertise `Streams.BatchAppend` (default true, like every server since 21.10). */
  readonly batchAppend?: boolean;
}

type Expected = { kind: 'any' | 'no_stream' | 'stream_exists' } | { kind: 'revision'; revision: bigint };
type AppendOutcome =
  | { ok: true; revision: bigint; position: bigint }
  | { ok: false; current: bigint | null; expected: Expected };

interface Filter {
  readonly on: 'type' | 'stream';
  readonly regex?: RegExp;
  readonly prefixes?: readonly string[];
  readonly checkpointEvery: number;
}

interface LiveSub {
  readonly call: grpc.ServerWritableStream<ReadReq, ReadResp>;
  stalled: boolean;
  closed: boolean;
  wake?: () => void;
}

const CHECKPOINT_WINDOW = 32;

export class EsdbTestServer {
  private server: grpc.Server | undefined;
  private readonly log: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private nextPosition = 1_024n;
  private readonly subscriptions = new Set<LiveSub>();
  private boundPort: number;
  private readonly batchAppend: boolean;
  /** How many subscriptions were opened (tests use it to see resubscriptions). */
  subscriptionsOpened = 0;
  /** How many events subscriptions have handed to gRPC (tests use it to see backpressure). */
  eventsSent = 0;

  constructor(options: EsdbTestServerOptions = {}) {
    this.boundPort = options.port ?? 0;
    this.batchAppend = options.batchAppend ?? true;
    this.writeSystemEvent('$settings', '$settings', { $userStreamAcl: {}, $systemStreamAcl: {} });
    this.writeSystemEvent('$stats-127.0.0.1:2113', '$statsCollected', { 'proc-cpu': 1.5 });
  }

  get port(): number {
    return this.boundPort;
  }

  get connectionString(): string {
    return `esdb://127.0.0.1:${this.boundPort}?tls=false`;
  }

  /** Everything in `$all`, system events included. */
  get events(): readonly StoredEvent[] {
    return this.log;
  }

  async start(): Promise<this> {
    if (this.server) return this;
    const server = new grpc.Server({ 'grpc.max_receive_message_length': 32 * 1024 * 1024 });
    server.addService(streamsGrpc.StreamsService, {
      read: (call: grpc.ServerWritableStream<ReadReq, ReadResp>) => this.read(call),
      append: (
        call: grpc.ServerReadableStream<StreamsPb.AppendReq, StreamsPb.AppendResp>,
        callback: grpc.sendUnaryData<StreamsPb.AppendResp>,
      ) => this.append(call, callback),
      batchAppend: (call: grpc.ServerDuplexStream<StreamsPb.BatchAppendReq, StreamsPb.BatchAppendResp>) =>
        this.batchAppendCall(call),
      delete: unimplemented,
      tombstone: unimplemented,
    } as unknown as grpc.UntypedServiceImplementation);
    server.addService(featuresGrpc.ServerFeaturesService, {
      getSupportedMethods: (
        _call: unknown,
        callback: grpc.sendUnaryData<ServerFeaturesPb.SupportedMethods>,
      ) => callback(null, this.supportedMethods()),
    } as unknown as grpc.UntypedServiceImplementation);
    this.boundPort = await new Promise<number>((resolve, reject) =>
      server.bindAsync(
        `127.0.0.1:${this.boundPort}`,
        grpc.ServerCredentials.createInsecure(),
        (error, port) => (error ? reject(error) : resolve(port)),
      ),
    );
    this.server = server;
    return this;
  }

  /** Stops at once, like a crashed node: open calls fail with UNAVAILABLE on the client. Data is kept. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const sub of this.subscriptions) this.closeSub(sub);
    server.forceShutdown();
  }

  /** Stop, then listen again on the same port with the same events. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Ends every open subscription with the given error, as a node that shuts down or loses leadership does. */
  failSubscriptions(kind: 'unavailable' | 'cancelled' | 'not-leader'): void {
    for (const sub of this.subscriptions) {
      const metadata = new grpc.Metadata();
      let code = grpc.status.UNAVAILABLE;
      if (kind === 'cancelled') code = grpc.status.CANCELLED;
      if (kind === 'not-leader') {
        code = grpc.status.NOT_FOUND;
        metadata.set('exception', 'not-leader');
        metadata.set('leader-endpoint-host', '127.0.0.1');
        metadata.set('leader-endpoint-port', String(this.boundPort));
      }
      this.closeSub(sub);
      sub.call.emit('error', { code, details: `test server: ${kind}`, metadata });
    }
  }

  /** Keeps every open subscription connected but sends nothing more on it (a silent stall). */
  stallSubscriptions(): void {
    for (const sub of this.subscriptions) sub.stalled = true;
  }

  /** Appends a `$`-typed event to a `$` stream, as the server itself does. */
  writeSystemEvent(streamId: string, type: string, data: object): StoredEvent {
    this.write(streamId, { kind: 'any' }, [
      {
        id: randomUUID(),
        type,
        contentType: 'application/json',
        data: Buffer.from(JSON.stringify(data)),
        metadata: new Uint8Array(),
      },
    ]);
    return this.log[this.log.length - 1]!;
  }

  // --- storage -------------------------------------------------------------------------------

  private write(
    streamId: string,
    expected: Expected,
    events: Omit<StoredEvent, 'streamId' | 'revision' | 'created' | 'position'>[],
  ): AppendOutcome {
    const stream = this.streams.get(streamId);
    const current = stream && stream.length > 0 ? BigInt(stream.length - 1) : null;
    const ok =
      expected.kind === 'any' ||
      (expected.kind === 'no_stream' && current === null) ||
      (expected.kind === 'stream_exists' && current !== null) ||
      (expected.kind === 'revision' && current === expected.revision);
    if (!ok) return { ok: false, current, expected };
    const target = stream ?? [];
    this.streams.set(streamId, target);
    const created = BigInt(Date.now()) * 10_000n;
    for (const e of events) {
      const position = this.nextPosition;
      // A prepare record: header + names + payloads, as a byte offset grows in the log.
      this.nextPosition +=
        96n +
        BigInt(Buffer.byteLength(streamId) + Buffer.byteLength(e.type) + e.data.length + e.metadata.length);
      const stored: StoredEvent = { ...e, streamId, revision: BigInt(target.length), created, position };
      target.push(stored);
      this.log.push(stored);
    }
    for (const sub of this.subscriptions) sub.wake?.();
    return {
      ok: true,
      revision: BigInt(target.length - 1),
      position: this.log[this.log.length - 1]!.position,
    };
  }

  // --- Streams.Append ------------------------------------------------------------------------

  private append(
    call: grpc.ServerReadableStream<StreamsPb.AppendReq, StreamsPb.AppendResp>,
    callback: grpc.sendUnaryData<StreamsPb.AppendResp>,
  ): void {
    let options: StreamsPb.AppendReq.Options | undefined;
    const proposed: StreamsPb.AppendReq.ProposedMessage[] = [];
    call.on('data', (req: StreamsPb.AppendReq) => {
      if (req.hasOptions()) options = req.getOptions();
      else if (req.hasProposedMessage()) proposed.push(req.getProposedMessage()!);
    });
    call.on('error', () => {});
    call.on('end', () => {
      if (!options) return callback({ code: grpc.status.INVALID_ARGUMENT, details: 'missing options' });
      const streamId = streamName(options.getStreamIdentifier());
      let expected: Expected = { kind: 'any' };
      if (options.hasNoStream()) expected = { kind: 'no_stream' };
      else if (options.hasStreamExists()) expected = { kind: 'stream_exists' };
      else if (options.hasRevision())
        expected = { kind: 'revision', revision: BigInt(options.getRevision()) };
      const outcome = this.write(streamId, expected, proposed.map(toNewEvent));
      const resp = new streamsPb.AppendResp();
      if (outcome.ok) {
        const success = new streamsPb.AppendResp.Success();
        success.setCurrentRevision(outcome.revision.toString());
        const position = new streamsPb.AppendResp.Position();
        position.setCommitPosition(outcome.position.toString());
        position.setPreparePosition(outcome.position.toString());
        success.setPosition(position);
        resp.setSuccess(success);
      } else {
        const wrong = new streamsPb.AppendResp.WrongExpectedVersion();
        if (outcome.current === null) wrong.setCurrentNoStream(new sharedPb.Empty());
        else wrong.setCurrentRevision(outcome.current.toString());
        if (expected.kind === 'revision') wrong.setExpectedRevision(expected.revision.toString());
        else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(new sharedPb.Empty());
        else if (expected.kind === 'stream_exists') wrong.setExpectedStreamExists(new sharedPb.Empty());
        else wrong.setExpectedAny(new sharedPb.Empty());
        resp.setWrongExpectedVersion(wrong);
      }
      callback(null, resp);
    });
  }

  // --- Streams.BatchAppend -------------------------------------------------------------------

  private batchAppendCall(
    call: grpc.ServerDuplexStream<StreamsPb.BatchAppendReq, StreamsPb.BatchAppendResp>,
  ): void {
    const pending = new Map<
      string,
      { options: StreamsPb.BatchAppendReq.Options; messages: StreamsPb.BatchAppendReq.ProposedMessage[] }
    >();
    call.on('error', () => {});
    call.on('end', () => call.end());
    call.on('data', (req: StreamsPb.BatchAppendReq) => {
      const correlation = uuidString(req.getCorrelationId());
      let batch = pending.get(correlation);
      if (!batch) {
        const options = req.getOptions();
        if (!options) return;
        batch = { options, messages: [] };
        pending.set(correlation, batch);
      }
      batch.messages.push(...req.getProposedMessagesList());
      if (!req.getIsFinal()) return;
      pending.delete(correlation);
      const { options, messages } = batch;
      const streamId = streamName(options.getStreamIdentifier());
      let expected: Expected = { kind: 'any' };
      if (options.hasNoStream()) expected = { kind: 'no_stream' };
      else if (options.hasStreamExists()) expected = { kind: 'stream_exists' };
      else if (options.hasStreamPosition())
        expected = { kind: 'revision', revision: BigInt(options.getStreamPosition()) };
      const outcome = this.write(streamId, expected, messages.map(toNewEvent));
      const resp = new streamsPb.BatchAppendResp();
      resp.setCorrelationId(req.getCorrelationId());
      resp.setStreamIdentifier(options.getStreamIdentifier());
      if (outcome.ok) {
        const success = new streamsPb.BatchAppendResp.Success();
        success.setCurrentRevision(outcome.revision.toString());
        const position = new sharedPb.AllStreamPosition();
        position.setCommitPosition(outcome.position.toString());
        position.setPreparePosition(outcome.position.toString());
        success.setPosition(position);
        resp.setSuccess(success);
      } else {
        const details = new sharedPb.WrongExpectedVersion();
        if (outcome.current === null) details.setCurrentNoStream(new googleEmpty.Empty() as never);
        else details.setCurrentStreamRevision(outcome.current.toString());
        if (expected.kind === 'revision') details.setExpectedStreamPosition(expected.revision.toString());
        else if (expected.kind === 'no_stream') details.setExpectedNoStream(new googleEmpty.Empty() as never);
        else if (expected.kind === 'stream_exists')
          details.setExpectedStreamExists(new googleEmpty.Empty() as never);
        else details.setExpectedAny(new googleEmpty.Empty() as never);
        const any = new Any();
        any.pack(details.serializeBinary(), 'event_store.client.WrongExpectedVersion');
        const status = new statusPb.Status();
        status.setCode(9 as never); // FAILED_PRECONDITION, as the server sends it
        status.setMessage('WrongExpectedVersion');
        status.setDetails(any as never);
        resp.setError(status);
      }
      call.write(resp);
    });
  }

  // --- Streams.Read --------------------------------------------------------------------------

  private read(call: grpc.ServerWritableStream<ReadReq, ReadResp>): void {
    const options = call.request.getOptions();
    if (!options) {
      call.emit('error', { code: grpc.status.INVALID_ARGUMENT, details: 'missing options' });
      return;
    }
    if (options.hasSubscription()) {
      if (!options.hasAll()) {
        call.emit('error', {
          code: grpc.status.UNIMPLEMENTED,
          details: 'stream subscriptions are not emulated',
        });
        return;
      }
      void this.subscribe(call, options);
      return;
    }
    const count = Number(BigInt(options.getCount()));
    const backward = options.getReadDirection() === Direction.BACKWARDS;
    if (options.hasStream()) {
      const stream = options.getStream()!;
      const streamId = streamName(stream.getStreamIdentifier());
      const events = this.streams.get(streamId);
      if (!events) {
        const resp = new streamsPb.ReadResp();
        const notFound = new streamsPb.ReadResp.StreamNotFound();
        notFound.setStreamIdentifier(stream.getStreamIdentifier());
        resp.setStreamNotFound(notFound);
        call.write(resp);
        call.end();
        return;
      }
      let selected: StoredEvent[];
      if (backward) {
        const from = stream.hasRevision() ? Number(BigInt(stream.getRevision())) : events.length - 1;
        selected = events.slice(0, Math.min(from, events.length - 1) + 1).reverse();
      } else {
        const from = stream.hasRevision() ? Number(BigInt(stream.getRevision())) : 0;
        selected = events.slice(from);
      }
      for (const e of selected.slice(0, count)) call.write(eventResp(e));
      call.end();
      return;
    }
    const all = options.getAll()!;
    const filter = readFilter(options);
    let selected: StoredEvent[];
    if (backward) {
      const before = all.hasPosition() ? BigInt(all.getPosition()!.getCommitPosition()) : undefined;
      selected = this.log.filter((e) => before === undefined || e.position < before).reverse();
    } else {
      const from = all.hasPosition() ? BigInt(all.getPosition()!.getCommitPosition()) : 0n;
      selected = this.log.filter((e) => e.position >= from);
    }
    let sent = 0;
    for (const e of selected) {
      if (sent >= count) break;
      if (filter && !matches(filter, e)) continue;
      call.write(eventResp(e));
      sent++;
    }
    call.end();
  }

  private async subscribe(
    call: grpc.ServerWritableStream<ReadReq, ReadResp>,
    options: Options,
  ): Promise<void> {
    const all = options.getAll()!;
    const filter = readFilter(options);
    const sub: LiveSub = { call, stalled: false, closed: false };
    this.subscriptions.add(sub);
    this.subscriptionsOpened++;
    call.on('cancelled', () => this.closeSub(sub));
    call.on('error', () => this.closeSub(sub));
    call.on('close', () => this.closeSub(sub));

    // Exclusive start: the first event sent is the first one after the given position.
    let index = 0;
    if (all.hasEnd()) index = this.log.length;
    else if (all.hasPosition()) {
      const after = BigInt(all.getPosition()!.getCommitPosition());
      while (index < this.log.length && this.log[index]!.position <= after) index++;
    }
    const confirmation = new streamsPb.ReadResp();
    const confirmed = new streamsPb.ReadResp.SubscriptionConfirmation();
    confirmed.setSubscriptionId(randomUUID());
    confirmation.setConfirmation(confirmed);
    if (!(await this.send(sub, confirmation))) return;

    let considered = 0;
    let caughtUp = false;
    while (!sub.closed) {
      if (sub.stalled) {
        await new Promise<void>((resolve) => {
          sub.wake = resolve;
        });
        continue;
      }
      const event = this.log[index];
      if (!event) {
        if (filter && considered > 0) {
          considered = 0;
          if (!(await this.send(sub, checkpointResp(this.log[index - 1]!.position)))) return;
        }
        if (!caughtUp) {
          caughtUp = true;
          const resp = new streamsPb.ReadResp();
          resp.setCaughtUp(new streamsPb.ReadResp.CaughtUp());
          if (!(await this.send(sub, resp))) return;
        }
        await new Promise<void>((resolve) => {
          sub.wake = resolve;
          if (this.log[index] || sub.closed) resolve();
        });
        sub.wake = undefined;
        continue;
      }
      index++;
      considered++;
      if (!filter || matches(filter, event)) {
        this.eventsSent++;
        if (!(await this.send(sub, eventResp(event)))) return;
      }
      if (filter && considered >= filter.checkpointEvery) {
        considered = 0;
        if (!(await this.send(sub, checkpointResp(event.position)))) return;
      }
    }
  }

  /** Writes one message, waiting while the client applies backpressure; false when the call is gone. */
  private async send(sub: LiveSub, resp: ReadResp): Promise<boolean> {
    if (sub.closed) return false;
    if (!sub.call.write(resp)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          sub.call.off('drain', done);
          sub.wake = undefined;
          resolve();
        };
        sub.call.on('drain', done);
        sub.wake = () => {
          if (sub.closed) done();
        };
      });
    }
    return !sub.closed;
  }

  private closeSub(sub: LiveSub): void {
    if (sub.closed) return;
    sub.closed = true;
    this.subscriptions.delete(sub);
    sub.wake?.();
  }

  private supportedMethods(): ServerFeaturesPb.SupportedMethods {
    const methods = new featuresPb.SupportedMethods();
    methods.setEventStoreServerVersion('24.10.0-trackrecord-test-double');
    const add = (service: string, method: string) => {
      const m = new featuresPb.SupportedMethod();
      m.setServiceName(service);
      m.setMethodName(method);
      methods.addMethods(m);
    };
    add('event_store.client.streams.streams', 'read');
    add('event_store.client.streams.streams', 'append');
    if (this.batchAppend) add('event_store.client.streams.streams', 'batchappend');
    add('event_store.client.server_features.serverfeatures', 'getsupportedmethods');
    return methods;
  }
}

function unimplemented(_call: unknown, callback?: grpc.sendUnaryData<unknown>): void {
  callback?.({ code: grpc.status.UNIMPLEMENTED, details: 'not emulated by the test server' });
}

function streamName(identifier: SharedPb.StreamIdentifier | undefined): string {
  return Buffer.from(identifier?.getStreamName_asU8() ?? new Uint8Array()).toString('utf8');
}

function uuidString(uuid: SharedPb.UUID | undefined): string {
  if (!uuid) return '';
  if (uuid.hasStructured()) {
    const s = uuid.getStructured()!;
    const hex =
      BigInt.asUintN(64, BigInt(s.getMostSignificantBits())).toString(16).padStart(16, '0') +
      BigInt.asUintN(64, BigInt(s.getLeastSignificantBits())).toString(16).padStart(16, '0');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  return uuid.getString();
}

function toNewEvent(
  message: StreamsPb.AppendReq.ProposedMessage | StreamsPb.BatchAppendReq.ProposedMessage,
): Omit<StoredEvent, 'streamId' | 'revision' | 'created' | 'position'> {
  const meta = message.getMetadataMap();
  return {
    id: uuidString(message.getId()).toLowerCase(),
    type: meta.get('type') ?? '',
    contentType: meta.get('content-type') ?? 'application/octet-stream',
    data: message.getData_asU8(),
    metadata: message.getCustomMetadata_asU8(),
  };
}

function readFilter(options: Options): Filter | undefined {
  if (!options.hasFilter()) return undefined;
  const f = options.getFilter()!;
  const expression = f.hasEventType() ? f.getEventType()! : f.getStreamIdentifier()!;
  const regex = expression.getRegex();
  const window = f.hasMax() ? f.getMax() : CHECKPOINT_WINDOW;
  return {
    on: f.hasEventType() ? 'type' : 'stream',
    ...(regex ? { regex: new RegExp(regex) } : { prefixes: expression.getPrefixList() }),
    checkpointEvery: Math.max(1, window * Math.max(1, f.getCheckpointintervalmultiplier())),
  };
}

function matches(filter: Filter, event: StoredEvent): boolean {
  const subject = filter.on === 'type' ? event.type : event.streamId;
  if (filter.regex) return filter.regex.test(subject);
  return (filter.prefixes ?? []).some((p) => subject.startsWith(p));
}

function eventResp(e: StoredEvent): ReadResp {
  const recorded = new streamsPb.ReadResp.ReadEvent.RecordedEvent();
  const id = new sharedPb.UUID();
  id.setString(e.id);
  recorded.setId(id);
  const identifier = new sharedPb.StreamIdentifier();
  identifier.setStreamName(Buffer.from(e.streamId, 'utf8'));
  recorded.setStreamIdentifier(identifier);
  recorded.setStreamRevision(e.revision.toString());
  recorded.setCommitPosition(e.position.toString());
  recorded.setPreparePosition(e.position.toString());
  const meta = recorded.getMetadataMap();
  meta.set('type', e.type);
  meta.set('content-type', e.contentType);
  meta.set('created', e.created.toString());
  recorded.setData(e.data);
  recorded.setCustomMetadata(e.metadata);
  const read = new streamsPb.ReadResp.ReadEvent();
  read.setEvent(recorded);
  // Like the server: the event's commit position, on $all reads and (since 22.6) on stream reads.
  read.setCommitPosition(e.position.toString());
  const resp = new streamsPb.ReadResp();
  resp.setEvent(read);
  return resp;
}

function checkpointResp(position: bigint): ReadResp {
  const checkpoint = new streamsPb.ReadResp.Checkpoint();
  checkpoint.setCommitPosition(position.toString());
  checkpoint.setPreparePosition(position.toString());
  const resp = new streamsPb.ReadResp();
  resp.setCheckpoint(checkpoint);
  return resp;
}
