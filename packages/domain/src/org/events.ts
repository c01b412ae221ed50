import { z } from 'zod';
import { defineEvent, type EventOf } from '../core/catalog.ts';
import { id, isoTime } from '../core/schemas.ts';

/**
 * The company's organisation units by name, stream `org-unit-<kind>-<unitId>`. Ids of regions
 * (大区), branches (分公司) and teams (销售组) arrive with the people (`EmployeeHired.regionId`,
 * `branchId`, `teamId`); their names are given here, in Chinese (the name of record) and in a
 * romanised or English form for English pages. Naming a unit again renames it.
 */
export const ORG_UNIT_KINDS = ['region', 'branch', 'team'] as const;
export type OrgUnitKind = (typeof ORG_UNIT_KINDS)[number];

const unitName = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

export const OrgUnitNamed = defineEvent(
  'OrgUnitNamed',
  z.object({
    kind: z.enum(ORG_UNIT_KINDS),
    unitId: id,
    /** The name in Chinese, e.g. 华东一区. */
    nameZh: unitName,
    /** The name on English pages, e.g. East China 1. */
    nameEn: unitName,
    at: isoTime,
  }),
);

export const orgEvents = [OrgUnitNamed] as const;
export type OrgEvent = EventOf<typeof orgEvents>;

/** The stream of one organisation unit's names. */
export const orgUnitStream = (kind: OrgUnitKind, unitId: string): string => `org-unit-${kind}-${unitId}`;
