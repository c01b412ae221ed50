import type { POLICY_SIMULATION } from '$lib/api/documents.ts';
import type { VariablesOf } from '$lib/api/graphql.ts';

/**
 * The draft a what-if ran on, kept in this browser so that a flipped decision's link can open
 * the audit page's replay under the same draft (`/audit?decision=…&draft=<key>`): a ladder or a
 * scoring policy is too long for a URL. The latest few drafts are kept, by key.
 */
type PolicyDraft = NonNullable<VariablesOf<typeof POLICY_SIMULATION>['draft']>;
const STORAGE = 'trackrecord.whatIfDrafts';
const KEEP = 5;

type Kept = { key: string; draft: PolicyDraft }[];
function kept(): Kept {
  if (typeof localStorage === 'undefined') return [];
  try {
    const raw = localStorage.getItem(STORAGE);
    return raw ? (JSON.parse(raw) as Kept) : [];
  } catch {
    return [];
  }
}

/** Keeps the draft; returns its key (the same key for the same draft). */
export function rememberDraft(draft: PolicyDraft): string {
  const text = JSON.stringify(draft);
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(31, hash) + text.charCodeAt(i)) | 0;
  const key = (hash >>> 0).toString(36);
  if (typeof localStorage !== 'undefined') {
    const rest = kept().filter((k) => k.key !== key);
    try {
      localStorage.setItem(STORAGE, JSON.stringify([{ key, draft }, ...rest].slice(0, KEEP)));
    } catch {
      // Storage full or off: the link still opens the replay, without the draft.
    }
  }
  return key;
}

/** The draft kept under `key`; null when this browser no longer has it. */
export function recalledDraft(key: string): PolicyDraft | null {
  return kept().find((k) => k.key === key)?.draft ?? null;
}
