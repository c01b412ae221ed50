import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration } from 'oidc-provider';

/**
 * A real OpenID Connect provider (`oidc-provider`, the reference implementation `openid-client`
 * is tested against) for tests and the sign-in journey: authorisation code with PKCE required,
 * its development login form ("Enter any login": the login typed becomes the subject, any
 * password), consent given for the registered client, and RP-initiated logout.
 */
export interface TestIdentityProvider {
  /** The issuer URL, as `OIDC_ISSUER`. */
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  close(): Promise<void>;
}

export async function startTestIdentityProvider(options: {
  /** Where the relying party's `/auth/callback` and `/sign-in` are, e.g. `http://127.0.0.1:4100`. */
  readonly appOrigins: readonly string[];
  readonly port?: number;
  readonly clientId?: string;
  readonly clientSecret?: string;
}): Promise<TestIdentityProvider> {
  const clientId = options.clientId ?? 'trackrecord';
  const clientSecret = options.clientSecret ?? 'a-test-client-secret-of-the-identity-provider';
  // The port first, so the issuer (part of every token) is known before the provider is made.
  const { createServer } = await import('node:http');
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (holder.address() as AddressInfo).port;
  await new Promise<void>((resolve) => holder.close(() => resolve()));
  const issuer = `http://127.0.0.1:${port}`;
  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.appOrigins.map((o) => `${o}/auth/callback`),
        post_logout_redirect_uris: options.appOrigins.map((o) => `${o}/sign-in`),
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    findAccount: (_ctx, accountId) => ({
      accountId,
      claims: () => ({ sub: accountId, name: accountId }),
    }),
    claims: { openid: ['sub'], profile: ['name'] },
    // The company's own application: consent is given by the company, not asked of each user.
    async loadExistingGrant(ctx) {
      const accountId = ctx.oidc.session?.accountId;
      const client = ctx.oidc.client;
      if (!accountId || !client) return undefined;
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session?.grantIdFor(client.clientId);
      if (grantId) {
        const existing = await ctx.oidc.provider.Grant.find(grantId);
        if (existing) return existing;
      }
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId });
      grant.addOIDCScope('openid profile');
      await grant.save();
      return grant;
    },
    cookies: { keys: ['a-test-cookie-key-of-the-identity-provider'] },
  };
  const provider = new Provider(issuer, configuration);
  // The development login form logs a warning per start; it is what this provider is for.
  const server: Server = provider.listen(port, '127.0.0.1' as never) as unknown as Server;
  await new Promise<void>((resolve, reject) => {
    if (server.listening) resolve();
    server.once('listening', () => resolve());
    server.once('error', reject);
  });
  return {
    issuer,
    clientId,
    clientSecret,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
