import {
  type AnyVariables,
  Client,
  type CombinedError,
  cacheExchange,
  type DocumentInput,
  fetchExchange,
  gql,
} from '@urql/core';
import { i18n } from '../i18n.svelte.ts';
import { session, type Viewer } from '../session.svelte.ts';

export { gql };

/** Why a request gave no data; pages turn each kind into a message that says what to do. */
export type ApiErrorKind = 'auth' | 'unavailable' | 'network' | 'server';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
  ) {
    super(message);
  }
}

let client: Client | null = null;
let clientToken: string | null = null;

/** One urql client per token: signing in as someone else starts from an empty cache. */
export function apiClient(): Client {
  const token = session.current?.token ?? null;
  if (!client || clientToken !== token) {
    clientToken = token;
    client = new Client({
      url: '/graphql',
      exchanges: [cacheExchange, fetchExchange],
      preferGetMethod: false,
      requestPolicy: 'cache-first',
      // Read per request: the API answers refusals in the page's language (Accept-Language).
      fetchOptions: (): RequestInit => ({
        headers: {
          'accept-language': i18n.locale === 'zh' ? 'zh-CN,zh;q=0.9' : 'en',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      }),
    });
  }
  return client;
}

const AUTH_CODES = ['MISSING_TOKEN', 'INVALID_TOKEN', 'EXPIRED_TOKEN', 'UNAUTHENTICATED', 'FORBIDDEN'];

function classify(error: CombinedError): ApiError {
  if (error.networkError) return new ApiError('network', error.networkError.message);
  const messages = error.graphQLErrors.map((e) => e.message);
  const codes = error.graphQLErrors.map((e) => String(e.extensions?.code ?? ''));
  if (error.response?.status === 401 || codes.some((c) => AUTH_CODES.includes(c))) {
    return new ApiError('auth', messages.join('; '));
  }
  // A field this build of the API does not have yet: GraphQL validation names it.
  if (
    messages.length > 0 &&
    messages.every((m) => /^Cannot query field|Unknown type|Unknown argument/.test(m))
  ) {
    return new ApiError('unavailable', messages.join('; '));
  }
  return new ApiError('server', messages.join('; ') || error.message);
}

/**
 * Runs a query and returns its data, or throws an {@link ApiError}. With `partial`, field
 * errors that left data (e.g. `person` null for someone out of the viewer's scope) still
 * return the data; validation, auth and network errors always throw.
 */
export async function query<T, V extends AnyVariables = AnyVariables>(
  document: DocumentInput<T, V>,
  variables: V = {} as V,
  options: { partial?: boolean } = {},
): Promise<T> {
  const result = await apiClient().query(document, variables).toPromise();
  if (result.error) {
    const error = classify(result.error);
    const fieldErrorsOnly = result.error.graphQLErrors.every((e) => e.path && e.path.length > 0);
    if (!(options.partial && result.data && error.kind === 'server' && fieldErrorsOnly)) throw error;
  }
  if (!result.data) throw new ApiError('server', 'the API answered without data');
  return result.data;
}

// Introspection: gql.tada does not type `__type`, so this one is a plain document.
const CAPABILITIES = gql`
  query Capabilities {
    query: __type(name: "Query") {
      fields {
        name
      }
    }
    person: __type(name: "Person") {
      fields {
        name
      }
    }
  }
`;
type TypeFields = { fields: { name: string }[] | null } | null;
let capabilities: Promise<Set<string> | null> | null = null;
let capabilitiesToken: string | null | undefined;

/**
 * The fields of `Query` and `Person` this API has (as `Type.field`), asked once per session,
 * so pages do not send queries the API would refuse. Null when the API hides its schema
 * (production); optional queries are then simply tried.
 */
function knownFields(): Promise<Set<string> | null> {
  const token = session.current?.token ?? null;
  if (!capabilities || capabilitiesToken !== token) {
    capabilitiesToken = token;
    capabilities = query<{ query: TypeFields; person: TypeFields }>(CAPABILITIES)
      .then((data) => {
        const fields = new Set<string>();
        for (const f of data.query?.fields ?? []) fields.add(`Query.${f.name}`);
        for (const f of data.person?.fields ?? []) fields.add(`Person.${f.name}`);
        return fields.size > 0 ? fields : null;
      })
      .catch(() => null);
  }
  return capabilities;
}

/**
 * Runs a query for a section that can do without it: null when the API in front of the
 * dashboard refuses one of its fields (an older API), so the section says what it will show.
 */
export async function optionalQuery<T, V extends AnyVariables = AnyVariables>(
  document: DocumentInput<T, V>,
  variables: V = {} as V,
): Promise<T | null> {
  try {
    return await query(document, variables);
  } catch (error) {
    if (error instanceof ApiError && error.kind === 'unavailable') return null;
    throw error;
  }
}

/** What the sign-in page offers: the company's identity provider, the demo personas, or both. */
export interface AuthConfig {
  oidc: { signInUrl: string } | null;
  devSignIn: boolean;
}

export async function authConfig(): Promise<AuthConfig> {
  let response: Response;
  try {
    response = await fetch('/auth/config', { headers: { accept: 'application/json' } });
  } catch (error) {
    throw new ApiError('network', error instanceof Error ? error.message : String(error));
  }
  // An API from before sign-in through a provider: the personas only.
  if (response.status === 404) return { oidc: null, devSignIn: true };
  if (!response.ok) throw new ApiError('server', `the API answered ${response.status}`);
  return (await response.json()) as AuthConfig;
}

/** Who a token stands for now (a signed-in user's role and scope come from their grants). */
export async function viewerOfToken(token: string): Promise<Viewer> {
  let response: Response;
  try {
    response = await fetch('/auth/me', { headers: { authorization: `Bearer ${token}` } });
  } catch (error) {
    throw new ApiError('network', error instanceof Error ? error.message : String(error));
  }
  const body = (await response.json().catch(() => ({}))) as { viewer?: Viewer; error?: string };
  if (!response.ok || !body.viewer)
    throw new ApiError('auth', body.error ?? `the API answered ${response.status}`);
  return body.viewer;
}

/**
 * Ends a session signed in through the identity provider: the API revokes its token and names
 * the provider's own sign-out page (null when it has none, or for a persona).
 */
export async function endSession(token: string): Promise<string | null> {
  try {
    const response = await fetch('/auth/sign-out', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await response.json().catch(() => ({}))) as { endSessionUrl?: string | null };
    return response.ok ? (body.endSessionUrl ?? null) : null;
  } catch {
    // Offline: the token is forgotten here all the same, and it expires.
    return null;
  }
}

/** Trades a demo persona for a token (development only; the API refuses it in production). */
export async function devSignIn(persona: Record<string, string>): Promise<{ token: string }> {
  let response: Response;
  try {
    response = await fetch('/auth/dev-sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(persona),
    });
  } catch (error) {
    throw new ApiError('network', error instanceof Error ? error.message : String(error));
  }
  if (response.status === 404 || response.status === 405) {
    throw new ApiError('unavailable', 'demo sign-in is off on this server (NODE_ENV=production)');
  }
  const body = (await response.json().catch(() => ({}))) as {
    token?: string;
    error?: string;
    problems?: string[];
  };
  if (!response.ok || !body.token) {
    throw new ApiError('server', [body.error, ...(body.problems ?? [])].filter(Boolean).join(': '));
  }
  return { token: body.token };
}

/** What a command mutation answered: the position to read your write at, or why it was refused. */
export type CommandOutcome =
  | { ok: true; position: string; events: { type: string; position: string }[] }
  | {
      ok: false;
      kind: string;
      message: string;
      /** The field refused, as its path from the input (e.g. `committee`) and as a person knows it. */
      fieldPath: string[];
      field: string | null;
      /** The refusal alone, in the page's language, without the field's problems appended. */
      reason: string;
    };

/**
 * Runs a command mutation (`result: someCommand(input: …)` selecting the `CommandResult`
 * union) and says what happened; transport and validation errors throw an {@link ApiError}.
 */
export async function command<T, V extends AnyVariables>(
  document: DocumentInput<T, V>,
  input: Record<string, unknown>,
): Promise<CommandOutcome> {
  const result = await apiClient()
    .mutation(document, { input } as unknown as V)
    .toPromise();
  if (result.error) throw classify(result.error);
  const answer = (result.data as { result?: Record<string, unknown> } | undefined)?.result;
  if (!answer) throw new ApiError('server', 'the API answered without a command result');
  if (answer.__typename === 'CommandSucceeded') {
    return {
      ok: true,
      position: String(answer.position),
      events: (answer.events as { type: string; position: string }[]) ?? [],
    };
  }
  const problems = (answer.problems as { path?: string[]; message: string }[] | undefined) ?? [];
  const detail = problems.map((p) => `${(p.path ?? []).join('.')}: ${p.message}`).join('; ');
  const fieldPath = Array.isArray(answer.fieldPath) ? (answer.fieldPath as unknown[]).map(String) : [];
  return {
    ok: false,
    kind: String(answer.__typename),
    message: [String(answer.message ?? answer.__typename), detail].filter(Boolean).join(' — '),
    fieldPath: fieldPath[0] === 'input' ? fieldPath.slice(1) : fieldPath,
    field: typeof answer.field === 'string' ? answer.field : null,
    reason: String(answer.message ?? answer.__typename),
  };
}

/** Runs a mutation that is not a domain command (e.g. issuing an API token); throws an {@link ApiError}. */
export async function mutate<T, V extends AnyVariables>(
  document: DocumentInput<T, V>,
  variables: V,
): Promise<T> {
  const result = await apiClient().mutation(document, variables).toPromise();
  if (result.error) throw classify(result.error);
  if (!result.data) throw new ApiError('server', 'the API answered without data');
  return result.data;
}

/** Reads an `@waitFor` query fresh from the network (never the cache). */
export async function queryFresh<T, V extends AnyVariables = AnyVariables>(
  document: DocumentInput<T, V>,
  variables: V,
): Promise<T> {
  const result = await apiClient().query(document, variables, { requestPolicy: 'network-only' }).toPromise();
  if (result.error) throw classify(result.error);
  if (!result.data) throw new ApiError('server', 'the API answered without data');
  return result.data;
}

/**
 * A GraphQL subscription over Server-Sent Events (graphql-yoga's `text/event-stream`), with
 * the viewer's token; calls `onData` for every result until the returned stop function runs.
 */
export function subscribe<T>(
  queryText: string,
  variables: Record<string, unknown>,
  onData: (data: T) => void,
  onError: (message: string) => void,
  onOpen: () => void = () => {},
): () => void {
  const stop = new AbortController();
  const token = session.current?.token;
  void (async () => {
    try {
      const response = await fetch('/graphql', {
        method: 'POST',
        signal: stop.signal,
        headers: {
          'content-type': 'application/json',
          accept: 'text/event-stream',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query: queryText, variables }),
      });
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      onOpen();
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const chunk = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = chunk
            .split('\n')
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.slice(5).trim())
            .join('\n');
          if (data) {
            const message = JSON.parse(data) as { data?: T; errors?: { message: string }[] };
            if (message.errors?.length) onError(message.errors.map((e) => e.message).join('; '));
            else if (message.data) onData(message.data);
          }
          end = buffer.indexOf('\n\n');
        }
      }
    } catch (error) {
      if (!stop.signal.aborted) onError(error instanceof Error ? error.message : String(error));
    }
  })();
  return () => stop.abort();
}

/** Whether the API has a field (`Query.x` / `Person.x`); true when it hides its schema. */
export async function hasField(name: string): Promise<boolean> {
  const known = await knownFields();
  return known === null || known.has(name);
}
