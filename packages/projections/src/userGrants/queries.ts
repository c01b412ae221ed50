import { actingIdOf } from '@trackrecord/domain';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../database.ts';
import { type CommitteeGrantRow, committeeGrants } from './committee.ts';
import type { UserGrantRow, UserRow } from './table.ts';

/** A user with the grants in force (or in force on `day`, when given). */
export interface UserWithGrants {
  readonly user: UserRow;
  readonly grants: readonly UserGrantRow[];
  /** The reviews whose committee they sit on, in force then (`committee.ts`). */
  readonly committees: readonly CommitteeGrantRow[];
}

/**
 * Every linked user with their grants in force now, or on `day` (`YYYY-MM-DD`, the end of that
 * day in UTC: granted on or before it, not revoked by then), by subject: the roles HR granted
 * and the review committees they sit on (as their linked employee, or as themself).
 */
export async function usersWithGrants(
  db: Kysely<Database>,
  options: { day?: string; subject?: string } = {},
): Promise<UserWithGrants[]> {
  const read = db.withSchema('read');
  let users = read.selectFrom('users').selectAll().orderBy('subject');
  if (options.subject) users = users.where('subject', '=', options.subject);
  let grants = read.selectFrom('user_grants').selectAll().orderBy('subject').orderBy('role');
  if (options.subject) grants = grants.where('subject', '=', options.subject);
  if (options.day) {
    const end = `${options.day}T23:59:59.999Z`;
    grants = grants
      .where(sql<boolean>`granted_at::timestamptz <= ${end}::timestamptz`)
      .where((eb) =>
        eb.or([eb('revoked_at', 'is', null), sql<boolean>`revoked_at::timestamptz > ${end}::timestamptz`]),
      );
  } else {
    grants = grants.where('revoked_at', 'is', null);
  }
  const [userRows, grantRows] = await Promise.all([users.execute(), grants.execute()]);
  const bySubject = new Map<string, UserGrantRow[]>();
  for (const g of grantRows) bySubject.set(g.subject, [...(bySubject.get(g.subject) ?? []), g]);
  // A user sits on a committee under the one id they act under (as votes name them).
  const membersOf = (user: UserRow) => [actingIdOf({ employeeId: user.employee_id, userId: user.subject })];
  const committees = await committeeGrants(
    db,
    userRows.flatMap(membersOf),
    options.day ? { day: options.day } : {},
  );
  return userRows.map((user) => {
    const members = membersOf(user);
    return {
      user,
      grants: bySubject.get(user.subject) ?? [],
      committees: committees.filter((c) => members.includes(c.member)),
    };
  });
}

/** Every grant period of one user, granted first first (for the history an audit reads). */
export async function grantHistory(db: Kysely<Database>, subject: string): Promise<UserGrantRow[]> {
  return db
    .withSchema('read')
    .selectFrom('user_grants')
    .selectAll()
    .where('subject', '=', subject)
    .orderBy('granted_position')
    .execute();
}
