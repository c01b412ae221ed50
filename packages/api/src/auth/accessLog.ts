import type { Database } from '@trackrecord/projections';
import type { Kysely } from 'kysely';
import type { Viewer } from './viewer.ts';

/**
 * The access log: every read of a person's one-stop record, every audit replay, every export
 * and every use of an API token, with who (user, name), under which grant (role, unit, the kind
 * of token: a dashboard session, an API token or a development persona) and when. Kept in
 * `auth.access_log`, apart from the business events; written before the read is answered, so
 * no protected read is served unrecorded. Auditors query it (`accessLog`); a person sees who
 * looked at their record (`myRecordViews`).
 */
export const ACCESS_KINDS = ['person_record', 'audit_replay', 'export', 'token_use'] as const;
export type AccessKind = (typeof ACCESS_KINDS)[number];

interface AccessLogTable {
  id: string;
  at: Date;
  user_id: string;
  user_name: string;
  role: string;
  unit_id: string | null;
  token_kind: string;
  kind: AccessKind;
  employee_id: string | null;
  detail: string | null;
  /** The field rules' version in force when it was served (null: the built-in default). */
  field_rules_version: number | null;
}
type Insert = Omit<AccessLogTable, 'id'>;
export type AccessLogEntry = AccessLogTable;

const logDb = (db: Kysely<Database>) =>
  (db as unknown as Kysely<{ access_log: AccessLogTable }>).withSchema('auth');

export async function recordAccess(
  db: Kysely<Database>,
  viewer: Viewer,
  kind: AccessKind,
  about: { employeeId?: string | null; detail?: string | null; fieldRulesVersion?: number | null } = {},
): Promise<void> {
  const row: Insert = {
    at: new Date(),
    user_id: viewer.userId,
    user_name: viewer.name,
    role: viewer.role,
    unit_id: viewer.teamId ?? viewer.branchId ?? null,
    token_kind: viewer.tokenKind ?? 'persona',
    kind,
    employee_id: about.employeeId ?? null,
    detail: about.detail ?? null,
    field_rules_version: about.fieldRulesVersion ?? null,
  };
  await logDb(db)
    .insertInto('access_log')
    .values(row as never)
    .execute();
}

/** Entries newest first, optionally about one person, of one kind, or by one user. */
export async function accessLogEntries(
  db: Kysely<Database>,
  filter: { employeeId?: string; kind?: AccessKind; userId?: string; excludeUserId?: string; first: number },
): Promise<AccessLogEntry[]> {
  let query = logDb(db).selectFrom('access_log').selectAll();
  if (filter.employeeId) query = query.where('employee_id', '=', filter.employeeId);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.userId) query = query.where('user_id', '=', filter.userId);
  if (filter.excludeUserId) query = query.where('user_id', '!=', filter.excludeUserId);
  return query.orderBy('at', 'desc').orderBy('id', 'desc').limit(filter.first).execute();
}
