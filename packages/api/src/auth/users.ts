import { randomUUID } from 'node:crypto';
import type { Database } from '@trackrecord/projections';
import { type Kysely, sql } from 'kysely';
import { SIGN_IN_REFUSALS } from '../i18n/refusals.ts';
import { recordAccess } from './accessLog.ts';
import { AuthError, type TokenService, type UserTokenRef } from './tokens.ts';
import { ROLES, type Role, type Viewer } from './viewer.ts';

/**
 * Users signed in through the identity provider: their tokens (a dashboard session, analysts'
 * API tokens) in `auth.tokens`, and who each token stands for now, from the grants in force
 * (`read.users`, `read.user_grants`, the read model of the `user-<subject>` streams).
 *
 * A token names only its id and the subject. At every use it is looked up: a revoked or
 * expired row is refused, and the viewer is built from the user's grants at that moment, so a
 * grant or a revocation takes effect on the next request, without signing in again.
 */

/** A token of `auth.tokens` as its owner sees it (never the secret itself). */
export interface IssuedTokenRow {
  readonly id: string;
  readonly subject: string;
  readonly kind: 'session' | 'api';
  readonly name: string;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
  readonly revokedAt: Date | null;
  readonly lastUsedAt: Date | null;
}

interface TokenTable {
  id: string;
  subject: string;
  kind: 'session' | 'api';
  name: string;
  issued_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
}
interface AuthDb {
  tokens: TokenTable;
}

const authDb = (db: Kysely<Database>) => (db as unknown as Kysely<AuthDb>).withSchema('auth');

const toRow = (r: TokenTable): IssuedTokenRow => ({
  id: r.id,
  subject: r.subject,
  kind: r.kind,
  name: r.name,
  issuedAt: r.issued_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
  lastUsedAt: r.last_used_at,
});

/** Records a new token for `subject` and signs it; the signed text is shown once, never stored. */
export async function issueUserToken(
  db: Kysely<Database>,
  tokens: TokenService,
  input: { subject: string; kind: 'session' | 'api'; name: string; validSeconds: number },
): Promise<{ token: string; row: IssuedTokenRow }> {
  const now = new Date();
  const row: TokenTable = {
    id: randomUUID(),
    subject: input.subject,
    kind: input.kind,
    name: input.name,
    issued_at: now,
    expires_at: new Date(now.getTime() + input.validSeconds * 1000),
    revoked_at: null,
    last_used_at: null,
  };
  await authDb(db).insertInto('tokens').values(row).execute();
  const token = await tokens.signUserToken(
    { tokenId: row.id, subject: row.subject, kind: row.kind },
    row.expires_at,
  );
  return { token, row: toRow(row) };
}

/** A user's API tokens, newest first (revoked and expired ones too, so the list explains itself). */
export async function listApiTokens(db: Kysely<Database>, subject: string): Promise<IssuedTokenRow[]> {
  const rows = await authDb(db)
    .selectFrom('tokens')
    .selectAll()
    .where('subject', '=', subject)
    .where('kind', '=', 'api')
    .orderBy('issued_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(toRow);
}

/** Revokes one of `subject`'s tokens; undefined when they have no such token. Revoking twice keeps the first time. */
export async function revokeUserToken(
  db: Kysely<Database>,
  subject: string,
  tokenId: string,
): Promise<IssuedTokenRow | undefined> {
  const row = await authDb(db)
    .updateTable('tokens')
    .set({ revoked_at: sql<Date>`coalesce(revoked_at, now())` })
    .where('id', '=', tokenId)
    .where('subject', '=', subject)
    .returningAll()
    .executeTakeFirst();
  return row ? toRow(row) : undefined;
}

/**
 * The role a user acts in when they hold several: the first in this order (HR before the
 * committee before analysts …), the order of `ROLES`.
 */
const rank = (role: string) => {
  const index = ROLES.indexOf(role as Role);
  return index < 0 ? ROLES.length : index;
};

/** The viewer a user's grants in force make them, or undefined without any grant. */
export async function viewerOfSubject(db: Kysely<Database>, subject: string): Promise<Viewer | undefined> {
  const read = db.withSchema('read');
  const [user, grants] = await Promise.all([
    read
      .selectFrom('users')
      .leftJoin('people', 'people.employee_id', 'users.employee_id')
      .selectAll('users')
      .select('people.name_en')
      .where('subject', '=', subject)
      .executeTakeFirst(),
    read
      .selectFrom('user_grants')
      .select(['role', 'scope', 'unit_id', 'granted_position', 'granted_at'])
      .where('subject', '=', subject)
      .where('revoked_at', 'is', null)
      .execute(),
  ]);
  const grant = grants.sort((a, b) => rank(a.role) - rank(b.role))[0];
  if (!user || !grant) return undefined;
  const role = grant.role as Role;
  return {
    userId: subject,
    name: user.display_name,
    ...(user.name_en ? { nameEn: user.name_en } : {}),
    role,
    ...(user.employee_id ? { employeeId: user.employee_id } : {}),
    ...(grant.scope === 'branch' && grant.unit_id ? { branchId: grant.unit_id } : {}),
    ...(grant.scope === 'team' && grant.unit_id ? { teamId: grant.unit_id } : {}),
    grantPosition: String(grant.granted_position),
    grantedAt: grant.granted_at,
  };
}

/**
 * The resolver the token service calls for a user's token: the token must be known, not
 * revoked and not expired, and its user must hold a role now. An API token's last use is
 * noted (at most once a minute) for its owner's list.
 */
export function userTokenResolver(db: Kysely<Database>): (ref: UserTokenRef) => Promise<Viewer> {
  return async (ref) => {
    const row = await authDb(db)
      .selectFrom('tokens')
      .select(['subject', 'kind', 'revoked_at', 'expires_at', 'last_used_at'])
      .where('id', '=', ref.tokenId)
      .executeTakeFirst();
    if (!row || row.subject !== ref.subject || row.kind !== ref.kind) {
      throw new AuthError('INVALID_TOKEN', 'this token is not known; sign in again');
    }
    if (row.revoked_at) throw new AuthError('INVALID_TOKEN', SIGN_IN_REFUSALS.revoked.en);
    if (row.expires_at.getTime() <= Date.now()) {
      throw new AuthError('EXPIRED_TOKEN', 'the token has expired; sign in again');
    }
    const viewer = await viewerOfSubject(db, ref.subject);
    if (!viewer) throw new AuthError('INVALID_TOKEN', SIGN_IN_REFUSALS.noGrant.en);
    if (ref.kind === 'api' && (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000)) {
      await authDb(db)
        .updateTable('tokens')
        .set({ last_used_at: new Date() })
        .where('id', '=', ref.tokenId)
        .execute();
    }
    const signedIn: Viewer = { ...viewer, tokenId: ref.tokenId, tokenKind: ref.kind };
    // Every use of an API token (a script reading) is in the access log.
    if (ref.kind === 'api') await recordAccess(db, signedIn, 'token_use', { detail: ref.tokenId });
    return signedIn;
  };
}
