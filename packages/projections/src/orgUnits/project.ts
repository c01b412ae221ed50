import type { Kysely } from 'kysely';
import type { Projection } from '../runner/projection.ts';
import { pos, upsert } from '../support.ts';
import type { NewOrgUnitRow, OrgUnitsDb } from './table.ts';

/** Names of regions, branches and teams, from the `org-unit-<kind>-<id>` streams. */
export const orgUnitsProjection: Projection<OrgUnitsDb, 'OrgUnitNamed'> = {
  name: 'org_units',
  version: '1',
  tables: ['org_units'],
  eventTypes: ['OrgUnitNamed'],
  async apply(db: Kysely<OrgUnitsDb>, events) {
    // The last naming of a unit in the batch wins (a rename later in the batch).
    const rows = new Map<string, NewOrgUnitRow>();
    for (const { event, position } of events) {
      if (event.type !== 'OrgUnitNamed') {
        throw new Error(`org_units projection received ${event.type}, which it does not handle`);
      }
      const d = event.data;
      rows.set(`${d.kind}:${d.unitId}`, {
        kind: d.kind,
        id: d.unitId,
        name_zh: d.nameZh,
        name_en: d.nameEn,
        position: pos(position),
      });
    }
    await upsert(db, 'org_units', [...rows.values()], ['kind', 'id']);
  },
};
