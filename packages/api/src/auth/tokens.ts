import { errors, jwtVerify, SignJWT } from 'jose';
import { type Viewer, viewerSchema } from './viewer.ts';

const ISSUER = 'trackrecord';
const AUDIENCE = 'trackrecord-api';

/** A token that cannot be used, with the reason in words a client developer understands. */
export class AuthError extends Error {
  override readonly name = 'AuthError';
  constructor(
    readonly code: 'MISSING_TOKEN' | 'INVALID_TOKEN' | 'EXPIRED_TOKEN',
    message: string,
  ) {
    super(message);
  }
}

export interface TokenService {
  /** A token carrying the viewer's claims (development sign-in, tests); not revocable. */
  sign(viewer: Viewer, ttlSeconds?: number): Promise<string>;
  /**
   * A token for a signed-in user (`auth/users.ts`): it names only the subject and the token's
   * id; who the user is and may see is resolved at every use, and a revoked token is refused.
   */
  signUserToken(ref: UserTokenRef, expiresAt: Date): Promise<string>;
  verify(token: string): Promise<Viewer>;
  /** The longest a user's API token may be valid (`API_TOKEN_MAX_LIFETIME`). */
  readonly apiMaxLifetimeSeconds: number;
}

/** What a signed-in user's token names: the identity's subject and the token's row in `auth.tokens`. */
export interface UserTokenRef {
  readonly tokenId: string;
  readonly subject: string;
  readonly kind: 'session' | 'api';
}

/** Turns a user's token into the viewer it stands for now, or throws an AuthError (revoked, no role). */
export type UserTokenResolver = (ref: UserTokenRef) => Promise<Viewer>;

/** How many verified tokens are remembered, so a client's every request does not pay the HMAC again. */
const VERIFIED_CACHE_SIZE = 10_000;

/** Default of `TOKEN_MAX_LIFETIME`: the longest a token may be valid, from its `iat` to its `exp`. */
export const DEFAULT_TOKEN_MAX_LIFETIME_SECONDS = 24 * 3600;

/** Default of `API_TOKEN_MAX_LIFETIME`: an analyst's API token (revocable) may be valid for 90 days. */
export const DEFAULT_API_TOKEN_MAX_LIFETIME_SECONDS = 90 * 86400;

/** `API_TOKEN_MAX_LIFETIME` from the environment, written as `TOKEN_MAX_LIFETIME` is. */
export function apiTokenMaxLifetime(env: NodeJS.ProcessEnv): number {
  if (!env.API_TOKEN_MAX_LIFETIME?.trim()) return DEFAULT_API_TOKEN_MAX_LIFETIME_SECONDS;
  return tokenMaxLifetime({ TOKEN_MAX_LIFETIME: env.API_TOKEN_MAX_LIFETIME }, 'API_TOKEN_MAX_LIFETIME');
}

/** `TOKEN_MAX_LIFETIME` from the environment: seconds, or a number with s, m, h or d (e.g. `12h`). */
export function tokenMaxLifetime(env: NodeJS.ProcessEnv, name = 'TOKEN_MAX_LIFETIME'): number {
  const text = env.TOKEN_MAX_LIFETIME?.trim();
  if (!text) return DEFAULT_TOKEN_MAX_LIFETIME_SECONDS;
  const match = /^(\d+)\s*([smhd]?)$/.exec(text);
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match?.[2] ?? ''] ?? 1;
  const seconds = match ? Number(match[1]) * unit : Number.NaN;
  if (!Number.isSafeInteger(seconds) || seconds < 60) {
    throw new Error(
      `${name} must be a duration of at least 60 seconds (e.g. 3600, 90m, 12h, 7d), got "${text}"`,
    );
  }
  return seconds;
}

/**
 * HS256 tokens signed with a shared secret of at least 32 bytes. Every token carries `iat` and
 * `exp`, at most `maxLifetimeSeconds` apart: a token without them, or valid for longer, is refused.
 */
export function createTokenService(
  secret: string,
  options: {
    maxLifetimeSeconds?: number;
    /** `API_TOKEN_MAX_LIFETIME`: the longest validity of a user's (revocable) API token. */
    apiMaxLifetimeSeconds?: number;
    /** Resolves users' tokens; without it they are refused. */
    resolveUser?: UserTokenResolver;
  } = {},
): TokenService {
  const key = new TextEncoder().encode(secret);
  if (key.length < 32) throw new Error('AUTH_SECRET must be at least 32 bytes long');
  const maxLifetime = options.maxLifetimeSeconds ?? DEFAULT_TOKEN_MAX_LIFETIME_SECONDS;
  const apiMaxLifetime = Math.max(
    maxLifetime,
    options.apiMaxLifetimeSeconds ?? DEFAULT_API_TOKEN_MAX_LIFETIME_SECONDS,
  );
  // token → its claims (or the user it names) and expiry; only tokens that verified are kept,
  // and only until they expire. A user's token is still resolved at every use.
  const verified = new Map<string, { viewer: Viewer | UserTokenRef; expiresAt: number }>();
  const resolve = async (claims: Viewer | UserTokenRef): Promise<Viewer> => {
    if (!('tokenId' in claims && 'kind' in claims)) return claims as Viewer;
    if (!options.resolveUser)
      throw new AuthError('INVALID_TOKEN', 'sign-in through an identity provider is not configured');
    return options.resolveUser(claims as UserTokenRef);
  };
  const service: TokenService = {
    apiMaxLifetimeSeconds: apiMaxLifetime,
    async sign(viewer, ttlSeconds = Math.min(8 * 3600, maxLifetime)) {
      if (ttlSeconds > maxLifetime) {
        throw new Error(
          `a token may be valid for at most ${maxLifetime} s (TOKEN_MAX_LIFETIME), not ${ttlSeconds} s`,
        );
      }
      const { tokenId: _id, tokenKind: _kind, ...claims } = viewerSchema.parse(viewer);
      return new SignJWT({ ...claims })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(claims.userId)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key);
    },
    async signUserToken(ref, expiresAt) {
      const seconds = Math.floor(expiresAt.getTime() / 1000);
      if (seconds - Math.floor(Date.now() / 1000) > apiMaxLifetime) {
        throw new Error(
          `a user's token may be valid for at most ${apiMaxLifetime} s (API_TOKEN_MAX_LIFETIME)`,
        );
      }
      return new SignJWT({ tid: ref.tokenId, kind: ref.kind })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(ref.subject)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(seconds)
        .sign(key);
    },
    async verify(token) {
      const known = verified.get(token);
      if (known && known.expiresAt > Date.now()) return resolve(known.viewer);
      if (known) verified.delete(token);
      const checked = await verifyToken(token);
      if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value as string);
      verified.set(token, checked);
      return resolve(checked.viewer);
    },
  };
  async function verifyToken(token: string): Promise<{ viewer: Viewer | UserTokenRef; expiresAt: number }> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
        requiredClaims: ['exp', 'iat'],
      }));
    } catch (error) {
      if (error instanceof errors.JWTExpired)
        throw new AuthError('EXPIRED_TOKEN', 'the token has expired; sign in again');
      throw new AuthError(
        'INVALID_TOKEN',
        `the token is not valid: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const lifetime = Number(payload.exp) - Number(payload.iat);
    const user = typeof payload.tid === 'string';
    if (user) {
      const kind = payload.kind === 'api' ? 'api' : 'session';
      if (!(lifetime <= apiMaxLifetime) || typeof payload.sub !== 'string' || !payload.sub) {
        throw new AuthError('INVALID_TOKEN', "the token's claims are not valid: sign in again");
      }
      const ref: UserTokenRef = { tokenId: payload.tid as string, subject: payload.sub, kind };
      return { viewer: ref, expiresAt: Number(payload.exp) * 1000 };
    }
    if (!(lifetime <= maxLifetime)) {
      throw new AuthError(
        'INVALID_TOKEN',
        `the token is valid for ${lifetime} s; at most ${maxLifetime} s are accepted (TOKEN_MAX_LIFETIME): sign in again`,
      );
    }
    const parsed = viewerSchema.safeParse(payload);
    if (!parsed.success) {
      const problems = parsed.error.issues
        .map((i) => `${i.path.join('.') || 'token'}: ${i.message}`)
        .join('; ');
      throw new AuthError('INVALID_TOKEN', `the token's claims are not valid: ${problems}`);
    }
    // jwtVerify has checked `exp`, which sign() always sets.
    return { viewer: parsed.data, expiresAt: Number(payload.exp) * 1000 };
  }
  return service;
}

/** Reads `Authorization: Bearer <token>`; `undefined` when the header is absent. */
export function bearerToken(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match?.[1]) throw new AuthError('INVALID_TOKEN', 'the Authorization header must be "Bearer <token>"');
  return match[1];
}
