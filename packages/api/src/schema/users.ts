import { GRANT_SCOPES, USER_ROLES, userCommandSchemas } from '@trackrecord/domain';
import {
  type ReviewGrant,
  type UserGrantRow,
  type UserWithGrants,
  usersWithGrants,
} from '@trackrecord/projections';
import { type IssuedTokenRow, issueUserToken, listApiTokens, revokeUserToken } from '../auth/users.ts';
import { builder } from '../builder.ts';
import type { SignedInContext } from '../context.ts';
import { ClientError } from '../errors.ts';
import { SIGN_IN_REFUSALS } from '../i18n/refusals.ts';
import { commandMutations } from './mutations.ts';
import { PersonRef, visiblePerson } from './people.ts';
import { enumFor } from './zodInput.ts';

/**
 * Users and grants (the `user-<subject>` streams): HR links an identity provider's subject to
 * a name and an employee and grants roles with their scope; every change is an event, so
 * `users(day:)` answers who could see what on a past day. And a signed-in user's API tokens.
 */
commandMutations(userCommandSchemas, {
  LinkUser:
    "Link a sign-in identity (the identity provider's subject) to a display name and, for someone of the sales organisation, to their employee record. Linking again with the same name and employee appends nothing. HR only.",
  GrantRole:
    'Grant a user a role with the scope it covers: company (HR, committee, analyst, auditor), a branch (branch manager), a team (team manager), their own record (sales rep). Takes effect at the user’s next request. HR only.',
  RevokeRole: 'Revoke a role a user holds; it stops at the user’s next request. HR only.',
});

const GRANT_ROLES = ['hr_admin', 'auditor'] as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const Grant = builder.objectRef<UserGrantRow>('Grant').implement({
  description: 'A role held by a user, with its scope, from when (and until when) it was in force.',
  fields: (t) => ({
    role: t.expose('role', { type: enumFor(USER_ROLES, 'UserRole'), description: 'The role granted.' }),
    scope: t.expose('scope', {
      type: enumFor(GRANT_SCOPES, 'GrantScope'),
      description: 'What it covers: company, branch, team or self (the user’s own record).',
    }),
    unitId: t.exposeString('unit_id', {
      nullable: true,
      description: 'The branch or team of a branch or team scope.',
    }),
    grantedAt: t.exposeString('granted_at', { description: 'Business time of the grant.' }),
    revokedAt: t.exposeString('revoked_at', {
      nullable: true,
      description: 'Business time it was revoked or replaced; null while in force.',
    }),
  }),
});

/**
 * Committee membership per review as a grant: the review's `ReviewOpened` (HR choosing the
 * committee) grants each member the candidate's record until its `PromotionDecided`.
 */
export const CommitteeGrant = builder.objectRef<ReviewGrant>('CommitteeGrant').implement({
  description:
    'A seat on one review’s committee, as a grant: HR choosing the committee (`ReviewOpened`) grants each member the candidate’s one-stop record for that review, until the review is decided (`PromotionDecided`). A committee is chosen once, so these two events are the whole period.',
  fields: (t) => ({
    reviewId: t.exposeString('review_id', { description: 'The review (its scope).' }),
    candidateId: t.exposeString('employee_id', {
      description: 'The candidate: whose record the grant opens.',
    }),
    candidate: t.field({
      type: PersonRef,
      nullable: true,
      description: 'The candidate (within the viewer’s scope).',
      resolve: (g, _args, ctx) => visiblePerson(ctx, g.employee_id),
    }),
    toLevel: t.exposeString('to_level', { description: 'The ladder level the review is about.' }),
    round: t.exposeString('round', {
      description: 'The promotion round of the nomination (YYYY-Qn, its calendar quarter).',
    }),
    grantedAt: t.exposeString('granted_at', {
      description: 'Business time the committee was chosen (the review opened).',
    }),
    grantedPosition: t.field({
      type: 'Position',
      description: 'Global position of the `ReviewOpened` event: the grant.',
      resolve: (g) => BigInt(g.granted_position),
    }),
    revokedAt: t.exposeString('revoked_at', {
      nullable: true,
      description: 'Business time the review was decided, which ends the grant; null while open.',
    }),
    revokedPosition: t.field({
      type: 'Position',
      nullable: true,
      description: 'Global position of the `PromotionDecided` event; null while open.',
      resolve: (g) => (g.revoked_position === null ? null : BigInt(g.revoked_position)),
    }),
  }),
});

const User = builder.objectRef<UserWithGrants>('User').implement({
  description: 'A sign-in identity linked by HR, with its grants.',
  fields: (t) => ({
    subject: t.string({
      description: "The identity provider's subject (`sub`).",
      resolve: (u) => u.user.subject,
    }),
    displayName: t.string({
      description: 'The name shown for the user.',
      resolve: (u) => u.user.display_name,
    }),
    employeeId: t.string({
      nullable: true,
      description: 'The employee the user is; null for staff outside the sales organisation.',
      resolve: (u) => u.user.employee_id,
    }),
    person: t.field({
      type: PersonRef,
      nullable: true,
      description: 'The employee the user is, when linked to one (within the viewer’s scope).',
      resolve: (u) => u.user.employee_id,
    }),
    grants: t.field({
      type: [Grant],
      description: 'The grants in force (now, or on the day asked for).',
      resolve: (u) => [...u.grants],
    }),
    committeeGrants: t.field({
      type: [CommitteeGrant],
      description:
        'The review committees the user sits on (as their linked employee, or as themself), in force now or on the day asked for: each a grant from HR choosing the committee until the decision.',
      resolve: (u) => [...u.committees],
    }),
  }),
});

builder.queryField('users', (t) =>
  t.withAuth({ roles: GRANT_ROLES }).field({
    type: [User],
    description:
      'Every linked user with the grants in force now, or on `day` (YYYY-MM-DD, end of day UTC): who could see what then, the roles HR granted and the review committees they sat on. For HR and auditors.',
    args: { day: t.arg.string({ description: 'YYYY-MM-DD; the grants in force at the end of that day.' }) },
    resolve: async (_root, args, ctx) => {
      const day = args.day ?? undefined;
      if (day !== undefined && (!DAY.test(day) || Number.isNaN(Date.parse(day)))) {
        throw new ClientError(
          ctx.language === 'zh'
            ? `日期必须是 YYYY-MM-DD 格式，收到 ${day}`
            : `day must be a date YYYY-MM-DD, got ${day}`,
        );
      }
      return usersWithGrants(ctx.db, day ? { day } : {});
    },
  }),
);

const ApiToken = builder.objectRef<IssuedTokenRow>('ApiToken').implement({
  description:
    'An API token issued to the signed-in user, for their scripts (the token itself is shown once, when issued).',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The token’s id (not the token).' }),
    name: t.exposeString('name', { description: 'What the user called it.' }),
    issuedAt: t.field({ type: 'DateTime', description: 'When it was issued.', resolve: (r) => r.issuedAt }),
    expiresAt: t.field({
      type: 'DateTime',
      description: 'When it stops working.',
      resolve: (r) => r.expiresAt,
    }),
    revokedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it was revoked; it is refused from then on.',
      resolve: (r) => r.revokedAt,
    }),
    lastUsedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'Last request made with it (to the minute).',
      resolve: (r) => r.lastUsedAt,
    }),
  }),
});

const IssuedApiToken = builder
  .objectRef<{ token: string; apiToken: IssuedTokenRow }>('IssuedApiToken')
  .implement({
    description: 'A new API token: `token` is shown this once and never again.',
    fields: (t) => ({
      token: t.exposeString('token', { description: 'Send as "Authorization: Bearer <token>".' }),
      apiToken: t.field({
        type: ApiToken,
        description: 'The token as it is listed.',
        resolve: (r) => r.apiToken,
      }),
    }),
  });

/** The signed-in user's subject, or a refusal for a persona (development sign-in) or an API token. */
function sessionSubject(ctx: SignedInContext): string {
  if (!ctx.viewer.tokenId || ctx.viewer.tokenKind !== 'session') {
    throw new ClientError(SIGN_IN_REFUSALS.apiTokensNeedIdentity[ctx.language ?? 'en']);
  }
  return ctx.viewer.userId;
}

builder.queryField('apiTokens', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: [ApiToken],
    description:
      'The API tokens issued to the signed-in user, newest first, revoked and expired ones included. Empty for a development persona.',
    resolve: (_root, _args, ctx) =>
      ctx.viewer.tokenId ? listApiTokens(ctx.db, ctx.viewer.userId) : Promise.resolve([]),
  }),
);

builder.mutationField('issueApiToken', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: IssuedApiToken,
    description:
      'Issue an API token to the signed-in user (signed in through the identity provider, in the dashboard). It acts with the user’s grants at each use, and stops when revoked or expired.',
    args: {
      name: t.arg.string({ required: true, description: 'What it is for, e.g. "monthly report script".' }),
      days: t.arg.int({ required: true, description: 'Days it is valid for, 1 to API_TOKEN_MAX_LIFETIME.' }),
    },
    resolve: async (_root, args, ctx) => {
      const subject = sessionSubject(ctx);
      const language = ctx.language ?? 'en';
      const name = args.name.trim();
      if (name.length < 1 || name.length > 100) throw new ClientError(SIGN_IN_REFUSALS.tokenName[language]);
      const maxDays = Math.floor(ctx.tokens.apiMaxLifetimeSeconds / 86400);
      if (!Number.isInteger(args.days) || args.days < 1 || args.days > maxDays) {
        throw new ClientError(SIGN_IN_REFUSALS.tokenDays[language].replace('{max}', String(maxDays)));
      }
      const { token, row } = await issueUserToken(ctx.db, ctx.tokens, {
        subject,
        kind: 'api',
        name,
        validSeconds: args.days * 86400,
      });
      return { token, apiToken: row };
    },
  }),
);

builder.mutationField('revokeApiToken', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: ApiToken,
    description: 'Revoke one of the signed-in user’s API tokens: it is refused from its next use on.',
    args: { id: t.arg.id({ required: true, description: 'The token’s id, as `apiTokens` lists it.' }) },
    resolve: async (_root, args, ctx) => {
      const language = ctx.language ?? 'en';
      const row = ctx.viewer.tokenId
        ? await revokeUserToken(ctx.db, ctx.viewer.userId, String(args.id))
        : undefined;
      if (row?.kind !== 'api') throw new ClientError(SIGN_IN_REFUSALS.tokenUnknown[language]);
      return row;
    },
  }),
);
