import { createContextCache } from '@pothos/core';
import { ALERT_KINDS, type AlertKind, isDerivedAlertId } from '@trackrecord/domain';
import { type Alert, alertInboxPage } from '@trackrecord/projections';
import DataLoader from 'dataloader';
import { dataScope } from '../auth/viewer.ts';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { badCursor, oneOfArgument, pageSize } from './arguments.ts';
import { AlertRef, mineOf, stateOf } from './evaluations.ts';

/**
 * The manager's inbox: names instead of ids on every alert (who it is about, who must act, who
 * acknowledged it, and in its message), and `alertPage`: the inbox paged with a cursor, by kind,
 * with counts.
 */

interface Named {
  readonly employee_id: string;
  readonly name: string;
  readonly name_en: string | null;
}
// Names only (no other field), of anyone an alert in the viewer's scope names: a team manager
// reads the name of the branch manager who must also act.
const nameLoader = createContextCache(
  (ctx: Context) =>
    new DataLoader<string, Named | null>(async (ids) => {
      const rows = await ctx.db
        .withSchema('read')
        .selectFrom('people')
        .select(['employee_id', 'name', 'name_en'])
        .where('employee_id', 'in', [...ids])
        .execute();
      const by = new Map(rows.map((r) => [r.employee_id, r]));
      return ids.map((id) => by.get(id) ?? null);
    }),
);

const AlertAssigneeRef = builder
  .objectRef<{ role: string; id: string | null; named: Named | null }>('AlertAssignee')
  .implement({
    description: 'One who must act on an alert: a role, and the person when the role is a person’s.',
    fields: (t) => ({
      role: t.exposeString('role', { description: 'hr, manager, mentor or employee' }),
      id: t.exposeString('id', { nullable: true, description: 'The employee id; null for HR’s inbox.' }),
      name: t.string({
        nullable: true,
        description:
          'The person’s name of record; null for HR’s inbox or an id the people read model does not know.',
        resolve: (a) => a.named?.name ?? null,
      }),
      nameEn: t.string({
        nullable: true,
        description: 'The person’s romanised name for English pages; null when none is known.',
        resolve: (a) => a.named?.name_en ?? null,
      }),
    }),
  });

/**
 * Every employee id an alert names: its subject, those who must act, who acknowledged it, and
 * for a derived mentoring alert (`kind:mentee:mentor:…`) the mentor its message names.
 */
const idsOf = (a: Alert) => [
  a.employeeId,
  ...a.assignees.flatMap((x) => (x.id ? [x.id] : [])),
  ...(a.acknowledged ? [a.acknowledged.by] : []),
  ...(isDerivedAlertId(a.id) ? [a.id.split(':')[2] ?? ''].filter(Boolean) : []),
];

/** The message with every employee id it names replaced by the person's name in that language. */
async function named(ctx: Context, a: Alert, language: 'en' | 'zh'): Promise<string> {
  let text = language === 'en' ? a.message.en : a.message.zh;
  const ids = [...new Set(idsOf(a))].sort((x, y) => y.length - x.length);
  const names = await nameLoader(ctx).loadMany(ids);
  ids.forEach((id, i) => {
    const person = names[i];
    if (!person || person instanceof Error) return;
    const name = language === 'en' ? (person.name_en ?? person.name) : person.name;
    text = text.split(id).join(name);
  });
  return text;
}

builder.objectFields(AlertRef, (t) => ({
  assignees: t.field({
    type: [AlertAssigneeRef],
    description: 'Who must act, with names (`mustAct` as objects).',
    resolve: async (a, _args, ctx) =>
      Promise.all(
        a.assignees.map(async (x) => ({
          role: x.role,
          id: x.id ?? null,
          named: x.id ? await nameLoader(ctx).load(x.id) : null,
        })),
      ),
  }),
  textEn: t.string({
    description: 'The message in English with people named (romanised names) instead of their ids.',
    resolve: (a, _args, ctx) => named(ctx, a, 'en'),
  }),
  textZh: t.string({
    description: 'The message in Chinese with people named instead of their ids.',
    resolve: (a, _args, ctx) => named(ctx, a, 'zh'),
  }),
  acknowledgedByName: t.string({
    nullable: true,
    description: 'The name of record of who acknowledged it (their id when not a known employee).',
    resolve: async (a, _args, ctx) =>
      a.acknowledged ? ((await nameLoader(ctx).load(a.acknowledged.by))?.name ?? a.acknowledged.by) : null,
  }),
  acknowledgedByNameEn: t.string({
    nullable: true,
    description: 'The romanised name of who acknowledged it, when known.',
    resolve: async (a, _args, ctx) =>
      a.acknowledged ? ((await nameLoader(ctx).load(a.acknowledged.by))?.name_en ?? null) : null,
  }),
}));

interface AlertPage {
  alerts: Alert[];
  total: number;
  kinds: Record<string, number>;
  hasNextPage: boolean;
  endCursor: string | null;
}
const KindCount = builder.objectRef<{ kind: string; count: number }>('AlertKindCount').implement({
  description: 'How many alerts of one kind a filter matches.',
  fields: (t) => ({
    kind: t.exposeString('kind', { description: `The alert kind: ${ALERT_KINDS.join(', ')}.` }),
    count: t.exposeInt('count', { description: 'Alerts of that kind the filter matches, over all pages.' }),
  }),
});
const AlertPageRef = builder.objectRef<AlertPage>('AlertPage').implement({
  description: 'A page of the alerts inbox, newest first.',
  fields: (t) => ({
    alerts: t.field({
      type: [AlertRef],
      description: 'The alerts of this page, newest first (then by id).',
      resolve: (p) => p.alerts,
    }),
    totalCount: t.int({ description: 'Alerts the filter matches over all pages.', resolve: (p) => p.total }),
    kinds: t.field({
      type: [KindCount],
      description: 'How many alerts of each kind the filter matches, the kind filter aside.',
      resolve: (p) => Object.entries(p.kinds).map(([kind, count]) => ({ kind, count })),
    }),
    hasNextPage: t.exposeBoolean('hasNextPage', { description: 'More alerts follow this page.' }),
    endCursor: t.exposeString('endCursor', {
      nullable: true,
      description: 'Pass as `after` for the next page; null when the page is empty.',
    }),
  }),
});

const encode = (a: Alert) => Buffer.from(JSON.stringify([a.at, a.id])).toString('base64url');
function decode(cursor: string): { at: string; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof at === 'string' && typeof id === 'string' && !Number.isNaN(Date.parse(at))) return { at, id };
  } catch {
    // below
  }
  return badCursor('after', cursor);
}

builder.queryField('alertPage', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: AlertPageRef,
    description:
      'The alerts inbox within what the viewer may see, newest first, a page at a time (`after`: the `endCursor` of the page before). `mine: true` keeps those the viewer must act on: addressed to them (as manager, mentor or the person), or to the manager of the alert’s subject when that is them; for HR also those addressed to HR. `kind` keeps one kind.',
    args: {
      state: t.arg.string({ description: 'open or acknowledged' }),
      kind: t.arg.string({ description: ALERT_KINDS.join(', ') }),
      mine: t.arg.boolean({ description: 'Only those the viewer must act on.' }),
      first: t.arg.int({ defaultValue: 25, description: 'Page size, 1–100.' }),
      after: t.arg.string({ description: 'The `endCursor` of the page before.' }),
    },
    resolve: async (_root, args, ctx) => {
      const { viewer } = ctx;
      const first = pageSize(args.first ?? 25, 100);
      oneOfArgument('kind', { en: 'kind of alert', zh: '预警类型' }, args.kind || undefined, ALERT_KINDS);
      const page = await alertInboxPage(ctx.db, dataScope(viewer), {
        first,
        ...(args.after ? { after: decode(args.after) } : {}),
        ...(args.state ? { state: stateOf(args.state) } : {}),
        ...(args.kind ? { kind: args.kind as AlertKind } : {}),
        ...(args.mine ? { mine: mineOf(viewer) } : {}),
      });
      const last = page.alerts.at(-1);
      return { ...page, endCursor: last ? encode(last) : null };
    },
  }),
);
