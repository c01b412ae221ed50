import type { BehaviourContrast, FitBandRetention, TeamBehaviour, TeamPractice } from '@trackrecord/domain';
import {
  BEHAVIOURS,
  type InterventionOutcome,
  type InterventionRow,
  interventionOutcome,
  interventionsOf,
  type RecruitingFit,
  type RetentionGroup,
  recruitingFit,
  type SuccessProfileResult,
  successProfileOf,
  teamPracticesOf,
} from '@trackrecord/projections';
import { mayRead, refusedWith } from '../auth/scopes.ts';
import { dataScope } from '../auth/viewer.ts';
import { builder } from '../builder.ts';
import { badArgument } from '../errors.ts';
import { restrictedFieldRefusal } from '../i18n/refusals.ts';
import { clock } from '../runtime/clock.ts';
import { intInRange, monthRangeArgument } from './arguments.ts';
import { MonthRangeInput } from './kpi.ts';
import { PersonRef } from './people.ts';

/**
 * What the people read models say about people in general, within the viewer's scope:
 * retention by recruiting fit, the success profile of the top performers, and best practices and
 * common problems by team. Every figure comes with the number of people it rests on.
 */

const BehaviourEnum = builder.enumType('Behaviour', {
  description:
    'A measured behaviour over the months asked, per person: weeklyFollowUps (customer follow-ups per week), monthlyDemos, monthlyOpportunities (valid opportunities), monthlyNewCustomers and monthlyCollaboration (collaboration credits) per month, collectionRate (collected ÷ sales, 0–1), feedbackRating (mean 360 rating received, 1–5). More is better for each.',
  values: BEHAVIOURS,
});

const FitBandRef = builder.objectRef<FitBandRetention>('FitBandRetention').implement({
  description: 'Retention of the hires in one recruiting-fit band.',
  fields: (t) => ({
    band: t.exposeString('band', { description: 'high (fit > 80), middle (60–80) or low (< 60).' }),
    label: t.exposeString('label', { description: 'The band’s bounds, e.g. "fit > 80".' }),
    count: t.exposeInt('count', { description: 'Hires in the band whose outcome is known (the sample).' }),
    stayed: t.exposeInt('stayed', { description: 'Of them, still employed at the horizon.' }),
    retention: t.exposeFloat('retention', { description: 'stayed ÷ count, 0–1 (0 for an empty band).' }),
    interval: t.floatList({
      nullable: true,
      description: '95% Wilson interval of the retention, [low, high]; null for an empty band.',
      resolve: (b) => (b.interval ? [...b.interval] : null),
    }),
  }),
});

const RecruitingFitRef = builder.objectRef<RecruitingFit>('RecruitingFit').implement({
  description:
    'Retention by recruiting-fit band (the hiring assessment, 0–100): who was still employed `horizonMonths` after their hire date, among hires whose horizon has ended.',
  fields: (t) => ({
    horizonMonths: t.exposeInt('horizonMonths', {
      description: 'Months after the hire date a hire must still be employed.',
    }),
    asOf: t.exposeString('asOf', {
      description: 'The day the outcomes are read at (YYYY-MM-DD, the product’s clock).',
    }),
    hires: t.exposeInt('hires', { description: 'Hires counted (horizon ended by `asOf`).' }),
    tooRecent: t.exposeInt('tooRecent', {
      description: 'Hires left out because their horizon has not ended yet.',
    }),
    bands: t.field({
      type: [FitBandRef],
      description: 'High, middle and low band.',
      resolve: (r) => [...r.bands],
    }),
    highToLowRatio: t.exposeFloat('highToLowRatio', {
      nullable: true,
      description:
        'High band’s retention ÷ low band’s; null when either band is empty or the low band kept nobody.',
    }),
  }),
});

const BehaviourContrastRef = builder.objectRef<BehaviourContrast>('BehaviourContrast').implement({
  description: 'One behaviour compared between the top performers and the rest.',
  fields: (t) => ({
    behaviour: t.field({
      type: BehaviourEnum,
      description: 'The behaviour.',
      resolve: (b) => b.behaviour as (typeof BEHAVIOURS)[number],
    }),
    topMean: t.exposeFloat('topMean', {
      description: 'Mean among the top performers, in the behaviour’s unit.',
    }),
    restMean: t.exposeFloat('restMean', { description: 'Mean among the rest.' }),
    effectSize: t.exposeFloat('effectSize', {
      description: 'Standardised difference (Cohen’s d, pooled standard deviation); |d| ≥ 0.8 is large.',
    }),
    bar: t.exposeFloat('bar', {
      description: 'The bar that describes the top group: its lower quartile (e.g. weekly follow-ups ≥ 12).',
    }),
    shareOfTopAtBar: t.exposeFloat('shareOfTopAtBar', {
      description: 'Share of the top performers at the bar, 0–1.',
    }),
    shareOfRestAtBar: t.exposeFloat('shareOfRestAtBar', {
      description: 'Share of the rest at the bar, 0–1.',
    }),
  }),
});

const SuccessProfileRef = builder.objectRef<SuccessProfileResult>('SuccessProfile').implement({
  description:
    'What the top performers (the top share by mean monthly composite score over the months) do differently from the rest, behaviour by behaviour, largest difference first.',
  fields: (t) => ({
    from: t.string({ description: 'First month, YYYY-MM.', resolve: (p) => p.months.from }),
    to: t.string({ description: 'Last month, YYYY-MM.', resolve: (p) => p.months.to }),
    people: t.exposeInt('people', { description: 'People with a score in the months (the sample).' }),
    topShare: t.exposeFloat('topShare', { description: 'The share counted as top performers, e.g. 0.2.' }),
    topCount: t.exposeInt('topCount', { description: 'People in the top group.' }),
    restCount: t.exposeInt('restCount', { description: 'People in the rest.' }),
    cutoffScore: t.exposeFloat('cutoffScore', { description: 'The lowest mean score in the top group.' }),
    behaviours: t.field({
      type: [BehaviourContrastRef],
      description: 'Every behaviour, by absolute effect size, largest first.',
      resolve: (p) => [...p.behaviours],
    }),
  }),
});

const TeamBehaviourRef = builder.objectRef<TeamBehaviour>('TeamBehaviour').implement({
  description: 'A behaviour in which a team stands out from the company.',
  fields: (t) => ({
    behaviour: t.field({
      type: BehaviourEnum,
      description: 'The behaviour.',
      resolve: (b) => b.behaviour as (typeof BEHAVIOURS)[number],
    }),
    teamMean: t.exposeFloat('teamMean', { description: 'The team’s mean, in the behaviour’s unit.' }),
    companyMean: t.exposeFloat('companyMean', { description: 'The mean of everyone in the viewer’s scope.' }),
    z: t.exposeFloat('z', { description: '(team mean − company mean) ÷ the company’s standard deviation.' }),
    n: t.exposeInt('n', { description: 'Team members with a value of the behaviour.' }),
  }),
});

const TeamPracticeRef = builder.objectRef<TeamPractice>('TeamPractice').implement({
  description:
    'A team’s best practices (behaviours at least 0.5 standard deviations above the company) and common problems (0.5 below); nothing is claimed for a team of fewer than 3 people.',
  fields: (t) => ({
    teamId: t.exposeString('teamId', { description: 'The team (org unit id).' }),
    people: t.exposeInt('people', { description: 'Team members with a score in the months.' }),
    meanScore: t.exposeFloat('meanScore', { description: 'Their mean monthly composite score, 0–100.' }),
    enough: t.exposeBoolean('enough', { description: 'Whether the team has enough people to say anything.' }),
    bestPractices: t.field({
      type: [TeamBehaviourRef],
      description: 'Strongest first.',
      resolve: (p) => [...p.bestPractices],
    }),
    commonProblems: t.field({
      type: [TeamBehaviourRef],
      description: 'Weakest first.',
      resolve: (p) => [...p.commonProblems],
    }),
  }),
});

function months(arg: { from: string; to: string }) {
  return monthRangeArgument('months', arg);
}

builder.queryField('recruitingFit', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: RecruitingFitRef,
    description:
      'Retention by recruiting-fit band within the viewer’s scope (hires with fit > 80 against < 60), each band with its sample size and interval.',
    args: {
      horizonMonths: t.arg.int({
        defaultValue: 12,
        description: 'Months after hire that count as staying (1–60).',
      }),
    },
    resolve: async (_root, args, ctx) => {
      const horizon = intInRange(
        'horizonMonths',
        { en: 'months followed after hiring', zh: '入职后跟踪月数' },
        args.horizonMonths ?? 12,
        1,
        60,
      );
      return recruitingFit(ctx.db, dataScope(ctx.viewer), {
        asOf: clock().now().toISOString(),
        horizonMonths: horizon,
      });
    },
  }),
);

builder.queryField('successProfile', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: SuccessProfileRef,
    nullable: true,
    description:
      'What the top performers within the viewer’s scope do differently over the months; null with fewer than 10 people scored in them.',
    args: {
      months: t.arg({ type: MonthRangeInput, required: true }),
      topShare: t.arg.float({
        defaultValue: 0.2,
        description: 'The share counted as top performers (0–1, exclusive).',
      }),
    },
    resolve: async (_root, args, ctx) => {
      const share = args.topShare ?? 0.2;
      if (!(share > 0 && share < 1))
        throw badArgument(
          'topShare',
          { en: 'share counted as top performers', zh: '优秀者占比' },
          {
            en: `must be between 0 and 1 (exclusive), got ${share}`,
            zh: `须大于 0 且小于 1，收到 ${share}`,
          },
        );
      return successProfileOf(ctx.db, dataScope(ctx.viewer), months(args.months), share);
    },
  }),
);

builder.queryField('teamPractices', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: [TeamPracticeRef],
    description: 'Best practices and common problems of each team within the viewer’s scope over the months.',
    args: { months: t.arg({ type: MonthRangeInput, required: true }) },
    resolve: (_root, args, ctx) => teamPracticesOf(ctx.db, dataScope(ctx.viewer), months(args.months)),
  }),
);

// ---------------------------------------------------------------- interventions

const InterventionRef = builder.objectRef<InterventionRow>('Intervention').implement({
  description: 'An intervention on a person at risk of leaving (挽留措施).',
  fields: (t) => ({
    kind: t.exposeString('kind', {
      description: 'coaching, mentor_change, target_adjusted, career_talk or other.',
    }),
    note: t.exposeString('note', { description: 'What was done, as the person recording it wrote it.' }),
    recordedBy: t.exposeString('recorded_by', { description: 'Who recorded it (employee or user id).' }),
    at: t.exposeString('at', { description: 'When (business time, ISO 8601).' }),
    position: t.field({
      type: 'Position',
      description: 'Global position of the event.',
      resolve: (r) => BigInt(r.position),
    }),
  }),
});

builder.objectField(PersonRef, 'interventions', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: [InterventionRef],
    description:
      'Interventions recorded on the person, oldest first; like the risk factors, only for HR and managers (a rep sees their own).',
    authScopes: (person) => mayRead('riskFactors', person.employee_id),
    unauthorizedError: (person, _args, ctx) =>
      refusedWith(ctx, restrictedFieldRefusal('riskFactors', person.employee_id)),
    resolve: (person, _args, ctx) => interventionsOf(ctx.db, dataScope(ctx.viewer), person.employee_id),
  }),
);

const RetentionGroupRef = builder.objectRef<RetentionGroup>('RetentionGroup').implement({
  description: 'A group of flagged people: how many, how many stayed, and the share with its interval.',
  fields: (t) => ({
    people: t.exposeInt('people', { description: 'People in the group whose follow-up has ended.' }),
    stayed: t.exposeInt('stayed', { description: 'Of them, still employed at the end of the follow-up.' }),
    retention: t.exposeFloat('retention', { nullable: true, description: 'stayed ÷ people; null for none.' }),
    interval: t.floatList({
      nullable: true,
      description: '95% Wilson interval of the retention; null for none.',
      resolve: (g) => (g.interval ? [...g.interval] : null),
    }),
  }),
});

const InterventionOutcomeRef = builder.objectRef<InterventionOutcome>('InterventionOutcome').implement({
  description:
    'Do interventions keep people? A landmark comparison of the people the published retention model flagged (first flag from the kept flag history): those with an intervention within `graceDays` of the flag against those without one, both followed `followUpDays` from the flag; people who left within the grace window are in neither group. An effect when interventions were given at random among flagged people, otherwise an association.',
  fields: (t) => ({
    followUpDays: t.exposeInt('followUpDays', {
      description: 'Days after the first flag a person must still be employed to have stayed.',
    }),
    horizonDays: t.exposeInt('followUpDays', {
      description: 'The same as followUpDays (the name before the landmark design).',
      deprecationReason: 'Use followUpDays.',
    }),
    graceDays: t.exposeInt('graceDays', {
      description: 'Days after the first flag within which an intervention counts (the landmark).',
    }),
    asOf: t.exposeString('asOf', { description: 'The day the outcomes are read at (YYYY-MM-DD).' }),
    minimumPerGroup: t.exposeInt('minimumPerGroup', {
      description: 'Fewer people than this in either group and no difference is stated.',
    }),
    intervened: t.field({
      type: RetentionGroupRef,
      description: 'Flagged, with an intervention within the grace days of the flag.',
      resolve: (o) => o.intervened,
    }),
    notIntervened: t.field({
      type: RetentionGroupRef,
      description: 'Flagged, without an intervention within the grace days (still employed at their end).',
      resolve: (o) => o.notIntervened,
    }),
    difference: t.exposeFloat('difference', {
      nullable: true,
      description: 'Intervened retention − not intervened; null below the minimum per group.',
    }),
    differenceInterval: t.floatList({
      nullable: true,
      description:
        'Newcombe’s 95% interval (method 10, from the groups’ Wilson intervals) of the difference; null below the minimum per group.',
      resolve: (o) => (o.differenceInterval ? [...o.differenceInterval] : null),
    }),
    flaggedFrom: t.exposeString('flaggedFrom', {
      nullable: true,
      description: 'Earliest first flag (week start, YYYY-MM-DD) of the people compared; null for none.',
    }),
    flaggedTo: t.exposeString('flaggedTo', {
      nullable: true,
      description: 'Latest first flag (week start, YYYY-MM-DD) of the people compared; null for none.',
    }),
    leftBeforeGraceEnd: t.exposeInt('leftBeforeGraceEnd', {
      description: 'Flagged people who left within the grace days of their flag: in neither group.',
    }),
    intervenedBeforeFlag: t.exposeInt('intervenedBeforeFlag', {
      description: 'Flagged people first intervened on before their first flag: in neither group.',
    }),
    intervenedAfterGrace: t.exposeInt('intervenedAfterGrace', {
      description: 'Not-intervened people who had an intervention only after the grace days.',
    }),
    tooRecent: t.exposeInt('tooRecent', {
      description: 'Flagged people whose follow-up has not ended: left out.',
    }),
    unflaggedInterventions: t.exposeInt('unflaggedInterventions', {
      description: 'Interventions on people the model never flagged: not compared.',
    }),
  }),
});

builder.queryField('interventionOutcome', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: InterventionOutcomeRef,
    description:
      'Retention of flagged people with an intervention against those without one (landmark design), within the viewer’s scope, with sample sizes and intervals.',
    args: {
      horizonDays: t.arg.int({
        defaultValue: 90,
        description: 'Days after the first flag a person must still be employed to have stayed (7–730).',
      }),
      graceDays: t.arg.int({
        defaultValue: 14,
        description:
          'Days after the first flag within which an intervention counts (0–90, shorter than horizonDays).',
      }),
    },
    resolve: async (_root, args, ctx) => {
      const followUpDays = intInRange(
        'horizonDays',
        { en: 'days followed after the flag', zh: '预警后跟踪天数' },
        args.horizonDays ?? 90,
        7,
        730,
      );
      const graceDays = intInRange(
        'graceDays',
        { en: 'days allowed for an intervention after the flag', zh: '预警后干预的宽限天数' },
        args.graceDays ?? 14,
        0,
        Math.min(90, followUpDays - 1),
      );
      return interventionOutcome(ctx.db, dataScope(ctx.viewer), {
        asOf: clock().now().toISOString(),
        followUpDays,
        graceDays,
      });
    },
  }),
);
