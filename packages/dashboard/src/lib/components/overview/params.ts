import type { PeopleFilter } from '$lib/api/documents.ts';

/** The overview's state, all of it in the URL so a view can be shared and bookmarked. */
export const FILTER_PARAMS = {
  branch: 'branchId',
  team: 'teamId',
  level: 'level',
  track: 'track',
  probation: 'probation',
} as const satisfies Record<string, keyof PeopleFilter>;
export type FilterParam = keyof typeof FILTER_PARAMS;

/** The orders the API pages by (`PeopleSort`). */
export const SORT_KEYS = ['name', 'hired', 'level', 'score', 'risk'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export const LEVELS = [
  'sales_representative',
  'sales_supervisor',
  'sales_manager',
  'regional_director',
  'key_account_consultant',
  'sales_support',
];
export const TRACKS = ['sales_management', 'key_account', 'sales_support'];
export const STATUSES = ['active', 'departed'];
/** `?status=`: active people unless asked otherwise (`departed`, or `all` for both). */
export const STATUS_CHOICES = ['active', 'departed', 'all'] as const;
export function statusOf(params: URLSearchParams): (typeof STATUS_CHOICES)[number] {
  const status = params.get('status');
  return status === 'departed' || status === 'all' ? status : 'active';
}
export const PROBATIONS = ['none', 'on_probation', 'passed', 'failed'];

export const RISK_BANDS = ['low', 'medium', 'high'];
export const LIGHTS = ['red', 'yellow', 'green'];

/** The filter in the URL: the served ones, plus risk band, eligible, light and name (`q`). */
export function filterOf(params: URLSearchParams): PeopleFilter {
  const filter: PeopleFilter = {};
  for (const [param, field] of Object.entries(FILTER_PARAMS) as [FilterParam, keyof PeopleFilter][]) {
    const value = params.get(param);
    if (value) (filter as Record<string, string>)[field] = value;
  }
  const status = statusOf(params);
  if (status !== 'all') filter.status = status;
  const risk = params.get('risk');
  if (risk && RISK_BANDS.includes(risk)) filter.riskBand = risk;
  const light = params.get('light');
  if (light && LIGHTS.includes(light)) filter.light = light;
  const eligible = params.get('eligible');
  if (eligible === 'yes' || eligible === 'no') filter.eligible = eligible === 'yes';
  const q = params.get('q')?.trim();
  if (q) filter.search = q;
  return filter;
}

export function sortOf(params: URLSearchParams): { key: SortKey; dir: 'asc' | 'desc' } {
  const key = params.get('sort');
  return {
    key: (SORT_KEYS as readonly string[]).includes(key ?? '') ? (key as SortKey) : 'name',
    dir: params.get('dir') === 'desc' ? 'desc' : 'asc',
  };
}

/**
 * Paging in the URL: `after` is the cursor of the page shown (none: the first page) and `back`
 * the cursors of the pages before it, so a shared link opens the same page and "previous" works.
 */
export function pageOf(params: URLSearchParams): { after: string | null; back: string[] } {
  const after = params.get('after') || null;
  const back = (params.get('back') ?? '').split('.').filter(Boolean);
  return { after, back: after ? back : [] };
}

/** The same URL with `changes` applied and paging reset (a new filter or sort starts at page 1). */
export function withFilter(url: URL, changes: Record<string, string | null>): string {
  return withParams(url, { ...changes, after: null, back: null });
}

/** The same URL with `changes` applied (null or '' removes a parameter). */
export function withParams(url: URL, changes: Record<string, string | null>): string {
  const next = new URLSearchParams(url.searchParams);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === '') next.delete(key);
    else next.set(key, value);
  }
  const query = next.toString();
  return `${url.pathname}${query ? `?${query}` : ''}`;
}
