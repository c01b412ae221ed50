import { type Kysely, sql } from 'kysely';

/**
 * Names of people and organisation units for the pages a person reads: `read.people.name_en`
 * (the romanised name, from `EmployeeHired.nameEn`) and `read.org_units` (regions, branches
 * and teams by their Chinese and English names, from `OrgUnitNamed`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE read.people ADD COLUMN IF NOT EXISTS name_en text`.execute(db);
  await sql`
    CREATE TABLE read.org_units (
      kind     text   NOT NULL,
      id       text   NOT NULL,
      name_zh  text   NOT NULL,
      name_en  text   NOT NULL,
      position bigint NOT NULL,
      PRIMARY KEY (kind, id)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS read.org_units`.execute(db);
  await sql`ALTER TABLE read.people DROP COLUMN IF EXISTS name_en`.execute(db);
}
