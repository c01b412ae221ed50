/**
 * Names where a person reads: people and organisation units (regions, branches, teams) by the
 * page's language. Units are named in the store (`NameOrgUnit`, read through `orgUnits`);
 * they are loaded once per session on first use, and pages re-render when they arrive. Until
 * then, or for a unit nobody named, the id is shown.
 */
import { query } from './api/client.ts';
import { graphql, type ResultOf } from './api/graphql.ts';
import { i18n, label, t } from './i18n.svelte.ts';
import { session } from './session.svelte.ts';

export const ORG_UNITS = graphql(`
  query OrgUnits {
    orgUnits {
      kind
      id
      nameZh
      nameEn
    }
  }
`);
export type OrgUnit = ResultOf<typeof ORG_UNITS>['orgUnits'][number];
/** region, branch or team. */
export type OrgUnitKind = OrgUnit['kind'];

let units = $state<ReadonlyMap<string, OrgUnit>>(new Map());
let loading = $state(false);
let loadedFor: string | null | undefined;

/**
 * Whether unit names are on their way: the page shows ids until they arrive, so the shell marks
 * its content busy meanwhile (assistive technology, and anyone waiting for the page to settle,
 * read it once the names are in).
 */
export function orgUnitsLoading(): boolean {
  return loading;
}

const key = (kind: OrgUnitKind | undefined, id: string) => `${kind ?? '*'}:${id}`;

/** Loads the unit names for the signed-in session (once; again after signing in as someone else). */
export function loadOrgUnits(): void {
  const token = session.current?.token ?? null;
  if (token === null || loadedFor === token) return;
  loadedFor = token;
  // First use is often a template expression, where state may not be written: mark the load
  // right after (before any answer can arrive).
  queueMicrotask(() => {
    loading = true;
  });
  query(ORG_UNITS)
    .then((data) => {
      const next = new Map<string, OrgUnit>();
      for (const u of data.orgUnits) {
        next.set(key(u.kind, u.id), u);
        // By id alone too: ids of the demo's kinds never collide (region-1, branch-1, team-1).
        if (!next.has(key(undefined, u.id))) next.set(key(undefined, u.id), u);
      }
      units = next;
    })
    .catch(() => {
      // An API without `orgUnits` (or a failed request): ids stay visible; try again next sign-in.
      loadedFor = undefined;
    })
    .finally(() => {
      loading = false;
    });
}

/** The unit itself, if named. */
export function orgUnit(id: string, kind?: OrgUnitKind): OrgUnit | undefined {
  loadOrgUnits();
  return units.get(key(kind, id));
}

/** A region's, branch's or team's name in the page's language; the id when it has none. */
export function unitName(id: string | null | undefined, kind?: OrgUnitKind): string {
  if (!id) return '—';
  const unit = orgUnit(id, kind);
  if (!unit) return id;
  return i18n.locale === 'zh' ? unit.nameZh : unit.nameEn;
}

/** A branch a what-if result names: its name, or a note where it lies outside the viewer's data ('unknown'). */
export function branchName(id: string): string {
  return id === 'unknown' ? t('policy.whatIf.branchHidden') : unitName(id, 'branch');
}

/**
 * A person's name in the page's language: the name of record on Chinese pages, the romanised
 * form (`nameEn`) on English pages when there is one.
 */
export function personName(p: { name: string; nameEn?: string | null } | null | undefined): string {
  if (!p) return '—';
  return i18n.locale === 'en' && p.nameEn ? p.nameEn : p.name;
}

/**
 * A review named as a person reads it (a committee seat's scope, on the Access page and in the
 * access log): the candidate, the level the review is about and the round, never its id.
 */
export function reviewName(review: {
  candidate: { name: string; nameEn?: string | null } | null;
  toLevel: string;
  round: string;
}): string {
  return t('access.scope.review', {
    name: personName(review.candidate),
    level: label('level', review.toLevel),
    round: review.round,
  });
}
