import { execute, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { Context } from '../context.ts';
import type { Language } from '../i18n/refusals.ts';
import { schema } from '../schema/index.ts';
import { type AuthScopeLoaders, authScopesFor } from './scopes.ts';
import { AuthError } from './tokens.ts';
import type { Viewer } from './viewer.ts';

// The schema run without the server: a refused field must not reach its resolver, so the
// store and the database of these contexts fail the test when anything touches them.
const untouchable = new Proxy(
  {},
  {
    get(_target, key) {
      throw new Error(`a refused field reached its resolver (it used ${String(key)})`);
    },
  },
);
// The field scope reads the field rules in force (none published here: the built-in default),
// and nothing else of the store.
const rulesOnly = new Proxy(
  {},
  {
    get(_target, key) {
      if (key === 'readStream')
        return async (stream: string) => {
          if (stream === 'policy-field-rules') return [];
          throw new Error(`a refused field reached its resolver (it read ${stream})`);
        };
      throw new Error(`a refused field reached its resolver (it used ${String(key)})`);
    },
  },
);
const contextOf = (viewer: Viewer | AuthError, language: Language = 'en'): Context =>
  ({ viewer, language, store: rulesOnly, db: untouchable, tokens: untouchable }) as unknown as Context;

const run = async (document: string, ctx: Context) => {
  const result = await execute({ schema, document: parse(document), contextValue: ctx });
  return { data: result.data, errors: (result.errors ?? []).map((e) => e.message) };
};

const rep: Viewer = { userId: 'u-r1', name: 'Rep', role: 'sales_rep', employeeId: 'r1' };
const branchManager: Viewer = { userId: 'u-bm', name: 'BM', role: 'branch_manager', branchId: 'north' };
const teamManager: Viewer = { userId: 'u-tm', name: 'TM', role: 'team_manager', teamId: 'north-1' };
const analyst: Viewer = { userId: 'u-an', name: 'Analyst', role: 'analyst' };

describe('the schema’s auth scopes', () => {
  it('refuse every root field to a request without a valid token, with the token’s problem', async () => {
    const missing = new AuthError('MISSING_TOKEN', 'sign in first: send "Authorization: Bearer <token>"');
    const { data, errors } = await run('{ headPosition policies { id } }', contextOf(missing));
    expect(data).toBeNull();
    expect(errors[0]).toBe('sign in first: send "Authorization: Bearer <token>"');
    const expired = new AuthError('EXPIRED_TOKEN', 'the token has expired; sign in again');
    const refused = await run('{ projectionFailures { eventId } }', contextOf(expired, 'zh'));
    expect(refused.errors).toEqual(['the token has expired; sign in again']);
  });

  it('refuse a rep a field for HR and auditors, in English and in Chinese', async () => {
    const en = await run('{ projectionFailures { eventId } }', contextOf(rep, 'en'));
    expect(en.errors).toEqual(['projection failures are for operators (HR administrators and auditors)']);
    const zh = await run('{ projectionFailures { eventId } }', contextOf(rep, 'zh'));
    expect(zh.errors).toEqual(['投影失败记录仅供运维人员（人力资源管理员和审计员）查看']);
  });

  it('name the roles a field is for and the viewer’s role', async () => {
    const replay = '{ decisionReplay(decisionId: "r-1") { decisionId } }';
    expect((await run(replay, contextOf(rep, 'en'))).errors).toEqual([
      'decisionReplay is for auditor, hr_admin, committee_member; a sales_rep may not run it',
    ]);
    expect((await run(replay, contextOf(analyst, 'zh'))).errors).toEqual([
      'decisionReplay 仅限审计员、人力资源管理员、评审委员会成员使用；数据分析师无权使用',
    ]);
  });

  it('refuse a rep the commission of someone else, in their language', async () => {
    const ledger = (id: string) =>
      `{ commissionLedger(employeeId: "${id}", month: "2026-03") { paymentId } }`;
    expect((await run(ledger('r2'), contextOf(rep, 'en'))).errors).toEqual([
      'you may not read the commission of r2',
    ]);
    expect((await run(ledger('r2'), contextOf(rep, 'zh'))).errors).toEqual(['你无权查看 r2 的提成']);
  });
});

describe('authScopesFor', () => {
  // The scopes are loaders the plugin calls with a field's parameter.
  const scopes = (viewer: Viewer | AuthError) => authScopesFor(contextOf(viewer));
  const call = <K extends keyof AuthScopeLoaders>(
    loaders: AuthScopeLoaders,
    key: K,
    param: Parameters<Extract<AuthScopeLoaders[K], (p: never) => unknown>>[0],
  ) => {
    const loader = loaders[key];
    return typeof loader === 'function' ? (loader as (p: typeof param) => unknown)(param) : loader;
  };

  it('grant nothing without a viewer', () => {
    const none = scopes(new AuthError('INVALID_TOKEN', 'the token is not valid'));
    expect(none).toEqual({
      signedIn: false,
      roles: false,
      field: false,
      branch: false,
      team: false,
      self: false,
    });
  });

  it('give a branch manager their branch only, a team manager their team only, a rep only themself', async () => {
    const bm = scopes(branchManager);
    expect(bm.signedIn).toBe(true);
    expect(call(bm, 'branch', 'north')).toBe(true);
    expect(call(bm, 'branch', 'south')).toBe(false);
    expect(call(bm, 'self', 'r1')).toBe(false);
    const tm = scopes(teamManager);
    expect(await call(tm, 'team', 'north-1')).toBe(true);
    expect(await call(tm, 'team', 'north-2')).toBe(false);
    expect(call(tm, 'branch', 'north')).toBe(false);
    const r = scopes(rep);
    expect(call(r, 'self', 'r1')).toBe(true);
    expect(call(r, 'self', 'r2')).toBe(false);
    expect(await call(r, 'team', 'north-1')).toBe(false);
    expect(call(r, 'branch', 'north')).toBe(false);
  });

  it('give headquarters roles every unit, and roles by the viewer’s role', async () => {
    const an = scopes(analyst);
    expect(call(an, 'branch', 'south')).toBe(true);
    expect(await call(an, 'team', 'south-9')).toBe(true);
    expect(call(an, 'self', 'r1')).toBe(false);
    expect(call(an, 'roles', ['hr_admin', 'analyst'])).toBe(true);
    expect(call(an, 'roles', ['hr_admin', 'auditor'])).toBe(false);
  });
});
