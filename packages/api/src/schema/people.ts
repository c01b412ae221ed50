import { actingIdOf, isRedacted } from '@trackrecord/domain';
import {
  checkSortValues,
  committeeGrantFor,
  countPeople,
  LIGHTS_ORDER,
  listPeople,
  MAX_PAGE,
  organisation,
  PEOPLE_SORTS,
  type PeopleSort,
  type Person,
  peopleByIds,
  RISK_BANDS,
  type SortValue,
  scoped,
} from '@trackrecord/projections';
import { recordAccess } from '../auth/accessLog.ts';
import { fieldRulesOf } from '../auth/fieldRules.ts';
import { AuthError } from '../auth/tokens.ts';
import { dataScope } from '../auth/viewer.ts';
import { builder } from '../builder.ts';
import { type Context, isSignedIn } from '../context.ts';
import { type Bilingual, ClientError } from '../errors.ts';
import { badCursor, oneOfArgument, pageSize } from './arguments.ts';

export const PersonRef = builder.loadableObjectRef('Person', {
  // One batched, scope-filtered query per request for every person a response needs.
  // A type's loader is not a field: auth scopes do not narrow its context. It runs for fields
  // that passed `signedIn` (every root field does); without a viewer each person is refused.
  load: async (ids: string[], ctx: Context): Promise<(Person | Error)[]> => {
    const viewer = ctx.viewer;
    if (viewer instanceof AuthError) return ids.map(() => viewer);
    return (await peopleByIds(ctx.db, dataScope(viewer), ids)).map(
      (person, i) =>
        person ??
        new ClientError({
          en: `person ${ids[i]} is not known or not visible to you`,
          zh: `员工 ${ids[i]} 不存在，或您无权查看`,
        }),
    );
  },
  sort: (person) => person.employee_id,
});

PersonRef.implement({
  description: 'An employee as the organisation read model knows them.',
  fields: (t) => ({
    id: t.exposeString('employee_id', { description: 'The employee id.' }),
    name: t.exposeString('name', { description: 'The name of record (Chinese for Chinese staff).' }),
    nameEn: t.exposeString('name_en', {
      nullable: true,
      description: 'The romanised name (pinyin) for English pages; null when HR gave none.',
    }),
    branchId: t.exposeString('branch_id', {
      description: 'The branch (分公司) the person belongs to now (their last, once departed).',
    }),
    teamId: t.exposeString('team_id', {
      description: 'The team (销售组) the person belongs to now (their last, once departed).',
    }),
    regionId: t.exposeString('region_id', {
      description: 'The region (大区) the person belongs to now (their last, once departed).',
    }),
    level: t.exposeString('level', { description: 'Ladder level id, e.g. sales_representative.' }),
    track: t.exposeString('track', { description: 'Career track id, e.g. sales_management.' }),
    status: t.exposeString('status', { description: 'active or departed' }),
    probation: t.exposeString('probation', { description: 'none, on_probation, passed or failed' }),
    personalDataRedacted: t.boolean({
      description:
        'Whether HR redacted this departed person’s personal fields at their request: the name then reads 已删除 (nameEn "redacted"), and so do their personal notes (docs/privacy.md).',
      resolve: (person) => isRedacted(person.name),
    }),
    hiredAt: t.exposeString('hired_at', { description: 'Business time of hiring (ISO 8601).' }),
    leftAt: t.exposeString('left_at', {
      nullable: true,
      description: 'Business time of leaving (ISO 8601); null while employed.',
    }),
    manager: t.field({
      type: PersonRef,
      nullable: true,
      description:
        'The direct manager; null when none is recorded, or (with an error) when the viewer may not see them.',
      resolve: (person) => person.manager_id,
    }),
  }),
});

const PersonEdge = builder.objectRef<{ node: Person; cursor: string }>('PersonEdge').implement({
  description: 'One person of a page of people, with their cursor.',
  fields: (t) => ({
    cursor: t.exposeString('cursor', {
      description: 'Pass as `after` to continue after this person (valid under the same sort only).',
    }),
    node: t.field({ type: PersonRef, description: 'The person.', resolve: (edge) => edge.node }),
  }),
});
const PageInfo = builder.objectRef<{ hasNextPage: boolean; endCursor: string | null }>('PageInfo').implement({
  description: 'Where a page of people ends and whether more follow.',
  fields: (t) => ({
    hasNextPage: t.exposeBoolean('hasNextPage', { description: 'More people match after this page.' }),
    endCursor: t.exposeString('endCursor', {
      nullable: true,
      description: 'The cursor of the last person of the page (pass as `after`); null for an empty page.',
    }),
  }),
});
const PersonConnection = builder
  .objectRef<{
    edges: { node: Person; cursor: string }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    count: () => Promise<number>;
  }>('PersonConnection')
  .implement({
    description: 'A page of people in the order asked, with cursors to page on.',
    fields: (t) => ({
      edges: t.field({
        type: [PersonEdge],
        description: 'The people of this page, in order.',
        resolve: (c) => c.edges,
      }),
      pageInfo: t.field({
        type: PageInfo,
        description: 'Whether more pages follow.',
        resolve: (c) => c.pageInfo,
      }),
      totalCount: t.int({
        description: 'How many people the filter matches over all pages (counted only when asked).',
        resolve: (c) => c.count(),
      }),
    }),
  });

/** A cursor: the order it belongs to, the sort-key values and the id of the last row of a page. */
const encodeCursor = (sort: PeopleSort, values: readonly SortValue[], p: Person) =>
  Buffer.from(JSON.stringify([sort, ...values, p.employee_id])).toString('base64url');
function decodeCursor(cursor: string, sort: PeopleSort): { values: SortValue[]; employeeId: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (Array.isArray(parsed) && PEOPLE_SORTS.includes(parsed[0]) && typeof parsed.at(-1) === 'string') {
    if (parsed[0] !== sort) {
      badCursor('after', cursor, {
        en: `is a cursor of sort ${parsed[0]}, not of sort ${sort}: start again without it`,
        zh: `是按 ${parsed[0]} 排序的游标，不是按 ${sort} 排序的：请不带它重新开始`,
      });
    }
    const values = parsed.slice(1, -1);
    if (checkSortValues(sort, values)) return { values, employeeId: parsed.at(-1) as string };
  }
  return badCursor('after', cursor);
}

const PeopleFilter = builder.inputType('PeopleFilter', {
  description: 'Which people to list; every field given must hold (omitted fields do not filter).',
  fields: (t) => ({
    branchId: t.string({ description: 'Only people of this branch.' }),
    teamId: t.string({ description: 'Only people of this team.' }),
    level: t.string({ description: 'Only people at this ladder level id, e.g. sales_supervisor.' }),
    track: t.string({ description: 'Only people on this career track id, e.g. key_account.' }),
    status: t.string({ description: 'active or departed' }),
    probation: t.string({ description: 'none, on_probation, passed or failed' }),
    riskBand: t.string({ description: 'low, medium or high: the retention-risk band' }),
    eligible: t.boolean({
      description: 'true: eligible for at least one next level; false: has verdicts, none eligible',
    }),
    light: t.string({
      description:
        'red, yellow or green: the target light as `Person.targetLight` gives it (current business month, else the month before)',
    }),
    search: t.string({ description: 'The name contains this text (case-insensitive).' }),
  }),
});

const PeopleSortEnum = builder.enumType('PeopleSort', {
  description:
    'Orders of people: NAME, HIRED (hire date), LEVEL (the ladder order of levels, then name), SCORE (composite score of the latest scored month; unscored people count as -1) or RISK (risk band, then probability; none counts lowest). Ties break by employee id, in the same direction.',
  values: PEOPLE_SORTS,
});
const SortDirectionEnum = builder.enumType('SortDirection', {
  description: 'ASC: ascending (A→Z, oldest, lowest first); DESC: descending.',
  values: ['ASC', 'DESC'] as const,
});

const FILTER_LABELS = {
  status: { en: 'employment status', zh: '在职状态' },
  probation: { en: 'probation', zh: '试用期' },
  riskBand: { en: 'retention-risk band', zh: '流失风险等级' },
  light: { en: 'target light', zh: '目标指示灯' },
} as const satisfies Record<string, Bilingual>;
const oneOf = <T extends string>(
  field: keyof typeof FILTER_LABELS,
  value: string | null | undefined,
  allowed: readonly T[],
) => oneOfArgument(`filter.${field}`, FILTER_LABELS[field], value, allowed);

builder.queryField('people', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: PersonConnection,
    description:
      'People the viewer may see, in the order asked (default by name), with filters; at most 100 per page. Cursors stay valid under their own order only.',
    args: {
      filter: t.arg({ type: PeopleFilter }),
      first: t.arg.int({ defaultValue: 50 }),
      after: t.arg.string(),
      sort: t.arg({ type: PeopleSortEnum, defaultValue: 'NAME' }),
      dir: t.arg({ type: SortDirectionEnum, defaultValue: 'ASC' }),
    },
    resolve: async (_root, args, ctx) => {
      const viewer = ctx.viewer;
      const f = args.filter ?? {};
      const status = oneOf('status', f.status, ['active', 'departed'] as const);
      const probation = oneOf('probation', f.probation, [
        'none',
        'on_probation',
        'passed',
        'failed',
      ] as const);
      const riskBand = oneOf('riskBand', f.riskBand, RISK_BANDS);
      const light = oneOf('light', f.light, LIGHTS_ORDER);
      const sort = args.sort ?? 'NAME';
      const first = pageSize(args.first ?? 50, MAX_PAGE);
      const filter = {
        ...(f.branchId ? { branchId: f.branchId } : {}),
        ...(f.teamId ? { teamId: f.teamId } : {}),
        ...(f.level ? { level: f.level } : {}),
        ...(f.track ? { track: f.track } : {}),
        ...(status ? { status } : {}),
        ...(probation ? { probation } : {}),
        ...(riskBand ? { riskBand } : {}),
        ...(f.eligible != null ? { eligible: f.eligible } : {}),
        ...(light ? { light } : {}),
        ...(f.search ? { search: f.search } : {}),
      };
      const page = await listPeople(ctx.db, dataScope(viewer), filter, {
        first,
        sort,
        dir: args.dir ?? 'ASC',
        ...(args.after ? { after: decodeCursor(args.after, sort) } : {}),
      });
      const edges = page.rows.map((node, i) => ({
        node,
        cursor: encodeCursor(sort, page.keys[i] ?? [], node),
      }));
      return {
        edges,
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
        count: () => countPeople(ctx.db, dataScope(viewer), filter),
      };
    },
  }),
);

/** A person through the dataloader, or null when unknown or out of the viewer's scope. */
export const visiblePerson = (ctx: Context, id: string): Promise<Person | null> =>
  PersonRef.getDataloader(ctx)
    .load(id)
    .catch((error: unknown) => {
      if (error instanceof ClientError) return null;
      throw error;
    });

builder.queryField('person', (t) =>
  t.field({
    type: PersonRef,
    nullable: true,
    description:
      'One person, or null when unknown or outside what the viewer may see: their role’s scope, or a seat on the committee of an open review of theirs (from HR choosing the committee until the decision). Every read is in the access log under the grant that allowed it (the committee grant first).',
    args: { id: t.arg.string({ required: true }) },
    // Unknown and out-of-scope look the same: null, not an error (nothing leaks either way).
    resolve: async (_root, args, ctx) => {
      let person = await visiblePerson(ctx, args.id);
      if (!isSignedIn(ctx)) return person;
      // A member of the candidate's open review committee reads the record under that grant
      // (HR choosing the committee), beyond their role's scope, until the review is decided.
      const viewer = ctx.viewer;
      const committee = await committeeGrantFor(ctx.db, actingIdOf(viewer), args.id);
      if (!person && committee) {
        person = (await peopleByIds(ctx.db, { kind: 'all' }, [args.id]))[0] ?? null;
        if (person) PersonRef.getDataloader(ctx).prime(args.id, person);
      }
      // A person's one-stop record read: in the access log before it is answered.
      if (person) {
        await recordAccess(ctx.db, viewer, 'person_record', {
          employeeId: args.id,
          fieldRulesVersion: (await fieldRulesOf(ctx)).version,
          ...(committee ? { committee } : {}),
        });
      }
      return person;
    },
  }),
);

const Team = builder.objectRef<{ teamId: string; active: number; departed: number }>('Team').implement({
  description: 'A team (销售组) with its head counts among the people the viewer may see.',
  fields: (t) => ({
    id: t.exposeString('teamId', { description: 'The team id.' }),
    activeCount: t.exposeInt('active', { description: 'People of the team still employed.' }),
    departedCount: t.exposeInt('departed', { description: 'People of the team who have left.' }),
  }),
});
const Branch = builder
  .objectRef<{ branchId: string; teams: readonly { teamId: string; active: number; departed: number }[] }>(
    'Branch',
  )
  .implement({
    description: 'A branch (分公司) and its teams, among the people the viewer may see.',
    fields: (t) => ({
      id: t.exposeString('branchId', { description: 'The branch id.' }),
      teams: t.field({ type: [Team], description: 'The teams of the branch.', resolve: (b) => [...b.teams] }),
    }),
  });

builder.queryField('organisation', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: [Branch],
    description: 'Branches and teams with head counts, within what the viewer may see.',
    resolve: (_root, _args, ctx) => organisation(ctx.db, dataScope(ctx.viewer)),
  }),
);

/** The most members `team(id)` lists; a team is a unit a manager leads, not a whole company. */
export const MAX_TEAM_MEMBERS = 500;

const TeamOverview = builder.objectRef<{ teamId: string; members: Person[] }>('TeamOverview').implement({
  description: "A team's active members within what the viewer may see, for overviews (batched per field).",
  fields: (t) => ({
    id: t.exposeString('teamId', { description: 'The team id.' }),
    members: t.field({
      type: [PersonRef],
      description: `The team's active members the viewer may see, by name (at most ${MAX_TEAM_MEMBERS}).`,
      resolve: (team) => team.members,
    }),
  }),
});

builder.queryField('team', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: TeamOverview,
    nullable: true,
    description: `One team and its active members by name (at most ${MAX_TEAM_MEMBERS}); null when the viewer sees nobody in it.`,
    args: { id: t.arg.string({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const members = await scoped(ctx.db, dataScope(ctx.viewer), 'people')
        .selectAll()
        .where('team_id', '=', args.id)
        .where('status', '=', 'active')
        .orderBy('name')
        .orderBy('employee_id')
        .limit(MAX_TEAM_MEMBERS)
        .execute();
      return members.length === 0 ? null : { teamId: args.id, members };
    },
  }),
);
