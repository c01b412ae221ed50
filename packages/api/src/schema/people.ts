import {
  listPeople,
  organisation,
  type PeopleDb,
  type Person,
  peopleByIds,
  scoped,
} from '@trackrecord/projections';
import type { Kysely } from 'kysely';
import { dataScope } from '../auth/viewer.ts';
import { builder } from '../builder.ts';
import { type Context, requireViewer } from '../context.ts';
import { ClientError } from '../errors.ts';

const peopleDb = (ctx: Context) => ctx.db as Kysely<PeopleDb>;

export const PersonRef = builder.loadableObjectRef('Person', {
  // One batched, scope-filtered query per request for every person a response needs.
  load: async (ids: string[], ctx: Context): Promise<(Person | Error)[]> =>
    (await peopleByIds(peopleDb(ctx), dataScope(requireViewer(ctx)), ids)).map(
      (person, i) => person ?? new ClientError(`person ${ids[i]} is not known or not visible to you`),
    ),
  sort: (person) => person.employee_id,
});

PersonRef.implement({
  description: 'An employee as the organisation read model knows them.',
  fields: (t) => ({
    id: t.exposeString('employee_id'),
    name: t.exposeString('name'),
    branchId: t.exposeString('branch_id'),
    teamId: t.exposeString('team_id'),
    regionId: t.exposeString('region_id'),
    level: t.exposeString('level', { description: 'Ladder level id, e.g. sales_representative.' }),
    track: t.exposeString('track'),
    status: t.exposeString('status', { description: 'active or departed' }),
    probation: t.exposeString('probation', { description: 'none, on_probation, passed or failed' }),
    hiredAt: t.exposeString('hired_at'),
    leftAt: t.exposeString('left_at', { nullable: true }),
    manager: t.field({
      type: PersonRef,
      nullable: true,
      resolve: (person) => person.manager_id,
    }),
  }),
});

const PersonEdge = builder.objectRef<{ node: Person; cursor: string }>('PersonEdge').implement({
  fields: (t) => ({
    cursor: t.exposeString('cursor'),
    node: t.field({ type: PersonRef, resolve: (edge) => edge.node }),
  }),
});
const PageInfo = builder.objectRef<{ hasNextPage: boolean; endCursor: string | null }>('PageInfo').implement({
  fields: (t) => ({
    hasNextPage: t.exposeBoolean('hasNextPage'),
    endCursor: t.exposeString('endCursor', { nullable: true }),
  }),
});
const PersonConnection = builder
  .objectRef<{
    edges: { node: Person; cursor: string }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  }>('PersonConnection')
  .implement({
    fields: (t) => ({
      edges: t.field({ type: [PersonEdge], resolve: (c) => c.edges }),
      pageInfo: t.field({ type: PageInfo, resolve: (c) => c.pageInfo }),
    }),
  });

const encodeCursor = (p: Person) =>
  Buffer.from(JSON.stringify([p.name, p.employee_id])).toString('base64url');
function decodeCursor(cursor: string): { name: string; employeeId: string } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && typeof parsed[0] === 'string' && typeof parsed[1] === 'string') {
      return { name: parsed[0], employeeId: parsed[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw new ClientError(`"after" is not a cursor this API returned: ${cursor}`);
}

const PeopleFilter = builder.inputType('PeopleFilter', {
  fields: (t) => ({
    branchId: t.string(),
    teamId: t.string(),
    level: t.string(),
    track: t.string(),
    status: t.string({ description: 'active or departed' }),
    probation: t.string({ description: 'none, on_probation, passed or failed' }),
  }),
});

builder.queryField('people', (t) =>
  t.field({
    type: PersonConnection,
    description: 'People the viewer may see, by name, with filters; at most 100 per page.',
    args: {
      filter: t.arg({ type: PeopleFilter }),
      first: t.arg.int({ defaultValue: 50 }),
      after: t.arg.string(),
    },
    resolve: async (_root, args, ctx) => {
      const viewer = requireViewer(ctx);
      const f = args.filter ?? {};
      const status = f.status ?? undefined;
      if (status && status !== 'active' && status !== 'departed') {
        throw new ClientError(`filter.status must be "active" or "departed", got "${status}"`);
      }
      const probation = f.probation ?? undefined;
      if (probation && !['none', 'on_probation', 'passed', 'failed'].includes(probation)) {
        throw new ClientError(
          `filter.probation must be none, on_probation, passed or failed, got "${probation}"`,
        );
      }
      const page = await listPeople(
        peopleDb(ctx),
        dataScope(viewer),
        {
          ...(f.branchId ? { branchId: f.branchId } : {}),
          ...(f.teamId ? { teamId: f.teamId } : {}),
          ...(f.level ? { level: f.level } : {}),
          ...(f.track ? { track: f.track } : {}),
          ...(status ? { status: status as Person['status'] } : {}),
          ...(probation ? { probation: probation as Person['probation'] } : {}),
        },
        { first: args.first ?? 50, ...(args.after ? { after: decodeCursor(args.after) } : {}) },
      );
      const edges = page.rows.map((node) => ({ node, cursor: encodeCursor(node) }));
      return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
    },
  }),
);

builder.queryField('person', (t) =>
  t.field({
    type: PersonRef,
    nullable: true,
    description: 'One person, or null when unknown or outside what the viewer may see.',
    args: { id: t.arg.string({ required: true }) },
    // Unknown and out-of-scope look the same: null, not an error (nothing leaks either way).
    resolve: (_root, args, ctx) =>
      PersonRef.getDataloader(ctx)
        .load(args.id)
        .catch((error: unknown) => {
          if (error instanceof ClientError) return null;
          throw error;
        }),
  }),
);

const Team = builder.objectRef<{ teamId: string; active: number; departed: number }>('Team').implement({
  fields: (t) => ({
    id: t.exposeString('teamId'),
    activeCount: t.exposeInt('active'),
    departedCount: t.exposeInt('departed'),
  }),
});
const Branch = builder
  .objectRef<{ branchId: string; teams: readonly { teamId: string; active: number; departed: number }[] }>(
    'Branch',
  )
  .implement({
    fields: (t) => ({
      id: t.exposeString('branchId'),
      teams: t.field({ type: [Team], resolve: (b) => [...b.teams] }),
    }),
  });

builder.queryField('organisation', (t) =>
  t.field({
    type: [Branch],
    description: 'Branches and teams with head counts, within what the viewer may see.',
    resolve: (_root, _args, ctx) => organisation(peopleDb(ctx), dataScope(requireViewer(ctx))),
  }),
);

/** The most members `team(id)` lists; a team is a unit a manager leads, not a whole company. */
export const MAX_TEAM_MEMBERS = 500;

const TeamOverview = builder.objectRef<{ teamId: string; members: Person[] }>('TeamOverview').implement({
  description: "A team's active members within what the viewer may see, for overviews (batched per field).",
  fields: (t) => ({
    id: t.exposeString('teamId'),
    members: t.field({ type: [PersonRef], resolve: (team) => team.members }),
  }),
});

builder.queryField('team', (t) =>
  t.field({
    type: TeamOverview,
    nullable: true,
    description: `One team and its active members by name (at most ${MAX_TEAM_MEMBERS}); null when the viewer sees nobody in it.`,
    args: { id: t.arg.string({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const members = await scoped(
        peopleDb(ctx).withSchema('read').selectFrom('people').selectAll(),
        dataScope(requireViewer(ctx)),
      )
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
