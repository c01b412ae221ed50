import { createContextCache } from '@pothos/core';
import { businessMonth, overviewForPeople, type PersonOverview } from '@trackrecord/projections';
import DataLoader from 'dataloader';
import { dataScope } from '../auth/viewer.ts';
import { builder } from '../builder.ts';
import type { SignedInContext } from '../context.ts';
import { LightEnum, RiskBandEnum } from './enums.ts';
import { PersonRef } from './people.ts';

// The overview figures of a person (latest score and its trend, target light of the current
// business month, eligibility, risk band) come from one dataloader: every person of a
// response shares one SQL statement for all six fields, so a team of 200 costs what a team
// of 10 costs.
const overviewLoader = createContextCache(
  (ctx: SignedInContext) =>
    new DataLoader<string, PersonOverview | null>(async (ids) => {
      const rows = await overviewForPeople(ctx.db, dataScope(ctx.viewer), ids);
      const by = new Map(rows.map((r) => [r.employee_id, r]));
      return ids.map((id) => by.get(id) ?? null);
    }),
);

const overview = (id: string, ctx: SignedInContext) => overviewLoader(ctx).load(id);

// Each needs the viewer: the loader reads within their data scope.
builder.objectFields(PersonRef, (fields) => {
  const t = fields.withAuth({ signedIn: true });
  return {
    compositeScore: t.float({
      nullable: true,
      description:
        'Composite score (0–100) of the latest scored complete month (before the current business month, `Query.businessMonth`); null when none was computed. The month in progress is `monthToDateScore`.',
      resolve: async (p, _args, ctx) => (await overview(p.employee_id, ctx))?.scores.at(-1)?.score ?? null,
    }),
    scoreMonth: t.string({
      nullable: true,
      description: 'The month (YYYY-MM) of `compositeScore`.',
      resolve: async (p, _args, ctx) => (await overview(p.employee_id, ctx))?.scores.at(-1)?.month ?? null,
    }),
    scoreTrend: t.floatList({
      description:
        'Composite scores of the last 6 scored complete months, oldest first (ends at `compositeScore`).',
      resolve: async (p, _args, ctx) =>
        (await overview(p.employee_id, ctx))?.scores.map((s) => s.score) ?? [],
    }),
    scoreTrendMonths: t.stringList({
      description: 'The months (YYYY-MM) of `scoreTrend`, oldest first.',
      resolve: async (p, _args, ctx) =>
        (await overview(p.employee_id, ctx))?.scores.map((s) => s.month) ?? [],
    }),
    monthToDateScore: t.float({
      nullable: true,
      description:
        'Composite score (0–100) of the current business month so far: partial, since facts of the rest of the month are still missing; null when not scored yet.',
      resolve: async (p, _args, ctx) => (await overview(p.employee_id, ctx))?.month_to_date?.score ?? null,
    }),
    monthToDateMonth: t.string({
      nullable: true,
      description: 'The month (YYYY-MM) of `monthToDateScore`.',
      resolve: async (p, _args, ctx) => (await overview(p.employee_id, ctx))?.month_to_date?.month ?? null,
    }),
    targetLight: t.field({
      type: LightEnum,
      nullable: true,
      description:
        'red, yellow or green: the light of the target of the current business month (the month of the latest business time the read models have seen, `Query.businessMonth`, not the wall clock), else of the month before (`targetMonth` says which); null when neither has a target.',
      resolve: async (p, _args, ctx) => (await overview(p.employee_id, ctx))?.light ?? null,
    }),
    targetMonth: t.string({
      nullable: true,
      description: 'The month (YYYY-MM) of the target `targetLight` is of.',
      resolve: async (p, _args, ctx) => (await overview(p.employee_id, ctx))?.target_month ?? null,
    }),
    eligible: t.boolean({
      nullable: true,
      description: 'true when eligible for at least one next level; null when no verdict was computed.',
      resolve: async (p, _args, ctx) => (await overview(p.employee_id, ctx))?.eligible ?? null,
    }),
    riskBand: t.field({
      type: RiskBandEnum,
      nullable: true,
      description: 'low, medium or high: the retention-risk band; null when none was computed.',
      resolve: async (p, _args, ctx) => (await overview(p.employee_id, ctx))?.risk_band ?? null,
    }),
  };
});

builder.queryField('businessMonth', (t) =>
  t.string({
    nullable: true,
    description:
      'The current business month (YYYY-MM): the month of the latest business time the read models have seen on the event store (not the wall clock); null on an empty store. `Person.targetLight` and `PeopleFilter.light` use it.',
    resolve: (_root, _args, ctx) => businessMonth(ctx.db),
  }),
);
