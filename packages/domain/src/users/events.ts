import { z } from 'zod';
import { defineEvent, type EventOf } from '../core/catalog.ts';
import { id, isoTime, text } from '../core/schemas.ts';

/**
 * Who may use Track Record, stream `user-<subject>`: a user is the identity provider's subject
 * (the `sub` of their OpenID Connect ID token), linked by HR to a display name and, when they
 * are one, to an employee; HR grants them roles, each with the scope it covers, and revokes
 * them. The API reads the grants in force (read model `user_grants`) at every request, and an
 * audit replays who could see what on a given day from these events.
 */
export const USER_ROLES = [
  'hr_admin',
  'committee_member',
  'analyst',
  'auditor',
  'branch_manager',
  'team_manager',
  'sales_rep',
] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** What a grant covers: the whole company, one branch, one team, or only the user's own record. */
export const GRANT_SCOPES = ['company', 'branch', 'team', 'self'] as const;
export type GrantScope = (typeof GRANT_SCOPES)[number];

/** The scope each role is granted with (a manager's unit, a rep's self, headquarters' company). */
export const ROLE_SCOPE: Readonly<Record<UserRole, GrantScope>> = {
  hr_admin: 'company',
  committee_member: 'company',
  analyst: 'company',
  auditor: 'company',
  branch_manager: 'branch',
  team_manager: 'team',
  sales_rep: 'self',
};

/** An identity provider's subject: printable ASCII without spaces, as OpenID Connect allows. */
export const subject = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(255, 'must be at most 255 characters')
  .regex(/^[\x21-\x7e]+$/, 'must be printable characters without spaces');

const displayName = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

export const UserLinked = defineEvent(
  'UserLinked',
  z.object({
    subject,
    /** The name shown for the user (the employee's name of record when linked to one). */
    displayName,
    /** The employee the user is; null for staff outside the sales organisation (HR, audit). */
    employeeId: id.nullable(),
    at: isoTime,
  }),
);

export const RoleGranted = defineEvent(
  'RoleGranted',
  z.object({
    subject,
    role: z.enum(USER_ROLES),
    scope: z.enum(GRANT_SCOPES),
    /** The branch or team of a branch or team scope; absent for company and self. */
    unitId: id.optional(),
    at: isoTime,
  }),
);

export const RoleRevoked = defineEvent(
  'RoleRevoked',
  z.object({
    subject,
    role: z.enum(USER_ROLES),
    reason: text.optional(),
    at: isoTime,
  }),
);

export const userEvents = [UserLinked, RoleGranted, RoleRevoked] as const;
export type UserEvent = EventOf<typeof userEvents>;

/** The stream of one user (an identity provider's subject). */
export const userStream = (userSubject: string): string => `user-${userSubject}`;
