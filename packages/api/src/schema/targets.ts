import {
  achievementWithPrior,
  DEFAULT_TARGET_POLICY,
  LEVEL_IDS,
  type LevelId,
  type PolicyRef,
  policyCoefficients,
  type SplitStrategy,
  splitTeamTarget,
  type TargetCoefficients,
  type TargetPolicy,
  targetBaseline,
  targetCommandSchemas,
  targetPolicyFor,
} from '@trackrecord/domain';
import {
  type AdjustmentRequestRow,
  adjustmentRequests,
  checkMonth,
  type Target,
  targetPlanInputs,
  teamSplitInputs,
  teamTargets,
} from '@trackrecord/projections';
import { refusedWith } from '../auth/scopes.ts';
import { dataScope } from '../auth/viewer.ts';
import { builder } from '../builder.ts';
import { type Context, isSignedIn } from '../context.ts';
import { type Bilingual, badArgument } from '../errors.ts';
import { monthArgument, oneOfArgument } from './arguments.ts';
import { LightEnum } from './enums.ts';
import { commandMutations } from './mutations.ts';
import { PolicyRefObject } from './shapes.ts';

commandMutations(targetCommandSchemas, {
  SetTarget: 'Set the sales target of a person or a team for a month, in fen, with its basis.',
  RequestTargetAdjustment: 'Ask to change a target mid-period, with the reason.',
  ApproveTargetAdjustment: 'Approve a target adjustment request with the approved amount.',
  RejectTargetAdjustment: 'Reject a target adjustment request, with the reason.',
  SplitTeamTarget: "Divide a team's target among its members; the shares must add up to the team amount.",
});

/**
 * Target planning from the targets, KPI-facts, scores and people read models: team lights, a
 * person's baseline and achievement probability, and a team target split three ways, under the
 * target policy in force for the person's (the team's) branch: the branch's variant
 * (`read.target_policy_variants`), else the latest published headquarters version
 * (`read.target_policy`, as the targets read model follows them), else the built-in demo policy
 * (`targets-demo` v1).
 */
export async function targetPolicyInForce(
  db: Context['db'],
  branchId: string | null = null,
): Promise<{ policy: TargetPolicy; branchId: string | null }> {
  const read = db.withSchema('read');
  const [headquarters, variant] = await Promise.all([
    read.selectFrom('target_policy').select('document').where('id', '=', 1).executeTakeFirst(),
    branchId === null
      ? undefined
      : read
          .selectFrom('target_policy_variants')
          .select('document')
          .where('branch_id', '=', branchId)
          .executeTakeFirst(),
  ]);
  return targetPolicyFor(
    (headquarters?.document as TargetPolicy | undefined) ?? DEFAULT_TARGET_POLICY,
    branchId !== null && variant ? { [branchId]: variant.document as TargetPolicy } : {},
    branchId,
  );
}

/** The branch of a person (`team: false`) or of a team's members (the latest hired), from read.people. */
async function branchOf(db: Context['db'], id: string, team: boolean): Promise<string | null> {
  const row = await db
    .withSchema('read')
    .selectFrom('people')
    .select('branch_id')
    .where(team ? 'team_id' : 'employee_id', '=', id)
    .orderBy('hired_at', 'desc')
    .executeTakeFirst();
  return row?.branch_id ?? null;
}

/** The target queries' arguments as a person knows them. */
const TARGET_ARGUMENTS = {
  period: { en: 'target month', zh: '目标月份' },
  amount: { en: 'amount', zh: '金额' },
  region: { en: 'region coefficient', zh: '地区系数' },
  productDifficulty: { en: 'product difficulty coefficient', zh: '产品难度系数' },
  market: { en: 'market coefficient', zh: '市场系数' },
} satisfies Record<string, Bilingual>;
const argumentLabel = (name: string, fallback: Bilingual): Bilingual =>
  (TARGET_ARGUMENTS as Record<string, Bilingual>)[name] ?? fallback;

function period(value: string, name = 'period'): string {
  try {
    checkMonth(value);
  } catch {
    monthArgument(name, argumentLabel(name, TARGET_ARGUMENTS.period), value);
  }
  return value;
}

function fen(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw badArgument(name, argumentLabel(name, TARGET_ARGUMENTS.amount), {
      en: `must be a positive whole number of fen (1 yuan = 100 fen), got ${value}`,
      zh: `须为正整数，单位为分（1 元 = 100 分），收到 ${value}`,
    });
  }
  return value;
}

type TeamTargetRow = Target & {
  members: Record<'green' | 'yellow' | 'red', number>;
  branchId: string | null;
};
const TeamTarget = builder.objectRef<TeamTargetRow>('TeamTarget').implement({
  description: "A team's target of a month with its own light and how many members show each light.",
  fields: (t) => ({
    teamId: t.exposeString('subject_id', { description: 'The team the target is set for.' }),
    name: t.string({
      nullable: true,
      description: 'Teams have no recorded name yet: null.',
      resolve: () => null,
    }),
    branchId: t.string({
      description: "The branch of the team's members (read.people).",
      resolve: (r) => r.branchId ?? '',
    }),
    period: t.exposeString('period', { description: 'The month of the target (YYYY-MM).' }),
    amount: t.field({
      type: 'Fen',
      description: 'The team target in force for the month, in fen, after approved adjustments.',
      resolve: (r) => Number(r.amount),
    }),
    achieved: t.field({
      type: 'Fen',
      description: 'Sales counted against the target in the month so far, in fen.',
      resolve: (r) => Number(r.achieved),
    }),
    stageTarget: t.field({
      type: 'Fen',
      description:
        'The part of the target due by the end of the last ended week (the target pro rata by days), in fen; 0 before the first week ends, the whole target once the month has ended.',
      resolve: (r) => Number(r.stage_target),
    }),
    attainment: t.exposeFloat('attainment', { description: 'achieved ÷ amount' }),
    light: t.expose('light', {
      type: LightEnum,
      description:
        'green: achieved ≥ 100% of the stage target (or no week ended yet); yellow: ≥ 85%; red: below 85%.',
    }),
    members: t.int({
      description: 'Members with a target that month.',
      resolve: (r) => r.members.green + r.members.yellow + r.members.red,
    }),
    red: t.int({
      description: 'Members whose own target that month shows red.',
      resolve: (r) => r.members.red,
    }),
    yellow: t.int({
      description: 'Members whose own target that month shows yellow.',
      resolve: (r) => r.members.yellow,
    }),
    green: t.int({
      description: 'Members whose own target that month shows green.',
      resolve: (r) => r.members.green,
    }),
  }),
});

builder.queryField('teamTargets', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: [TeamTarget],
    description:
      'Teams’ targets of a month (YYYY-MM) within the viewer’s scope (a branch manager: the teams of their branch; a team manager: their team; a rep: none), with member light counts.',
    args: { period: t.arg.string({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const scope = dataScope(ctx.viewer);
      const rows = await teamTargets(ctx.db, scope, period(args.period));
      if (rows.length === 0) return [];
      const branches = await ctx.db
        .withSchema('read')
        .selectFrom('people')
        .select(['team_id', 'branch_id'])
        .distinctOn('team_id')
        .where(
          'team_id',
          'in',
          rows.map((r) => r.subject_id),
        )
        .orderBy('team_id')
        .orderBy('hired_at', 'desc')
        .execute();
      const branchOf = new Map(
        branches.map((b: { team_id: string; branch_id: string }) => [b.team_id, b.branch_id]),
      );
      return rows.map((r) => ({ ...r, branchId: branchOf.get(r.subject_id) ?? null }));
    },
  }),
);

// ---------------------------------------------------------------- target plan

interface PlanBasis {
  policy: PolicyRef;
  /** The branch whose variant the policy is; null for the headquarters default. */
  policyBranchId: string | null;
  rank: { level: string; factor: number; source: string };
  growth: number;
  history: {
    source: string;
    months: readonly string[];
    monthlySales: readonly number[];
    from: string;
    base: number;
    sameMonths: readonly string[];
    sameMonthSales: readonly number[];
  };
  factor: number;
  formula: string;
  probability: {
    source: string;
    weeklySales: readonly number[];
    weeklyMean: number;
    weeklySd: number;
    achievedSoFar: number;
    achievedSource: string;
    weeks: number;
    weeksElapsed: number;
    weeksRemaining: number;
    clock: string | null;
  };
  currentTarget: number | null;
}
const TargetCoefficientsObject = builder.objectRef<TargetCoefficients>('TargetCoefficients').implement({
  description: 'The coefficients a baseline target is multiplied by (1 = neutral).',
  fields: (t) => ({
    region: t.exposeFloat('region', { description: 'Region coefficient.' }),
    productDifficulty: t.exposeFloat('productDifficulty', { description: 'Product difficulty coefficient.' }),
    market: t.exposeFloat('market', { description: 'Market coefficient.' }),
  }),
});
const BasisRank = builder.objectRef<PlanBasis['rank']>('TargetBasisRank').implement({
  description: 'The rank the baseline is scaled by.',
  fields: (t) => ({
    level: t.exposeString('level', { description: 'Ladder level of the person.' }),
    factor: t.exposeFloat('factor', { description: 'Rank factor of the target policy.' }),
    source: t.exposeString('source', { description: 'Where the level was read.' }),
  }),
});
const BasisHistory = builder.objectRef<PlanBasis['history']>('TargetBasisHistory').implement({
  description: 'The sales history the baseline starts from.',
  fields: (t) => ({
    source: t.exposeString('source', { description: 'Where the monthly sales were read.' }),
    months: t.stringList({
      description: 'The history months (YYYY-MM), oldest first.',
      resolve: (h) => [...h.months],
    }),
    monthlySales: t.field({
      type: ['Fen'],
      description: 'Sales of each history month, oldest first.',
      resolve: (h) => [...h.monthlySales],
    }),
    from: t.exposeString('from', {
      description:
        'The rule the baseline used: sameMonth (the mean of the same month of earlier years with sales: seasonality), history (the mean of the recent months) or rankDefault (no sales in either).',
    }),
    sameMonths: t.stringList({
      description:
        'The same calendar month of earlier years (up to 3, from the hire month on), oldest first.',
      resolve: (h) => [...h.sameMonths],
    }),
    sameMonthSales: t.field({
      type: ['Fen'],
      description: 'Sales of each of `sameMonths`, oldest first (fen).',
      resolve: (h) => [...h.sameMonthSales],
    }),
    base: t.float({ description: 'Monthly sales the baseline starts from (fen).', resolve: (h) => h.base }),
  }),
});
const BasisProbability = builder.objectRef<PlanBasis['probability']>('TargetBasisProbability').implement({
  description: 'What the probability of reaching the amount rests on.',
  fields: (t) => ({
    source: t.exposeString('source', { description: 'Where the weekly sales were read.' }),
    weeklySales: t.field({
      type: ['Fen'],
      description: 'Sales per week of each history month.',
      resolve: (p) => [...p.weeklySales],
    }),
    weeklyMean: t.exposeFloat('weeklyMean', { description: 'Mean weekly sales assumed (fen).' }),
    weeklySd: t.exposeFloat('weeklySd', { description: 'Standard deviation of weekly sales (fen).' }),
    achievedSoFar: t.field({
      type: 'Fen',
      description: 'Sold in the period so far.',
      resolve: (p) => p.achievedSoFar,
    }),
    achievedSource: t.exposeString('achievedSource', { description: 'Where the achieved amount was read.' }),
    weeks: t.exposeInt('weeks', { description: 'Weeks of the period.' }),
    weeksElapsed: t.exposeInt('weeksElapsed', { description: 'Weeks of the period ended.' }),
    weeksRemaining: t.exposeInt('weeksRemaining', { description: 'Weeks of the period still to come.' }),
    clock: t.exposeString('clock', {
      nullable: true,
      description: 'The business clock the weeks are counted at.',
    }),
  }),
});
const TargetBasis = builder.objectRef<PlanBasis>('TargetBasis').implement({
  description:
    'Where every number of a target plan comes from: policy, rank, growth, history, the formula and the probability’s inputs.',
  fields: (t) => ({
    policy: t.field({ type: PolicyRefObject, description: 'The target policy.', resolve: (b) => b.policy }),
    policyBranchId: t.exposeString('policyBranchId', {
      nullable: true,
      description:
        "The branch whose variant of the target policy applied (the person's branch); null for the headquarters default.",
    }),
    rank: t.field({ type: BasisRank, description: 'The rank factor.', resolve: (b) => b.rank }),
    growth: t.exposeFloat('growth', { description: 'Growth the policy asks for (0.1 = +10%).' }),
    history: t.field({
      type: BasisHistory,
      description: 'The history the baseline starts from.',
      resolve: (b) => b.history,
    }),
    factor: t.exposeFloat('factor', { description: '(1 + growth) × rank × region × product × market.' }),
    formula: t.exposeString('formula', { description: 'The baseline computation with its numbers.' }),
    probability: t.field({
      type: BasisProbability,
      description: 'The probability’s inputs.',
      resolve: (b) => b.probability,
    }),
    currentTarget: t.field({
      type: 'Fen',
      nullable: true,
      description: 'The target set for the period, if any.',
      resolve: (b) => b.currentTarget,
    }),
  }),
});

interface Plan {
  employeeId: string;
  period: string;
  baseline: number;
  coefficients: TargetCoefficients;
  basis: PlanBasis;
  amount: number;
  probability: number;
  explanation: string;
  estimate: {
    method: string;
    ownWeeks: number;
    priorPeers: number;
    priorWeight: number;
    weeklyMean: number;
  };
  outcome: { amount: number; achieved: number; attainment: number; reached: boolean } | null;
  curve: { amount: number; probability: number }[];
  peers: {
    employeeId: string;
    name: string;
    nameEn: string | null;
    level: string;
    amount: number | null;
    achieved: number | null;
  }[];
}

const ProbabilityPoint = builder
  .objectRef<{ amount: number; probability: number }>('ProbabilityPoint')
  .implement({
    description: 'One point of the probability curve: a target amount and the probability of reaching it.',
    fields: (t) => ({
      amount: t.field({
        type: 'Fen',
        description: 'A target amount for the month, in fen.',
        resolve: (p) => p.amount,
      }),
      probability: t.exposeFloat('probability', {
        description: 'The probability (0–1) of selling at least `amount` by the end of the month.',
      }),
    }),
  });
const PeerTarget = builder.objectRef<Plan['peers'][number]>('PeerTarget').implement({
  description: 'A person of the same rank and region and their target of the period (null: none set).',
  fields: (t) => ({
    employeeId: t.exposeString('employeeId', { description: 'The peer’s employee id.' }),
    name: t.exposeString('name', { description: 'The peer’s name of record.' }),
    nameEn: t.string({
      nullable: true,
      description: 'The peer’s romanised name.',
      resolve: (p) => p.nameEn,
    }),
    level: t.exposeString('level', { description: 'The peer’s ladder level id (the same rank).' }),
    amount: t.field({
      type: 'Fen',
      nullable: true,
      description: 'The peer’s target in force for the month, in fen; null when none was set.',
      resolve: (p) => p.amount,
    }),
    achieved: t.field({
      type: 'Fen',
      nullable: true,
      description: 'What the peer sold against that target so far, in fen; null when no target was set.',
      resolve: (p) => p.achieved,
    }),
  }),
});
const PlanEstimate = builder.objectRef<Plan['estimate']>('TargetPlanEstimate').implement({
  description:
    'How the probability was estimated: own weekly sales, blended with a prior from peers, or peers alone.',
  fields: (t) => ({
    method: t.exposeString('method', {
      description:
        'own (the person’s own weekly sales), blended (own history of fewer than 13 weeks blended with peers of the same rank and region), peers (no own history: peers alone) or none (neither)',
    }),
    ownWeeks: t.exposeInt('ownWeeks', { description: 'Weeks of the person’s own history.' }),
    priorPeers: t.exposeInt('priorPeers', {
      description: 'Peers of the same rank and region the prior comes from.',
    }),
    priorWeight: t.exposeInt('priorWeight', {
      description: 'Weight of the prior, in weeks (13 − own weeks).',
    }),
    weeklyMean: t.field({
      type: 'Fen',
      description: 'The weekly sales the probability assumes.',
      resolve: (e) => Math.round(e.weeklyMean),
    }),
  }),
});
const PlanOutcome = builder.objectRef<NonNullable<Plan['outcome']>>('TargetOutcome').implement({
  description: 'What happened in a completed month: the target against what was sold.',
  fields: (t) => ({
    amount: t.field({
      type: 'Fen',
      description:
        'The amount evaluated, in fen: the `amount` argument, else the target that was set, else the baseline.',
      resolve: (o) => o.amount,
    }),
    achieved: t.field({
      type: 'Fen',
      description: 'What was sold in the month, in fen.',
      resolve: (o) => o.achieved,
    }),
    attainment: t.exposeFloat('attainment', { description: 'achieved ÷ amount' }),
    reached: t.exposeBoolean('reached', { description: 'achieved ≥ amount.' }),
  }),
});
const TargetPlan = builder.objectRef<Plan>('TargetPlan').implement({
  description:
    "A person's baseline target for a month, the probability of reaching an amount and how it varies, and what peers were set.",
  fields: (t) => ({
    employeeId: t.exposeString('employeeId', { description: 'The person the plan is for.' }),
    period: t.exposeString('period', { description: 'The month planned (YYYY-MM).' }),
    baseline: t.field({
      type: 'Fen',
      description: 'targetBaseline of the domain (rounded to ¥100).',
      resolve: (p) => p.baseline,
    }),
    coefficients: t.field({
      type: TargetCoefficientsObject,
      description: 'region, productDifficulty, market (1 = neutral).',
      resolve: (p) => p.coefficients,
    }),
    basis: t.field({
      type: TargetBasis,
      description:
        'Where every number comes from: history months and sales, rank, policy, factors, the weekly history of the probability.',
      resolve: (p) => p.basis,
    }),
    amount: t.field({
      type: 'Fen',
      description: 'The amount evaluated: the argument, else the baseline.',
      resolve: (p) => p.amount,
    }),
    probability: t.exposeFloat('probability', {
      description:
        'Of reaching `amount` by the end of the period; for a completed period 1 or 0 as it happened (see `outcome`).',
    }),
    explanation: t.exposeString('explanation', {
      description:
        'The probability computation with its numbers, in words; for an ended month what was sold of the amount.',
    }),
    estimate: t.field({
      type: PlanEstimate,
      description: 'How the probability was estimated.',
      resolve: (p) => p.estimate,
    }),
    outcome: t.field({
      type: PlanOutcome,
      nullable: true,
      description:
        'For a period that has ended (before the current business month): the actual outcome; null while it runs.',
      resolve: (p) => p.outcome,
    }),
    curve: t.field({
      type: [ProbabilityPoint],
      description: 'Probability at 60%, 70%, … 160% of the baseline.',
      resolve: (p) => p.curve,
    }),
    peers: t.field({
      type: [PeerTarget],
      description:
        'Other active people of the same rank and region within the viewer’s scope, with their targets of the month.',
      resolve: (p) => p.peers,
    }),
  }),
});

const coefficient = (value: number | null | undefined, name: string): number => {
  const v = value ?? 1;
  if (!Number.isFinite(v) || v <= 0 || v > 5)
    throw badArgument(name, argumentLabel(name, { en: 'coefficient', zh: '系数' }), {
      en: `must be above 0 and at most 5, got ${v}`,
      zh: `须大于 0 且不超过 5，收到 ${v}`,
    });
  return v;
};

builder.queryField('targetPlan', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: TargetPlan,
    nullable: true,
    description:
      "A person's target plan for a month (YYYY-MM): the baseline from their sales history, rank and coefficients; the probability of reaching `amount` (default: the baseline) from their weekly sales; the curve 60%–160% of the baseline; peers of the same rank and region. Null when the person is unknown or out of scope.",
    args: {
      employeeId: t.arg.string({ required: true }),
      period: t.arg.string({ required: true }),
      amount: t.arg({ type: 'Fen' }),
      region: t.arg.float({
        description: 'Region coefficient (default: the target policy’s for the person’s region, else 1).',
      }),
      productDifficulty: t.arg.float({
        description: 'Product difficulty coefficient (default: the target policy’s).',
      }),
      market: t.arg.float({
        description: 'Market coefficient (default: the target policy’s for the person’s branch, else 1).',
      }),
    },
    resolve: async (_root, args, ctx): Promise<Plan | null> => {
      const scope = dataScope(ctx.viewer);
      const month = period(args.period);
      if (args.amount != null) fen(args.amount, 'amount');
      const coefficients: Partial<TargetCoefficients> = {
        ...(args.region != null ? { region: coefficient(args.region, 'region') } : {}),
        ...(args.productDifficulty != null
          ? { productDifficulty: coefficient(args.productDifficulty, 'productDifficulty') }
          : {}),
        ...(args.market != null ? { market: coefficient(args.market, 'market') } : {}),
      };
      return planFor(ctx, scope, args.employeeId, month, args.amount ?? null, coefficients);
    },
  }),
);

/** A person's plan of a month (see `targetPlan`); null when the person is unknown or out of scope. */
async function planFor(
  ctx: Context,
  scope: ReturnType<typeof dataScope>,
  employeeId: string,
  month: string,
  wanted: number | null,
  given: Partial<TargetCoefficients>,
): Promise<Plan | null> {
  const args = { employeeId, amount: wanted };
  const { policy, branchId: policyBranchId } = await targetPolicyInForce(
    ctx.db,
    await branchOf(ctx.db, employeeId, false),
  );
  const inputs = await targetPlanInputs(ctx.db, scope, args.employeeId, month, policy.historyMonths);
  if (!inputs) return null;
  // Unless the manager gives them, the coefficients are the policy's for the person's region and branch.
  const coefficients: TargetCoefficients = {
    ...policyCoefficients(policy, { regionId: inputs.person.region_id, branchId: inputs.person.branch_id }),
    ...given,
  };
  const rank = inputs.person.level as LevelId;
  if (!LEVEL_IDS.includes(rank))
    throw badArgument(
      'employeeId',
      { en: 'person', zh: '员工' },
      {
        en: `${args.employeeId} has an unknown rank ${rank}`,
        zh: `${args.employeeId} 的职级 ${rank} 未知`,
      },
    );
  const baseline = targetBaseline({
    monthlySales: inputs.monthlySales,
    sameMonthSales: inputs.sameMonthSales,
    rank,
    coefficients,
    policy,
  });
  const weeksRemaining = Math.max(0, inputs.weeks - inputs.weeksElapsed);
  // A period before the current business month has ended: its outcome, not a forecast.
  const ended = inputs.now !== null && inputs.now.slice(0, 7) > month;
  const probabilityOf = (target: number) =>
    achievementWithPrior({
      weeklySales: inputs.weeklySales,
      peerWeeklySales: inputs.peerWeeklySales,
      peers: inputs.priorPeers,
      target,
      achievedSoFar: inputs.achieved,
      weeksRemaining: ended ? 0 : weeksRemaining,
    });
  const amount = args.amount ?? (inputs.target && ended ? Number(inputs.target.amount) : baseline.target);
  const p = probabilityOf(amount);
  const curve = ended
    ? []
    : Array.from({ length: 11 }, (_, i) => {
        const at = Math.round((baseline.target * (60 + 10 * i)) / 100);
        return { amount: at, probability: probabilityOf(at).probability };
      });
  const outcome = ended
    ? {
        amount,
        achieved: inputs.achieved,
        attainment: amount > 0 ? inputs.achieved / amount : 0,
        reached: inputs.achieved >= amount,
      }
    : null;
  return {
    employeeId: inputs.person.employee_id,
    period: month,
    baseline: baseline.target,
    coefficients,
    basis: {
      policy: baseline.policy,
      policyBranchId,
      rank: { level: rank, factor: policy.rankFactors[rank], source: 'read.people.level' },
      growth: policy.growth,
      history: {
        source: 'read.kpi_facts.sales_amount',
        months: inputs.historyMonths,
        monthlySales: inputs.monthlySales,
        from: baseline.basis,
        base: baseline.base,
        sameMonths: inputs.sameMonths,
        sameMonthSales: inputs.sameMonthSales,
      },
      factor: baseline.factor,
      formula: baseline.formula,
      probability: {
        source: 'read.target_weekly (sales per week of each history month, weeks of days 1–7, 8–14, … 29–31)',
        weeklySales: inputs.weeklySales,
        weeklyMean: p.weeklyMean,
        weeklySd: p.weeklySd,
        achievedSoFar: inputs.achieved,
        achievedSource: inputs.target ? 'read.targets.achieved' : 'read.target_weekly of the period',
        weeks: inputs.weeks,
        weeksElapsed: inputs.weeksElapsed,
        weeksRemaining,
        clock: inputs.now,
      },
      currentTarget: inputs.target ? Number(inputs.target.amount) : null,
    },
    amount,
    probability: p.probability,
    explanation: ended
      ? `${month} has ended: ¥${(inputs.achieved / 100).toFixed(2)} sold of ¥${(amount / 100).toFixed(2)}`
      : p.formula,
    estimate: {
      method: p.method,
      ownWeeks: p.ownWeeks,
      priorPeers: p.peers,
      priorWeight: p.priorWeight,
      weeklyMean: p.weeklyMean,
    },
    outcome,
    curve,
    peers: inputs.peers.map(({ person, target }) => ({
      employeeId: person.employee_id,
      name: person.name,
      nameEn: person.name_en,
      level: person.level,
      amount: target ? Number(target.amount) : null,
      achieved: target ? Number(target.achieved) : null,
    })),
  };
}

// ---------------------------------------------------------------- adjustment requests

interface AdjustmentReview {
  recommendation: number;
  rule: string;
  probabilityCurrent: number | null;
  probabilityRequested: number;
  method: string;
  weeksRemaining: number;
}
type AdjustmentRow = AdjustmentRequestRow & { review: AdjustmentReview | null };

const AdjustmentReviewObject = builder.objectRef<AdjustmentReview>('TargetAdjustmentReview').implement({
  description:
    'What an open request is judged on, recomputed now: the recommended target of the month and the probability of reaching the target in force and the requested figure.',
  fields: (t) => ({
    recommendation: t.field({
      type: 'Fen',
      description: 'The baseline target of the month (targetPlan.baseline), in fen.',
      resolve: (r) => r.recommendation,
    }),
    rule: t.exposeString('rule', {
      description:
        'The rule the baseline used: sameMonth, history or rankDefault (see TargetBasisHistory.from).',
    }),
    probabilityCurrent: t.exposeFloat('probabilityCurrent', {
      nullable: true,
      description: 'Probability (0–1) of reaching the target in force by the end of the month.',
    }),
    probabilityRequested: t.exposeFloat('probabilityRequested', {
      description: 'Probability (0–1) of reaching the requested figure by the end of the month.',
    }),
    method: t.exposeString('method', {
      description: 'How the probability was estimated (TargetPlanEstimate.method).',
    }),
    weeksRemaining: t.exposeInt('weeksRemaining', { description: 'Weeks of the month still to come.' }),
  }),
});

const TargetAdjustmentObject = builder.objectRef<AdjustmentRow>('TargetAdjustmentRequest').implement({
  description: 'A mid-period request to change a person’s target, and its outcome.',
  fields: (t) => ({
    requestId: t.exposeString('request_id', { description: 'The request’s id.' }),
    employeeId: t.exposeString('subject_id', { description: 'The person whose target it is.' }),
    name: t.exposeString('name', { description: 'The person’s name of record.' }),
    nameEn: t.exposeString('name_en', { nullable: true, description: 'The person’s romanised name.' }),
    teamId: t.exposeString('team_id', { description: 'The person’s team.' }),
    period: t.exposeString('period', { description: 'The month of the target (YYYY-MM).' }),
    currentAmount: t.field({
      type: 'Fen',
      nullable: true,
      description: 'The target in force of that month, in fen.',
      resolve: (r) => (r.current_amount === null ? null : Number(r.current_amount)),
    }),
    requestedAmount: t.field({
      type: 'Fen',
      description: 'The figure asked for, in fen.',
      resolve: (r) => Number(r.requested_amount),
    }),
    reason: t.exposeString('reason', { description: 'Why the change is asked for.' }),
    state: t.exposeString('state', { description: 'requested (awaiting a decision), approved or rejected.' }),
    decidedAmount: t.field({
      type: 'Fen',
      nullable: true,
      description: 'The approved amount, in fen.',
      resolve: (r) => (r.decided_amount === null ? null : Number(r.decided_amount)),
    }),
    decidedBy: t.exposeString('decided_by', { nullable: true, description: 'Who approved or rejected it.' }),
    decisionReason: t.string({
      nullable: true,
      description: 'Why it was approved or rejected, as the manager said (an approval may carry none).',
      resolve: (r) => (r.state === 'approved' ? r.approval_reason : r.rejection_reason),
    }),
    requestedAt: t.exposeString('requested_at', { description: 'When it was asked for (ISO).' }),
    decidedAt: t.exposeString('decided_at', { nullable: true, description: 'When it was decided (ISO).' }),
    review: t.field({
      type: AdjustmentReviewObject,
      nullable: true,
      description:
        'For an open request: the recommendation and probabilities recomputed now; null once decided.',
      resolve: (r) => r.review,
    }),
  }),
});

builder.queryField('targetAdjustmentRequests', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: [TargetAdjustmentObject],
    description:
      'Target adjustment requests of people within the viewer’s scope (a rep: their own), open ones first, then the latest decided (at most 100); open ones with the recommendation and probabilities recomputed.',
    args: {
      state: t.arg.string({ description: 'requested, approved or rejected; all when absent.' }),
      period: t.arg.string({ description: 'Only this month (YYYY-MM).' }),
    },
    resolve: async (_root, args, ctx): Promise<AdjustmentRow[]> => {
      const state = oneOfArgument('state', { en: 'request state', zh: '申请状态' }, args.state ?? undefined, [
        'requested',
        'approved',
        'rejected',
      ] as const);
      const scope = dataScope(ctx.viewer);
      const rows = await adjustmentRequests(ctx.db, scope, {
        state: state as 'requested' | 'approved' | 'rejected' | undefined,
        period: args.period ? period(args.period) : undefined,
      });
      return Promise.all(
        rows.map(async (r): Promise<AdjustmentRow> => {
          if (r.state !== 'requested') return { ...r, review: null };
          const requested = Number(r.requested_amount);
          const plan = await planFor(ctx, scope, r.subject_id, r.period, requested, {});
          if (!plan) return { ...r, review: null };
          const current = r.current_amount === null ? null : Number(r.current_amount);
          const atCurrent =
            current === null ? null : await planFor(ctx, scope, r.subject_id, r.period, current, {});
          return {
            ...r,
            review: {
              recommendation: plan.baseline,
              rule: plan.basis.history.from,
              probabilityCurrent: atCurrent?.probability ?? null,
              probabilityRequested: plan.probability,
              method: plan.estimate.method,
              weeksRemaining: plan.basis.probability.weeksRemaining,
            },
          };
        }),
      );
    },
  }),
);

// ---------------------------------------------------------------- team split

interface SplitPlan {
  strategy: SplitStrategy;
  total: number;
  sumsUp: boolean;
  shares: {
    employeeId: string;
    name: string;
    amount: number;
    weight: number;
    percent: number;
    scored: boolean;
    extreme: boolean;
    side: string | null;
  }[];
  flags: string[];
  formula: string;
  basis: string;
  extremeAbove: number;
  extremeBelow: number;
}
const TeamSplitShare = builder.objectRef<SplitPlan['shares'][number]>('TeamSplitShare').implement({
  description: 'One active member’s share of a team target under one strategy.',
  fields: (t) => ({
    employeeId: t.exposeString('employeeId', { description: 'The member’s employee id.' }),
    name: t.exposeString('name', { description: 'The member’s name of record.' }),
    amount: t.field({ type: 'Fen', description: 'The member’s share, in fen.', resolve: (s) => s.amount }),
    weight: t.exposeFloat('weight', {
      description:
        'The weight the strategy used: 1 (equal), trailing sales in fen (ability), score 0–100 (potential). Not a percentage: the share is `percent`.',
    }),
    percent: t.exposeFloat('percent', {
      description:
        'The share of the team amount in percent, one decimal; the shares of a plan sum to exactly 100.0.',
    }),
    scored: t.exposeBoolean('scored', {
      description: 'false when the member was never scored (potential weighs them as 50).',
    }),
    extreme: t.exposeBoolean('extreme', {
      description: 'Above 2× or below 0.5× the equal share (target policy).',
    }),
    side: t.exposeString('side', { nullable: true, description: 'high or low when extreme.' }),
  }),
});
const TeamSplitPlan = builder.objectRef<SplitPlan>('TeamSplitPlan').implement({
  description: 'A team target divided by one strategy, exactly in fen (largest remainder).',
  fields: (t) => ({
    strategy: t.exposeString('strategy', { description: 'equal, ability or potential' }),
    total: t.field({ type: 'Fen', description: 'The team amount split, in fen.', resolve: (s) => s.total }),
    sumsUp: t.exposeBoolean('sumsUp', { description: 'The shares add up exactly to the total.' }),
    shares: t.field({
      type: [TeamSplitShare],
      description:
        'One share per active member; empty when the strategy cannot split the target (see `flags`).',
      resolve: (s) => s.shares,
    }),
    flags: t.exposeStringList('flags', {
      description: 'Extreme shares and strategies that cannot apply, in words.',
    }),
    formula: t.exposeString('formula', {
      description: 'How the shares were computed, in words; empty when the strategy cannot split the target.',
    }),
    basis: t.exposeString('basis', { description: 'Where the weights come from.' }),
    extremeAbove: t.float({
      description:
        'A share above this many times the equal share is flagged as extreme (target policy extremeShare.above).',
      resolve: (s) => s.extremeAbove,
    }),
    extremeBelow: t.float({
      description:
        'A share below this many times the equal share is flagged as extreme (target policy extremeShare.below).',
      resolve: (s) => s.extremeBelow,
    }),
  }),
});

/** The refusal of a team split for a team outside the viewer's scope (a rep's covers no team). */
const noTeamSplit = (ctx: Context, teamId: string): Error =>
  refusedWith(
    ctx,
    isSignedIn(ctx) && ctx.viewer.role === 'sales_rep'
      ? {
          en: 'teamId: a sales rep sees no team split, only their own target',
          zh: '团队编号：销售代表看不到团队目标分配，只能看到自己的目标',
        }
      : {
          en: `teamId: team ${teamId} has no active members within what you may see`,
          zh: `团队编号：团队 ${teamId} 在你的可见范围内没有在职成员`,
        },
  );

// The field's scopes, from its required `teamId` (`withAuth` types a field's arguments loosely).
const teamOfArgs = (_root: unknown, args: Record<string, unknown>) => ({ team: String(args.teamId) });

builder.queryField('teamSplit', (t) =>
  t.withAuth(teamOfArgs).field({
    type: [TeamSplitPlan],
    description:
      "A team's target for a month split among its active members three ways, side by side: equal, by ability (trailing sales) and by potential (latest composite score). Within the viewer's scope.",
    args: {
      teamId: t.arg.string({ required: true }),
      period: t.arg.string({ required: true }),
      amount: t.arg({ type: 'Fen', required: true }),
    },
    unauthorizedError: (_root, args, ctx) => noTeamSplit(ctx, args.teamId),
    resolve: async (_root, args, ctx) => {
      const month = period(args.period);
      const total = fen(args.amount, 'amount');
      const { policy } = await targetPolicyInForce(ctx.db, await branchOf(ctx.db, args.teamId, true));
      const inputs = await teamSplitInputs(
        ctx.db,
        dataScope(ctx.viewer),
        args.teamId,
        month,
        policy.historyMonths,
      );
      if (inputs.members.length === 0) throw noTeamSplit(ctx, args.teamId);
      const months = `${inputs.historyMonths[0]}..${inputs.historyMonths.at(-1)}`;
      const unscored = inputs.members.filter((m) => m.score === null).map((m) => m.person.employee_id);
      const members = inputs.members.map((m) => ({
        personId: m.person.employee_id,
        ability: m.trailingSales,
        // Never scored: a neutral 50 (said in the flags), so a new member still gets a share.
        potential: m.score ?? 50,
      }));
      const bases: Record<SplitStrategy, string> = {
        equal: 'one share each of the active members (read.people)',
        ability: `Σ read.kpi_facts.sales_amount over ${months}`,
        potential: 'latest composite score before the period (read.scores), 50 when never scored',
      };
      return (['equal', 'ability', 'potential'] as const).map((strategy): SplitPlan => {
        const flags: string[] = [];
        if (strategy === 'potential' && unscored.length > 0) {
          flags.push(`never scored, weighted as 50: ${unscored.join(', ')}`);
        }
        const weights = members.map((m) => (strategy === 'equal' ? 1 : m[strategy]));
        if (weights.reduce((a, b) => a + b, 0) <= 0) {
          flags.push(
            `no member has a positive ${strategy} weight (${bases[strategy]}): this strategy cannot split the target`,
          );
          return {
            strategy,
            total,
            sumsUp: false,
            shares: [],
            flags,
            formula: '',
            basis: bases[strategy],
            extremeAbove: policy.extremeShare.above,
            extremeBelow: policy.extremeShare.below,
          };
        }
        const split = splitTeamTarget(total, members, strategy, policy);
        const equal = total / members.length;
        const shares = split.shares.map((s, i) => {
          const m = inputs.members[i] as (typeof inputs.members)[number];
          if (s.extreme) {
            flags.push(
              `${m.person.employee_id} (${m.person.name}): ${(s.amount / equal).toFixed(2)}× the equal share, ${s.extreme === 'high' ? `above ${policy.extremeShare.above}×` : `below ${policy.extremeShare.below}×`}`,
            );
          }
          return {
            employeeId: s.personId,
            name: m.person.name,
            amount: s.amount,
            weight: weights[i] as number,
            percent: s.percent,
            scored: m.score !== null,
            extreme: s.extreme !== null,
            side: s.extreme,
          };
        });
        const sum = shares.reduce((a, s) => a + s.amount, 0);
        return {
          strategy,
          total,
          sumsUp: sum === total,
          shares,
          flags,
          formula: split.formula,
          basis: bases[strategy],
          extremeAbove: policy.extremeShare.above,
          extremeBelow: policy.extremeShare.below,
        };
      });
    },
  }),
);
