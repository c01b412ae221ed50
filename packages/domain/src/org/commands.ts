import type { CommandsOf } from '../core/types.ts';
import { OrgUnitNamed } from './events.ts';

/** Names (or renames) a region, branch or team; the time comes from the command's metadata. */
export const NameOrgUnitData = OrgUnitNamed.schema.omit({ at: true });

export const orgCommandSchemas = {
  NameOrgUnit: NameOrgUnitData,
} as const;

export type OrgCommand = CommandsOf<typeof orgCommandSchemas>;
