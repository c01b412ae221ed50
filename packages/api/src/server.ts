import { createServer, type Server } from 'node:http';
import type { EventStore } from '@trackrecord/eventstore';
import { getOperationAST } from 'graphql';
import { createYoga, type Plugin } from 'graphql-yoga';
import type { Kysely } from 'kysely';
import { AuthError, bearerToken, type TokenService } from './auth/tokens.ts';
import { type Viewer, viewerSchema } from './auth/viewer.ts';
import type { Context } from './context.ts';
import { createMetrics } from './metrics.ts';
import { schema } from './schema/index.ts';
import type { WebHandler } from './web.ts';

export interface ApiDeps {
  readonly store: EventStore;
  readonly db: Kysely<unknown>;
  /** True once the store, migrations and projections are up; `/healthz` answers 200 only then. */
  readonly ready: () => boolean;
  readonly production: boolean;
  readonly tokens: TokenService;
  /** The built dashboard, served for every path that is not the API's (optional). */
  readonly web?: WebHandler;
}

const API_PATHS = ['/graphql', '/healthz', '/metrics', '/auth/'];
const isApiPath = (pathname: string) => API_PATHS.some((p) => pathname === p || pathname.startsWith(p));

async function viewerOf(tokens: TokenService, header: string | null): Promise<Viewer | AuthError> {
  try {
    const token = bearerToken(header);
    if (!token) return new AuthError('MISSING_TOKEN', 'sign in first: send "Authorization: Bearer <token>"');
    return await tokens.verify(token);
  } catch (error) {
    if (error instanceof AuthError) return error;
    throw error;
  }
}

/** The HTTP server: GraphQL at `/graphql`, `/healthz`, Prometheus `/metrics` and, when given, the dashboard. */
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
    context: async ({ request }) => ({
      store: deps.store,
      db: deps.db,
      tokens: deps.tokens,
      viewer: await viewerOf(deps.tokens, request.headers.get('authorization')),
    }),
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
    if (url.pathname === '/auth/dev-sign-in' && req.method === 'POST' && !deps.production) {
      return devSignIn(deps.tokens, req, res);
    }
    if (deps.web && !isApiPath(url.pathname)) return deps.web(req, res);
    return yoga.handle(req, res);
  });
}

/**
 * Development only (absent when NODE_ENV=production): trades a persona — role plus the unit it
 * acts for — for a signed token, so the demo and the tests can act as anyone.
 */
async function devSignIn(
  tokens: TokenService,
  req: import('node:http').IncomingMessage,
  res: import('node:http').ServerResponse,
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch {
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'the body must be JSON' }));
    return;
  }
  const parsed = viewerSchema.safeParse(body);
  if (!parsed.success) {
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        error: 'not a valid persona',
        problems: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`),
      }),
    );
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ token: await tokens.sign(parsed.data), viewer: parsed.data }));
}
