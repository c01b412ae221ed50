import type { EventStore } from '@trackrecord/eventstore';
import { type Database, projectionFailures, projectionLag } from '@trackrecord/projections';
import type { Kysely } from 'kysely';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of one server, in a registry of its own (no global state). */
export function createMetrics(store: EventStore, db: Kysely<Database>) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'trackrecord_' });
  new Gauge({
    name: 'trackrecord_eventstore_head_position',
    help: 'Position of the last event in $all',
    registers: [registry],
    async collect() {
      this.set(Number(await store.headPosition()));
    },
  });
  const lagEvents = new Gauge({
    name: 'trackrecord_projection_lag_events',
    help: 'Events in $all a projection has not applied yet',
    labelNames: ['projection'],
    registers: [registry],
  });
  new Gauge({
    name: 'trackrecord_projection_lag_seconds',
    help: 'Seconds the oldest unapplied event of a projection has waited',
    labelNames: ['projection'],
    registers: [registry],
    async collect() {
      for (const lag of await projectionLag(store, db)) {
        this.set({ projection: lag.projection }, lag.msBehind / 1000);
        lagEvents.set({ projection: lag.projection }, Number(lag.eventsBehind));
      }
    },
  });
  new Gauge({
    name: 'trackrecord_projection_stuck',
    help: 'Open failures per projection or reactor: 1 while it is stopped at an event its handler cannot take (alert on > 0)',
    labelNames: ['projection'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const failure of await projectionFailures(db, { open: true })) {
        this.inc({ projection: failure.projection });
      }
    },
  });
  const requests = new Histogram({
    name: 'trackrecord_graphql_request_seconds',
    help: 'Duration of GraphQL requests',
    labelNames: ['operation'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  return { registry, requests };
}
