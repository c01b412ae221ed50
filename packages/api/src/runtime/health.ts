import type { ProjectionStuck, ReactorStatus, RunnerStatus } from '@trackrecord/projections';

/** One projection or reactor as `/readyz` reports it. */
export interface ComponentHealth {
  readonly kind: 'projection' | 'reactor';
  readonly name: string;
  readonly caughtUp: boolean;
  readonly position: string;
  readonly leader: boolean;
  /** The last error a retry may fix (database away, …). */
  readonly lastError?: string;
  /** Stopped at an event its handler cannot take: which one and why. */
  readonly stuck?: {
    readonly position: string;
    readonly eventId: string;
    readonly eventType: string;
    readonly streamId: string;
    readonly error: string;
    readonly since: string;
  };
}

/**
 * What `/readyz` (and `/healthz`) answer: ready when every projection and reactor has caught up
 * with the event store and none is stuck; otherwise which ones are behind or stuck, and why.
 */
export interface HealthReport {
  readonly ready: boolean;
  readonly status: 'ready' | 'catching_up' | 'stuck';
  /** One line for people: what is wrong, naming the projection and the error. */
  readonly message: string;
  readonly components: readonly ComponentHealth[];
}

const stuckOf = (stuck: ProjectionStuck | undefined): ComponentHealth['stuck'] =>
  stuck
    ? {
        position: stuck.position.toString(),
        eventId: stuck.eventId,
        eventType: stuck.eventType,
        streamId: stuck.streamId,
        error: stuck.error,
        since: stuck.since.toISOString(),
      }
    : undefined;

/** The report of this process's runners and reactors. */
export function healthReport(
  runners: readonly { readonly status: RunnerStatus }[],
  reactors: readonly { readonly status: ReactorStatus }[] = [],
): HealthReport {
  const components: ComponentHealth[] = [
    ...runners.map(({ status: s }) => component('projection', s.projection, s)),
    ...reactors.map(({ status: s }) => component('reactor', s.reactor, s)),
  ];
  const stuck = components.filter((c) => c.stuck);
  const behind = components.filter((c) => !c.stuck && !c.caughtUp);
  const status = stuck.length > 0 ? 'stuck' : behind.length > 0 ? 'catching_up' : 'ready';
  const message =
    stuck.length > 0
      ? stuck
          .map(
            (c) =>
              `${c.kind} ${c.name} is stuck at ${c.stuck?.eventType} (position ${c.stuck?.position}): ${c.stuck?.error}`,
          )
          .join('; ')
      : behind.length > 0
        ? `catching up: ${behind.map((c) => `${c.kind} ${c.name} at position ${c.position}${c.lastError ? ` (${c.lastError})` : ''}`).join(', ')}`
        : 'every read model and reactor has caught up';
  return { ready: status === 'ready', status, message, components };
}

function component(
  kind: ComponentHealth['kind'],
  name: string,
  s: RunnerStatus | ReactorStatus,
): ComponentHealth {
  const stuck = stuckOf(s.stuck);
  return {
    kind,
    name,
    caughtUp: s.caughtUp,
    position: s.position.toString(),
    leader: s.leader,
    ...(s.lastError && !stuck ? { lastError: s.lastError } : {}),
    ...(stuck ? { stuck } : {}),
  };
}
