import type { CommitteeGrantRow, Database } from '@trackrecord/projections';
import { type Kysely, sql } from 'kysely';
import { dataScope, type Viewer } from './viewer.ts';

/**
 * The access log: every read of a person's one-stop record, every audit replay, every export
 * and every use of an API token, with who (user, name), under which grant (role, unit, the kind
 * of token: a dashboard session, an API token or a development persona) and when. Kept in
 * `auth.access_log`, apart from the business events; written before the read is answered, so
 * no protected read is served unrecorded. Auditors query it (`accessLog`); a person sees who
 * looked at their record (`myRecordViews`).
 */
export const ACCESS_KINDS = ['person_record', 'audit_replay', 'as_of_read', 'export', 'token_use'] as const;
export type AccessKind = (typeof ACCESS_KINDS)[number];

interface AccessLogTable {
  id: string;
  at: Date;
  user_id: string;
  user_name: string;
  /** Their name in English when known (a persona's, a linked employee's). */
  user_name_en: string | null;
  role: string;
  unit_id: string | null;
  token_kind: string;
  kind: AccessKind;
  employee_id: string | null;
  detail: string | null;
  /** The scope of the grant that allowed the read: company, branch, team, self or review (a review's committee, `unit_id` the review). */
  grant_scope: string | null;
  /** The grant's `RoleGranted` event (its position) and the day it took effect; null for a persona. */
  grant_position: string | null;
  granted_at: string | null;
  /** The field rules' version in force when it was served (null: the built-in default). */
  field_rules_version: number | null;
}
type Insert = Omit<AccessLogTable, 'id'>;
export type AccessLogEntry = AccessLogTable;

const logDb = (db: Kysely<Database>) =>
  (db as unknown as Kysely<{ access_log: AccessLogTable }>).withSchema('auth');

/**
 * Records one access under the viewer's role grant, or, for a candidate's record read by a
 * member of their review's committee, under that committee grant (`committee`: role
 * committee_member, scope review, the review as its unit, its `ReviewOpened` as the grant).
 */
export async function recordAccess(
  db: Kysely<Database>,
  viewer: Viewer,
  kind: AccessKind,
  about: {
    employeeId?: string | null;
    detail?: string | null;
    fieldRulesVersion?: number | null;
    committee?: CommitteeGrantRow;
  } = {},
): Promise<void> {
  const { committee } = about;
  const row: Insert = {
    at: new Date(),
    user_id: viewer.userId,
    user_name: viewer.name,
    user_name_en: viewer.nameEn ?? null,
    role: committee ? 'committee_member' : viewer.role,
    unit_id: committee ? committee.review_id : (viewer.teamId ?? viewer.branchId ?? null),
    token_kind: viewer.tokenKind ?? 'persona',
    kind,
    employee_id: about.employeeId ?? null,
    detail: about.detail ?? null,
    grant_scope: committee ? 'review' : GRANT_SCOPE[dataScope(viewer).kind],
    grant_position: committee ? committee.granted_position : (viewer.grantPosition ?? null),
    granted_at: committee ? committee.granted_at : (viewer.grantedAt ?? null),
    field_rules_version: about.fieldRulesVersion ?? null,
  };
  if (kind === 'person_record' && row.employee_id) {
    // One page of a person's record reads it through several queries at once: the same
    // reader, role and sign-in reading the same record under the same field rules within a
    // minute is one entry. The
    // queries arrive together, so they take turns (a lock per reader and record).
    await db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(hashtext(${`access_log:${row.user_id}:${row.employee_id}`}))`.execute(
        trx,
      );
      await sql`
      INSERT INTO auth.access_log
        (at, user_id, user_name, user_name_en, role, unit_id, token_kind, kind, employee_id, detail, grant_scope, grant_position, granted_at, field_rules_version)
      SELECT ${row.at}, ${row.user_id}, ${row.user_name}, ${row.user_name_en}, ${row.role}, ${row.unit_id}, ${row.token_kind}, ${row.kind},
             ${row.employee_id}, ${row.detail}, ${row.grant_scope}, ${row.grant_position}, ${row.granted_at},
             ${row.field_rules_version}
       WHERE NOT EXISTS (
         SELECT 1 FROM auth.access_log
          WHERE employee_id = ${row.employee_id} AND kind = ${row.kind} AND user_id = ${row.user_id}
            AND role = ${row.role} AND token_kind = ${row.token_kind}
            AND unit_id IS NOT DISTINCT FROM ${row.unit_id}::text
            AND field_rules_version IS NOT DISTINCT FROM ${row.field_rules_version}::int
            AND at > ${row.at}::timestamptz - interval '1 minute')`.execute(trx);
    });
    return;
  }
  await logDb(db)
    .insertInto('access_log')
    .values(row as never)
    .execute();
}

/** The read models' scope kinds as the grants name them. */
const GRANT_SCOPE = { all: 'company', branch: 'branch', team: 'team', self: 'self' } as const;

export interface AccessLogFilter {
  employeeId?: string;
  kind?: AccessKind;
  userId?: string;
  excludeUserId?: string;
  /** Reads at or after this instant. */
  from?: Date;
  /** Reads before this instant. */
  to?: Date;
}

const filtered = (db: Kysely<Database>, filter: AccessLogFilter) => {
  let query = logDb(db).selectFrom('access_log');
  if (filter.employeeId) query = query.where('employee_id', '=', filter.employeeId);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.userId) query = query.where('user_id', '=', filter.userId);
  if (filter.excludeUserId) query = query.where('user_id', '!=', filter.excludeUserId);
  if (filter.from) query = query.where('at', '>=', filter.from);
  if (filter.to) query = query.where('at', '<', filter.to);
  return query;
};

/** Entries newest first, optionally about one person, of one kind, by one user, in a period. */
export async function accessLogEntries(
  db: Kysely<Database>,
  filter: AccessLogFilter & { first: number; offset?: number },
): Promise<AccessLogEntry[]> {
  return filtered(db, filter)
    .selectAll()
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.first)
    .offset(filter.offset ?? 0)
    .execute();
}

/** How many entries match the filter (for paging). */
export async function accessLogCount(db: Kysely<Database>, filter: AccessLogFilter): Promise<number> {
  const row = await filtered(db, filter)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface AccessLogReader {
  user_id: string;
  user_name: string;
  user_name_en: string | null;
  reads: number;
  last_at: Date;
}

/**
 * Everyone who has read a protected record, with their name as last signed in and how many
 * entries they left, by name: what the access log page offers to pick "who read" from, so an
 * auditor chooses a person instead of typing a sign-in id.
 */
export async function accessLogReaders(db: Kysely<Database>): Promise<AccessLogReader[]> {
  const rows = await logDb(db)
    .selectFrom('access_log')
    .select((eb) => [
      'user_id',
      eb.fn.countAll<string>().as('reads'),
      eb.fn.max('at').as('last_at'),
      // The name of the latest entry: a user renamed since reads under their current name.
      sql<string>`(array_agg(user_name ORDER BY at DESC, id DESC))[1]`.as('user_name'),
      sql<string | null>`(array_agg(user_name_en ORDER BY at DESC, id DESC))[1]`.as('user_name_en'),
    ])
    .groupBy('user_id')
    .execute();
  return rows
    .map((r) => ({
      user_id: r.user_id,
      user_name: r.user_name ?? r.user_id,
      user_name_en: r.user_name_en ?? null,
      reads: Number(r.reads),
      last_at: new Date(r.last_at as unknown as string),
    }))
    .sort((a, b) => a.user_name.localeCompare(b.user_name, 'zh-CN') || a.user_id.localeCompare(b.user_id));
}
