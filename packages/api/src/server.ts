import { createServer, type Server } from 'node:http';
import type { EventStore } from '@trackrecord/eventstore';
import { getOperationAST } from 'graphql';
import { createYoga, type Plugin } from 'graphql-yoga';
import type { Kysely } from 'kysely';
import type { Context } from './context.ts';
import { createMetrics } from './metrics.ts';
import { schema } from './schema/index.ts';

export interface ApiDeps {
  readonly store: EventStore;
  readonly db: Kysely<unknown>;
  /** True once the store, migrations and projections are up; `/healthz` answers 200 only then. */
  readonly ready: () => boolean;
  readonly production: boolean;
}

/** The HTTP server: GraphQL at `/graphql`, `/healthz` and Prometheus `/metrics`. */
export function createApiServer(deps: ApiDeps): Server {
  const metrics = createMetrics(deps.store, deps.db);
  const timing: Plugin = {
    onExecute({ args }) {
      const operation = getOperationAST(args.document, args.operationName)?.name?.value ?? 'anonymous';
      const stop = metrics.requests.startTimer({ operation });
      return { onExecuteDone: () => void stop() };
    },
  };
  const yoga = createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    maskedErrors: deps.production,
    graphiql: !deps.production,
    landingPage: false,
    context: () => ({ store: deps.store, db: deps.db }),
    plugins: [timing],
  });
  return createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/healthz') {
      const ok = deps.ready();
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: ok ? 'ok' : 'starting' }));
      return;
    }
    if (url.pathname === '/metrics') {
      try {
        const body = await metrics.registry.metrics();
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(body);
      } catch (error) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`metrics unavailable: ${error instanceof Error ? error.message : String(error)}`);
      }
      return;
    }
    return yoga.handle(req, res);
  });
}
