import { DomainError } from '@trackrecord/domain';
import type { EventStore, RecordedEvent } from '@trackrecord/eventstore';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../database.ts';
import { advanceCheckpoint, readCheckpoint } from '../runner/checkpoints.ts';
import {
  aborted,
  HANDLER_ATTEMPTS,
  isTransient,
  messageOf,
  ProjectionHandlerError,
  type ProjectionStuck,
  recordFailure,
  resolveFailures,
} from '../runner/failures.ts';
import { acquireLease, sleep } from '../runner/lease.ts';

/** A command a reactor wants dispatched (validated and decided by the command bus, like any other). */
export interface ReactorCommand {
  readonly type: string;
  readonly data: Record<string, unknown>;
}

/** What the command bus needs besides the command: ids and times are deterministic in the trigger. */
export interface ReactionMeta {
  /**
   * Derived from what triggered the reaction (an event id, or the identity of a state such as
   * "person p behind target in period m"), never random: re-dispatching after a replay or a
   * restart sends the same command id, which the command handler answers with the events it
   * already appended.
   */
  readonly commandId: string;
  /** Business time of the trigger; also the time part of the event ids the command produces. */
  readonly at: Date;
  readonly actor: string;
  readonly source: 'reactor';
  /** The event that caused it. */
  readonly causationId: string;
  readonly correlationId: string;
}

/** The command bus as a reactor sees it (the api wires `dispatch` from `commands/bus.ts`). */
export type Dispatch = (
  command: ReactorCommand,
  meta: ReactionMeta,
) => Promise<{ readonly duplicate: boolean; readonly events: readonly unknown[] }>;

/** What one dispatch did: its result, or the domain's refusal. */
export type DispatchManyResult =
  | { readonly duplicate: boolean; readonly events: readonly unknown[] }
  | { readonly refused: DomainError };

/**
 * The command bus taking many reactions at once (the api wires `dispatchBatch`): each is
 * decided in order, as one dispatch after the other would be, and refused or written on its
 * own; one result per item, in order. A failure that is not a refusal (the store) is thrown.
 */
export type DispatchMany = (
  items: readonly { readonly command: ReactorCommand; readonly meta: ReactionMeta }[],
) => Promise<readonly DispatchManyResult[]>;

/** One reaction: a command, its deterministic id, and the event that triggered it. */
export interface Reaction {
  readonly command: ReactorCommand;
  readonly commandId: string;
  readonly at: string;
  readonly trigger: { readonly eventId: string; readonly position: bigint };
}

/**
 * A rule turns events (and the read-model state they produced) into commands. `readsFrom`
 * names the projections whose tables `react` reads: the reactor waits until their checkpoints
 * have passed the batch, so it never acts on a state older than the events that triggered it.
 */
export interface ReactorRule {
  readonly name: string;
  /** Event types that can trigger the rule; all when omitted. */
  readonly eventTypes?: readonly string[];
  readonly readsFrom?: readonly string[];
  react(db: Kysely<Database>, events: readonly RecordedEvent[]): Promise<Reaction[]>;
}

export interface ReactorOptions {
  readonly batchSize?: number;
  /** How long to wait for a read model a rule reads before trying again (ms). */
  readonly pollMs?: number;
  /** Give up waiting for a read model after this long (ms) and retry the batch later. */
  readonly waitTimeoutMs?: number;
  readonly leaseRetryMs?: number;
  readonly log?: (line: string) => void;
  /**
   * Dispatches a rule's reactions to a batch together (at most `DISPATCH_CHUNK` per call)
   * instead of one command after the other. On a first start over a long history one batch
   * can raise thousands of alerts (every month a person was behind target): one at a time,
   * that took two minutes on the demo, with the reactor's position standing still.
   */
  readonly dispatchMany?: DispatchMany;
}

/** A dispatch as `projections.reactor_log` records it. */
interface LogRow {
  readonly reaction: Reaction;
  readonly outcome: DispatchOutcome;
  readonly error: string | null;
}

/** Reactions dispatched per `dispatchMany` call. */
export const DISPATCH_CHUNK = 500;

/** What `/readyz` reports of a reactor. */
export interface ReactorStatus {
  readonly reactor: string;
  readonly leader: boolean;
  readonly position: bigint;
  /** True once the reactor reached the head of `$all` and follows it live. */
  readonly caughtUp: boolean;
  readonly lastError: string | undefined;
  /** Set when a rule or a dispatch failed on an event in a way no retry fixes (see the runner's). */
  readonly stuck?: ProjectionStuck | undefined;
}

/** The outcome of one dispatch, as recorded in `projections.reactor_log`. */
export type DispatchOutcome = 'appended' | 'duplicate' | 'refused';

/**
 * A reactor: follows `$all` from its own checkpoint (`reactor:<name>` in
 * `projections.checkpoints`), runs its rules on each batch, dispatches their commands, then moves
 * the checkpoint. Dispatching writes the event store, which cannot share a transaction with the
 * checkpoint, so delivery is at least once: a crash between a dispatch and the checkpoint
 * re-runs the batch, and the deterministic command ids (plus the deciders' own idempotency,
 * e.g. `RaiseAlert` by alert id) make the second dispatch append nothing. A command the domain
 * refuses (a candidate who left meanwhile) is logged as `refused` and not retried; any other
 * failure (database down) retries the batch with backoff. One leader per reactor (advisory lock).
 */
export class Reactor {
  private readonly batchSize: number;
  private readonly log: (line: string) => void;
  readonly checkpointName: string;
  private state: ReactorStatus;

  constructor(
    private readonly store: EventStore,
    private readonly db: Kysely<Database>,
    private readonly connectionString: string,
    readonly name: string,
    private readonly rules: readonly ReactorRule[],
    private readonly dispatch: Dispatch,
    private readonly options: ReactorOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.log = options.log ?? (() => {});
    this.checkpointName = `reactor:${name}`;
    this.state = { reactor: name, leader: false, position: 0n, caughtUp: false, lastError: undefined };
    const names = new Set<string>();
    for (const rule of rules) {
      if (names.has(rule.name)) throw new Error(`reactor ${name}: rule ${rule.name} is listed twice`);
      names.add(rule.name);
    }
  }

  get status(): ReactorStatus {
    return this.state;
  }

  private update(patch: Partial<ReactorStatus>): void {
    this.state = { ...this.state, ...patch };
  }

  /**
   * Runs as leader (or waits as standby) until `signal` aborts, following `$all` live; returns
   * promptly on abort. A rule or dispatch that fails on an event in a way no retry fixes stops
   * the reactor there (recorded like a projection's failure, under `reactor:<name>`).
   */
  async run(signal: AbortSignal): Promise<void> {
    await Promise.race([this.loop(signal), aborted(signal)]);
  }

  private async loop(signal: AbortSignal): Promise<void> {
    let backoffMs = 500;
    let failures = 0;
    let failedAt: bigint | undefined;
    while (!signal.aborted) {
      const lease = await acquireLease(this.connectionString, this.checkpointName, {
        retryMs: this.options.leaseRetryMs ?? 2000,
        signal,
      });
      if (!lease) return;
      this.update({ leader: true });
      const leading = AbortSignal.any([signal, lease.signal]);
      try {
        await this.follow(leading, false);
        backoffMs = 500;
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof ProjectionHandlerError) {
          failures = failedAt === error.event.position ? failures + 1 : 1;
          failedAt = error.event.position;
        }
        if (error instanceof ProjectionHandlerError && failures >= HANDLER_ATTEMPTS) {
          await recordFailure(this.db, error).catch(() => {});
          this.update({
            caughtUp: false,
            lastError: error.reason,
            stuck: { ...error.event, error: error.reason, since: new Date() },
          });
          this.log(
            `ALERT reactor ${this.name} is stuck at ${error.event.eventType} ${error.event.eventId} (position ${error.event.position}): ${error.reason}; the API and the read models go on`,
          );
          await aborted(leading);
          continue;
        }
        if (error instanceof ProjectionBehind) {
          // Not a failure: on a first start the read models it reads are still catching up.
          this.update({ caughtUp: false });
          this.log(`reactor ${this.name} ${error.message}; trying again in ${backoffMs} ms`);
        } else {
          const message = messageOf(error);
          this.update({ lastError: message, caughtUp: false });
          this.log(`reactor ${this.name} failed, retrying in ${backoffMs} ms: ${message}`);
        }
        await sleep(backoffMs, signal);
        backoffMs = Math.min(backoffMs * 2, 30_000);
      } finally {
        this.update({ leader: false });
        await lease.release();
      }
    }
  }

  /** Processes `$all` from the checkpoint up to the head and returns the new checkpoint (tests, CLI). */
  async catchUp(signal: AbortSignal = new AbortController().signal): Promise<bigint> {
    return this.follow(signal, true);
  }

  private async follow(signal: AbortSignal, stopAtHead: boolean): Promise<bigint> {
    await sql`
      INSERT INTO projections.checkpoints (name, position, code_version)
      VALUES (${this.checkpointName}, 0, 'reactor') ON CONFLICT (name) DO NOTHING`.execute(this.db);
    let position = (await readCheckpoint(this.db, this.checkpointName))?.position ?? 0n;
    let open = await resolveFailures(this.db, this.checkpointName, position);
    this.update({ position, stuck: undefined, lastError: undefined });
    // Catching up stops at the head as it is now: the commands dispatched on the way append
    // events that the read models must see first, and a live reactor handles them next.
    const until = stopAtHead ? await this.store.headPosition() : undefined;
    if (until !== undefined && position >= until) return position;
    for await (const batch of this.store.subscribeToAll({
      after: position,
      maxBatchSize: this.batchSize,
      signal,
    })) {
      const events = until === undefined ? batch.events : batch.events.filter((e) => e.position <= until);
      if (events.length > 0) {
        await this.react(events, signal);
        const last = (events[events.length - 1] as RecordedEvent).position;
        if (!(await advanceCheckpoint(this.db, this.checkpointName, position, last))) {
          throw new Error(`reactor ${this.name}: checkpoint is no longer at ${position} (another leader?)`);
        }
        position = last;
        this.update({ position });
        if (open) open = await resolveFailures(this.db, this.checkpointName, position);
      }
      if (batch.caughtUp && until === undefined) this.update({ caughtUp: true });
      if (until !== undefined && (position >= until || batch.caughtUp)) break;
    }
    return position;
  }

  private async react(events: readonly RecordedEvent[], signal: AbortSignal): Promise<void> {
    const last = (events[events.length - 1] as RecordedEvent).position;
    for (const rule of this.rules) {
      const wanted = rule.eventTypes ? new Set(rule.eventTypes) : undefined;
      const relevant = wanted ? events.filter((e) => wanted.has(e.type)) : events;
      if (relevant.length === 0) continue;
      for (const projection of rule.readsFrom ?? []) await this.waitFor(projection, last, signal);
      const reactions = await this.reactions(rule, relevant);
      if (reactions.length === 0) continue;
      // Skip what this reactor already dispatched successfully (the domain would append nothing).
      const done = new Set(
        (
          await this.db
            .selectFrom('projections.reactor_log')
            .select('command_id')
            .where(
              'command_id',
              'in',
              reactions.map((r) => r.commandId),
            )
            .execute()
        ).map((r: { command_id: string }) => r.command_id),
      );
      const todo = reactions.filter((reaction) => {
        if (done.has(reaction.commandId)) return false;
        done.add(reaction.commandId);
        return true;
      });
      const many = this.options.dispatchMany;
      if (many && todo.length > 1)
        for (let i = 0; i < todo.length; i += DISPATCH_CHUNK)
          await this.dispatchChunk(many, rule.name, todo.slice(i, i + DISPATCH_CHUNK), relevant);
      else for (const reaction of todo) await this.dispatchOne(rule.name, reaction, relevant);
    }
  }

  private meta(reaction: Reaction): ReactionMeta {
    return {
      commandId: reaction.commandId,
      at: new Date(reaction.at),
      actor: `system:reactor:${this.name}`,
      source: 'reactor',
      causationId: reaction.trigger.eventId,
      correlationId: reaction.trigger.eventId,
    };
  }

  /**
   * Reactions dispatched together and logged with one statement. A failure of the whole call
   * that is not transient is not attributed to a reaction by the batch: they are then
   * dispatched one by one, which logs a refusal as refused and names the trigger of the one
   * the store refuses.
   */
  private async dispatchChunk(
    many: DispatchMany,
    rule: string,
    reactions: readonly Reaction[],
    events: readonly RecordedEvent[],
  ): Promise<void> {
    let results: readonly DispatchManyResult[];
    try {
      results = await many(
        reactions.map((reaction) => ({ command: reaction.command, meta: this.meta(reaction) })),
      );
    } catch (e) {
      // Retried with the batch later; anything else (a refusal of the whole call, the store
      // refusing a command) is told apart per reaction by dispatching them one by one.
      if (isTransient(e)) throw e;
      for (const reaction of reactions) await this.dispatchOne(rule, reaction, events);
      return;
    }
    const rows = reactions.map((reaction, i) => {
      const result = results[i];
      if (!result) throw new Error(`reactor ${this.name}: no result for ${reaction.commandId}`);
      return this.logRow(reaction, result);
    });
    await this.record(rule, rows);
  }

  /** What a dispatch did, as `projections.reactor_log` keeps it (a refusal also logged). */
  private logRow(reaction: Reaction, result: DispatchManyResult): LogRow {
    if ('refused' in result) {
      const error = `${result.refused.code} ${result.refused.message}`;
      this.log(`reactor ${this.name}: ${reaction.command.type} ${reaction.commandId} refused: ${error}`);
      return { reaction, outcome: 'refused', error };
    }
    // Nothing new: the same command id seen before, or the decider found it done (same alert id).
    return {
      reaction,
      outcome: result.duplicate || result.events.length === 0 ? 'duplicate' : 'appended',
      error: null,
    };
  }

  /** Writes what dispatches did to `projections.reactor_log` (a repeat counts as a dispatch more). */
  private async record(rule: string, rows: readonly LogRow[]): Promise<void> {
    if (rows.length === 0) return;
    const values = rows.map(
      ({ reaction, outcome, error }) =>
        sql`(${reaction.commandId}, ${this.name}, ${rule}, ${reaction.command.type}, ${reaction.trigger.eventId},
              ${reaction.trigger.position.toString()}, ${outcome}, ${error})`,
    );
    await sql`
      INSERT INTO projections.reactor_log
        (command_id, reactor, rule, command_type, trigger_event_id, trigger_position, outcome, error)
      VALUES ${sql.join(values)}
      ON CONFLICT (command_id) DO UPDATE SET
        dispatches = projections.reactor_log.dispatches + 1, outcome = EXCLUDED.outcome,
        error = EXCLUDED.error, last_at = now()`.execute(this.db);
  }

  /** A rule's reactions; a rule that throws (not transiently) is named with its event. */
  private async reactions(rule: ReactorRule, events: readonly RecordedEvent[]): Promise<Reaction[]> {
    try {
      return await rule.react(this.db, events);
    } catch (error) {
      if (isTransient(error)) throw error;
      if (events.length === 1) throw new ProjectionHandlerError(this.checkpointName, events[0]!, error);
      const all: Reaction[] = [];
      for (const event of events) {
        try {
          all.push(...(await rule.react(this.db, [event])));
        } catch (single) {
          if (isTransient(single)) throw single;
          throw new ProjectionHandlerError(this.checkpointName, event, single);
        }
      }
      return all;
    }
  }

  private async dispatchOne(
    rule: string,
    reaction: Reaction,
    events: readonly RecordedEvent[],
  ): Promise<void> {
    let row: LogRow;
    try {
      row = this.logRow(reaction, await this.dispatch(reaction.command, this.meta(reaction)));
    } catch (e) {
      if (!(e instanceof DomainError)) {
        if (isTransient(e)) throw e;
        // The store refused the command (it can never be written): stop at its trigger.
        const trigger = events.find((event) => event.id === reaction.trigger.eventId);
        throw new ProjectionHandlerError(
          this.checkpointName,
          trigger ?? {
            position: reaction.trigger.position,
            eventId: reaction.trigger.eventId,
            eventType: '(unknown)',
            streamId: '(unknown)',
          },
          e,
        );
      }
      row = this.logRow(reaction, { refused: e });
    }
    await this.record(rule, [row]);
  }

  /** Waits until projection `name` has applied everything up to `position`. */
  private async waitFor(name: string, position: bigint, signal: AbortSignal): Promise<void> {
    const deadline = Date.now() + (this.options.waitTimeoutMs ?? 60_000);
    for (;;) {
      const checkpoint = await readCheckpoint(this.db, name);
      if (checkpoint && checkpoint.position >= position) return;
      if (signal.aborted)
        throw new Error(`reactor ${this.name}: stopped while waiting for projection ${name}`);
      if (Date.now() > deadline) {
        throw new ProjectionBehind(name, checkpoint?.position ?? null, position);
      }
      await sleep(this.options.pollMs ?? 100, signal);
    }
  }
}

/** A read model a reactor reads has not yet applied the event the reactor is at (it waited its while). */
export class ProjectionBehind extends Error {
  constructor(
    readonly projection: string,
    readonly at: bigint | null,
    readonly needed: bigint,
  ) {
    super(
      `waits for read model ${projection} to catch up (at ${at === null ? 'the start' : `position ${at}`}, needs ${needed})`,
    );
    this.name = 'ProjectionBehind';
  }
}
