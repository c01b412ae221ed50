import type { CommandsOf } from '../core/types.ts';
import { RoleGranted, RoleRevoked, UserLinked } from './events.ts';

/** The time of each comes from the command's metadata. */
export const LinkUserData = UserLinked.schema.omit({ at: true });
export const GrantRoleData = RoleGranted.schema.omit({ at: true });
export const RevokeRoleData = RoleRevoked.schema.omit({ at: true });

export const userCommandSchemas = {
  LinkUser: LinkUserData,
  GrantRole: GrantRoleData,
  RevokeRole: RevokeRoleData,
} as const;

export type UserCommand = CommandsOf<typeof userCommandSchemas>;
