import {
  type AlertAssignee,
  activityStream,
  COURSE_IDS,
  businessTimeOf as declaredBusinessTime,
  employeeStream,
  enrollmentStream,
  isEventType,
  mentorshipStream,
  monthOfDate,
  monthRange,
  saleStream,
  targetStream,
} from '@trackrecord/domain';
import type { RecordedEvent } from '@trackrecord/eventstore';
import { peopleByIds } from '@trackrecord/projections';
import { sql } from 'kysely';
import { canReadField, type FieldRulesInForce, fieldRulesOf } from '../auth/fieldRules.ts';
import { dataScope, type Viewer } from '../auth/viewer.ts';
import { builder } from '../builder.ts';
import type { Context, SignedInContext } from '../context.ts';
import { now } from '../runtime/clock.ts';
import { pageSize } from './arguments.ts';
import { PersonRef } from './people.ts';
import { type AlertEvidence, AlertEvidenceObject, AlertMustActObject } from './shapes.ts';

/**
 * Events as stored, for timelines and the live feed. What a viewer receives is cut to their
 * scope (events about people outside it are never sent) and to the field rules (feedback and
 * vote comments only for the roles allowed to read them, and for the person themself).
 */
export const StoredEventRef = builder.objectRef<RecordedEvent>('StoredEvent').implement({
  description: 'One event of the event store.',
  fields: (t) => ({
    id: t.exposeString('id', {
      description: 'The event’s UUID, chosen by its writer (writing the same id again appends nothing).',
    }),
    streamId: t.exposeString('streamId', { description: 'The stream it belongs to, e.g. sale-<saleId>.' }),
    revision: t.field({
      type: 'Position',
      description: 'Its 0-based place inside its stream.',
      resolve: (e) => e.revision,
    }),
    position: t.field({
      type: 'Position',
      description: 'Its global position in `$all`: strictly increasing in commit order, never reused.',
      resolve: (e) => e.position,
    }),
    type: t.exposeString('type', { description: 'The event type, e.g. SaleClosed.' }),
    schemaVersion: t.exposeInt('schemaVersion', {
      description: 'Version of the schema `data` was written in (old versions are kept as written).',
    }),
    data: t.field({
      type: 'JSON',
      description:
        'Free-form: the event data as stored, whose shape depends on `type` and `schemaVersion` (money in fen).',
      resolve: (e) => e.data,
    }),
    actor: t.string({
      nullable: true,
      description: 'Who acted, e.g. user:hr-admin-1 or system:reactor; null when not recorded.',
      resolve: (e) => e.metadata.actor ?? null,
    }),
    source: t.string({
      nullable: true,
      description:
        'The system the fact came from (crm, erp, lms, oa, hr, import, ui); null when not recorded.',
      resolve: (e) => e.metadata.source ?? null,
    }),
    commandId: t.string({
      nullable: true,
      description: 'Id of the command that produced it; null when not recorded.',
      resolve: (e) => e.metadata.commandId ?? null,
    }),
    recordedAt: t.field({
      type: 'DateTime',
      description: 'When the event store recorded it (wall-clock time, UTC).',
      resolve: (e) => e.recordedAt,
    }),
    businessTime: t.string({
      nullable: true,
      description:
        'When it happened in the business (ISO time the event states: a sale its closing, a payment its collection, a hire its start), as opposed to recordedAt, when it was stored. Null for events about the platform itself.',
      resolve: (e) => businessTimeOf(e),
    }),
  }),
});

/** The business time an event states (the field its type declares in the catalog), or null. */
export function businessTimeOf(event: RecordedEvent): string | null {
  return isEventType(event.type) ? (declaredBusinessTime(event.type, event.data) ?? null) : null;
}

/** The employees an event is about (empty for company-wide events such as policies). */
export function subjectsOf(event: RecordedEvent): string[] {
  const d = event.data as Record<string, unknown>;
  const ids = new Set<string>();
  for (const key of ['employeeId', 'menteeId', 'helpedEmployeeId']) {
    if (typeof d[key] === 'string') ids.add(d[key]);
  }
  if (d.subjectKind === 'employee' && typeof d.subjectId === 'string') ids.add(d.subjectId);
  if (Array.isArray(d.shares)) {
    for (const share of d.shares as { employeeId?: unknown }[]) {
      if (typeof share.employeeId === 'string') ids.add(share.employeeId);
    }
  }
  return [...ids];
}

const COMPANY_WIDE = /^(ScoringPolicy|Ladder|CommissionPlan|RetentionModel)Published$/;

/**
 * Redacted by the field rules in force: comments are feedback (360, customer) or vote comments,
 * and the author of 360 feedback is a protected field too; each is left out of the event's data
 * for a viewer the rules do not let read it.
 */
function redact(rules: FieldRulesInForce, viewer: Viewer, event: RecordedEvent): RecordedEvent {
  const data = event.data as Record<string, unknown>;
  const subject = subjectsOf(event)[0] ?? '';
  const hidden: string[] = [];
  if ('comment' in data) {
    const field = event.type === 'VoteCast' ? 'voteComments' : 'feedbackComments';
    if (!canReadField(rules, viewer, field, subject)) hidden.push('comment');
  }
  if (event.type === 'Feedback360Given' && 'fromId' in data) {
    if (!canReadField(rules, viewer, 'feedbackAuthors', subject)) hidden.push('fromId');
  }
  if (hidden.length === 0) return event;
  const rest = Object.fromEntries(Object.entries(data).filter(([key]) => !hidden.includes(key)));
  return { ...event, data: rest as RecordedEvent['data'] };
}

/** The events of a batch the viewer may see, redacted for them; one people query per batch at most. */
export async function visibleEvents(
  ctx: Context,
  viewer: Viewer,
  events: readonly RecordedEvent[],
): Promise<RecordedEvent[]> {
  const scope = dataScope(viewer);
  const rules = await fieldRulesOf(ctx);
  if (scope.kind === 'all') return events.map((e) => redact(rules, viewer, e));
  const subjects = [...new Set(events.flatMap(subjectsOf))];
  const visible = new Set<string>();
  if (scope.kind === 'self') visible.add(scope.employeeId);
  else if (subjects.length > 0) {
    const people = await peopleByIds(ctx.db, scope, subjects);
    for (const person of people) if (person) visible.add(person.employee_id);
  }
  return events
    .filter((e) => {
      const ids = subjectsOf(e);
      return ids.length === 0 ? COMPANY_WIDE.test(e.type) : ids.some((id) => visible.has(id));
    })
    .map((e) => redact(rules, viewer, e));
}

/**
 * Every stream that holds facts about a person: career, mentorship, monthly activity and
 * targets since hire, enrolments in the catalogue's courses, and their sales (ids from the
 * KPI read model). Read through the event store port, so it works on either store.
 */
async function personEvents(ctx: Context, employeeId: string, hiredAt: string): Promise<RecordedEvent[]> {
  const months = monthRange(monthOfDate(hiredAt), monthOfDate(now().toISOString()));
  const { rows: sales } = await sql<{ sale_id: string }>`
    SELECT sale_id FROM read.kpi_sales WHERE employee_id = ${employeeId}`.execute(ctx.db);
  const streams = [
    employeeStream(employeeId),
    mentorshipStream(employeeId),
    ...months.map((m) => activityStream(employeeId, `${m}-01`)),
    ...months.map((m) => targetStream(employeeId, m)),
    ...COURSE_IDS.map((c) => enrollmentStream(employeeId, c)),
    ...sales.map((s) => saleStream(s.sale_id)),
  ];
  const events: RecordedEvent[] = [];
  for (let i = 0; i < streams.length; i += 8) {
    const pages = await Promise.all(streams.slice(i, i + 8).map((s) => ctx.store.readStream(s)));
    for (const page of pages) events.push(...page);
  }
  return events.sort((a, b) => (a.position < b.position ? 1 : a.position > b.position ? -1 : 0));
}

builder.objectField(PersonRef, 'timeline', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: [StoredEventRef],
    description:
      'The events about this person, newest first: career, sales and payments, activity, training, mentoring, targets.',
    args: {
      first: t.arg.int({ defaultValue: 50, description: 'At most 100.' }),
      before: t.arg({ type: 'Position', description: 'Only events before this position (paging).' }),
      types: t.arg.stringList({ description: 'Only these event types.' }),
    },
    resolve: async (person, args, ctx) => {
      const { viewer } = ctx;
      const first = pageSize(args.first ?? 50, 100);
      const types = args.types ? new Set(args.types) : undefined;
      const all = await personEvents(ctx, person.employee_id, person.hired_at);
      const selected = all.filter(
        (e) => (!types || types.has(e.type)) && (args.before == null || e.position < args.before),
      );
      return visibleEvents(ctx, viewer, selected.slice(0, first));
    },
  }),
);

builder.subscriptionField('eventAppended', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: StoredEventRef,
    description:
      'Live feed of events as they are appended (Server-Sent Events: send `Accept: text/event-stream`), cut to what the viewer may see. `after` replays from a position first; `types` filters by event type.',
    args: {
      types: t.arg.stringList({ description: 'Only these event types (default: all).' }),
      after: t.arg({
        type: 'Position',
        description: 'Replay from after this position (default: the head now).',
      }),
    },
    subscribe: (_root, args, ctx) => eventFeed(ctx, args.types ?? undefined, args.after ?? undefined),
    resolve: (event) => event,
  }),
);

async function* eventFeed(
  ctx: SignedInContext,
  types: readonly string[] | undefined,
  after: bigint | undefined,
): AsyncGenerator<RecordedEvent> {
  const { viewer } = ctx;
  const wanted = types ? new Set(types) : undefined;
  const stop = new AbortController();
  try {
    const from = after ?? (await ctx.store.headPosition());
    for await (const batch of ctx.store.subscribeToAll({
      after: from,
      signal: stop.signal,
      maxBatchSize: 200,
    })) {
      const matching = wanted ? batch.events.filter((e) => wanted.has(e.type)) : batch.events;
      if (matching.length === 0) continue;
      yield* await visibleEvents(ctx, viewer, matching);
    }
  } finally {
    stop.abort();
  }
}

interface RaisedAlert {
  readonly alertId: string;
  readonly kind: string;
  readonly employeeId: string;
  readonly assignees: readonly AlertAssignee[];
  readonly evidence: AlertEvidence;
  readonly message: { readonly en: string; readonly zh: string };
  readonly at: string;
}
const LiveAlert = builder.objectRef<RecordedEvent>('LiveAlert').implement({
  description: 'An alert as it is raised (event AlertRaised).',
  fields: (t) => {
    const data = (e: RecordedEvent) => e.data as unknown as RaisedAlert;
    return {
      id: t.string({ description: 'The alert id.', resolve: (e) => data(e).alertId }),
      kind: t.string({
        description: 'The alert kind, a value of AlertKind (e.g. risk_high).',
        resolve: (e) => data(e).kind,
      }),
      employeeId: t.string({
        description: 'The employee the alert is about.',
        resolve: (e) => data(e).employeeId,
      }),
      mustAct: t.field({
        type: [AlertMustActObject],
        description: 'Who must act, by role and employee id.',
        resolve: (e) => [...data(e).assignees],
      }),
      evidence: t.field({
        type: AlertEvidenceObject,
        description:
          'Where the evidence is: read model kind, a reference in it, the position it was seen at.',
        resolve: (e) => data(e).evidence,
      }),
      messageEn: t.string({
        description: 'The message in English, naming people by employee id.',
        resolve: (e) => data(e).message.en,
      }),
      messageZh: t.string({
        description: 'The message in Chinese, naming people by employee id.',
        resolve: (e) => data(e).message.zh,
      }),
      at: t.string({ description: 'When it was raised (ISO business time).', resolve: (e) => data(e).at }),
      position: t.field({
        type: 'Position',
        description: 'Global position (`$all`) of the AlertRaised event.',
        resolve: (e) => e.position,
      }),
    };
  },
});

builder.subscriptionField('alertRaised', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: LiveAlert,
    description:
      'Alerts as they are raised (Server-Sent Events), only about people the viewer may see. `after` replays from a position first.',
    args: {
      after: t.arg({
        type: 'Position',
        description: 'Replay from after this position (default: the head now).',
      }),
    },
    subscribe: (_root, args, ctx) => eventFeed(ctx, ['AlertRaised'], args.after ?? undefined),
    resolve: (event) => event,
  }),
);
