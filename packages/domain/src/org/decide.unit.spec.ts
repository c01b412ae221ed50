import { describe, it } from 'vitest';
import { commandsWith, spec } from '../core/spec.ts';
import type { CommandMetadata } from '../core/types.ts';
import type { OrgCommand } from './commands.ts';
import { orgUnitDecider } from './decide.ts';
import type { OrgEvent } from './events.ts';

const metadata: CommandMetadata = {
  commandId: 'c',
  at: '2026-06-01T09:00:00Z',
  actor: 'user:hr',
  source: 'ui',
};
const cmd = commandsWith<OrgCommand>(metadata);
const name = { kind: 'region' as const, unitId: 'region-1', nameZh: '华东一区', nameEn: 'East China 1' };
const named: OrgEvent = { type: 'OrgUnitNamed', data: { ...name, at: metadata.at } };
const unit = spec(orgUnitDecider);

describe('org unit decider (stream org-unit-<kind>-<id>)', () => {
  it('names a unit, stamped with the command time', () => {
    unit.given([]).when(cmd('NameOrgUnit', name)).thenEvents([named]);
  });
  it('appends nothing when the unit already has these names', () => {
    unit.given([named]).when(cmd('NameOrgUnit', name)).thenEvents([]);
  });
  it('renames a unit', () => {
    const renamed = { ...name, nameEn: 'East China One' };
    unit
      .given([named])
      .when(cmd('NameOrgUnit', renamed))
      .thenEvents([{ type: 'OrgUnitNamed', data: { ...renamed, at: metadata.at } }]);
  });
});
