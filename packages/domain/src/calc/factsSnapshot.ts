import type { FactsState } from './factsFold.ts';

/**
 * Snapshots of the fold (`factsFromEvents`): its state at a position, written out so a later
 * fold can continue from it instead of from the first event. Pure: what the text is and how it
 * is read back; where it is kept is the caller's business.
 *
 * `FOLD_VERSION` names the fold's code. Bump it whenever `applyFactsEvent`, the state's shape
 * or anything it calls (retention tracks, facts, calendar helpers, upcasters of the events it
 * reads) changes what a state holds after the same events: snapshots of another version are
 * ignored and rebuilt. `factsSnapshot.unit.spec.ts` fails when the fold's sources change
 * without a new version.
 */
export const FOLD_VERSION = 8;

/** The format of the text (how the state is written), apart from the fold's version. */
const FORMAT = 1;

/** The state as text (JSON: the state is plain data, and doubles round-trip exactly). */
export function serializeFactsState(state: FactsState): string {
  return JSON.stringify({ format: FORMAT, fold: FOLD_VERSION, state });
}

/** A state written by `serializeFactsState` of this fold version; throws on any other. */
export function deserializeFactsState(text: string): FactsState {
  const parsed = JSON.parse(text) as { format?: unknown; fold?: unknown; state?: unknown };
  if (parsed.format !== FORMAT || parsed.fold !== FOLD_VERSION)
    throw new Error(
      `fold snapshot of format ${String(parsed.format)} / fold version ${String(parsed.fold)}; this code reads format ${FORMAT} / version ${FOLD_VERSION}`,
    );
  const state = parsed.state as FactsState | undefined;
  if (!state || typeof state !== 'object' || !state.global || !state.people || !state.sales || !state.teams)
    throw new Error('fold snapshot without a fold state');
  return state;
}
