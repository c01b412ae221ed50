import type { Insertable, Selectable } from 'kysely';

/** `read.people`: one row per employee ever hired. */
export interface PeopleTable {
  employee_id: string;
  name: string;
  /** The romanised name for English pages (`EmployeeHired.nameEn`); null when not given. */
  name_en: string | null;
  branch_id: string;
  team_id: string;
  region_id: string;
  manager_id: string | null;
  level: string;
  track: string;
  status: 'active' | 'departed';
  probation: 'none' | 'on_probation' | 'passed' | 'failed';
  probation_end: string | null;
  hired_at: string;
  left_at: string | null;
  left_voluntary: boolean | null;
  recruiting_fit: number;
  /** Global position of the last event that changed the row. */
  updated_position: string;
}
export type Person = Selectable<PeopleTable>;
export type NewPerson = Insertable<PeopleTable>;

export interface PeopleDb {
  people: PeopleTable;
}
