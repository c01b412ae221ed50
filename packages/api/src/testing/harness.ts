import type { AddressInfo } from 'node:net';
import { type DomainCommandType, domainCommandSchemas } from '@trackrecord/domain';
import { migrateEventStore, PostgresEventStore } from '@trackrecord/eventstore';
import {
  createDb,
  type Database,
  migrateReadModels,
  ProjectionRunner,
  projections,
  rebuildProjection,
} from '@trackrecord/projections';
import { Kysely, type LogEvent, PostgresDialect } from 'kysely';
import pg from 'pg';
import { createOidcSignIn, type OidcSettings } from '../auth/oidc.ts';
import { createTokenService, type TokenService } from '../auth/tokens.ts';
import { userTokenResolver } from '../auth/users.ts';
import type { Viewer } from '../auth/viewer.ts';
import { ReadModelWatermark } from '../runtime/consistency.ts';
import { healthReport } from '../runtime/health.ts';
import { toGraphQL } from '../schema/zodInput.ts';
import { createApiServer, type RequestLogEntry } from '../server.ts';

/**
 * A real API server over HTTP on a migrated database, for integration tests and benchmarks:
 * the PostgreSQL store, the read models, optionally the projection runners, and a counter of
 * the SQL statements the API's read-model connection runs.
 */
export interface ApiHarness {
  readonly base: string;
  readonly store: PostgresEventStore;
  readonly db: Kysely<Database>;
  readonly tokens: TokenService;
  readonly requests: RequestLogEntry[];
  readonly watermark: ReadModelWatermark;
  /** The `METRICS_TOKEN` of the server: `/metrics` answers only with it. */
  readonly metricsToken: string;
  /** The projection runners (empty unless started with `runners: true`). */
  readonly runners: readonly ProjectionRunner<unknown>[];
  /** SQL statements run through `db` since the last `resetStatements()`. */
  statements(): readonly string[];
  resetStatements(): void;
  token(viewer: Viewer): Promise<string>;
  /** POST a GraphQL document; answers status, parsed body and content type. */
  graphql<T = Record<string, unknown>>(
    query: string,
    options?: { token?: string; variables?: Record<string, unknown>; headers?: Record<string, string> },
  ): Promise<{ status: number; contentType: string | null; body: GraphQLBody<T> }>;
  /**
   * Sends one domain command through its GraphQL mutation as `token`'s viewer; answers the
   * position of what it appended, and throws with the answer unless it succeeded.
   */
  command(type: DomainCommandType, data: unknown, token: string): Promise<string>;
  /** Replays every read model to the store's head (when runners are not running). */
  rebuild(): Promise<void>;
  close(): Promise<void>;
}

export interface GraphQLBody<T> {
  readonly data?: T | null;
  readonly errors?: { message: string; extensions?: Record<string, unknown> }[];
  readonly extensions?: Record<string, unknown>;
}

const METRICS_TOKEN = 'a-metrics-test-token';

export async function startApiHarness(
  url: string,
  options: {
    runners?: boolean;
    production?: boolean;
    queryTimeoutMs?: number;
    writePendingMs?: number;
    poolSize?: number;
    /** Sign-in through this identity provider; its redirect URI is filled in with the harness's address. */
    oidc?: Omit<OidcSettings, 'redirectUri'>;
    /** Listen on this port (default: any free one), e.g. one registered with the provider beforehand. */
    port?: number;
  } = {},
): Promise<ApiHarness> {
  await migrateEventStore(url);
  await migrateReadModels(url);
  const store = new PostgresEventStore({
    connectionString: url,
    ...(options.poolSize ? { poolSize: options.poolSize } : {}),
  });
  let sqlLog: string[] = [];
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  pool.on('error', () => {});
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (event: LogEvent) => {
      if (event.level === 'query') sqlLog.push(event.query.sql);
    },
  });
  const runnerDb = createDb<unknown>(url, 4);
  const secret = 'an-api-test-secret-long-enough-0123456789';
  const tokens = createTokenService(secret, { resolveUser: userTokenResolver(db) });
  const port = options.port ?? 0;
  const oidc = options.oidc
    ? await createOidcSignIn({
        settings: { ...options.oidc, redirectUri: new URL(`http://127.0.0.1:${port}/auth/callback`) },
        db,
        tokens,
        secret,
        sessionSeconds: 3600,
      })
    : undefined;
  const requests: RequestLogEntry[] = [];
  const stop = new AbortController();
  const runners = options.runners
    ? projections.map((p) => new ProjectionRunner(store, runnerDb, url, p, { batchSize: 500 }))
    : [];
  const running = runners.map((r) => r.run(stop.signal));
  // Ready as a started server is: every runner has built its read model and follows the store.
  for (const deadline = Date.now() + 120_000; !runners.every((r) => r.status.caughtUp); ) {
    if (Date.now() > deadline) throw new Error('the projection runners did not catch up within 120 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const watermark = new ReadModelWatermark(db, url);
  await watermark.start();
  const server = createApiServer({
    store,
    db,
    tokens,
    ready: () => true,
    // With runners, /readyz reports them (which is behind or stuck, and why).
    ...(options.runners ? { health: () => healthReport(runners) } : {}),
    production: options.production ?? false,
    ...(oidc ? { oidc } : {}),
    watermark,
    logRequest: (entry) => requests.push(entry),
    metricsToken: METRICS_TOKEN,
    ...(options.queryTimeoutMs ? { queryTimeoutMs: options.queryTimeoutMs } : {}),
    ...(options.writePendingMs ? { writePendingMs: options.writePendingMs } : {}),
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const harness: ApiHarness = {
    base,
    store,
    db,
    tokens,
    requests,
    watermark,
    runners,
    metricsToken: METRICS_TOKEN,
    statements: () => sqlLog,
    resetStatements: () => {
      sqlLog = [];
    },
    token: (viewer) => tokens.sign(viewer),
    async graphql(query, opts = {}) {
      const response = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json',
          ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
          ...opts.headers,
        },
        body: JSON.stringify({ query, ...(opts.variables ? { variables: opts.variables } : {}) }),
      });
      return {
        status: response.status,
        contentType: response.headers.get('content-type'),
        body: (await response.json()) as GraphQLBody<never>,
      };
    },
    async command(type, data, token) {
      const field = `${type.charAt(0).toLowerCase()}${type.slice(1)}`;
      const { body } = await harness.graphql<Record<string, { __typename: string; position?: string }>>(
        `mutation($input: ${type}Input!) { ${field}(input: $input) { __typename ... on CommandSucceeded { position } ... on RuleViolation { message } ... on ValidationFailed { message } } }`,
        { token, variables: { input: toGraphQL(domainCommandSchemas[type], data) } },
      );
      const result = body.data?.[field];
      if (result?.__typename !== 'CommandSucceeded' || !result.position)
        throw new Error(JSON.stringify(body));
      return result.position;
    },
    async rebuild() {
      for (const projection of projections) await rebuildProjection(store, db as never, projection);
    },
    async close() {
      stop.abort();
      await Promise.allSettled(running);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await watermark.close();
      await db.destroy();
      await runnerDb.destroy();
      await store.close();
    },
  };
  return harness;
}
