import type { Kysely } from 'kysely';
import type { Projection } from '../runner/projection.ts';
import { pos } from '../support.ts';
import type { UserGrantsDb } from './table.ts';

/**
 * Users and their grants, from the `user-<subject>` streams. Grants are few (HR changes them by
 * hand), so events are applied one by one, in order: a revocation closes the period its grant
 * opened in the same batch.
 */
export const userGrantsProjection: Projection<UserGrantsDb, 'UserLinked' | 'RoleGranted' | 'RoleRevoked'> = {
  name: 'user_grants',
  version: '1',
  tables: ['users', 'user_grants'],
  eventTypes: ['UserLinked', 'RoleGranted', 'RoleRevoked'],
  async apply(db: Kysely<UserGrantsDb>, events) {
    for (const { event, position } of events) {
      switch (event.type) {
        case 'UserLinked': {
          const d = event.data;
          const row = {
            subject: d.subject,
            display_name: d.displayName,
            employee_id: d.employeeId,
            linked_at: d.at,
            position: pos(position),
          };
          await db
            .insertInto('users')
            .values(row)
            .onConflict((oc) =>
              oc.column('subject').doUpdateSet({
                display_name: row.display_name,
                employee_id: row.employee_id,
                linked_at: row.linked_at,
                position: row.position,
              }),
            )
            .execute();
          break;
        }
        case 'RoleGranted': {
          const d = event.data;
          // A new scope for a role held replaces the old one: that period ends here.
          await close(db, d.subject, d.role, d.at, pos(position));
          await db
            .insertInto('user_grants')
            .values({
              subject: d.subject,
              role: d.role,
              scope: d.scope,
              unit_id: d.unitId ?? null,
              granted_at: d.at,
              granted_position: pos(position),
              revoked_at: null,
              revoked_position: null,
            })
            .onConflict((oc) => oc.columns(['subject', 'role', 'granted_position']).doNothing())
            .execute();
          break;
        }
        case 'RoleRevoked':
          await close(db, event.data.subject, event.data.role, event.data.at, pos(position));
          break;
        default: {
          const unreachable: never = event;
          throw new Error(`user_grants projection received ${JSON.stringify(unreachable)}`);
        }
      }
    }
  },
};

async function close(db: Kysely<UserGrantsDb>, subject: string, role: string, at: string, position: string) {
  await db
    .updateTable('user_grants')
    .set({ revoked_at: at, revoked_position: position })
    .where('subject', '=', subject)
    .where('role', '=', role)
    .where('revoked_at', 'is', null)
    .execute();
}
