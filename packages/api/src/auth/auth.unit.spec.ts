import { DEFAULT_FIELD_RULES, fieldVisible } from '@trackrecord/domain';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { AuthError, bearerToken, createTokenService, tokenMaxLifetime } from './tokens.ts';
import { dataScope, type Viewer } from './viewer.ts';

const canReadField = (viewer: Viewer, field: Parameters<typeof fieldVisible>[2], subject: string) =>
  fieldVisible(DEFAULT_FIELD_RULES, viewer, field, subject);

const secret = 'a-test-secret-that-is-long-enough-0123456789';
const rep: Viewer = { userId: 'u-1', name: '李明', role: 'sales_rep', employeeId: 'emp-1' };

describe('tokens', () => {
  it('round-trips a viewer', async () => {
    const tokens = createTokenService(secret);
    expect(await tokens.verify(await tokens.sign(rep))).toEqual(rep);
  });

  it('rejects a token signed with another secret, an expired one, and one with bad claims', async () => {
    const tokens = createTokenService(secret);
    const other = createTokenService(`${secret}-other`);
    await expect(tokens.verify(await other.sign(rep))).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
    await expect(tokens.verify(await tokens.sign(rep, -10))).rejects.toMatchObject({ code: 'EXPIRED_TOKEN' });
    await expect(tokens.verify('not.a.token')).rejects.toBeInstanceOf(AuthError);
    await expect(tokens.sign({ userId: 'u', name: 'x', role: 'team_manager' })).rejects.toThrow(/teamId/);
  });

  it('refuses a token without exp, and one valid for longer than TOKEN_MAX_LIFETIME', async () => {
    const tokens = createTokenService(secret, { maxLifetimeSeconds: 3600 });
    const forged = (build: (jwt: SignJWT) => SignJWT) =>
      build(
        new SignJWT({ ...rep })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer('trackrecord')
          .setAudience('trackrecord-api'),
      ).sign(new TextEncoder().encode(secret));
    const forever = await forged((jwt) => jwt.setIssuedAt());
    await expect(tokens.verify(forever)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
    await expect(tokens.verify(forever)).rejects.toThrow(/"exp" claim/);
    const long = await forged((jwt) => jwt.setIssuedAt().setExpirationTime('2h'));
    await expect(tokens.verify(long)).rejects.toThrow(/at most 3600 s are accepted \(TOKEN_MAX_LIFETIME\)/);
    expect(await tokens.verify(await forged((jwt) => jwt.setIssuedAt().setExpirationTime('1h')))).toEqual(
      rep,
    );
    await expect(tokens.sign(rep, 7200)).rejects.toThrow(/at most 3600 s/);
    expect(tokenMaxLifetime({ TOKEN_MAX_LIFETIME: '12h' })).toBe(43_200);
    expect(tokenMaxLifetime({})).toBe(86_400);
    expect(() => tokenMaxLifetime({ TOKEN_MAX_LIFETIME: 'forever' })).toThrow(/TOKEN_MAX_LIFETIME must be/);
  });

  it('refuses a short secret and a malformed Authorization header', () => {
    expect(() => createTokenService('short')).toThrow(/at least 32 bytes/);
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(() => bearerToken('Token abc')).toThrow(/Bearer <token>/);
  });
});

describe('data scope and field rules', () => {
  it('scopes each role to the people it may see', () => {
    expect(dataScope({ userId: 'h', name: 'HR', role: 'hr_admin' })).toEqual({ kind: 'all' });
    expect(dataScope({ userId: 'b', name: 'B', role: 'branch_manager', branchId: 'sh' })).toEqual({
      kind: 'branch',
      branchId: 'sh',
    });
    expect(dataScope({ userId: 't', name: 'T', role: 'team_manager', teamId: 'sh-1' })).toEqual({
      kind: 'team',
      teamId: 'sh-1',
    });
    expect(dataScope(rep)).toEqual({ kind: 'self', employeeId: 'emp-1' });
  });

  it('under the default field rules, shows commission, risk factors and feedback comments only to permitted roles, and reps their own', () => {
    const analyst: Viewer = { userId: 'a', name: 'A', role: 'analyst' };
    expect(canReadField(analyst, 'commission', 'emp-9')).toBe(false);
    expect(canReadField(analyst, 'riskFactors', 'emp-9')).toBe(false);
    expect(canReadField({ userId: 'h', name: 'H', role: 'hr_admin' }, 'riskFactors', 'emp-9')).toBe(true);
    expect(
      canReadField({ userId: 'c', name: 'C', role: 'committee_member' }, 'feedbackComments', 'emp-9'),
    ).toBe(true);
    expect(canReadField(rep, 'commission', 'emp-1')).toBe(true);
    expect(canReadField(rep, 'commission', 'emp-2')).toBe(false);
  });
});
