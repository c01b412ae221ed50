import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTeam } from '../testing/fixtures.ts';
import { type ApiHarness, startApiHarness } from '../testing/harness.ts';
import { startTestIdentityProvider, type TestIdentityProvider } from '../testing/identityProvider.ts';
import type { Viewer } from './viewer.ts';

// The real protocol: a real OpenID Connect provider (oidc-provider) and the API as its relying
// party (openid-client), authorisation code with PKCE, over HTTP, with the browser's part
// (following redirects, keeping each site's cookies, posting the provider's login form) done
// by hand below. Who may do what comes from grants HR records as events.
let database: TestDatabase;
let idp: TestIdentityProvider;
let api: ApiHarness;
const hr: Viewer = { userId: 'demo-hr', name: 'HR', role: 'hr_admin' };

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });

beforeAll(async () => {
  database = await createTestDatabase('api_oidc');
  const port = await freePort();
  idp = await startTestIdentityProvider({ appOrigins: [`http://127.0.0.1:${port}`] });
  api = await startApiHarness(database.url, {
    port,
    runners: true,
    oidc: { issuer: new URL(idp.issuer), clientId: idp.clientId, clientSecret: idp.clientSecret },
  });
  await seedTeam(api.store, 'north', 3);
}, 120_000);
afterAll(async () => {
  await api?.close();
  await idp?.close();
  await database?.drop();
});

/** A browser: follows redirects, keeps each origin's cookies, fills the provider's login form as `login`. */
async function browse(start: string, login: string): Promise<{ landed: URL; visited: URL[] }> {
  const jar = new Map<string, Map<string, string>>();
  const visited: URL[] = [];
  let url = new URL(start);
  let form: URLSearchParams | undefined;
  for (let step = 0; step < 20; step++) {
    visited.push(url);
    const cookies = jar.get(url.origin) ?? new Map<string, string>();
    const response = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        ...(cookies.size ? { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: form.toString() } : {}),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const [name = '', value = ''] = pair.split('=');
      const gone = attributes.some((a) => /^\s*max-age=0$/i.test(a)) || value === '';
      if (gone) cookies.delete(name.trim());
      else cookies.set(name.trim(), value);
    }
    jar.set(url.origin, cookies);
    form = undefined;
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      url = new URL(location, url);
      if (url.origin === new URL(api.base).origin && url.pathname === '/sign-in') {
        visited.push(url);
        return { landed: url, visited };
      }
      continue;
    }
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (response.status !== 200 || !action || !html.includes('name="login"')) {
      throw new Error(`unexpected answer ${response.status} at ${url.href}: ${html.slice(0, 300)}`);
    }
    url = new URL(action, url);
    form = new URLSearchParams({ prompt: 'login', login, password: 'any password' });
  }
  throw new Error('too many redirects');
}

/** Signs in through the provider as `login`; the dashboard session token from the URL's fragment. */
async function signIn(login: string): Promise<string> {
  const { landed } = await browse(`${api.base}/auth/sign-in?next=/people`, login);
  const token = new URLSearchParams(landed.hash.slice(1)).get('token');
  if (!token) throw new Error(`no token: landed on ${landed.href}`);
  expect(landed.searchParams.get('next')).toBe('/people');
  return token;
}

const command = async (mutation: string, input: Record<string, unknown>, token?: string, language = 'en') => {
  const { body } = await api.graphql<{ result: { __typename: string; message?: string } }>(
    `mutation($input: ${mutation[0]?.toUpperCase()}${mutation.slice(1)}Input!) { result: ${mutation}(input: $input) { __typename ... on CommandSucceeded { position } ... on RuleViolation { message } ... on NotFound { message } ... on ValidationFailed { message } ... on Forbidden { message } } }`,
    { token: token ?? (await api.token(hr)), variables: { input }, headers: { 'accept-language': language } },
  );
  expect(body.errors).toBeUndefined();
  return body.data?.result;
};

/** Waits for the read models to hold what was written (the runners follow the store). */
const settled = async () => {
  const head = await api.store.headPosition();
  await api.watermark.waitFor(head, 30_000);
};

const me = async (token: string) => {
  const response = await fetch(`${api.base}/auth/me`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as { viewer?: Viewer; error?: string } };
};
const peopleCount = async (token: string) => {
  const { body } = await api.graphql<{ people: { totalCount: number } }>('{ people { totalCount } }', {
    token,
  });
  return body.errors ? body.errors.map((e) => e.message) : body.data?.people.totalCount;
};

describe('sign-in through an OpenID Connect provider', () => {
  it('sends the browser to the provider with PKCE (S256), state and nonce', async () => {
    const response = await fetch(`${api.base}/auth/sign-in?next=/people`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    const target = new URL(response.headers.get('location') ?? '');
    expect(target.origin).toBe(idp.issuer);
    expect(target.searchParams.get('code_challenge_method')).toBe('S256');
    expect(target.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(target.searchParams.get('state')).toBeTruthy();
    expect(target.searchParams.get('nonce')).toBeTruthy();
    expect(target.searchParams.get('redirect_uri')).toBe(`${api.base}/auth/callback`);
    expect(response.headers.get('set-cookie')).toMatch(/^tr_oidc=[^;]+; Path=\/auth; HttpOnly; SameSite=Lax/);
    const config = await (await fetch(`${api.base}/auth/config`)).json();
    expect(config).toEqual({ oidc: { signInUrl: '/auth/sign-in' }, devSignIn: true });
  });

  it('refuses a callback without the flow it started (no cookie: a forged or replayed callback)', async () => {
    const response = await fetch(`${api.base}/auth/callback?code=forged&state=forged`, {
      redirect: 'manual',
    });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/sign-in?error=expired&next=%2F');
  });

  it('signs in HR, a manager and a rep with exactly the scope HR granted them', async () => {
    // An identity with no grant is turned back with the reason.
    const stranger = await browse(`${api.base}/auth/sign-in`, 'stranger');
    expect(stranger.landed.searchParams.get('error')).toBe('no-role');
    expect(stranger.landed.hash).toBe('');

    expect(
      await command('linkUser', { subject: 'wang.fang', displayName: '王芳', employeeId: null }),
    ).toMatchObject({
      __typename: 'CommandSucceeded',
    });
    await command('grantRole', { subject: 'wang.fang', role: 'hr_admin', scope: 'company' });
    await command('linkUser', { subject: 'lead.north', displayName: 'north 0000', employeeId: 'north-0000' });
    await command('grantRole', {
      subject: 'lead.north',
      role: 'team_manager',
      scope: 'team',
      unitId: 'north',
    });
    await command('linkUser', { subject: 'rep.north', displayName: 'north 0001', employeeId: 'north-0001' });
    await command('grantRole', { subject: 'rep.north', role: 'sales_rep', scope: 'self' });
    await settled();

    const hrToken = await signIn('wang.fang');
    expect((await me(hrToken)).body.viewer).toMatchObject({
      userId: 'wang.fang',
      name: '王芳',
      role: 'hr_admin',
    });
    const managerToken = await signIn('lead.north');
    expect((await me(managerToken)).body.viewer).toMatchObject({
      role: 'team_manager',
      teamId: 'north',
      employeeId: 'north-0000',
    });
    const repToken = await signIn('rep.north');
    expect((await me(repToken)).body.viewer).toMatchObject({ role: 'sales_rep', employeeId: 'north-0001' });
    expect(await peopleCount(hrToken)).toBe(3);
    expect(await peopleCount(managerToken)).toBe(3);
    expect(await peopleCount(repToken)).toBe(1);
    // The rep may not grant anything: only HR.
    expect(
      await command('grantRole', { subject: 'rep.north', role: 'hr_admin', scope: 'company' }, repToken),
    ).toMatchObject({
      __typename: 'Forbidden',
    });
    // Signing out revokes the session and names the provider's end of session.
    const out = await fetch(`${api.base}/auth/sign-out`, {
      method: 'POST',
      headers: { authorization: `Bearer ${repToken}` },
    });
    const { endSessionUrl } = (await out.json()) as { endSessionUrl: string };
    expect(new URL(endSessionUrl).origin).toBe(idp.issuer);
    expect(new URL(endSessionUrl).searchParams.get('post_logout_redirect_uri')).toBe(`${api.base}/sign-in`);
    expect(await me(repToken)).toEqual({
      status: 401,
      body: { error: 'this token was revoked; sign in again', code: 'INVALID_TOKEN' },
    });
  });

  it('applies a grant from the next request and a revocation too; users(day:) replays who could see what', async () => {
    await command('linkUser', { subject: 'rep.two', displayName: 'north 0002', employeeId: 'north-0002' });
    await command('grantRole', { subject: 'rep.two', role: 'sales_rep', scope: 'self' });
    await settled();
    const token = await signIn('rep.two');
    expect(await peopleCount(token)).toBe(1);
    // Before: a rep. HR grants the team: the same session now sees the team.
    await command('grantRole', { subject: 'rep.two', role: 'team_manager', scope: 'team', unitId: 'north' });
    await settled();
    expect((await me(token)).body.viewer?.role).toBe('team_manager');
    expect(await peopleCount(token)).toBe(3);
    // Revoked: back to their own record.
    await command('revokeRole', { subject: 'rep.two', role: 'team_manager', reason: 'acting lead ended' });
    await settled();
    expect(await peopleCount(token)).toBe(1);
    // And all grants gone: the token is refused.
    await command('revokeRole', { subject: 'rep.two', role: 'sales_rep' });
    await settled();
    expect((await me(token)).body.error).toBe(
      'your sign-in identity holds no role in Track Record; ask HR to grant you one',
    );
    const { body } = await api.graphql<{
      users: { subject: string; grants: { role: string; revokedAt: string | null }[] }[];
    }>('{ users { subject grants { role scope unitId revokedAt } } }', { token: await api.token(hr) });
    expect(body.data?.users.find((u) => u.subject === 'rep.two')?.grants).toEqual([]);
    expect(body.data?.users.find((u) => u.subject === 'rep.north')?.grants).toEqual([
      { role: 'sales_rep', scope: 'self', unitId: null, revokedAt: null },
    ]);
  });

  it('refuses grants that do not fit, before anything is appended, in English and Chinese', async () => {
    const head = await api.store.headPosition();
    expect(await command('grantRole', { subject: 'nobody.yet', role: 'auditor', scope: 'company' })).toEqual({
      __typename: 'NotFound',
      message: 'user nobody.yet is not linked yet: link them to a name or an employee first',
    });
    expect(
      await command(
        'grantRole',
        { subject: 'wang.fang', role: 'team_manager', scope: 'company' },
        undefined,
        'zh',
      ),
    ).toEqual({
      __typename: 'ValidationFailed',
      message: expect.stringContaining('该角色的权限范围必须是团队'),
    });
    expect(
      await command('grantRole', { subject: 'wang.fang', role: 'sales_rep', scope: 'self' }, undefined, 'zh'),
    ).toEqual({
      __typename: 'RuleViolation',
      message: expect.stringContaining('未关联员工，不能授予仅限本人的角色'),
    });
    expect(await command('revokeRole', { subject: 'wang.fang', role: 'auditor' })).toEqual({
      __typename: 'RuleViolation',
      message: 'user wang.fang does not hold the role auditor',
    });
    expect(
      await command(
        'linkUser',
        { subject: 'has space', displayName: 'x', employeeId: null },
        undefined,
        'zh',
      ),
    ).toMatchObject({
      __typename: 'ValidationFailed',
      message: expect.stringContaining('登录身份'),
    });
    expect(await api.store.headPosition()).toBe(head);
  });

  it('issues API tokens to a signed-in user, lists them, and refuses a revoked one at its next use', async () => {
    const session = await signIn('wang.fang');
    const issue = `mutation($name: String!, $days: Int!) { issueApiToken(name: $name, days: $days) { token apiToken { id name expiresAt revokedAt } } }`;
    const { body } = await api.graphql<{
      issueApiToken: { token: string; apiToken: { id: string; name: string } };
    }>(issue, {
      token: session,
      variables: { name: 'monthly report', days: 30 },
    });
    expect(body.errors).toBeUndefined();
    const script = body.data?.issueApiToken.token ?? '';
    const id = body.data?.issueApiToken.apiToken.id ?? '';
    // The script reads with the user's grants.
    expect(await peopleCount(script)).toBe(3);
    const listed = await api.graphql<{
      apiTokens: { id: string; name: string; revokedAt: string | null; lastUsedAt: string | null }[];
    }>('{ apiTokens { id name revokedAt lastUsedAt } }', { token: session });
    expect(listed.body.data?.apiTokens).toEqual([
      { id, name: 'monthly report', revokedAt: null, lastUsedAt: expect.any(String) },
    ]);
    // An API token cannot issue more tokens; a persona cannot either (in their language).
    const fromScript = await api.graphql(issue, { token: script, variables: { name: 'x', days: 1 } });
    expect(fromScript.body.errors?.[0]?.message).toBe(
      "API tokens are issued to a user signed in through the company's identity provider",
    );
    const fromPersona = await api.graphql(issue, {
      token: await api.token(hr),
      variables: { name: 'x', days: 1 },
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(fromPersona.body.errors?.[0]?.message).toBe('API 令牌只发给通过公司统一身份认证登录的用户');
    const tooLong = await api.graphql(issue, { token: session, variables: { name: 'x', days: 91 } });
    expect(tooLong.body.errors?.[0]?.message).toBe('valid for (days): must be a whole number from 1 to 90');

    const revoke = await api.graphql<{ revokeApiToken: { revokedAt: string | null } }>(
      `mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }`,
      { token: session, variables: { id } },
    );
    expect(revoke.body.data?.revokeApiToken.revokedAt).toEqual(expect.any(String));
    expect(await peopleCount(script)).toEqual(['this token was revoked; sign in again']);
    // The session that revoked it goes on.
    expect(await peopleCount(session)).toBe(3);
    // Each use of the script's token is in the access log, under the user's grant.
    const log = await api.graphql<{
      accessLog: { userId: string; role: string; tokenKind: string; detail: string }[];
    }>('{ accessLog(kind: token_use) { userId role tokenKind detail } }', { token: session });
    expect(log.body.data?.accessLog[0]).toEqual({
      userId: 'wang.fang',
      role: 'hr_admin',
      tokenKind: 'api',
      detail: id,
    });
  });
});
