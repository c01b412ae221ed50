import {
  type AlertAssignee,
  type AlertKind,
  COURSE_CATALOGUE,
  derivedAlertId,
  type MENTOR_TASKS,
} from '@trackrecord/domain';
import type { Kysely } from 'kysely';
import type { Database } from '../database.ts';
import { type ReadScope, scoped } from '../scope.ts';

/** One entry of the alerts inbox. */
export interface Alert {
  readonly id: string;
  readonly kind: AlertKind;
  /** The person the alert is about. */
  readonly employeeId: string;
  /** Who must act. */
  readonly assignees: readonly AlertAssignee[];
  /** Where the evidence is: read model kind, a reference in it, and the position it was seen at. */
  readonly evidence: { readonly kind: string; readonly ref: string | null; readonly position: string };
  readonly message: { readonly en: string; readonly zh: string };
  /** Business time of what raised it. */
  readonly at: string;
  readonly state: 'open' | 'acknowledged';
  readonly acknowledged: { readonly by: string; readonly at: string; readonly note: string | null } | null;
  /** The manager of the person the alert is about (`read.people.manager_id`), if known. */
  readonly subjectManagerId: string | null;
  /**
   * A mentor rated below 7 who has since been replaced: the new mentor, when and why. Such an
   * alert is answered (`state: acknowledged`) without an acknowledgement of its own.
   */
  readonly replaced?: {
    readonly mentorId: string;
    readonly at: string;
    readonly reason: string | null;
  } | null;
}

/** The filters of the inbox. */
export interface AlertFilter {
  state?: 'open' | 'acknowledged';
  kind?: AlertKind;
  employeeId?: string;
  assignee?: AlertAssignee;
  /**
   * Only those this employee must act on: addressed to them (any role: manager, mentor, the
   * person themself), or to the manager of the alert's subject when that manager is them.
   * `hr`: also those addressed to HR.
   */
  mine?: { employeeId: string | null; hr?: boolean };
}

/** Whether `alert` is one `mine` must act on (see {@link AlertFilter.mine}). */
export function isMine(
  alert: Pick<Alert, 'assignees' | 'subjectManagerId'>,
  mine: NonNullable<AlertFilter['mine']>,
): boolean {
  const me = mine.employeeId;
  return alert.assignees.some(
    (a) =>
      (mine.hr === true && a.role === 'hr') ||
      (me !== null && a.id === me) ||
      (me !== null && a.role === 'manager' && alert.subjectManagerId === me),
  );
}

/** The mentee's manager as an assignee, when the people read model knows one. */
const manager = (managerId: string | null): AlertAssignee[] =>
  managerId ? [{ role: 'manager', id: managerId }] : [];

const TASK_NAMES: Record<(typeof MENTOR_TASKS)[number], { en: string; zh: string }> = {
  ride_along_visit: { en: 'ride-along visit', zh: '陪访' },
  deal_review: { en: 'deal review', zh: '复盘' },
  performance_talk: { en: 'performance talk', zh: '绩效面谈' },
};

/**
 * The alerts inbox within a scope (by the person the alert is about), newest first: alerts
 * raised as events (eligibility reached, risk high, target behind), alerts derived from
 * the mentoring read model (a week with a mentor task missing; a mentor rated below 7) and
 * from the training read model (a course not completed by its due date, on the business
 * clock of that read model: the latest event time seen, never the wall clock), each
 * with who must act and its acknowledgement. Filter by state, by kind, by who must act
 * (`assignee: { role: 'manager', id }`, or `{ role: 'hr' }` for HR's inbox), or by person.
 */
export async function alertInbox(
  db: Kysely<Database>,
  scope: ReadScope,
  filter: AlertFilter & { limit?: number } = {},
): Promise<Alert[]> {
  const limit = filter.limit ?? 200;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new RangeError(`limit must be a whole number from 1 to 1000, got ${limit}`);
  }
  return (await allAlerts(db, scope, filter)).slice(0, limit);
}

/** The order of the inbox: newest first, then by id. */
const newestFirst = (a: Pick<Alert, 'at' | 'id'>, b: Pick<Alert, 'at' | 'id'>) =>
  Date.parse(b.at) - Date.parse(a.at) || a.id.localeCompare(b.id);

/**
 * A page of the inbox in its order (newest first, then id) after the cursor `after` (the
 * `at` and id of the last alert seen), with the count of every alert the filter matches.
 */
export async function alertInboxPage(
  db: Kysely<Database>,
  scope: ReadScope,
  filter: AlertFilter & { first: number; after?: { at: string; id: string } },
): Promise<{ alerts: Alert[]; total: number; hasNextPage: boolean; kinds: Record<string, number> }> {
  if (!Number.isInteger(filter.first) || filter.first < 1 || filter.first > 100) {
    throw new RangeError(`first must be a whole number from 1 to 100, got ${filter.first}`);
  }
  const { kind, ...rest } = filter;
  // Every kind, to count each (the filter chips), then the kind asked for.
  const everyKind = await allAlerts(db, scope, rest);
  const kinds: Record<string, number> = {};
  for (const a of everyKind) kinds[a.kind] = (kinds[a.kind] ?? 0) + 1;
  const all = kind ? everyKind.filter((a) => a.kind === kind) : everyKind;
  const after = filter.after;
  const start = after ? all.findIndex((a) => newestFirst(a, { at: after.at, id: after.id }) > 0) : 0;
  const from = start < 0 ? all.length : start;
  const alerts = all.slice(from, from + filter.first);
  return { alerts, total: all.length, hasNextPage: from + filter.first < all.length, kinds };
}

async function allAlerts(db: Kysely<Database>, scope: ReadScope, filter: AlertFilter): Promise<Alert[]> {
  const read = db.withSchema('read');
  const out: Omit<Alert, 'state' | 'acknowledged' | 'replaced'>[] = [];
  const wants = (kind: AlertKind) => !filter.kind || filter.kind === kind;
  const replaced = new Map<string, NonNullable<Alert['replaced']>>();

  if (
    wants('eligibility_reached') ||
    wants('risk_high') ||
    wants('target_behind') ||
    wants('target_peer_gap')
  ) {
    let q = scoped(db, scope, 'alerts').selectAll('alerts').select('people.manager_id');
    if (filter.kind) q = q.where('alerts.kind', '=', filter.kind);
    if (filter.employeeId) q = q.where('alerts.employee_id', '=', filter.employeeId);
    for (const a of await q.execute()) {
      out.push({
        id: a.alert_id,
        kind: a.kind,
        employeeId: a.employee_id,
        assignees: a.assignees,
        evidence: { kind: a.evidence_kind, ref: a.evidence_ref, position: a.evidence_position },
        message: { en: a.message_en, zh: a.message_zh },
        at: a.raised_at,
        subjectManagerId: a.manager_id ?? null,
      });
    }
  }
  if (wants('mentor_overdue')) {
    let q = scoped(db, scope, 'mentor_weeks', { employee: 'mentee_id' })
      .selectAll('mentor_weeks')
      .select('people.manager_id')
      .where('mentor_weeks.state', '=', 'overdue');
    if (filter.employeeId) q = q.where('mentor_weeks.mentee_id', '=', filter.employeeId);
    for (const w of await q.execute()) {
      const missing = w.missing as (typeof MENTOR_TASKS)[number][];
      out.push({
        id: derivedAlertId('mentor_overdue', w.mentee_id, w.mentor_id, w.week),
        kind: 'mentor_overdue',
        employeeId: w.mentee_id,
        assignees: [{ role: 'mentor', id: w.mentor_id }, ...manager(w.manager_id), { role: 'hr' }],
        evidence: { kind: 'mentorship', ref: w.week, position: w.last_task_position ?? '0' },
        message: {
          en: `mentor ${w.mentor_id} did ${w.done} of ${w.due} tasks with ${w.mentee_id} in the week of ${w.week}; missing: ${missing.map((t) => TASK_NAMES[t].en).join(', ')}`,
          zh: `导师 ${w.mentor_id} 在 ${w.week} 当周只完成了对 ${w.mentee_id} 的 ${w.done}/${w.due} 项任务，缺：${missing.map((t) => TASK_NAMES[t].zh).join('、')}`,
        },
        at: w.week,
        subjectManagerId: w.manager_id ?? null,
      });
    }
  }
  if (wants('mentor_rated_low')) {
    let q = scoped(db, scope, 'mentor_ratings', { employee: 'mentee_id' })
      .selectAll('mentor_ratings')
      .select('people.manager_id')
      .where('mentor_ratings.rating', '<', 7);
    if (filter.employeeId) q = q.where('mentor_ratings.mentee_id', '=', filter.employeeId);
    const rated = await q.execute();
    // A mentor replaced after the rating answers the alert: the replacement, with its reason.
    const later =
      rated.length === 0
        ? []
        : await read
            .selectFrom('mentor_assignments')
            .selectAll()
            .where('mentee_id', 'in', [...new Set(rated.map((r) => r.mentee_id))])
            .orderBy('position')
            .execute();
    for (const r of rated) {
      const replacement = later.find(
        (a) =>
          a.mentee_id === r.mentee_id &&
          a.mentor_id !== r.mentor_id &&
          BigInt(a.position) > BigInt(r.position),
      );
      if (replacement) {
        replaced.set(derivedAlertId('mentor_rated_low', r.mentee_id, r.mentor_id, r.event_id), {
          mentorId: replacement.mentor_id,
          at: replacement.assigned_at,
          reason: replacement.reason,
        });
      }
      out.push({
        id: derivedAlertId('mentor_rated_low', r.mentee_id, r.mentor_id, r.event_id),
        kind: 'mentor_rated_low',
        employeeId: r.mentee_id,
        assignees: [{ role: 'hr' }, ...manager(r.manager_id)],
        evidence: { kind: 'mentorship', ref: r.event_id, position: r.position },
        message: {
          en: `${r.mentee_id} rated mentor ${r.mentor_id} ${r.rating}/10 (below 7): replace the mentor`,
          zh: `${r.mentee_id} 给导师 ${r.mentor_id} 打分 ${r.rating}/10（低于 7 分）：需更换导师`,
        },
        at: r.at,
        subjectManagerId: r.manager_id ?? null,
      });
    }
  }

  if (wants('course_overdue')) {
    const clock = await read
      .selectFrom('training_clock')
      .select('now')
      .where('id', '=', 1)
      .executeTakeFirst();
    const today = clock?.now.slice(0, 10);
    if (today) {
      let q = scoped(db, scope, 'training_enrollments')
        .selectAll('training_enrollments')
        .select('people.manager_id')
        .where('training_enrollments.due_on', 'is not', null)
        .where('training_enrollments.state', '<>', 'completed')
        .where('training_enrollments.due_on', '<', today);
      if (filter.employeeId) q = q.where('training_enrollments.employee_id', '=', filter.employeeId);
      for (const e of await q.execute()) {
        const due = e.due_on as string;
        const course = Object.hasOwn(COURSE_CATALOGUE, e.course_id)
          ? COURSE_CATALOGUE[e.course_id as keyof typeof COURSE_CATALOGUE]
          : { name: e.course_id, nameZh: e.course_id };
        out.push({
          id: derivedAlertId('course_overdue', e.employee_id, e.course_id, due),
          kind: 'course_overdue',
          employeeId: e.employee_id,
          assignees: [{ role: 'employee', id: e.employee_id }, ...manager(e.manager_id), { role: 'hr' }],
          evidence: { kind: 'training', ref: e.course_id, position: e.updated_position },
          message: {
            en: `${e.employee_id} has not completed “${course.name}”, due on ${due}`,
            zh: `${e.employee_id} 未在截止日期 ${due} 前完成“${course.nameZh}”`,
          },
          at: due,
          subjectManagerId: e.manager_id ?? null,
        });
      }
    }
  }

  const ids = out.map((a) => a.id);
  const acks = new Map<string, { by: string; at: string; note: string | null }>();
  for (let i = 0; i < ids.length; i += 5000) {
    const chunk = ids.slice(i, i + 5000);
    for (const a of await read
      .selectFrom('alert_acks')
      .selectAll()
      .where('alert_id', 'in', chunk)
      .execute()) {
      acks.set(a.alert_id, { by: a.acknowledged_by, at: a.at, note: a.note });
    }
  }
  const matchesAssignee = (a: Omit<Alert, 'state' | 'acknowledged' | 'replaced'>) =>
    !filter.assignee ||
    a.assignees.some(
      (x) =>
        x.role === filter.assignee?.role && (filter.assignee.id === undefined || x.id === filter.assignee.id),
    );
  const mine = filter.mine;
  return out
    .filter(matchesAssignee)
    .filter((a) => !mine || isMine(a, mine))
    .map((a): Alert => {
      const ack = acks.get(a.id) ?? null;
      const replacement = replaced.get(a.id) ?? null;
      return {
        ...a,
        state: ack || replacement ? 'acknowledged' : 'open',
        acknowledged: ack,
        replaced: replacement,
      };
    })
    .filter((a) => !filter.state || a.state === filter.state)
    .sort(newestFirst);
}
