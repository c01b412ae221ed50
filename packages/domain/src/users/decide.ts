import { DomainError, illegalState, notFound, validation } from '../core/errors.ts';
import { type Command, type Decider, type EmployeeContext, requireKnown } from '../core/types.ts';
import type { UserCommand } from './commands.ts';
import { type GrantScope, ROLE_SCOPE, type UserEvent, type UserRole } from './events.ts';

/** One user, folded from `user-<subject>`: the link and the roles in force with their scope. */
export interface UserState {
  readonly link: { readonly displayName: string; readonly employeeId: string | null } | null;
  readonly roles: Readonly<
    Partial<Record<UserRole, { readonly scope: GrantScope; readonly unitId?: string }>>
  >;
}

export const initialUserState: UserState = { link: null, roles: {} };

/** Facts from other streams: the employee a user is linked to (`employee-<employeeId>`). */
export interface UserContext {
  readonly employee?: EmployeeContext;
}

/** "a team_manager", "an auditor". */
const a = (role: string) => `${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role}`;

type Of<T extends UserCommand['type']> = Extract<UserCommand, Command<T>>;

export function evolveUser(state: UserState, event: UserEvent): UserState {
  switch (event.type) {
    case 'UserLinked':
      return { ...state, link: { displayName: event.data.displayName, employeeId: event.data.employeeId } };
    case 'RoleGranted': {
      const { role, scope, unitId } = event.data;
      return { ...state, roles: { ...state.roles, [role]: { scope, ...(unitId ? { unitId } : {}) } } };
    }
    case 'RoleRevoked': {
      const { [event.data.role]: _revoked, ...roles } = state.roles;
      return { ...state, roles };
    }
    default: {
      const unreachable: never = event;
      throw new Error(`unhandled event ${JSON.stringify(unreachable)}`);
    }
  }
}

/** Linking again with the same name and employee appends nothing; another name or employee relinks. */
function linkUser({ data, metadata }: Of<'LinkUser'>, state: UserState, context?: UserContext): UserEvent[] {
  if (data.employeeId !== null) {
    requireKnown(context?.employee, 'employee', data.employeeId, 'employeeId');
    if (context.employee.status === 'departed') {
      throw illegalState(`employee ${data.employeeId} has left the company`, {
        rule: 'employee_departed',
        employeeId: data.employeeId,
        field: 'employeeId',
      });
    }
  }
  if (state.link?.displayName === data.displayName && state.link.employeeId === data.employeeId) return [];
  const roles = Object.entries(state.roles) as [UserRole, { scope: GrantScope }][];
  if (data.employeeId === null && roles.some(([, g]) => g.scope === 'self')) {
    throw illegalState(`user ${data.subject} holds a role for their own record and must stay an employee`, {
      rule: 'self_needs_employee',
      subject: data.subject,
      field: 'employeeId',
    });
  }
  return [{ type: 'UserLinked', data: { ...data, at: metadata.at } }];
}

/**
 * A role is granted with the scope it covers (`ROLE_SCOPE`): a branch manager's branch, a team
 * manager's team, a rep's own record (they must be linked to an employee), headquarters'
 * company. Granting a role held with the same scope appends nothing; another unit replaces it.
 */
function grantRole({ data, metadata }: Of<'GrantRole'>, state: UserState): UserEvent[] {
  if (!state.link) {
    throw notFound(`user ${data.subject} is not linked yet: link them to a name or an employee first`, {
      rule: 'user_unknown',
      subject: data.subject,
      field: 'subject',
    });
  }
  const expected = ROLE_SCOPE[data.role];
  if (data.scope !== expected) {
    throw validation(`${a(data.role)} is granted with scope ${expected}, not ${data.scope}`, {
      rule: 'scope_of_role',
      field: 'scope',
      expected,
    });
  }
  const needsUnit = expected === 'branch' || expected === 'team';
  if (needsUnit && !data.unitId) {
    throw validation(`${a(data.role)} needs the ${expected} they manage`, {
      rule: 'unit_missing',
      field: 'unitId',
    });
  }
  if (!needsUnit && data.unitId) {
    throw validation(`${a(data.role)} is not granted for a unit`, {
      rule: 'unit_not_allowed',
      field: 'unitId',
    });
  }
  if (expected === 'self' && state.link.employeeId === null) {
    throw illegalState(`user ${data.subject} is not linked to an employee, so has no record of their own`, {
      rule: 'self_needs_employee',
      subject: data.subject,
      field: 'subject',
    });
  }
  const held = state.roles[data.role];
  if (held && held.scope === data.scope && held.unitId === data.unitId) return [];
  return [{ type: 'RoleGranted', data: { ...data, at: metadata.at } }];
}

function revokeRole({ data, metadata }: Of<'RevokeRole'>, state: UserState): UserEvent[] {
  if (!state.roles[data.role]) {
    throw illegalState(`user ${data.subject} does not hold the role ${data.role}`, {
      rule: 'role_not_held',
      subject: data.subject,
      role: data.role,
      field: 'role',
    });
  }
  return [{ type: 'RoleRevoked', data: { ...data, at: metadata.at } }];
}

/** User commands, on `user-<subject>`. */
export function decideUser(command: UserCommand, state: UserState, context?: UserContext): UserEvent[] {
  switch (command.type) {
    case 'LinkUser':
      return linkUser(command, state, context);
    case 'GrantRole':
      return grantRole(command, state);
    case 'RevokeRole':
      return revokeRole(command, state);
    default: {
      const unreachable: never = command;
      throw new DomainError('VALIDATION', `unhandled command ${JSON.stringify(unreachable)}`);
    }
  }
}

export const userDecider: Decider<UserCommand, UserEvent, UserState, UserContext | undefined> = {
  initialState: initialUserState,
  evolve: evolveUser,
  decide: decideUser,
};
