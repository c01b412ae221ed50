import type { EventStore } from '@trackrecord/eventstore';
import type { Database } from '@trackrecord/projections';
import type { Kysely } from 'kysely';
import type { TokenService } from './auth/tokens.ts';
import { AuthError } from './auth/tokens.ts';
import type { Viewer } from './auth/viewer.ts';
import type { Language } from './i18n/refusals.ts';

/** What every resolver may use; built once per request. */
export interface Context {
  readonly store: EventStore;
  readonly db: Kysely<Database>;
  readonly tokens: TokenService;
  /** The signed-in user, or the reason there is none. */
  readonly viewer: Viewer | AuthError;
  /** The request's language, from `Accept-Language` (zh* → zh, else en); refusals speak it. */
  readonly language?: Language;
  /** How long a mutation waits for its write before answering `CommandPending` (`WRITE_PENDING_MS`). */
  readonly writePendingMs?: number;
}

/**
 * The context of a field that passed an auth scope (`signedIn`, `roles`, `branch`, `team`,
 * `self`: see `auth/scopes.ts`): the viewer is known. Fields get it through `t.withAuth(…)`.
 */
export type SignedInContext = Context & { readonly viewer: Viewer };

export function isSignedIn(ctx: Context): ctx is SignedInContext {
  return !(ctx.viewer instanceof AuthError);
}
