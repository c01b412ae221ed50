import type { ColumnType, Selectable } from 'kysely';

/** `read.users`: each sign-in identity HR linked, with its display name and employee (`UserLinked`). */
export interface UsersTable {
  subject: string;
  display_name: string;
  employee_id: string | null;
  /** Business time of the latest link. */
  linked_at: string;
  position: ColumnType<string, number | string, number | string>;
}

/**
 * `read.user_grants`: one row per period a role was held (`RoleGranted` → `RoleRevoked`, or the
 * next `RoleGranted` of that role with another scope). Rows whose `revoked_at` is null are in
 * force; a day's grants are those granted on or before it and not yet revoked.
 */
export interface UserGrantsTable {
  subject: string;
  role: string;
  scope: string;
  unit_id: string | null;
  granted_at: string;
  granted_position: ColumnType<string, number | string, number | string>;
  revoked_at: string | null;
  revoked_position: ColumnType<string | null, number | string | null, number | string | null>;
}

export type UserRow = Selectable<UsersTable>;
export type UserGrantRow = Selectable<UserGrantsTable>;

export interface UserGrantsDb {
  users: UsersTable;
  user_grants: UserGrantsTable;
}
