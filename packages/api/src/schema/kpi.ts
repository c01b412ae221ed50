import {
  type CommissionAdjustment,
  type CommissionSummary,
  checkMonth,
  checkMonthRange,
  commissionLedger,
  type KpiFacts,
  type KpiGroup,
  type KpiTotals,
  kpiTotals,
  type SalesGroup,
  type SalesTotals,
  salesTotals,
} from '@trackrecord/projections';
import { mayRead, refusedWith } from '../auth/scopes.ts';
import { dataScope } from '../auth/viewer.ts';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { restrictedFieldRefusal } from '../i18n/refusals.ts';
import { pageSize } from './arguments.ts';
import { PersonRef } from './people.ts';

// KPI and sales analytics from the KPI-facts and commission read models: totals grouped by
// branch, team, person, month, product line, customer type or channel over a range of months,
// leaderboards, and per person (batched: one query per field per request, whatever the number
// of people). Every query is cut to the viewer's scope where it is loaded. Amounts are fen.

export const MonthRangeInput = builder.inputType('MonthRange', {
  description: 'Calendar months, both ends included (YYYY-MM).',
  fields: (t) => ({
    from: t.string({ required: true, description: 'First month, `YYYY-MM`.' }),
    to: t.string({ required: true, description: 'Last month, `YYYY-MM`, not before `from`.' }),
  }),
});

const KpiGroupEnum = builder.enumType('KpiGroup', {
  description:
    'A dimension KPI totals can be grouped by. Branch and team are each person’s current ones (from the people read model), not those at the time of the facts.',
  values: {
    BRANCH: { value: 'branch' },
    TEAM: { value: 'team' },
    PERSON: { value: 'person' },
    MONTH: { value: 'month' },
    WEEK: {
      value: 'week',
      description:
        'Weeks (Monday to Sunday, UTC, named by their Monday) whose Monday lies in the months; not with MONTH.',
    },
  } as const,
});
const SalesGroupEnum = builder.enumType('SalesGroup', {
  description:
    'A dimension sales totals can be grouped by. Branch and team are each seller’s current ones; product line, customer type and channel are the sale’s own.',
  values: {
    BRANCH: { value: 'branch' },
    TEAM: { value: 'team' },
    PERSON: { value: 'person' },
    MONTH: { value: 'month' },
    PRODUCT_LINE: { value: 'product_line' },
    CUSTOMER_TYPE: { value: 'customer_type' },
    CHANNEL: { value: 'channel' },
  } as const,
});

type Group = Readonly<Partial<Record<SalesGroup | KpiGroup, string | null>>>;
const GroupKey = builder.objectRef<Group>('GroupKey').implement({
  description: 'The values of the dimensions a row is grouped by (null for dimensions not asked for).',
  fields: (t) => ({
    branchId: t.string({
      nullable: true,
      description:
        'The branch (the person’s current one) when grouped by BRANCH; null otherwise, or when the person is unknown to the people read model.',
      resolve: (g) => g.branch ?? null,
    }),
    teamId: t.string({
      nullable: true,
      description:
        'The team (the person’s current one) when grouped by TEAM; null otherwise, or when the person is unknown to the people read model.',
      resolve: (g) => g.team ?? null,
    }),
    employeeId: t.string({
      nullable: true,
      description: 'The employee id when grouped by PERSON; null otherwise.',
      resolve: (g) => g.person ?? null,
    }),
    month: t.string({
      nullable: true,
      description: 'The month (`YYYY-MM`) when grouped by MONTH; null otherwise.',
      resolve: (g) => g.month ?? null,
    }),
    week: t.string({
      nullable: true,
      description: 'Monday of the week (YYYY-MM-DD, UTC).',
      resolve: (g) => g.week ?? null,
    }),
    productLine: t.string({
      nullable: true,
      description: 'The sale’s product line id when grouped by PRODUCT_LINE; null otherwise.',
      resolve: (g) => g.product_line ?? null,
    }),
    customerType: t.string({
      nullable: true,
      description: 'key_account, smb or individual when grouped by CUSTOMER_TYPE; null otherwise.',
      resolve: (g) => g.customer_type ?? null,
    }),
    channel: t.string({
      nullable: true,
      description:
        'direct (sold by our rep) or channel_partner (渠道, through a reseller) when grouped by CHANNEL; null otherwise.',
      resolve: (g) => g.channel ?? null,
    }),
  }),
});

const KpiTotalsRef = builder.objectRef<KpiTotals>('KpiTotals').implement({
  description:
    'KPI facts summed over a group and a range of months (by WEEK: the weeks whose Monday lies in them). Each fact counts in the period of its business time: a sale in that of its closing, an activity in that of its date.',
  fields: (t) => ({
    group: t.field({
      type: GroupKey,
      description: 'The dimensions this row is for.',
      resolve: (r) => r.group,
    }),
    people: t.exposeInt('people', {
      description: 'People with any KPI facts in the group over the period.',
    }),
    salesAmount: t.field({
      type: 'Fen',
      description: 'Sales closed in the period, less those reversed, at their last corrected amounts (fen).',
      resolve: (r) => r.salesAmount,
    }),
    deals: t.exposeInt('deals', { description: 'Sales closed in the period, less those reversed.' }),
    grossMargin: t.field({
      type: 'Fen',
      description:
        'Gross margin amount in fen: each sale’s amount × its gross margin fraction, rounded to the fen, summed.',
      resolve: (r) => r.grossMargin,
    }),
    collected: t.field({
      type: 'Fen',
      description:
        'Payments collected (回款) in fen against the sales of each month (by WEEK: of each week), less refunds of them, dated on or before its end, at most each sale’s amount; reversed sales count no more, a refund dated later changes nothing.',
      resolve: (r) => r.collected,
    }),
    collectionRate: t.float({
      nullable: true,
      description: 'Collected ÷ sales (回款率); null without sales.',
      resolve: (r) => r.collectionRate,
    }),
    followUps: t.exposeInt('followUps', {
      description: 'Customer follow-ups (跟进) logged: calls, visits or messages recorded in the CRM.',
    }),
    demos: t.exposeInt('demos', { description: 'Product demonstrations given to customers.' }),
    opportunities: t.exposeInt('opportunities', {
      description: 'Qualified sales opportunities (商机) opened in the CRM.',
    }),
    newCustomers: t.exposeInt('newCustomers', {
      description: 'Sales closed to customers buying for the first time, less those reversed.',
    }),
    customersRetained: t.exposeInt('customersRetained', {
      description: 'Customers due for renewal or repeat purchase who bought again.',
    }),
    customersChurned: t.exposeInt('customersChurned', {
      description: 'Customers due for renewal or repeat purchase who were lost.',
    }),
    customerSatisfaction: t.float({
      nullable: true,
      description: 'Mean customer rating, 1–5; null without ratings.',
      resolve: (r) => (r.feedbackRatingCount > 0 ? r.feedbackRatingSum / r.feedbackRatingCount : null),
    }),
    collaborationCredits: t.exposeInt('collaborationCredits', {
      description: 'Credits for helping a colleague close a deal (协作).',
    }),
    rating360: t.float({
      nullable: true,
      description: 'Mean 360 feedback rating, 1–5; null without ratings.',
      resolve: (r) => (r.rating360Count > 0 ? r.rating360Sum / r.rating360Count : null),
    }),
    expenses: t.field({
      type: 'Fen',
      description: 'Selling expenses (travel, entertainment…) booked in the ERP, in fen.',
      resolve: (r) => r.expenses,
    }),
  }),
});

const SalesTotalsRef = builder.objectRef<SalesTotals>('SalesTotals').implement({
  description: 'Sales closed (and collected against them) over a group and a range of months.',
  fields: (t) => ({
    group: t.field({
      type: GroupKey,
      description: 'The dimensions this row is for.',
      resolve: (r) => r.group,
    }),
    salesAmount: t.field({
      type: 'Fen',
      description:
        'Sales closed in the months (by closing date), less those reversed, at their last corrected amounts (fen).',
      resolve: (r) => r.salesAmount,
    }),
    deals: t.exposeInt('deals', { description: 'Sales closed in the months, less those reversed.' }),
    grossMargin: t.field({
      type: 'Fen',
      description:
        'Gross margin amount of those sales in fen: each sale’s amount × its gross margin fraction, rounded to the fen, summed.',
      resolve: (r) => r.grossMargin,
    }),
    newCustomers: t.exposeInt('newCustomers', {
      description: 'Those sales made to customers buying for the first time.',
    }),
    collected: t.field({
      type: 'Fen',
      description:
        'Cash received in fen: payments less refunds dated in the months (grouped by MONTH: the payment’s or refund’s month) against sales of the group, whenever those closed and even if reversed since, uncapped. Not the 回款 KPI of KpiTotals.collected.',
      resolve: (r) => r.collected,
    }),
  }),
});

function range(arg: { from: string; to: string }) {
  checkMonthRange(arg);
  return arg;
}

builder.queryField('kpiTotals', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: [KpiTotalsRef],
    description:
      'KPI totals over a range of months within what the viewer may see, grouped as asked (none: one total).',
    args: {
      months: t.arg({ type: MonthRangeInput, required: true }),
      groupBy: t.arg({
        type: [KpiGroupEnum],
        defaultValue: [],
        description: 'One row per combination of these (none: one total).',
      }),
    },
    resolve: (_root, args, ctx) =>
      kpiTotals(ctx.db, dataScope(ctx.viewer), range(args.months), (args.groupBy ?? []) as KpiGroup[]),
  }),
);

builder.queryField('salesTotals', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: [SalesTotalsRef],
    description:
      'Sales analytics over a range of months within what the viewer may see, grouped by branch, team, person, month, product line, customer type or channel.',
    args: {
      months: t.arg({ type: MonthRangeInput, required: true }),
      groupBy: t.arg({
        type: [SalesGroupEnum],
        defaultValue: [],
        description: 'One row per combination of these (none: one total).',
      }),
    },
    resolve: (_root, args, ctx) =>
      salesTotals(ctx.db, dataScope(ctx.viewer), range(args.months), (args.groupBy ?? []) as SalesGroup[]),
  }),
);

const LeaderboardMetric = builder.enumType('LeaderboardMetric', {
  description: 'The KPI total a leaderboard ranks by (as in KpiTotals: amounts in fen, others counts).',
  values: {
    SALES_AMOUNT: { value: 'salesAmount' },
    COLLECTED: { value: 'collected' },
    DEALS: { value: 'deals' },
    NEW_CUSTOMERS: { value: 'newCustomers' },
    FOLLOW_UPS: { value: 'followUps' },
    GROSS_MARGIN: { value: 'grossMargin' },
  } as const,
});
type LeaderboardRow = { rank: number; employeeId: string; value: number; totals: KpiTotals };
const LeaderboardEntry = builder.objectRef<LeaderboardRow>('LeaderboardEntry').implement({
  description:
    'One person’s place on a leaderboard, highest value first (ties by employee id), with their KPI totals over the months.',
  fields: (t) => ({
    rank: t.exposeInt('rank', { description: '1 for the best; ties share a rank.' }),
    person: t.field({
      type: PersonRef,
      nullable: true,
      description: 'The person; null (with an error) when the people read model does not know them.',
      resolve: (r) => r.employeeId,
    }),
    employeeId: t.exposeString('employeeId', { description: 'The person’s employee id.' }),
    value: t.float({
      description: 'The metric (fen for amounts, a count otherwise).',
      resolve: (r) => r.value,
    }),
    totals: t.field({
      type: KpiTotalsRef,
      description: 'All the person’s KPI totals over the months, grouped by person, current branch and team.',
      resolve: (r) => r.totals,
    }),
  }),
});

builder.queryField('leaderboard', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: [LeaderboardEntry],
    description:
      'People ranked by a metric over a range of months, within what the viewer may see; at most 100.',
    args: {
      metric: t.arg({ type: LeaderboardMetric, required: true }),
      months: t.arg({ type: MonthRangeInput, required: true }),
      teamId: t.arg.string({ description: 'Only people whose current team is this one.' }),
      branchId: t.arg.string({ description: 'Only people whose current branch is this one.' }),
      first: t.arg.int({ defaultValue: 10, description: 'How many places, 1–100.' }),
    },
    resolve: async (_root, args, ctx) => {
      const first = pageSize(args.first ?? 10, 100);
      const groups: KpiGroup[] = ['person', 'branch', 'team'];
      const rows = (await kpiTotals(ctx.db, dataScope(ctx.viewer), range(args.months), groups)).filter(
        (r) =>
          (!args.teamId || r.group.team === args.teamId) &&
          (!args.branchId || r.group.branch === args.branchId),
      );
      const metric = args.metric as
        | 'salesAmount'
        | 'collected'
        | 'deals'
        | 'newCustomers'
        | 'followUps'
        | 'grossMargin';
      const sorted = rows
        .map((totals) => ({ employeeId: totals.group.person ?? '', value: totals[metric], totals }))
        .sort((a, b) => b.value - a.value || a.employeeId.localeCompare(b.employeeId));
      let rank = 0;
      return sorted.slice(0, first).map((row, i) => {
        if (i === 0 || row.value !== sorted[i - 1]?.value) rank = i + 1;
        return { ...row, rank };
      });
    },
  }),
);

// Per person, batched: every person of a response shares one query per field and arguments.
const KpiMonth = builder.objectRef<KpiFacts>('KpiMonth').implement({
  description: "One person's KPI facts of one month.",
  fields: (t) => ({
    month: t.exposeString('month', {
      description: '`YYYY-MM`; each fact counts in the month of its business time.',
    }),
    salesAmount: t.field({
      type: 'Fen',
      description: 'Sales closed in the month, less those reversed, at their last corrected amounts (fen).',
      resolve: (r) => Number(r.sales_amount),
    }),
    deals: t.exposeInt('deals', { description: 'Sales closed in the month, less those reversed.' }),
    grossMargin: t.field({
      type: 'Fen',
      description: 'Gross margin amount of the month’s sales (fen): amount × gross margin fraction, rounded.',
      resolve: (r) => Number(r.gross_margin),
    }),
    collected: t.field({
      type: 'Fen',
      description:
        'Payments collected (回款) against the month’s sales, less refunds of them, dated on or before the month’s end, at most each sale’s amount (fen).',
      resolve: (r) => Number(r.collected),
    }),
    collectionRate: t.float({
      nullable: true,
      description: 'collected ÷ salesAmount (回款率); null when the month has no sales.',
      resolve: (r) => r.collection_rate,
    }),
    followUps: t.exposeInt('follow_ups', {
      description: 'Customer follow-ups (跟进) logged in the CRM.',
    }),
    demos: t.exposeInt('demos', { description: 'Product demonstrations given to customers.' }),
    opportunities: t.exposeInt('opportunities', {
      description: 'Qualified sales opportunities (商机) opened in the CRM.',
    }),
    newCustomers: t.exposeInt('new_customers', {
      description: 'Sales of the month to customers buying for the first time, less those reversed.',
    }),
    customersRetained: t.exposeInt('customers_retained', {
      description: 'Customers due for renewal or repeat purchase who bought again.',
    }),
    customersChurned: t.exposeInt('customers_churned', {
      description: 'Customers due for renewal or repeat purchase who were lost.',
    }),
    collaborationCredits: t.exposeInt('collaboration_credits', {
      description: 'Credits for helping a colleague close a deal (协作).',
    }),
    expenses: t.field({
      type: 'Fen',
      description: 'Selling expenses booked in the ERP (fen).',
      resolve: (r) => Number(r.expenses),
    }),
  }),
});

builder.objectField(PersonRef, 'kpis', (t) =>
  t.loadableList({
    type: KpiMonth,
    description: 'KPI facts per month of the range.',
    args: { months: t.arg({ type: MonthRangeInput, required: true }) },
    byPath: true,
    load: async (ids: readonly string[], ctx: Context, args) => {
      const { from, to } = range(args.months);
      const rows = await ctx.db
        .withSchema('read')
        .selectFrom('kpi_facts')
        .selectAll()
        .where('employee_id', 'in', [...ids])
        .where('month', '>=', from)
        .where('month', '<=', to)
        .orderBy('employee_id')
        .orderBy('month')
        .execute();
      // Grouped in one pass (a filter per person would cost people × rows).
      const byPerson = new Map<string, KpiFacts[]>();
      for (const row of rows) {
        const list = byPerson.get(row.employee_id);
        if (list) list.push(row);
        else byPerson.set(row.employee_id, [row]);
      }
      return ids.map((id) => byPerson.get(id) ?? []);
    },
    resolve: (person) => person.employee_id,
  }),
);

const CommissionAdjustmentReasonEnum = builder.enumType('CommissionAdjustmentReason', {
  description: 'Why a commission adjustment was made.',
  values: {
    sale_reversed: {
      description:
        'The sale was reversed: what its payment earned is clawed back at the rate it was paid at.',
    },
    plan_reprocessed: {
      description:
        'A plan version effective earlier paid the payment again; the adjustment is the difference.',
    },
    payment_refunded: {
      description:
        'Part or all of the payment was refunded: the refunded share of what the line earned is clawed back (round(earned × refunded ÷ collected), cumulatively).',
    },
    dispute_accepted: {
      description: 'HR accepted the rep’s dispute of the line: the correction HR decided.',
    },
  } as const,
});

export type AdjustmentShape = CommissionAdjustment & { payment_collected_at: string; payment_amount: string };
export const CommissionAdjustmentObject = builder
  .objectRef<AdjustmentShape>('CommissionAdjustment')
  .implement({
    description:
      'A correction of what one ledger line paid, recorded beside it (the line itself is never rewritten), in the month it counts in.',
    fields: (t) => ({
      paymentId: t.exposeString('payment_id', { description: 'The payment whose ledger line it corrects.' }),
      saleId: t.exposeString('sale_id', {
        description: 'The sale the corrected payment was collected against.',
      }),
      paymentCollectedAt: t.exposeString('payment_collected_at', {
        description: 'Business date of the corrected payment.',
      }),
      paymentAmount: t.field({
        type: 'Fen',
        description: 'The corrected payment.',
        resolve: (r) => Number(r.payment_amount),
      }),
      month: t.exposeString('month', { description: '`YYYY-MM`: the period the adjustment counts in.' }),
      reason: t.field({
        type: CommissionAdjustmentReasonEnum,
        description: 'Why it was made.',
        resolve: (r) => r.reason,
      }),
      amount: t.field({
        type: 'Fen',
        description: 'Negative for a clawback.',
        resolve: (r) => Number(r.amount),
      }),
      rate: t.float({
        description:
          'The rate applied: the one the line was paid at (clawback) or the new plan’s (reprocessing).',
        resolve: (r) => r.rate,
      }),
      planId: t.exposeString('plan_id', {
        description: 'The plan of the corrected line (clawback) or the plan now in force (reprocessing).',
      }),
      planVersion: t.exposeInt('plan_version', { description: 'The version of that plan.' }),
      recordedAt: t.exposeString('recorded_at', {
        description:
          'Business date of its cause: the reversal’s date, or the plan’s effective date (a payment on a sale already reversed: the payment’s date).',
      }),
      position: t.field({
        type: 'Position',
        description:
          'Global position (`$all`) of the event that caused it: the reversal, the plan’s publication, or the payment on a sale already reversed.',
        resolve: (r) => BigInt(r.position),
      }),
    }),
  });

const CommissionMonth = builder.objectRef<CommissionSummary>('CommissionMonth').implement({
  description:
    "One person's commission of a month, earned on payments collected (回款), each paid under the commission plan in force at its date, with the adjustments recorded in the month.",
  fields: (t) => ({
    month: t.exposeString('month', { description: '`YYYY-MM`: the month the payments were collected in.' }),
    collected: t.field({
      type: 'Fen',
      description: 'Payments collected (回款) in the month (fen), those on sales reversed since included.',
      resolve: (r) => Number(r.collected),
    }),
    commission: t.field({
      type: 'Fen',
      description: 'What the month’s payments earned, line by line (before adjustments).',
      resolve: (r) => Number(r.commission),
    }),
    adjustments: t.field({
      type: 'Fen',
      description: 'Sum of the adjustments recorded in the month (clawbacks, reprocessing).',
      resolve: (r) => Number(r.adjustments),
    }),
    payable: t.field({
      type: 'Fen',
      description: 'commission + adjustments.',
      resolve: (r) => Number(r.commission) + Number(r.adjustments),
    }),
    payments: t.exposeInt('payments', { description: 'Number of payments collected in the month.' }),
    reversedPayments: t.exposeInt('reversed_payments', {
      description: 'Payments of the month on sales reversed since (their commission is clawed back).',
    }),
    reversedCommission: t.field({
      type: 'Fen',
      description: 'What those reversed payments earned (fen), as paid; clawed back by adjustments.',
      resolve: (r) => Number(r.reversed_commission),
    }),
    planId: t.exposeString('plan_id', { description: 'The plan the month’s latest payment was paid under.' }),
    planVersion: t.exposeInt('plan_version', { description: 'The version of that plan.' }),
    adjustmentLines: t.field({
      type: [CommissionAdjustmentObject],
      description: 'The adjustments recorded in the month, in the order they were recorded.',
      resolve: (r, _args, ctx) =>
        ctx.db
          .withSchema('read')
          .selectFrom('commission_adjustments as a')
          .innerJoin('commission_ledger as l', 'l.payment_id', 'a.payment_id')
          .selectAll('a')
          .select(['l.collected_at as payment_collected_at', 'l.collected as payment_amount'])
          .where('a.employee_id', '=', r.employee_id)
          .where('a.month', '=', r.month)
          .orderBy('a.position')
          .orderBy('a.adjustment_id')
          .execute(),
    }),
  }),
});

builder.objectField(PersonRef, 'commission', (t) =>
  t.loadable({
    type: CommissionMonth,
    nullable: true,
    description:
      'Commission of a month; null when none. Only for HR, auditors, their managers and the person themself.',
    args: { month: t.arg.string({ required: true, description: '`YYYY-MM`.' }) },
    byPath: true,
    load: async (ids: readonly string[], ctx: Context, args) => {
      checkMonth(args.month);
      const rows = await ctx.db
        .withSchema('read')
        .selectFrom('commission_summary')
        .selectAll()
        .where('employee_id', 'in', [...ids])
        .where('month', '=', args.month)
        .execute();
      const byPerson = new Map(rows.map((r) => [r.employee_id, r]));
      return ids.map((id) => byPerson.get(id) ?? null);
    },
    authScopes: (person) => mayRead('commission', person.employee_id),
    unauthorizedError: (person, _args, ctx) =>
      refusedWith(ctx, restrictedFieldRefusal('commission', person.employee_id)),
    resolve: (person) => person.employee_id,
  }),
);

export const LedgerLine = builder
  .objectRef<Awaited<ReturnType<typeof commissionLedger>>[number]>('CommissionLedgerLine')
  .implement({
    description:
      'One payment collected (回款) by a person and the commission it earned under the plan in force at its date. A month’s payments count toward the plan’s tiers in the order of their positions.',
    fields: (t) => ({
      paymentId: t.exposeString('payment_id', { description: 'The payment’s id.' }),
      saleId: t.exposeString('sale_id', { description: 'The sale it was collected against.' }),
      collectedAt: t.exposeString('collected_at', {
        description: 'When it was collected (ISO business time); its month is the commission month.',
      }),
      collected: t.field({
        type: 'Fen',
        description: 'The payment (fen).',
        resolve: (r) => Number(r.collected),
      }),
      rate: t.float({
        description: 'Marginal rate of the plan tier the payment fell in.',
        resolve: (r) => r.rate,
      }),
      commission: t.field({
        type: 'Fen',
        description:
          'What it earned (fen): the plan’s rounded cumulative commission on the period’s collections after it, minus before it.',
        resolve: (r) => Number(r.commission),
      }),
      saleReversed: t.exposeBoolean('sale_reversed', {
        description:
          'The sale has been reversed (before or after this payment); what the line earned is clawed back by a CommissionAdjustment, the line itself unchanged.',
      }),
      planId: t.exposeString('plan_id', {
        description: 'The commission plan in force at the payment’s date.',
      }),
      planVersion: t.exposeInt('plan_version', { description: 'The version of that plan.' }),
      position: t.field({
        type: 'Position',
        description: 'Global position (`$all`) of the payment’s event.',
        resolve: (r) => BigInt(r.position),
      }),
    }),
  });

// The field's scopes, from its required `employeeId` (`withAuth` types a field's arguments loosely).
const commissionOfArgs = (_root: unknown, args: Record<string, unknown>) =>
  mayRead('commission', String(args.employeeId));

builder.queryField('commissionLedger', (t) =>
  t.withAuth(commissionOfArgs).field({
    type: [LedgerLine],
    description:
      "A person's payments of a month with the commission each earned. A rep may only ask for their own; others need a role allowed to read commission.",
    args: {
      employeeId: t.arg.string({ required: true }),
      month: t.arg.string({ required: true, description: '`YYYY-MM`.' }),
    },
    unauthorizedError: (_root, args, ctx) =>
      refusedWith(ctx, restrictedFieldRefusal('commission', args.employeeId)),
    resolve: (_root, args, ctx) =>
      commissionLedger(ctx.db, dataScope(ctx.viewer), args.employeeId, args.month),
  }),
);
