import { query } from '$lib/api/client.ts';
import { ACCESS_LOG_PAGE, ACCESS_LOG_READERS } from '$lib/api/documents.ts';
import type { PageLoad } from './$types';

export const _PAGE_SIZE = 25;
export const _KINDS = ['person_record', 'audit_replay', 'as_of_read', 'export', 'token_use'] as const;
export type Kind = (typeof _KINDS)[number];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The access log for auditors and HR, filtered by the URL: `person` (whose record), `user`
 * (who read), `kind`, `from`/`to` (days, both included) and `page`.
 */
export const load: PageLoad = ({ url }) => {
  const p = url.searchParams;
  const person = p.get('person')?.trim() || null;
  const user = p.get('user')?.trim() || null;
  const kindParam = p.get('kind');
  const kind = _KINDS.includes(kindParam as Kind) ? (kindParam as Kind) : null;
  const from = DAY.test(p.get('from') ?? '') ? p.get('from') : null;
  const to = DAY.test(p.get('to') ?? '') ? p.get('to') : null;
  const page = Math.max(1, Math.floor(Number(p.get('page') ?? '1')) || 1);
  // `to` is a whole day: reads before the next day's start (UTC, as the log's times are shown).
  const toExclusive = to ? new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString() : null;
  return {
    filters: { person, user, kind, from, to, page },
    // Who has read anything, by name: the choices of the "who read" filter.
    readers: query(ACCESS_LOG_READERS)
      .then((d) => d.accessLogReaders)
      .catch(() => []),
    log: query(ACCESS_LOG_PAGE, {
      employeeId: person,
      userId: user,
      kind,
      from: from ? `${from}T00:00:00Z` : null,
      to: toExclusive,
      first: _PAGE_SIZE,
      offset: (page - 1) * _PAGE_SIZE,
    }).then((d) => d.accessLogPage),
  };
};
