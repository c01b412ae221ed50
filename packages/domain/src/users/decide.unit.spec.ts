import { describe, expect, it } from 'vitest';
import type { EmployeeContext } from '../core/types.ts';
import type { UserCommand } from './commands.ts';
import { decideUser, evolveUser, initialUserState, type UserState } from './decide.ts';

const metadata = { commandId: 'c1', at: '2026-03-01T09:00:00Z', actor: 'user:hr', source: 'ui' };
const command = <T extends UserCommand['type']>(type: T, data: Extract<UserCommand, { type: T }>['data']) =>
  ({ type, data, metadata }) as UserCommand;
const active: EmployeeContext = { employeeId: 'e1', status: 'active', branchId: 'b1', teamId: 't1' };
const fold = (...commands: UserCommand[]): UserState =>
  commands.reduce(
    (state, c) => decideUser(c, state, { employee: active }).reduce(evolveUser, state),
    initialUserState,
  );
const linked = fold(command('LinkUser', { subject: 'li.na', displayName: '李娜', employeeId: 'e1' }));

describe('users: link, grant, revoke', () => {
  it('links a sign-in to an employee, once; linking again the same way appends nothing', () => {
    expect(linked.link).toEqual({ displayName: '李娜', employeeId: 'e1' });
    const again = command('LinkUser', { subject: 'li.na', displayName: '李娜', employeeId: 'e1' });
    expect(decideUser(again, linked, { employee: active })).toEqual([]);
  });

  it('refuses to link to a person never hired or already gone', () => {
    const link = command('LinkUser', { subject: 'x', displayName: 'X', employeeId: 'e1' });
    expect(() => decideUser(link, initialUserState, {})).toThrow(/employee e1 is not known/);
    expect(() => decideUser(link, initialUserState, { employee: { ...active, status: 'departed' } })).toThrow(
      /has left the company/,
    );
  });

  it('grants each role with the scope it covers, and nothing else', () => {
    const grant = (data: object) => () =>
      decideUser(command('GrantRole', { subject: 'li.na', ...data } as never), linked);
    expect(grant({ role: 'team_manager', scope: 'company' })).toThrow(
      'a team_manager is granted with scope team, not company',
    );
    expect(grant({ role: 'team_manager', scope: 'team' })).toThrow(
      'a team_manager needs the team they manage',
    );
    expect(grant({ role: 'auditor', scope: 'company', unitId: 'b1' })).toThrow(
      'an auditor is not granted for a unit',
    );
    expect(grant({ role: 'team_manager', scope: 'team', unitId: 't1' })()).toEqual([
      {
        type: 'RoleGranted',
        data: { subject: 'li.na', role: 'team_manager', scope: 'team', unitId: 't1', at: metadata.at },
      },
    ]);
    const hq = fold(command('LinkUser', { subject: 'hq', displayName: '王芳', employeeId: null }));
    expect(() =>
      decideUser(command('GrantRole', { subject: 'hq', role: 'sales_rep', scope: 'self' }), hq),
    ).toThrow(/not linked to an employee/);
    expect(() =>
      decideUser(
        command('GrantRole', { subject: 'nobody', role: 'auditor', scope: 'company' }),
        initialUserState,
      ),
    ).toThrow(/not linked yet/);
  });

  it('replaces a role’s unit, appends nothing for the same grant, and revokes only what is held', () => {
    const manager = fold(
      command('LinkUser', { subject: 'li.na', displayName: '李娜', employeeId: 'e1' }),
      command('GrantRole', { subject: 'li.na', role: 'team_manager', scope: 'team', unitId: 't1' }),
    );
    expect(
      decideUser(
        command('GrantRole', { subject: 'li.na', role: 'team_manager', scope: 'team', unitId: 't1' }),
        manager,
      ),
    ).toEqual([]);
    expect(
      decideUser(
        command('GrantRole', { subject: 'li.na', role: 'team_manager', scope: 'team', unitId: 't2' }),
        manager,
      ),
    ).toHaveLength(1);
    const revoked = fold(
      command('LinkUser', { subject: 'li.na', displayName: '李娜', employeeId: 'e1' }),
      command('GrantRole', { subject: 'li.na', role: 'team_manager', scope: 'team', unitId: 't1' }),
      command('RevokeRole', { subject: 'li.na', role: 'team_manager' }),
    );
    expect(revoked.roles).toEqual({});
    expect(() =>
      decideUser(command('RevokeRole', { subject: 'li.na', role: 'team_manager' }), revoked),
    ).toThrow('user li.na does not hold the role team_manager');
  });
});
