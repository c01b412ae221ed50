import { type AuthFailure, AuthScopeFailureType } from '@pothos/plugin-scope-auth';
import type { ProtectedField } from '@trackrecord/domain';
import { scoped } from '@trackrecord/projections';
import type { Context } from '../context.ts';
import { ClientError } from '../errors.ts';
import { fieldAccessRefusal, type Language, roleRefusal } from '../i18n/refusals.ts';
import { canReadField, fieldRulesOf } from './fieldRules.ts';
import { AuthError } from './tokens.ts';
import { dataScope, type Role } from './viewer.ts';

/**
 * The auth scopes of the schema (Pothos scope-auth), derived once per request from the viewer.
 * They decide whether a field may be read at all; which rows it reads is data scoping
 * (`dataScope` and the read models' `scoped()`), applied where data is loaded.
 *
 * - `signedIn`: the request carries a valid token (every field of Query, Mutation and
 *   Subscription requires it).
 * - `roles`: the viewer has one of the roles given.
 * - `branch`, `team`, `self`: the viewer's data scope covers that branch, team or employee
 *   as a whole, the way `dataScope` grants it: headquarters roles cover every unit; a branch
 *   manager their branch and its teams; a team manager their team; a sales rep only themself
 *   (`self` is the rep's own employee id, nobody else's).
 *
 * - `field`: the field rules in force (the published `FieldRules`, read once per request) let
 *   the viewer read that protected field about that person. Every protected field is guarded
 *   by this scope and nothing else.
 *
 * Every scope but `signedIn` fails without a viewer, so each gives its field a signed-in context.
 */
export interface AuthScopes {
  signedIn: boolean;
  roles: readonly Role[];
  branch: string;
  team: string;
  self: string;
  field: { readonly field: ProtectedField; readonly subject: string };
}

type Loader<P> = boolean | ((param: P) => boolean | Promise<boolean>);
export type AuthScopeLoaders = {
  [K in keyof AuthScopes]: K extends 'signedIn' ? boolean : Loader<AuthScopes[K]>;
};

const NOBODY: AuthScopeLoaders = {
  signedIn: false,
  roles: false,
  branch: false,
  team: false,
  self: false,
  field: false,
};

/** The scopes of one request (the plugin calls it once per request and caches each loader's answer). */
export function authScopesFor(ctx: Context): AuthScopeLoaders {
  const viewer = ctx.viewer;
  if (viewer instanceof AuthError) return NOBODY;
  const scope = dataScope(viewer);
  return {
    signedIn: true,
    roles: (roles) => roles.includes(viewer.role),
    branch: (branchId) => scope.kind === 'all' || (scope.kind === 'branch' && scope.branchId === branchId),
    team: async (teamId) => {
      switch (scope.kind) {
        case 'all':
          return true;
        case 'team':
          return scope.teamId === teamId;
        case 'branch': {
          // A team is in the manager's branch when someone of it is: the people read model knows.
          const member = await scoped(ctx.db, scope, 'people')
            .select('people.employee_id')
            .where('people.team_id', '=', teamId)
            .limit(1)
            .executeTakeFirst();
          return member !== undefined;
        }
        case 'self':
          return false;
      }
    },
    self: (employeeId) => scope.kind === 'self' && scope.employeeId === employeeId,
    field: async ({ field, subject }) => canReadField(await fieldRulesOf(ctx), viewer, field, subject),
  };
}

/**
 * The scope of a protected field about `subject`: the field rules in force decide (a role they
 * allow, for anyone in the viewer's data scope; a rep only about themself).
 */
export function mayRead(field: ProtectedField, subject: string): Pick<AuthScopes, 'field'> {
  return { field: { field, subject } };
}

/** The roles a failed `roles` scope asked for, if one failed. */
function rolesAskedFor(failure: AuthFailure): readonly Role[] | undefined {
  switch (failure.kind) {
    case AuthScopeFailureType.AuthScope:
      return failure.scope === 'roles' ? (failure.parameter as readonly Role[]) : undefined;
    case AuthScopeFailureType.AnyAuthScopes:
    case AuthScopeFailureType.AllAuthScopes:
      for (const child of failure.failures) {
        const roles = rolesAskedFor(child);
        if (roles) return roles;
      }
      return undefined;
    default:
      return undefined;
  }
}

/**
 * The error a refused field answers, in the request's language: without a viewer the token's
 * problem (as the server answers a document sent without one); with a `roles` scope, which
 * roles the field is for; otherwise that the viewer may not read it.
 */
export function refusal(ctx: Context, what: string, failure: AuthFailure): Error {
  const viewer = ctx.viewer;
  if (viewer instanceof AuthError) return viewer;
  const language = ctx.language ?? 'en';
  const roles = rolesAskedFor(failure);
  if (roles) return new ClientError(roleRefusal(what, roles, viewer.role, language));
  return new ClientError(fieldAccessRefusal(what, language));
}

/**
 * A field's own refusal (its `unauthorizedError`), in the request's language; without a
 * viewer, the token's problem, as for every other field.
 */
export function refusedWith(ctx: Context, message: Readonly<Record<Language, string>>): Error {
  if (ctx.viewer instanceof AuthError) return ctx.viewer;
  return new ClientError(message[ctx.language ?? 'en']);
}
