import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { EnvelopArmor } from '@escape.tech/graphql-armor';
import { DomainError } from '@trackrecord/domain';
import type { EventStore } from '@trackrecord/eventstore';
import type { Database } from '@trackrecord/projections';
import {
  type ExecutionArgs,
  GraphQLError,
  getOperationAST,
  NoSchemaIntrospectionCustomRule,
  type ValidationContext,
} from 'graphql';
import { createYoga, maskError, type Plugin } from 'graphql-yoga';
import type { Kysely } from 'kysely';
import type { OidcSignIn } from './auth/oidc.ts';
import { AuthError, bearerToken, type TokenService } from './auth/tokens.ts';
import { type Viewer, viewerSchema } from './auth/viewer.ts';
import type { Context } from './context.ts';
import { ClientError } from './errors.ts';
import { STATEMENT_CSV_PATH, serveStatementCsv } from './exports/commissionStatementCsv.ts';
import { PERSONAL_DATA_PATH, servePersonalData } from './exports/personalData.ts';
import { DEFAULT_QUERY, GRAPHIQL_ASSETS, renderOfflineGraphiQL, serveGraphiQLAsset } from './graphiql.ts';
import type { HookHandler } from './hooks/handler.ts';
import { languageOf } from './i18n/refusals.ts';
import { serveImportUpload } from './import/uploadHandler.ts';
import { DEFAULT_MAX_UPLOAD_BYTES, IMPORT_UPLOAD_PATH } from './import/uploads.ts';
import { createMetrics } from './metrics.ts';
import { ReadModelWatermark } from './runtime/consistency.ts';
import type { HealthReport } from './runtime/health.ts';
import { waitForOf } from './schema/directives.ts';
import { schema } from './schema/index.ts';
import type { WebHandler } from './web.ts';

export interface ApiDeps {
  readonly store: EventStore;
  readonly db: Kysely<Database>;
  /** True once the store, migrations and projections are up; `/readyz` answers 200 only then. */
  readonly ready: () => boolean;
  /**
   * The projections' and reactors' state for `/readyz` and `/healthz` (which is stuck and why);
   * when omitted, `ready` alone decides.
   */
  readonly health?: () => HealthReport;
  readonly production: boolean;
  readonly tokens: TokenService;
  /** Sign-in through the identity provider (`OIDC_ISSUER` …); absent when none is configured. */
  readonly oidc?: OidcSignIn;
  /** `/auth/dev-sign-in` (personas); default: on unless `production` (`DEV_SIGN_IN`). */
  readonly devSignIn?: boolean;
  /** `POST /hooks/<source>`: the webhooks of CRM, ERP, LMS and OA (see hooks/). */
  readonly hooks?: HookHandler;
  /** The read models' watermark for `@waitFor`; one that re-reads checkpoints is made when omitted. */
  readonly watermark?: ReadModelWatermark;
  /** Receives one entry per GraphQL request (operation, duration, errors); silent when omitted. */
  readonly logRequest?: (entry: RequestLogEntry) => void;
  /**
   * Longest a query may run before it is answered with an error (default 10 s). Mutations are
   * never cut short: see `writePendingMs`.
   */
  readonly queryTimeoutMs?: number;
  /**
   * `WRITE_PENDING_MS`: how long a mutation waits for its write before answering
   * `CommandPending` ("accepted, outcome pending: retry with the same commandId"; default 30 s).
   */
  readonly writePendingMs?: number;
  /** The built dashboard, served for every path that is not the API's (optional). */
  readonly web?: WebHandler;
  /**
   * `METRICS_TOKEN`: `/metrics` answers only `Authorization: Bearer <metricsToken>`; without
   * one configured `/metrics` is off (404).
   */
  readonly metricsToken?: string;
  /** `MAX_BODY_BYTES`: larger request bodies are refused (413) before anything else (default 1 MiB). */
  readonly maxBodyBytes?: number;
  /** `MAX_UPLOAD_BYTES`: the largest file `POST /imports/files` accepts (default 20 MiB). */
  readonly maxUploadBytes?: number;
}

export interface RequestLogEntry {
  readonly operation: string;
  readonly kind: string;
  readonly durationMs: number;
  readonly errors: number;
  readonly role: string | null;
}

/** Default of `MAX_BODY_BYTES`: the largest request body the API reads (1 MiB). */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** Limits a document must keep to before it runs (GraphQL Armor): depth, aliases, cost, size. */
export const LIMITS = {
  maxDepth: 10,
  maxAliases: 15,
  maxCost: 5000,
  maxTokens: 2000,
  maxDirectives: 20,
} as const;

const API_PATHS = [
  '/graphql',
  '/healthz',
  '/readyz',
  '/livez',
  '/metrics',
  '/auth/',
  '/hooks/',
  '/commission/statements/',
  IMPORT_UPLOAD_PATH,
  GRAPHIQL_ASSETS,
];
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

/** Errors whose message is meant for the client: bad input, auth, domain rules, refused reads. */
function isClientError(error: Error): boolean {
  return (
    error instanceof ClientError ||
    error instanceof AuthError ||
    error instanceof DomainError ||
    error instanceof RangeError ||
    (error instanceof GraphQLError && !error.originalError)
  );
}

/** The `operation` label of the request metric: a root field of the schema, or "other". */
function metricLabel(args: ExecutionArgs): string {
  const ast = getOperationAST(args.document, args.operationName);
  const root =
    ast?.operation === 'mutation'
      ? args.schema.getMutationType()
      : ast?.operation === 'subscription'
        ? args.schema.getSubscriptionType()
        : args.schema.getQueryType();
  const first = ast?.selectionSet.selections.find(
    (s) => s.kind === 'Field' && !s.name.value.startsWith('__'),
  );
  const name = first?.kind === 'Field' ? first.name.value : undefined;
  return name && root?.getFields()[name] ? name : 'other';
}

/** The auth error of a document that selects data without a valid token, if it does. */
function anonymousRefusal(args: ExecutionArgs): GraphQLError | undefined {
  const viewer = (args.contextValue as Context).viewer;
  if (!(viewer instanceof AuthError)) return undefined;
  const operation = getOperationAST(args.document, args.operationName);
  const data = (operation?.selectionSet.selections ?? []).some(
    (s) => !(s.kind === 'Field' && s.name.value.startsWith('__')),
  );
  return data ? new GraphQLError(viewer.message, { extensions: { code: viewer.code } }) : undefined;
}

/** Root fields that recompute from the whole event store (`schema/audit.ts`), and their time budget. */
const AUDIT_FIELDS = new Set([
  'decisionReplay',
  'personAsOf',
  'policySimulation',
  'verifyCommissionStatement',
]);
const AUDIT_TIMEOUT_MS = 60_000;
function selectsAuditField(args: ExecutionArgs): boolean {
  const operation = getOperationAST(args.document, args.operationName);
  return (operation?.selectionSet.selections ?? []).some(
    (s) => s.kind === 'Field' && AUDIT_FIELDS.has(s.name.value),
  );
}

/**
 * The HTTP server: GraphQL at `/graphql`, `/healthz`, Prometheus `/metrics`, webhooks, commission
 * statements as CSV and, when given, the dashboard.
 */
export function createApiServer(deps: ApiDeps): Server & { readonly watermark: ReadModelWatermark } {
  const metrics = createMetrics(deps.store, deps.db);
  const watermark = deps.watermark ?? new ReadModelWatermark(deps.db, undefined);
  const timeoutMs = deps.queryTimeoutMs ?? 10_000;
  const timing: Plugin<Context> = {
    onExecute({ args }) {
      const ast = getOperationAST(args.document, args.operationName);
      const operation = ast?.name?.value ?? 'anonymous';
      // The metric's label is bounded: the first root field the document selects when the
      // schema has it, else "other" (a client-chosen operation name would add a series each).
      const stop = metrics.requests.startTimer({ operation: metricLabel(args) });
      const started = performance.now();
      return {
        onExecuteDone: ({ result }) => {
          stop();
          const viewer = (args.contextValue as Context).viewer;
          deps.logRequest?.({
            operation,
            kind: ast?.operation ?? 'unknown',
            durationMs: Math.round((performance.now() - started) * 100) / 100,
            errors: 'errors' in result && Array.isArray(result.errors) ? result.errors.length : 0,
            role: viewer && 'role' in viewer ? viewer.role : null,
          });
        },
      };
    },
  };
  // Read-your-writes: hold a query marked @waitFor(position:) until the read models have that position.
  const readYourWrites: Plugin<Context> = {
    async onExecute({ args }) {
      const wait = waitForOf(args.schema, args.document, args.operationName, args.variableValues);
      if (!wait) return;
      const outcome = await watermark.waitFor(wait.position, wait.timeoutMs);
      const report = {
        position: wait.position.toString(),
        reached: outcome.reached,
        readModelsAt: outcome.position.toString(),
        waitedMs: outcome.waitedMs,
      };
      return {
        onExecuteDone({ result, setResult }) {
          if (Symbol.asyncIterator in result) return;
          setResult({ ...result, extensions: { ...result.extensions, waitFor: report } });
        },
      };
    },
  };
  // A query that runs too long is answered with an error instead of holding the client. The
  // audit recomputations fold the event store itself and get a longer budget. Mutations are
  // not cut: an answer "stopped" to a write that then commits would be ambiguous; a slow write
  // answers CommandPending instead (schema/mutations.ts).
  const timeout: Plugin<Context> = {
    onExecute({ executeFn, setExecuteFn }) {
      setExecuteFn((args: ExecutionArgs) => {
        if (getOperationAST(args.document, args.operationName)?.operation === 'mutation') {
          return executeFn(args);
        }
        const limitMs = selectsAuditField(args) ? Math.max(timeoutMs, AUDIT_TIMEOUT_MS) : timeoutMs;
        let timer: NodeJS.Timeout | undefined;
        const limit = new Promise((resolve) => {
          timer = setTimeout(
            () =>
              resolve({
                errors: [new GraphQLError(`the query took longer than ${limitMs} ms and was stopped`)],
              }),
            limitMs,
          );
        });
        return Promise.race([Promise.resolve(executeFn(args)), limit]).finally(() =>
          clearTimeout(timer),
        ) as never;
      });
    },
  };
  // Report a refused document as a validation error (HTTP 400) instead of throwing out of validation.
  const report = {
    propagateOnRejection: false,
    onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)],
  };
  const armor = new EnvelopArmor({
    maxDepth: { n: LIMITS.maxDepth, ...report },
    maxAliases: { n: LIMITS.maxAliases, ...report },
    costLimit: { maxCost: LIMITS.maxCost, ...report },
    maxTokens: { n: LIMITS.maxTokens },
    maxDirectives: { n: LIMITS.maxDirectives, ...report },
    blockFieldSuggestion: { enabled: deps.production },
  }).protect();
  // Every field needs a token (only the schema itself, for GraphiQL, is open): a document from
  // someone not signed in is answered with the reason before any resolver runs.
  const signedIn: Plugin<Context> = {
    onExecute({ args, setResultAndStopExecution }) {
      const refusal = anonymousRefusal(args);
      if (refusal) setResultAndStopExecution({ errors: [refusal] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const refusal = anonymousRefusal(args);
      if (refusal) setResultAndStopExecution({ errors: [refusal] });
    },
  };
  // A client error given in both languages answers in the request's (Accept-Language), with
  // the argument named as a person knows it in `extensions.field`.
  const localiseClientErrors: Plugin<Context> = {
    onExecute({ args }) {
      const language = (args.contextValue as Context).language ?? 'en';
      return {
        onExecuteDone: ({ result, setResult }) => {
          if (Symbol.asyncIterator in result || !result.errors?.length) return;
          let changed = false;
          const errors = result.errors.map((error) => {
            const original = error.originalError;
            const busy = databaseBusy(original);
            if (busy) {
              changed = true;
              return new GraphQLError(busy[language], {
                ...(error.path ? { path: error.path } : {}),
                originalError: original,
                extensions: { ...error.extensions, code: 'DATABASE_BUSY' },
              });
            }
            if (!(original instanceof ClientError) || (original.zh === undefined && !original.field))
              return error;
            changed = true;
            return new GraphQLError(original.messageIn(language), {
              ...(error.nodes ? { nodes: error.nodes } : {}),
              ...(error.source ? { source: error.source } : {}),
              ...(error.positions ? { positions: error.positions } : {}),
              ...(error.path ? { path: error.path } : {}),
              originalError: original,
              extensions: {
                ...error.extensions,
                ...(original.field ? { field: original.field[language] } : {}),
              },
            });
          });
          if (changed) setResult({ ...result, errors });
        },
      };
    },
  };
  const noIntrospection: Plugin = {
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
  const yoga = createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    // The body limit is the server's (MAX_BODY_BYTES, checked on Content-Length before yoga
    // sees the request; a body without one is refused, and Node reads no more than it
    // declares). Yoga's own check would pipe every body through one more stream.
    maxRequestBodySize: false,
    // In production, errors a client caused (bad arguments, auth, domain rules) keep their
    // message; anything unexpected becomes "Unexpected error." without internals.
    maskedErrors: deps.production
      ? {
          maskError: (error, message, isDev) => {
            const original = error instanceof GraphQLError ? error.originalError : error;
            if (!original || (original instanceof Error && isClientError(original))) return error as Error;
            return maskError(error, message, isDev);
          },
        }
      : false,
    // GraphiQL (development and demo only) from the product's own files: it works offline.
    graphiql: deps.production ? false : { title: 'Track Record · GraphiQL', defaultQuery: DEFAULT_QUERY },
    renderGraphiQL: renderOfflineGraphiQL,
    landingPage: false,
    context: async ({ request }) => ({
      store: deps.store,
      db: deps.db,
      tokens: deps.tokens,
      viewer: await viewerOf(deps.tokens, request.headers.get('authorization')),
      language: languageOf(request.headers.get('accept-language')),
      ...(deps.writePendingMs !== undefined ? { writePendingMs: deps.writePendingMs } : {}),
    }),
    plugins: [
      ...(armor.plugins as Plugin[]),
      ...(deps.production ? [noIntrospection] : []),
      signedIn,
      localiseClientErrors,
      timing,
      readYourWrites,
      timeout,
    ],
  });
  const maxBodyBytes = deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxUploadBytes = deps.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const devSignInOn = deps.devSignIn ?? !deps.production;
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // The body limit comes first, before the token is even read: a large body is refused
    // without being read or executed.
    if (isApiPath(url.pathname) && req.method !== 'GET' && req.method !== 'HEAD') {
      const declared = req.headers['content-length'];
      if (declared === undefined && req.headers['transfer-encoding']) {
        res.writeHead(411, { 'content-type': 'application/json', connection: 'close' });
        res.end(JSON.stringify({ error: 'send the request body with a Content-Length header' }));
        req.resume();
        return;
      }
      // A file to import has its own limit (MAX_UPLOAD_BYTES); every other body MAX_BODY_BYTES.
      const upload = url.pathname === IMPORT_UPLOAD_PATH;
      const limit = upload ? maxUploadBytes : maxBodyBytes;
      if (declared !== undefined && !(Number(declared) <= limit)) {
        const zh = languageOf(req.headers['accept-language']) === 'zh';
        res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
        res.end(
          JSON.stringify({
            error: upload
              ? zh
                ? `文件有 ${declared} 字节，最多接受 ${limit} 字节（MAX_UPLOAD_BYTES）：请拆分后分别导入`
                : `the file is ${declared} bytes; at most ${limit} are accepted (MAX_UPLOAD_BYTES): split it and import the parts`
              : `the request body is ${declared} bytes; at most ${limit} are accepted (MAX_BODY_BYTES)`,
            ...(upload ? { field: 'file' } : {}),
          }),
        );
        req.resume();
        return;
      }
    }
    if (url.pathname === '/livez') {
      // The process is up and answering; says nothing about the read models.
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ status: 'live' }));
      return;
    }
    if (url.pathname === '/readyz' || url.pathname === '/healthz') {
      // Ready: every projection and reactor caught up. Otherwise 503 naming which is behind or
      // stuck and why (the API still answers meanwhile; /healthz is the same, kept for old probes).
      const report: HealthReport = deps.health?.() ?? {
        ready: deps.ready(),
        status: deps.ready() ? 'ready' : 'catching_up',
        message: deps.ready() ? 'ready' : 'starting',
        components: [],
      };
      res.writeHead(report.ready ? 200 : 503, {
        'content-type': 'application/json',
        'cache-control': 'no-store',
      });
      res.end(JSON.stringify(report));
      return;
    }
    if (url.pathname === '/metrics') {
      if (!deps.metricsToken) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('metrics are off: set METRICS_TOKEN to turn them on');
        return;
      }
      if (!sameSecret(req.headers.authorization ?? '', `Bearer ${deps.metricsToken}`)) {
        res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' });
        res.end('metrics need "Authorization: Bearer <METRICS_TOKEN>"');
        return;
      }
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
    if (deps.hooks && url.pathname.startsWith('/hooks/')) return deps.hooks(req, res, url.pathname);
    if (STATEMENT_CSV_PATH.test(url.pathname)) {
      try {
        return await serveStatementCsv(deps, req, res, url);
      } catch (error) {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(deps.production ? 'unexpected error' : String(error));
        return;
      }
    }
    if (PERSONAL_DATA_PATH.test(url.pathname)) {
      try {
        return await servePersonalData(deps, req, res, url);
      } catch (error) {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(deps.production ? 'unexpected error' : String(error));
        return;
      }
    }
    if (url.pathname === IMPORT_UPLOAD_PATH) {
      try {
        return await serveImportUpload(deps as never, req, res, url);
      } catch (error) {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(deps.production ? 'unexpected error' : String(error));
        return;
      }
    }
    if (!deps.production && url.pathname.startsWith(GRAPHIQL_ASSETS)) {
      return serveGraphiQLAsset(req, res, url.pathname);
    }
    if (url.pathname === '/auth/dev-sign-in' && req.method === 'POST' && devSignInOn) {
      return devSignIn(deps.tokens, req, res);
    }
    if (url.pathname === '/auth/config' && req.method === 'GET') {
      // What the sign-in page offers: the identity provider, the personas, or both.
      return json(res, 200, {
        oidc: deps.oidc ? { signInUrl: '/auth/sign-in' } : null,
        devSignIn: devSignInOn,
      });
    }
    if (url.pathname === '/auth/me' || url.pathname === '/auth/sign-out') {
      const viewer = await viewerOf(deps.tokens, req.headers.authorization ?? null);
      if (viewer instanceof AuthError) return json(res, 401, { error: viewer.message, code: viewer.code });
      if (url.pathname === '/auth/me' && req.method === 'GET') return json(res, 200, { viewer });
      if (url.pathname === '/auth/sign-out' && req.method === 'POST') {
        // A persona's token is not recorded: forgetting it is the dashboard's part.
        if (!viewer.tokenId || !deps.oidc) return json(res, 200, { endSessionUrl: null });
        return json(res, 200, await deps.oidc.signOut(viewer.userId, viewer.tokenId));
      }
      return json(res, 405, { error: 'method not allowed' });
    }
    if (deps.oidc && url.pathname.startsWith('/auth/')) {
      try {
        if (await deps.oidc.handle(req, res, url)) return;
      } catch (error) {
        // The provider unreachable, its discovery changed …: the sign-in page says so.
        console.error(`sign-in failed: ${error instanceof Error ? error.message : String(error)}`);
        if (!res.headersSent) {
          res.writeHead(302, { location: '/sign-in?error=failed', 'cache-control': 'no-store' });
          res.end();
        }
        return;
      }
    }
    if (deps.web && !isApiPath(url.pathname)) return deps.web(req, res);
    return yoga.handle(req, res);
  });
  server.on('close', () => void watermark.close());
  return Object.assign(server, { watermark });
}

function json(res: import('node:http').ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** Compares two secrets in constant time. */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
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
  // A persona is never a signed-in user's token: those claims are the identity provider's.
  if (parsed.success) {
    delete parsed.data.tokenId;
    delete parsed.data.tokenKind;
  }
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

/** PostgreSQL's codes for "no connection to spare now": too many connections, out of resources, starting up. */
const BUSY_CODES = new Set(['53300', '53400', '57P03']);
/**
 * A database that has no connection to spare is the server's momentary state, not the
 * request's fault: said in the reader's language as such (with `extensions.code`
 * DATABASE_BUSY, so a client may retry), instead of PostgreSQL's own English.
 */
export function databaseBusy(error: unknown): { en: string; zh: string } | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string' || !BUSY_CODES.has(code)) return undefined;
  return {
    en: 'the database is busy (no connection free): try again in a moment',
    zh: '数据库正忙（暂无空闲连接），请稍后重试',
  };
}
