import type { PersonRow } from '$lib/api/documents.ts';
import type { Extras } from './load.ts';
import { LEVELS, PROBATIONS, type SortKey } from './params.ts';

const RISK = ['low', 'medium', 'high'];

function keyOf(person: PersonRow, key: SortKey, extras: Map<string, Extras> | null): string | number {
  switch (key) {
    case 'name':
      return person.name;
    case 'branch':
      return person.branchId;
    case 'team':
      return person.teamId;
    case 'level':
      return LEVELS.indexOf(person.level);
    case 'track':
      return person.track;
    case 'status':
      return person.status;
    case 'probation':
      return PROBATIONS.indexOf(person.probation);
    case 'hired':
      return person.hiredAt;
    case 'score':
      return extras?.get(person.id)?.compositeScore ?? -1;
    case 'risk':
      return RISK.indexOf(extras?.get(person.id)?.riskBand ?? '');
  }
}

const collator = new Intl.Collator(['zh-CN', 'en'], { numeric: true });

/** Sorted by `key`, ties by name then id, so the order is stable across reloads. */
export function sortPeople(
  people: PersonRow[],
  sort: { key: SortKey; dir: 'asc' | 'desc' },
  extras: Map<string, Extras> | null,
): PersonRow[] {
  const sign = sort.dir === 'desc' ? -1 : 1;
  return [...people].sort((a, b) => {
    const x = keyOf(a, sort.key, extras);
    const y = keyOf(b, sort.key, extras);
    const primary =
      typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y));
    return sign * primary || collator.compare(a.name, b.name) || a.id.localeCompare(b.id);
  });
}
