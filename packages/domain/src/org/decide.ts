import type { Decider } from '../core/types.ts';
import type { OrgCommand } from './commands.ts';
import type { OrgEvent } from './events.ts';

/** One unit's current names, folded from `org-unit-<kind>-<unitId>`. */
export interface OrgUnitState {
  readonly names: { readonly nameZh: string; readonly nameEn: string } | null;
}

export const initialOrgUnitState: OrgUnitState = { names: null };

export function evolveOrgUnit(state: OrgUnitState, event: OrgEvent): OrgUnitState {
  switch (event.type) {
    case 'OrgUnitNamed':
      return { ...state, names: { nameZh: event.data.nameZh, nameEn: event.data.nameEn } };
    default: {
      const unreachable: never = event.type;
      throw new Error(`unhandled event ${JSON.stringify(unreachable)}`);
    }
  }
}

/** Naming a unit with the names it already has appends nothing (a replayed seed, a retry). */
export function decideOrgUnit(command: OrgCommand, state: OrgUnitState): OrgEvent[] {
  switch (command.type) {
    case 'NameOrgUnit': {
      const { data, metadata } = command;
      if (state.names?.nameZh === data.nameZh && state.names.nameEn === data.nameEn) return [];
      return [{ type: 'OrgUnitNamed', data: { ...data, at: metadata.at } }];
    }
    default: {
      const unreachable: never = command.type;
      throw new Error(`unhandled command ${JSON.stringify(unreachable)}`);
    }
  }
}

export const orgUnitDecider: Decider<OrgCommand, OrgEvent, OrgUnitState> = {
  initialState: initialOrgUnitState,
  evolve: evolveOrgUnit,
  decide: decideOrgUnit,
};
