import type { Kysely } from 'kysely';
import type { Database } from '../database.ts';
import type { OrgUnitRow } from './table.ts';

/** Every named region, branch and team, by kind then id. */
export async function orgUnitRows(db: Kysely<Database>): Promise<OrgUnitRow[]> {
  return db.withSchema('read').selectFrom('org_units').selectAll().orderBy('kind').orderBy('id').execute();
}
