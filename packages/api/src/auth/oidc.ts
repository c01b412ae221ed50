import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Database } from '@trackrecord/projections';
import { jwtVerify, SignJWT } from 'jose';
import type { Kysely } from 'kysely';
import * as client from 'openid-client';
import type { TokenService } from './tokens.ts';
import { issueUserToken, revokeUserToken, viewerOfSubject } from './users.ts';

/**
 * Sign-in through the company's identity provider: OpenID Connect, authorisation code flow
 * with PKCE (S256), state and nonce, through `openid-client` (certified relying-party
 * library; discovery, the token request and the ID token's checks are its, not ours).
 *
 * `GET /auth/sign-in?next=/path` sends the browser to the provider with a fresh code verifier,
 * state and nonce, kept in a short-lived signed, HTTP-only cookie (so any process behind a
 * load balancer can finish the flow). `GET /auth/callback` checks state, exchanges the code with
 * the verifier, validates the ID token and takes its `sub`: a subject that holds a role (grants
 * as events, `user-<subject>`) gets a dashboard session token, handed to the dashboard in the
 * URL's fragment (never sent to a server, so never in a log); one without a role is sent back
 * to the sign-in page with the reason.
 */
export interface OidcSettings {
  /** `OIDC_ISSUER`: the provider's issuer URL (its discovery document is read from it). */
  readonly issuer: URL;
  /** `OIDC_CLIENT_ID`. */
  readonly clientId: string;
  /** `OIDC_CLIENT_SECRET`: a confidential client's secret; unset for a public client (PKCE alone). */
  readonly clientSecret?: string;
  /** `OIDC_REDIRECT_URI`: this server's `/auth/callback` as registered with the provider. */
  readonly redirectUri: URL;
  /** `OIDC_SCOPE` (default `openid profile`). */
  readonly scope?: string;
}

/** The OIDC settings from the environment; undefined when `OIDC_ISSUER` is unset. Names what is missing. */
export function oidcSettingsFromEnv(env: NodeJS.ProcessEnv): OidcSettings | undefined {
  const issuer = env.OIDC_ISSUER?.trim();
  if (!issuer) return undefined;
  const clientId = env.OIDC_CLIENT_ID?.trim();
  const redirect = env.OIDC_REDIRECT_URI?.trim();
  if (!clientId) throw new Error('OIDC_ISSUER is set, so OIDC_CLIENT_ID must be too');
  if (!redirect) {
    throw new Error(
      'OIDC_ISSUER is set, so OIDC_REDIRECT_URI must be too (e.g. https://trackrecord.example.com/auth/callback)',
    );
  }
  const url = (text: string, name: string) => {
    try {
      return new URL(text);
    } catch {
      throw new Error(`${name} must be an absolute URL, got "${text}"`);
    }
  };
  const redirectUri = url(redirect, 'OIDC_REDIRECT_URI');
  if (redirectUri.pathname !== '/auth/callback') {
    throw new Error(`OIDC_REDIRECT_URI must end in /auth/callback, got "${redirect}"`);
  }
  const secret = env.OIDC_CLIENT_SECRET?.trim();
  const scope = env.OIDC_SCOPE?.trim();
  return {
    issuer: url(issuer, 'OIDC_ISSUER'),
    clientId,
    redirectUri,
    ...(secret ? { clientSecret: secret } : {}),
    ...(scope ? { scope } : {}),
  };
}

/** Whether the development sign-in (`/auth/dev-sign-in`) is on: `DEV_SIGN_IN=on|off`, else off in production. */
export function devSignInEnabled(env: NodeJS.ProcessEnv): boolean {
  const setting = env.DEV_SIGN_IN?.trim().toLowerCase();
  if (setting === 'on') {
    if (env.NODE_ENV === 'production') throw new Error('DEV_SIGN_IN=on is refused with NODE_ENV=production');
    return true;
  }
  if (setting === 'off') return false;
  if (setting) throw new Error(`DEV_SIGN_IN must be on or off, got "${env.DEV_SIGN_IN}"`);
  return env.NODE_ENV !== 'production';
}

export interface OidcSignIn {
  /** `GET /auth/sign-in`, `GET /auth/callback`; false for other paths. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
  /** Ends a session: revokes its token and answers where the provider ends its own session. */
  signOut(subject: string, tokenId: string): Promise<{ endSessionUrl: string | null }>;
}

const STATE_COOKIE = 'tr_oidc';
const STATE_AUDIENCE = 'trackrecord-oidc-state';
const STATE_SECONDS = 600;

export async function createOidcSignIn(deps: {
  settings: OidcSettings;
  db: Kysely<Database>;
  tokens: TokenService;
  /** Signs the flow's state cookie (AUTH_SECRET). */
  secret: string;
  /** How long a dashboard session lasts (at most TOKEN_MAX_LIFETIME). */
  sessionSeconds: number;
}): Promise<OidcSignIn> {
  const { settings } = deps;
  const insecure = settings.issuer.protocol === 'http:';
  const config = await client.discovery(
    settings.issuer,
    settings.clientId,
    settings.clientSecret ? { client_secret: settings.clientSecret } : { token_endpoint_auth_method: 'none' },
    settings.clientSecret ? client.ClientSecretBasic(settings.clientSecret) : client.None(),
    // A provider on plain http (a test or a laptop) is allowed only as such; production issuers are https.
    insecure ? { execute: [client.allowInsecureRequests] } : undefined,
  );
  const key = new TextEncoder().encode(deps.secret);
  const secureCookie = settings.redirectUri.protocol === 'https:';
  const origin = settings.redirectUri.origin;

  const redirect = (res: ServerResponse, location: string, cookie?: string) => {
    res.writeHead(302, {
      location,
      'cache-control': 'no-store',
      ...(cookie ? { 'set-cookie': cookie } : {}),
    });
    res.end();
  };
  const cookie = (value: string, maxAge: number) =>
    `${STATE_COOKIE}=${value}; Path=/auth; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secureCookie ? '; Secure' : ''}`;
  const safeNext = (next: string | null | undefined) =>
    next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
  const back = (reason: string, next: string) =>
    `/sign-in?error=${encodeURIComponent(reason)}&next=${encodeURIComponent(next)}`;

  async function start(res: ServerResponse, url: URL) {
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const next = safeNext(url.searchParams.get('next'));
    const flow = await new SignJWT({ verifier, state, nonce, next })
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience(STATE_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${STATE_SECONDS}s`)
      .sign(key);
    const target = client.buildAuthorizationUrl(config, {
      redirect_uri: settings.redirectUri.href,
      scope: settings.scope ?? 'openid profile',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    redirect(res, target.href, cookie(flow, STATE_SECONDS));
  }

  async function finish(req: IncomingMessage, res: ServerResponse, url: URL) {
    const clear = cookie('', 0);
    const raw = /(?:^|;\s*)tr_oidc=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    let flow: { verifier: string; state: string; nonce: string; next: string };
    try {
      if (!raw) throw new Error('no sign-in under way');
      const { payload } = await jwtVerify(raw, key, { audience: STATE_AUDIENCE, algorithms: ['HS256'] });
      flow = payload as unknown as typeof flow;
    } catch {
      // No cookie (another browser, expired after 10 minutes, or a forged callback): start again.
      return redirect(res, back('expired', '/'), clear);
    }
    // The provider's answer, at the address registered with it (this process may sit behind a proxy).
    const current = new URL(settings.redirectUri.href);
    current.search = url.search;
    let subject: string;
    try {
      const answer = await client.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      const claims = answer.claims();
      if (!claims?.sub) throw new Error('the ID token names no subject');
      subject = claims.sub;
    } catch (error) {
      const denied = url.searchParams.get('error');
      console.error(`sign-in failed: ${denied ?? (error instanceof Error ? error.message : String(error))}`);
      return redirect(res, back(denied === 'access_denied' ? 'denied' : 'failed', flow.next), clear);
    }
    if (!(await viewerOfSubject(deps.db, subject))) {
      return redirect(res, `${back('no-role', flow.next)}&subject=${encodeURIComponent(subject)}`, clear);
    }
    const { token } = await issueUserToken(deps.db, deps.tokens, {
      subject,
      kind: 'session',
      name: 'dashboard',
      validSeconds: deps.sessionSeconds,
    });
    redirect(res, `/sign-in?next=${encodeURIComponent(flow.next)}#token=${encodeURIComponent(token)}`, clear);
  }

  return {
    async handle(req, res, url) {
      if (req.method !== 'GET') return false;
      if (url.pathname === '/auth/sign-in') {
        await start(res, url);
        return true;
      }
      if (url.pathname === '/auth/callback') {
        await finish(req, res, url);
        return true;
      }
      return false;
    },
    async signOut(subject, tokenId) {
      await revokeUserToken(deps.db, subject, tokenId);
      const metadata = config.serverMetadata();
      if (!metadata.end_session_endpoint) return { endSessionUrl: null };
      const url = client.buildEndSessionUrl(config, {
        client_id: settings.clientId,
        post_logout_redirect_uri: `${origin}/sign-in`,
      });
      return { endSessionUrl: url.href };
    },
  };
}
