import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { type AuthScopes, authScopesFor, refusal } from './auth/scopes.ts';
import type { Context, SignedInContext } from './context.ts';

/** Configuration only: context, scalars and plugins. Types and fields live in `schema/<module>.ts`. */
export const builder = new SchemaBuilder<{
  Context: Context;
  Scalars: {
    /** A position in `$all` or a stream revision: a 64-bit integer, sent as a decimal string. */
    Position: { Input: bigint; Output: bigint };
    DateTime: { Input: Date; Output: Date };
    /** Money in integer fen (分, 1/100 yuan): a safe integer, never a float. */
    Fen: { Input: number; Output: number };
    /** A free-form JSON value (event data). */
    JSON: { Input: unknown; Output: unknown };
  };
  DefaultFieldNullability: false;
  AuthScopes: AuthScopes;
  /** Each scope passes only with a viewer: a field under any of them resolves with one. */
  AuthContexts: {
    signedIn: SignedInContext;
    roles: SignedInContext;
    branch: SignedInContext;
    team: SignedInContext;
    self: SignedInContext;
    field: SignedInContext;
  };
}>({
  defaultFieldNullability: false,
  // Scope auth first, so that no other plugin's wrapper runs for a refused field.
  plugins: [ScopeAuthPlugin, DataloaderPlugin],
  scopeAuth: {
    authScopes: authScopesFor,
    // A subscription is refused when it is made, not at its first event.
    authorizeOnSubscribe: true,
    unauthorizedError: (_parent, ctx, info, result) => refusal(ctx, info.fieldName, result.failure),
  },
});

builder.scalarType('Position', {
  description: 'A 64-bit position in the event store, as a decimal string.',
  serialize: (value) => value.toString(),
  parseValue: (value) => {
    if (typeof value !== 'string' || !/^\d{1,19}$/.test(value)) {
      throw new TypeError(`Position must be a decimal string of digits, got ${JSON.stringify(value)}`);
    }
    return BigInt(value);
  },
});

builder.scalarType('DateTime', {
  description: 'An ISO 8601 timestamp in UTC.',
  serialize: (value) => value.toISOString(),
  parseValue: (value) => {
    const date = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
    if (Number.isNaN(date.getTime()))
      throw new TypeError(`DateTime must be an ISO 8601 string, got ${JSON.stringify(value)}`);
    return date;
  },
});

builder.scalarType('Fen', {
  description:
    'Money in integer fen (分, 1/100 yuan), a JSON number that is a safe integer: ¥1,234.56 is 123456.',
  serialize: (value) => value,
  parseValue: (value) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      throw new TypeError(`Fen must be a whole number of fen (a safe integer), got ${JSON.stringify(value)}`);
    }
    return value;
  },
});

builder.scalarType('JSON', {
  description:
    'A free-form JSON value, used only where a payload has no fixed shape (an event’s data); every other field is typed.',
  serialize: (value) => value,
  parseValue: (value) => value,
});

// Nothing is public: every root field needs a signed-in viewer (the server also answers a
// document without a valid token before it runs). Fields narrow further with `authScopes`.
builder.queryType({
  description:
    'What the read models answer: people, scores, eligibility, targets, commission, alerts, analytics and audit replays, cut to what the signed-in viewer may see.',
  authScopes: { signedIn: true },
});
builder.mutationType({
  description:
    'Commands: each is validated, authorised and decided by the domain, then appended to the event store; the answer says what happened (CommandResult).',
  authScopes: { signedIn: true },
});
builder.subscriptionType({
  description:
    'Live feeds over Server-Sent Events (`Accept: text/event-stream`), cut to what the viewer may see.',
  authScopes: { signedIn: true },
});
