import { createContextCache } from '@pothos/core';
import { reviewGrants } from '@trackrecord/projections';
import DataLoader from 'dataloader';
import {
  ACCESS_KINDS,
  type AccessLogEntry,
  type AccessLogFilter,
  type AccessLogReader,
  accessLogCount,
  accessLogEntries,
  accessLogReaders,
} from '../auth/accessLog.ts';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { ClientError } from '../errors.ts';
import { pageSize } from './arguments.ts';
import { PersonRef } from './people.ts';
import { CommitteeGrant } from './users.ts';
import { enumFor } from './zodInput.ts';

/** The committee grants entries were read under, one statement per request. */
const reviewGrantLoader = createContextCache(
  (ctx: Context) =>
    new DataLoader(async (ids: readonly string[]) => {
      const grants = await reviewGrants(ctx.db, ids);
      return ids.map((id) => grants.get(id) ?? null);
    }),
);

/** Who read whose record (auth/accessLog.ts): for auditors, and for each person about themself. */
const AccessKindEnum = enumFor(ACCESS_KINDS, 'AccessKind');

const AccessLogEntryRef = builder.objectRef<AccessLogEntry>('AccessLogEntry').implement({
  description: 'One recorded read: who, under which grant, what, when.',
  fields: (t) => ({
    at: t.field({ type: 'DateTime', description: 'When it was read.', resolve: (e) => e.at }),
    userId: t.exposeString('user_id', { description: 'Who read it: the sign-in (or persona) id.' }),
    userName: t.exposeString('user_name', { description: 'Their name as signed in.' }),
    userNameEn: t.exposeString('user_name_en', {
      nullable: true,
      description:
        'Their name in English (a demo persona’s romanised name, a linked employee’s `nameEn`), for pages in English; null when not known (then `userName`).',
    }),
    role: t.exposeString('role', { description: 'The role they read it in.' }),
    unitId: t.exposeString('unit_id', {
      nullable: true,
      description: 'The branch or team of that role, if any; the review, for a committee grant.',
    }),
    tokenKind: t.exposeString('token_kind', {
      description:
        'How they were signed in: session (dashboard), api (an API token) or persona (development).',
    }),
    kind: t.expose('kind', {
      type: AccessKindEnum,
      description:
        "person_record (a person's one-stop record), audit_replay (a decision replayed), as_of_read (a record as of a past time), export or token_use.",
    }),
    employeeId: t.exposeString('employee_id', {
      nullable: true,
      description: 'Whose record, when a person’s.',
    }),
    person: t.field({
      type: PersonRef,
      nullable: true,
      description: 'Whose record, within the viewer’s scope.',
      resolve: (e) => e.employee_id,
    }),
    detail: t.exposeString('detail', { nullable: true, description: 'What exactly (a review, a month).' }),
    grantScope: t.exposeString('grant_scope', {
      nullable: true,
      description:
        'The scope of the grant that allowed the read: company, branch, team, self or review (a seat on the review committee of the person read; `committeeGrant` says which).',
    }),
    committeeGrant: t.field({
      type: CommitteeGrant,
      nullable: true,
      description:
        'For a read under a review committee grant (scope review): the review, its candidate and round, and the grant’s period; null otherwise.',
      resolve: (e, _args, ctx) =>
        e.grant_scope === 'review' && e.unit_id ? reviewGrantLoader(ctx).load(e.unit_id) : null,
    }),
    grantPosition: t.exposeString('grant_position', {
      nullable: true,
      description:
        'The grant that allowed it: the position of its RoleGranted event in the user’s stream, or of the review’s ReviewOpened for a committee grant. Null for a development persona reading under its role, which holds no grant.',
    }),
    grantedAt: t.exposeString('granted_at', {
      nullable: true,
      description: 'When that grant took effect (its business time).',
    }),
    fieldRulesVersion: t.exposeInt('field_rules_version', {
      nullable: true,
      description:
        'The version of the field rules in force when it was served (`fieldRuleVersions` has each); null: the built-in default.',
    }),
  }),
});

interface AccessLogPage {
  entries: AccessLogEntry[];
  totalCount: number;
}
const AccessLogPageRef = builder.objectRef<AccessLogPage>('AccessLogPage').implement({
  description: 'One page of the access log and how many entries match the filter.',
  fields: (t) => ({
    entries: t.field({
      type: [AccessLogEntryRef],
      description: 'This page of entries, newest first.',
      resolve: (p) => p.entries,
    }),
    totalCount: t.exposeInt('totalCount', { description: 'Entries matching the filter, on all pages.' }),
  }),
});

const MAX = 200;
const firstOf = (first: number | null | undefined) => pageSize(first ?? 50, MAX);

builder.queryField('accessLog', (t) =>
  t.withAuth({ roles: ['auditor', 'hr_admin'] }).field({
    type: [AccessLogEntryRef],
    description:
      'The access log, newest first: every read of a person’s one-stop record, audit replay, export and API token use, with who read it under which grant. For auditors and HR.',
    args: {
      employeeId: t.arg.string({ description: 'Only reads of this person’s record.' }),
      kind: t.arg({ type: AccessKindEnum, description: 'Only this kind of read.' }),
      userId: t.arg.string({ description: 'Only reads by this user.' }),
      first: t.arg.int({ description: `How many (1–${MAX}, default 50).` }),
    },
    resolve: (_root, args, ctx) =>
      accessLogEntries(ctx.db, {
        ...(args.employeeId ? { employeeId: args.employeeId } : {}),
        ...(args.kind ? { kind: args.kind } : {}),
        ...(args.userId ? { userId: args.userId } : {}),
        first: firstOf(args.first),
      }),
  }),
);

const MAX_OFFSET = 1_000_000;
builder.queryField('accessLogPage', (t) =>
  t.withAuth({ roles: ['auditor', 'hr_admin'] }).field({
    type: AccessLogPageRef,
    description:
      'The access log for the auditors’ page: newest first, filtered by whose record, who read it, the kind of access and a period, one page at a time.',
    args: {
      employeeId: t.arg.string({ description: 'Only reads of this person’s record.' }),
      userId: t.arg.string({ description: 'Only reads by this user (sign-in or persona id).' }),
      kind: t.arg({ type: AccessKindEnum, description: 'Only this kind of access.' }),
      from: t.arg({ type: 'DateTime', description: 'Reads at or after this instant.' }),
      to: t.arg({ type: 'DateTime', description: 'Reads before this instant.' }),
      first: t.arg.int({ description: `Page size (1–${MAX}, default 50).` }),
      offset: t.arg.int({ description: 'How many entries to skip (default 0).' }),
    },
    resolve: async (_root, args, ctx) => {
      const language = ctx.language ?? 'en';
      const offset = args.offset ?? 0;
      if (!Number.isInteger(offset) || offset < 0 || offset > MAX_OFFSET) {
        throw new ClientError(
          language === 'zh'
            ? `offset 必须在 0 到 ${MAX_OFFSET} 之间`
            : `offset must be from 0 to ${MAX_OFFSET}`,
        );
      }
      if (args.from && args.to && args.from.getTime() >= args.to.getTime()) {
        throw new ClientError(
          language === 'zh' ? '时间段的开始必须早于结束' : 'the period must start before it ends',
        );
      }
      const filter: AccessLogFilter = {
        ...(args.employeeId?.trim() ? { employeeId: args.employeeId.trim() } : {}),
        ...(args.userId?.trim() ? { userId: args.userId.trim() } : {}),
        ...(args.kind ? { kind: args.kind } : {}),
        ...(args.from ? { from: args.from } : {}),
        ...(args.to ? { to: args.to } : {}),
      };
      const [entries, totalCount] = await Promise.all([
        accessLogEntries(ctx.db, { ...filter, first: firstOf(args.first), offset }),
        accessLogCount(ctx.db, filter),
      ]);
      return { entries, totalCount };
    },
  }),
);

const AccessLogReaderRef = builder.objectRef<AccessLogReader>('AccessLogReader').implement({
  description: 'Someone who has read a protected record, with how many entries they left.',
  fields: (t) => ({
    userId: t.exposeString('user_id', { description: 'Their sign-in (or persona) id.' }),
    userName: t.exposeString('user_name', { description: 'Their name as last signed in.' }),
    userNameEn: t.exposeString('user_name_en', {
      nullable: true,
      description: 'That name in English, when known (see `AccessLogEntry.userNameEn`).',
    }),
    reads: t.exposeInt('reads', { description: 'Entries in the access log.' }),
    lastAt: t.field({ type: 'DateTime', description: 'Their latest read.', resolve: (r) => r.last_at }),
  }),
});

builder.queryField('accessLogReaders', (t) =>
  t.withAuth({ roles: ['auditor', 'hr_admin'] }).field({
    type: [AccessLogReaderRef],
    description:
      'Everyone who has read a protected record, by name, with how many entries they left: the choices of the access log’s "who read" filter.',
    resolve: (_root, _args, ctx) => accessLogReaders(ctx.db),
  }),
);

builder.queryField('myRecordViews', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: [AccessLogEntryRef],
    description:
      'Who looked at my record: reads of the signed-in person’s one-stop record, audit replays and exports about them by others, newest first. Empty for someone who is not an employee.',
    args: { first: t.arg.int({ description: `How many (1–${MAX}, default 20).` }) },
    resolve: (_root, args, ctx) =>
      ctx.viewer.employeeId
        ? accessLogEntries(ctx.db, {
            employeeId: ctx.viewer.employeeId,
            excludeUserId: ctx.viewer.userId,
            first: firstOf(args.first ?? 20),
          })
        : Promise.resolve([]),
  }),
);
