import type { IncomingMessage, ServerResponse } from 'node:http';
import { businessTimeOf, isEventType } from '@trackrecord/domain';
import type { EventStore, RecordedEvent } from '@trackrecord/eventstore';
import type { Database } from '@trackrecord/projections';
import type { Kysely } from 'kysely';
import { recordAccess } from '../auth/accessLog.ts';
import { canReadField, fieldRulesInForce } from '../auth/fieldRules.ts';
import { AuthError, bearerToken, type TokenService } from '../auth/tokens.ts';
import type { Viewer } from '../auth/viewer.ts';
import { type Language, languageOf } from '../i18n/refusals.ts';

/**
 * `GET /people/<employeeId>/personal-data.json`: everything the event store and the people read
 * model hold about a person, for that person (or HR acting on their request): their record as
 * the product shows it, and every event on their own streams or naming them in its data (a
 * sale they closed, a vote they cast, feedback about them), in store order with its business
 * time. Recorded in the access log as an export. The whole of `$all` is read once, a page at a
 * time: seconds on a store of a few hundred thousand events.
 */
export const PERSONAL_DATA_PATH = /^\/people\/([^/]+)\/personal-data\.json$/;

const MESSAGES = {
  missingToken: {
    en: 'sign in first: send "Authorization: Bearer <token>"',
    zh: '请先登录：请求需带 "Authorization: Bearer <token>"',
  },
  refused: (employeeId: string) => ({
    en: `only ${employeeId} themselves, or HR on their request, may export their personal data`,
    zh: `只有 ${employeeId} 本人，或人力资源部应其本人请求，可以导出其个人数据`,
  }),
  notFound: (employeeId: string) => ({
    en: `no person ${employeeId} is known`,
    zh: `没有员工 ${employeeId}`,
  }),
  method: { en: 'only GET is allowed', zh: '仅支持 GET' },
} as const;

/** Where a person appears in an event: their own stream, or the data fields naming them. */
export interface PersonalEvent {
  readonly position: string;
  readonly stream: string;
  readonly type: string;
  readonly recordedAt: string;
  readonly businessTime: string | null;
  /** `stream` when the event is on one of the person's streams; else the fields naming them. */
  readonly namedIn: readonly string[];
  readonly data: unknown;
}

/** The person's own streams: `employee-<id>`, and those keyed by them (`activity-<id>-…`, …). */
const ownStream = (stream: string, employeeId: string) =>
  stream === `employee-${employeeId}` ||
  stream === `mentorship-${employeeId}` ||
  stream.startsWith(`activity-${employeeId}-`) ||
  stream.startsWith(`enrollment-${employeeId}-`) ||
  stream.startsWith(`target-${employeeId}-`);

/** Paths of the fields of `data` whose value is exactly `id` (nested objects and lists included). */
export function fieldsNaming(data: unknown, id: string, at = ''): string[] {
  if (data === id) return [at || '(value)'];
  if (Array.isArray(data)) return data.flatMap((v, i) => fieldsNaming(v, id, `${at}[${i}]`));
  if (data !== null && typeof data === 'object')
    return Object.entries(data).flatMap(([k, v]) => fieldsNaming(v, id, at ? `${at}.${k}` : k));
  return [];
}

/** The events of `$all` about a person, in store order. */
export async function personalEvents(store: EventStore, employeeId: string): Promise<PersonalEvent[]> {
  const out: PersonalEvent[] = [];
  let after = 0n;
  for (;;) {
    const page = await store.readAll({ after, maxCount: 5_000 });
    for (const e of page.events) {
      const named = ownStream(e.streamId, employeeId) ? ['stream'] : fieldsNaming(e.data, employeeId);
      if (named.length > 0) out.push(personalEvent(e, named));
    }
    if (page.isEnd || page.events.length === 0) break;
    after = page.nextAfter;
  }
  return out;
}

function personalEvent(e: RecordedEvent, namedIn: string[]): PersonalEvent {
  return {
    position: e.position.toString(),
    stream: e.streamId,
    type: e.type,
    recordedAt: e.recordedAt.toISOString(),
    businessTime: isEventType(e.type) ? (businessTimeOf(e.type, e.data) ?? null) : null,
    namedIn,
    data: e.data,
  };
}

function answer(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  res.end(text);
}

export async function servePersonalData(
  deps: { readonly db: Kysely<Database>; readonly tokens: TokenService; readonly store: EventStore },
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const lang = url.searchParams.get('lang');
  const language: Language =
    lang === 'zh' || lang === 'en' ? lang : languageOf(req.headers['accept-language'] ?? null);
  if (req.method !== 'GET') return answer(res, 405, MESSAGES.method[language], { allow: 'GET' });
  const employeeId = decodeURIComponent(PERSONAL_DATA_PATH.exec(url.pathname)?.[1] ?? '');
  let viewer: Viewer;
  try {
    const token = bearerToken(req.headers.authorization ?? null);
    if (!token) return answer(res, 401, MESSAGES.missingToken[language], { 'www-authenticate': 'Bearer' });
    viewer = await deps.tokens.verify(token);
  } catch (error) {
    if (error instanceof AuthError) return answer(res, 401, error.message, { 'www-authenticate': 'Bearer' });
    throw error;
  }
  const self = viewer.employeeId === employeeId;
  // A person always exports their own data; who else may is the field rules' (by default HR, on their request).
  const rules = await fieldRulesInForce(deps.store);
  if (!canReadField(rules, viewer, 'personalData', employeeId) && !self) {
    return answer(res, 403, MESSAGES.refused(employeeId)[language]);
  }
  const person = await deps.db
    .withSchema('read')
    .selectFrom('people')
    .selectAll()
    .where('employee_id', '=', employeeId)
    .executeTakeFirst();
  if (!person) return answer(res, 404, MESSAGES.notFound(employeeId)[language]);
  await recordAccess(deps.db, viewer, 'export', {
    employeeId,
    detail: self ? 'personal data (JSON), by the person' : 'personal data (JSON), on the person’s request',
    fieldRulesVersion: rules.version,
  });
  const events = await personalEvents(deps.store, employeeId);
  const body = JSON.stringify(
    {
      employeeId,
      exportedAt: new Date().toISOString(),
      exportedBy: { userId: viewer.userId, name: viewer.name, role: viewer.role },
      record: person,
      events,
    },
    null,
    2,
  );
  const filename = `personal-data-${employeeId}.json`;
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-disposition': `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    'cache-control': 'no-store',
  });
  res.end(body);
}
