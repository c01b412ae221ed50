import type { ColumnType, Insertable, Selectable } from 'kysely';

/** `read.org_units`: the current names of each region, branch and team (`OrgUnitNamed`). */
export interface OrgUnitsTable {
  /** region | branch | team */
  kind: 'region' | 'branch' | 'team';
  id: string;
  name_zh: string;
  name_en: string;
  /** Global position of the naming event. */
  position: ColumnType<string, number | string, number | string>;
}
export type OrgUnitRow = Selectable<OrgUnitsTable>;
export type NewOrgUnitRow = Insertable<OrgUnitsTable>;

export interface OrgUnitsDb {
  org_units: OrgUnitsTable;
}
