/**
 * Reads of `$all` with EventStoreDB's server-side filter.
 *
 * `@eventstore/db-client` 6.x offers the filter on `subscribeToAll` only; its `readAll` always
 * sends `no_filter`, although the server's `Streams.Read` accepts a filter for plain reads too
 * (`ReadAllForwardsFiltered` / `ReadAllBackwardsFiltered`). This module sends that request
 * through the client's own connection — its channel, node selection and reconnection — using
 * the two extension points the client declares `protected` for exactly this
 * (`GRPCStreamCreator`, `callArguments`) and the protobuf classes it ships in `generated/`.
 *
 * If a future client drops those members, {@link filteredReadAll} fails with a message that
 * points here (the spec suite would catch it on upgrade). `@kurrent/kurrentdb-client` accepts
 * `filter` on `readAll`, which makes this module unnecessary after the move.
 */
import { createRequire } from 'node:module';
import type { EventStoreDBClient, ResolvedEvent } from '@eventstore/db-client';
import { convertToCommandError } from '@eventstore/db-client';
import type * as SharedPb from '@eventstore/db-client/generated/shared_pb';
import type * as StreamsGrpc from '@eventstore/db-client/generated/streams_grpc_pb';
import type * as StreamsPb from '@eventstore/db-client/generated/streams_pb';
import type { CallOptions, Metadata } from '@grpc/grpc-js';
import { isSystemEventType } from './encoding.ts';
import type { EsdbPosition } from './position.ts';

const require = createRequire(import.meta.url);
const streamsPb: typeof StreamsPb = require('@eventstore/db-client/generated/streams_pb');
const sharedPb: typeof SharedPb = require('@eventstore/db-client/generated/shared_pb');
const streamsGrpc: typeof StreamsGrpc = require('@eventstore/db-client/generated/streams_grpc_pb');
const { convertGrpcEvent } = require('@eventstore/db-client/dist/utils/convertGrpcEvent') as {
  convertGrpcEvent: (event: StreamsPb.ReadResp.ReadEvent) => ResolvedEvent;
};

/** The regular expression of the client's `excludeSystemEvents()` filter, on event types. */
export const NON_SYSTEM_EVENT_TYPE = '^[^$].*';

type GrpcStreamsClient = InstanceType<typeof StreamsGrpc.StreamsClient>;
interface ClientInternals {
  GRPCStreamCreator: (
    Client: typeof StreamsGrpc.StreamsClient,
    debugName: string,
    creator: (client: GrpcStreamsClient) => AsyncIterable<StreamsPb.ReadResp> & { cancel(): void },
  ) => () => Promise<AsyncIterable<StreamsPb.ReadResp> & { cancel(): void }>;
  callArguments: (options: object, callOptions?: CallOptions) => [Metadata, CallOptions];
}

function internals(client: EventStoreDBClient): ClientInternals | undefined {
  const c = client as unknown as Partial<ClientInternals>;
  return typeof c.GRPCStreamCreator === 'function' && typeof c.callArguments === 'function'
    ? (c as ClientInternals)
    : undefined;
}

export interface FilteredReadOptions {
  readonly direction: 'forwards' | 'backwards';
  /** Inclusive start; `start`/`end` of `$all` when omitted. */
  readonly from?: EsdbPosition;
  readonly maxCount: number;
  /** Only events of these types (left out: every non-system event). */
  readonly types?: readonly string[];
}

/** Non-system events of `$all`, filtered on the server. */
export async function filteredReadAll(
  client: EventStoreDBClient,
  options: FilteredReadOptions,
): Promise<ResolvedEvent[]> {
  const inner = internals(client);
  if (!inner) {
    throw new Error(
      'this version of @eventstore/db-client no longer exposes GRPCStreamCreator/callArguments; ' +
        'filtered $all reads need updating (see packages/eventstore/src/esdb/filteredRead.ts)',
    );
  }
  const req = new streamsPb.ReadReq();
  const opts = new streamsPb.ReadReq.Options();
  const all = new streamsPb.ReadReq.Options.AllOptions();
  if (options.from) {
    const pos = new streamsPb.ReadReq.Options.Position();
    pos.setCommitPosition(options.from.commit.toString());
    pos.setPreparePosition(options.from.prepare.toString());
    all.setPosition(pos);
  } else if (options.direction === 'forwards') {
    all.setStart(new sharedPb.Empty());
  } else {
    all.setEnd(new sharedPb.Empty());
  }
  opts.setAll(all);
  opts.setReadDirection(
    options.direction === 'forwards'
      ? streamsPb.ReadReq.Options.ReadDirection.FORWARDS
      : streamsPb.ReadReq.Options.ReadDirection.BACKWARDS,
  );
  opts.setResolveLinks(false);
  opts.setCount(String(options.maxCount));
  const uuid = new streamsPb.ReadReq.Options.UUIDOption();
  uuid.setString(new sharedPb.Empty());
  opts.setUuidOption(uuid);
  const expression = new streamsPb.ReadReq.Options.FilterOptions.Expression();
  expression.setRegex(
    options.types
      ? `^(?:${options.types.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`
      : NON_SYSTEM_EVENT_TYPE,
  );
  const filter = new streamsPb.ReadReq.Options.FilterOptions();
  filter.setEventType(expression);
  // Count window: the server keeps scanning until it has `maxCount` matching events or reaches the end.
  filter.setCount(new sharedPb.Empty());
  filter.setCheckpointintervalmultiplier(1);
  opts.setFilter(filter);
  req.setOptions(opts);

  const create = inner.GRPCStreamCreator(streamsGrpc.StreamsClient, 'readAll', (grpc) =>
    grpc.read(req, ...inner.callArguments({}, { deadline: Number.POSITIVE_INFINITY })),
  );
  const events: ResolvedEvent[] = [];
  try {
    const call = await create();
    for await (const resp of call) {
      if (!resp.hasEvent()) continue;
      const resolved = convertGrpcEvent(resp.getEvent()!);
      if (resolved.event && !isSystemEventType(resolved.event.type)) events.push(resolved);
    }
  } catch (error) {
    throw convertToCommandError(error as Error);
  }
  return events;
}
