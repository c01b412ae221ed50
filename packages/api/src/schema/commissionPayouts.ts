import { addMonths } from '@trackrecord/domain';
import {
  type CommissionDb,
  type CommissionDisputeStatus,
  type CommissionStatement,
  checkMonth,
  commissionDisputes,
  commissionPeriods,
  commissionStatements,
  type DisputeWithLine,
  lastLockedMonth,
  type PayoutAdjustment,
  type PayoutLine,
  payoutAdjustments,
  payoutLines,
  recomputeCommissionStatements,
  scoped,
} from '@trackrecord/projections';
import type { Kysely } from 'kysely';
import { mayRead, refusedWith } from '../auth/scopes.ts';
import { dataScope, type Role } from '../auth/viewer.ts';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { restrictedFieldRefusal } from '../i18n/refusals.ts';
import { now } from '../runtime/clock.ts';
import { intInRange } from './arguments.ts';
import { CommissionAdjustmentObject, LedgerLine } from './kpi.ts';
import { PersonRef } from './people.ts';

// Commission payout periods: the months HR has locked (closed), one statement per person per
// locked month, the open period's statement so far, disputes of ledger lines, and an auditor's
// recomputation of a statement from the event store. A rep reads their own statements line by
// line; a manager their team's totals only; HR and auditors everything. Amounts are fen.

/** Who reads a statement's lines and adjustments (besides the rep themself). */
export const STATEMENT_LINE_ROLES: readonly Role[] = ['hr_admin', 'auditor'];

// ── Periods ─────────────────────────────────────────────────────────────────────────────────

type PeriodRow = Awaited<ReturnType<typeof commissionPeriods>>[number];
const CommissionPeriodRef = builder.objectRef<PeriodRow>('CommissionPeriod').implement({
  description: 'A locked (closed) payout month and the close that locked it.',
  fields: (t) => ({
    month: t.exposeString('month', { description: '`YYYY-MM`: the payout month.' }),
    closedAt: t.exposeString('closed_at', { description: 'Business time of the close (ISO).' }),
    position: t.field({
      type: 'Position',
      description:
        'Global position (`$all`) of the close: the month’s statements rest on the event store up to here.',
      resolve: (p) => BigInt(p.position),
    }),
  }),
});

interface PeriodsShape {
  readonly closed: readonly PeriodRow[];
  readonly today: string;
}
const CommissionPeriodsRef = builder.objectRef<PeriodsShape>('CommissionPeriods').implement({
  description:
    'The commission payout periods: the months locked so far and the first open one. A month is locked by a close (HR), which also locks every earlier open month.',
  fields: (t) => ({
    closed: t.field({
      type: [CommissionPeriodRef],
      description: 'The locked months, oldest first.',
      resolve: (p) => [...p.closed],
    }),
    lastClosedMonth: t.string({
      nullable: true,
      description: '`YYYY-MM` of the last locked month; null when none is locked yet.',
      resolve: (p) => p.closed.at(-1)?.month ?? null,
    }),
    openMonth: t.string({
      nullable: true,
      description:
        '`YYYY-MM` of the first open month: the month after the last locked one, where lines and corrections recorded now are paid. Null when no month is locked yet (every month is open).',
      resolve: (p) => {
        const last = p.closed.at(-1)?.month;
        return last ? addMonths(last, 1) : null;
      },
    }),
    closableMonth: t.string({
      nullable: true,
      description:
        '`YYYY-MM` of the last month that has ended (by the product’s clock) and is still open: what a close would lock now. Null when last month is already locked.',
      resolve: (p) => {
        const last = p.closed.at(-1)?.month ?? null;
        const ended = addMonths(p.today.slice(0, 7), -1);
        return last === null || ended > last ? ended : null;
      },
    }),
    today: t.string({
      description:
        'Today by the product’s clock (`YYYY-MM-DD`, UTC): a month can be closed once it has ended.',
      resolve: (p) => p.today,
    }),
  }),
});

builder.queryField('commissionPeriods', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: CommissionPeriodsRef,
    description:
      'The locked commission payout months, the first open one and the month a close would lock now.',
    resolve: async (_root, _args, ctx) => ({
      closed: await commissionPeriods(ctx.db),
      today: now().toISOString().slice(0, 10),
    }),
  }),
);

// ── Lines and adjustments of a payout month ───────────────────────────────────────────────

builder.objectFields(LedgerLine, (t) => ({
  month: t.exposeString('month', {
    description: '`YYYY-MM` of the payment: the commission month whose tiers it counts towards.',
  }),
  payoutMonth: t.exposeString('payout_month', {
    description:
      '`YYYY-MM`: the payout month the line is paid in: its own month, or the first open month when its month was already locked when the payment was recorded.',
  }),
}));

builder.objectFields(CommissionAdjustmentObject, (t) => ({
  adjustmentId: t.exposeString('adjustment_id', { description: 'The adjustment’s id.' }),
  correctsMonth: t.exposeString('corrects_month', {
    nullable: true,
    description:
      '`YYYY-MM`: the locked payout month of the line it corrects, when that month was locked (the correction is then paid in a later, open month); null otherwise.',
  }),
  refunded: t.field({
    type: 'Fen',
    description: 'What a refund paid back of the payment (fen); 0 for other reasons.',
    resolve: (a) => Number(a.basis),
  }),
  disputeId: t.exposeString('dispute_id', {
    nullable: true,
    description: 'The dispute whose acceptance it pays; null for other reasons.',
  }),
}));

const linesKey = (employeeId: string, month: string) => `${employeeId}|${month}`;
const splitKey = (key: string) => {
  const at = key.lastIndexOf('|');
  return { employeeId: key.slice(0, at), month: key.slice(at + 1) };
};

/** One query for the lines (or adjustments) of every statement of a response. */
async function loadByStatement<R extends { employee_id: string }>(
  keys: readonly string[],
  load: (employeeIds: string[], month: string) => Promise<R[]>,
  monthOf: (row: R) => string,
): Promise<R[][]> {
  const byMonth = new Map<string, Set<string>>();
  for (const key of keys) {
    const { employeeId, month } = splitKey(key);
    const set = byMonth.get(month) ?? new Set<string>();
    set.add(employeeId);
    byMonth.set(month, set);
  }
  const grouped = new Map<string, R[]>();
  for (const [month, ids] of byMonth) {
    for (const row of await load([...ids], month)) {
      const key = linesKey(row.employee_id, monthOf(row));
      const list = grouped.get(key);
      if (list) list.push(row);
      else grouped.set(key, [row]);
    }
  }
  return keys.map((k) => grouped.get(k) ?? []);
}

const linesRefusal = (ctx: Context, employeeId: string) =>
  refusedWith(ctx, {
    en: `you may read the totals of ${employeeId}'s commission statement, not its lines: lines are for the person, HR and auditors`,
    zh: `你可以查看 ${employeeId} 提成结算单的合计，但不能查看明细：明细仅限本人、人力资源和审计员`,
  });

// ── Statements ───────────────────────────────────────────────────────────────────────────

const CommissionStatementRef = builder.objectRef<CommissionStatement>('CommissionStatement').implement({
  description:
    'One person’s payout statement of a locked month: the ledger lines paid in it, the adjustments counted in it, and their totals, drawn when the month was closed and never changed after (later corrections are paid in a later month, naming this one).',
  fields: (t) => ({
    employeeId: t.exposeString('employee_id', { description: 'The person’s employee id.' }),
    person: t.field({
      type: PersonRef,
      nullable: true,
      description: 'The person; null (with an error) when out of the viewer’s scope or unknown.',
      resolve: (s) => s.employee_id,
    }),
    month: t.exposeString('month', { description: '`YYYY-MM`: the payout month.' }),
    payments: t.exposeInt('payments', {
      description: 'Number of ledger lines (payments) paid in the month.',
    }),
    collected: t.field({
      type: 'Fen',
      description: 'Sum of those payments (回款, fen).',
      resolve: (s) => Number(s.collected),
    }),
    commission: t.field({
      type: 'Fen',
      description: 'What those lines earned (fen), before adjustments.',
      resolve: (s) => Number(s.commission),
    }),
    adjustmentCount: t.exposeInt('adjustment_count', {
      description: 'Number of adjustments counted in the month.',
    }),
    adjustmentTotal: t.field({
      type: 'Fen',
      description: 'Sum of the adjustments counted in the month (fen; clawbacks negative).',
      resolve: (s) => Number(s.adjustments),
    }),
    payable: t.field({
      type: 'Fen',
      description: 'What the month pays: commission + adjustments (fen).',
      resolve: (s) => Number(s.payable),
    }),
    plans: t.field({
      type: ['String'],
      description: 'The plan versions its lines and adjustments were computed under, as `planId v<version>`.',
      resolve: (s) => s.plans,
    }),
    closedAt: t.exposeString('closed_at', { description: 'Business time of the close that drew it (ISO).' }),
    position: t.field({
      type: 'Position',
      description:
        'Global position (`$all`) of that close: recomputing the commission from the event store up to here gives this statement.',
      resolve: (s) => BigInt(s.position),
    }),
    lines: t.loadableList({
      type: LedgerLine,
      nullable: true,
      description:
        'The ledger lines paid in the month (payout month = month), in the order they counted. Only for the person, HR and auditors (a manager reads the totals).',
      authScopes: (s) => ({ roles: STATEMENT_LINE_ROLES, self: s.employee_id }),
      unauthorizedError: (s, _args, ctx) => linesRefusal(ctx, s.employee_id),
      load: (keys: readonly string[], ctx: Context) =>
        loadByStatement(
          keys,
          (ids, month) => payoutLines(ctx.db, ids, { only: month }),
          (r) => r.payout_month,
        ),
      resolve: (s) => linesKey(s.employee_id, s.month),
    }),
    adjustments: t.loadableList({
      type: CommissionAdjustmentObject,
      nullable: true,
      description:
        'The adjustments counted in the month, each naming the line and the locked month it corrects. Only for the person, HR and auditors.',
      authScopes: (s) => ({ roles: STATEMENT_LINE_ROLES, self: s.employee_id }),
      unauthorizedError: (s, _args, ctx) => linesRefusal(ctx, s.employee_id),
      load: (keys: readonly string[], ctx: Context) =>
        loadByStatement(
          keys,
          (ids, month) => payoutAdjustments(ctx.db, ids, { only: month }),
          (r) => r.month,
        ),
      resolve: (s) => linesKey(s.employee_id, s.month),
    }),
  }),
});

builder.objectField(PersonRef, 'commissionStatements', (t) =>
  t.loadableList({
    type: CommissionStatementRef,
    description:
      'The person’s statements of locked payout months, newest first. Only for HR, auditors, their managers and the person themself.',
    args: {
      last: t.arg.int({ defaultValue: 12, description: 'How many of the latest locked months, 1–60.' }),
    },
    byPath: true,
    load: async (ids: readonly string[], ctx: Context, args) => {
      const last = args.last ?? 12;
      intInRange('last', { en: 'number of months', zh: '月数' }, last, 1, 60);
      const rows = await commissionStatements(ctx.db, { kind: 'all' }, { employeeIds: ids });
      const byPerson = new Map<string, CommissionStatement[]>();
      for (const row of rows) {
        const list = byPerson.get(row.employee_id) ?? [];
        if (list.length < last) list.push(row);
        byPerson.set(row.employee_id, list);
      }
      return ids.map((id) => byPerson.get(id) ?? []);
    },
    authScopes: (person) => mayRead('commission', person.employee_id),
    unauthorizedError: (person, _args, ctx) =>
      refusedWith(ctx, restrictedFieldRefusal('commission', person.employee_id)),
    resolve: (person) => person.employee_id,
  }),
);

// The field's scopes, from its required `employeeId` (`withAuth` types a field's arguments loosely).
const commissionOfArgs = (_root: unknown, args: Record<string, unknown>) =>
  mayRead('commission', String(args.employeeId));

builder.queryField('commissionStatement', (t) =>
  t.withAuth(commissionOfArgs).field({
    type: CommissionStatementRef,
    nullable: true,
    description:
      'One person’s statement of a locked month; null when the month is not locked, the person had nothing in it, or is out of the viewer’s scope. A rep may only ask for their own.',
    args: {
      employeeId: t.arg.string({ required: true, description: 'The person’s employee id.' }),
      month: t.arg.string({ required: true, description: '`YYYY-MM`: a locked payout month.' }),
    },
    unauthorizedError: (_root, args, ctx) =>
      refusedWith(ctx, restrictedFieldRefusal('commission', args.employeeId)),
    resolve: async (_root, args, ctx) => {
      const rows = await commissionStatements(ctx.db, dataScope(ctx.viewer), {
        month: args.month,
        employeeIds: [args.employeeId],
      });
      return rows[0] ?? null;
    },
  }),
);

builder.queryField('commissionStatements', (t) =>
  t.withAuth({ roles: ['hr_admin', 'auditor', 'branch_manager', 'team_manager'] }).field({
    type: [CommissionStatementRef],
    description:
      'Everyone’s statements of a locked month within the viewer’s scope (HR and auditors: everyone; a manager: their branch or team, totals only), by employee.',
    args: { month: t.arg.string({ required: true, description: '`YYYY-MM`: a locked payout month.' }) },
    resolve: (_root, args, ctx) =>
      commissionStatements(ctx.db, dataScope(ctx.viewer), { month: args.month }).then((rows) =>
        rows.sort((a, b) => a.employee_id.localeCompare(b.employee_id)),
      ),
  }),
);

// ── The open period so far ──────────────────────────────────────────────────────────────────

interface RunningShape {
  readonly employeeId: string;
  readonly lastClosedMonth: string | null;
  readonly asOf: Date;
  readonly lines: PayoutLine[];
  readonly adjustments: PayoutAdjustment[];
}

const sumOf = (rows: readonly { [k: string]: unknown }[], field: string) =>
  rows.reduce((n, r) => n + Number(r[field]), 0);

const RunningStatementRef = builder.objectRef<RunningShape>('RunningCommissionStatement').implement({
  description:
    'One person’s statement of the open payout period so far: the lines paid and the adjustments counted after the last locked month, with their totals. It changes as payments and corrections arrive, until a close locks it.',
  fields: (t) => ({
    employeeId: t.string({ description: 'The person’s employee id.', resolve: (r) => r.employeeId }),
    person: t.field({
      type: PersonRef,
      nullable: true,
      description: 'The person; null (with an error) when unknown.',
      resolve: (r) => r.employeeId,
    }),
    lastClosedMonth: t.string({
      nullable: true,
      description:
        '`YYYY-MM` of the last locked month; the running statement covers the months after it (all when null).',
      resolve: (r) => r.lastClosedMonth,
    }),
    fromMonth: t.string({
      nullable: true,
      description: '`YYYY-MM` of the first open month; null when no month is locked yet.',
      resolve: (r) => (r.lastClosedMonth ? addMonths(r.lastClosedMonth, 1) : null),
    }),
    asOf: t.field({
      type: 'DateTime',
      description:
        'When it was read (the product’s clock): payments and corrections recorded later are not in it.',
      resolve: (r) => r.asOf,
    }),
    payments: t.int({ description: 'Number of lines so far.', resolve: (r) => r.lines.length }),
    collected: t.field({
      type: 'Fen',
      description: 'Sum of the payments of those lines (fen).',
      resolve: (r) => sumOf(r.lines, 'collected'),
    }),
    commission: t.field({
      type: 'Fen',
      description: 'What those lines earned (fen), before adjustments.',
      resolve: (r) => sumOf(r.lines, 'commission'),
    }),
    adjustmentCount: t.int({
      description: 'Number of adjustments so far.',
      resolve: (r) => r.adjustments.length,
    }),
    adjustmentTotal: t.field({
      type: 'Fen',
      description: 'Sum of the adjustments so far (fen; clawbacks negative).',
      resolve: (r) => sumOf(r.adjustments, 'amount'),
    }),
    payable: t.field({
      type: 'Fen',
      description: 'Payable so far: commission + adjustments (fen).',
      resolve: (r) => sumOf(r.lines, 'commission') + sumOf(r.adjustments, 'amount'),
    }),
    lines: t.field({
      type: [LedgerLine],
      nullable: true,
      description: 'The lines so far, in the order they counted. Only for the person, HR and auditors.',
      authScopes: (r) => ({ roles: STATEMENT_LINE_ROLES, self: r.employeeId }),
      unauthorizedError: (r, _args, ctx) => linesRefusal(ctx, r.employeeId),
      resolve: (r) => r.lines,
    }),
    adjustments: t.field({
      type: [CommissionAdjustmentObject],
      nullable: true,
      description:
        'The adjustments so far, each naming the line and the locked month it corrects. Only for the person, HR and auditors.',
      authScopes: (r) => ({ roles: STATEMENT_LINE_ROLES, self: r.employeeId }),
      unauthorizedError: (r, _args, ctx) => linesRefusal(ctx, r.employeeId),
      resolve: (r) => r.adjustments,
    }),
  }),
});

/** Whether the viewer's data scope reaches `employeeId` (the people read model knows). */
async function inScope(ctx: Context, employeeId: string): Promise<boolean> {
  if (!('role' in ctx.viewer)) return false;
  const row = await scoped(ctx.db, dataScope(ctx.viewer), 'people')
    .select('people.employee_id')
    .where('people.employee_id', '=', employeeId)
    .executeTakeFirst();
  return row !== undefined;
}

builder.queryField('runningCommissionStatement', (t) =>
  t.withAuth(commissionOfArgs).field({
    type: RunningStatementRef,
    nullable: true,
    description:
      'One person’s statement of the open period so far (lines and adjustments after the last locked month); null when the person is out of the viewer’s scope. A rep may only ask for their own; a manager reads the totals.',
    args: { employeeId: t.arg.string({ required: true, description: 'The person’s employee id.' }) },
    unauthorizedError: (_root, args, ctx) =>
      refusedWith(ctx, restrictedFieldRefusal('commission', args.employeeId)),
    resolve: async (_root, args, ctx) => {
      if (!(await inScope(ctx, args.employeeId))) return null;
      const last = await lastLockedMonth(ctx.db);
      const asOf = now();
      const [lines, adjustments] = await Promise.all([
        payoutLines(ctx.db, [args.employeeId], { after: last }),
        payoutAdjustments(ctx.db, [args.employeeId], { after: last }),
      ]);
      return { employeeId: args.employeeId, lastClosedMonth: last, asOf, lines, adjustments };
    },
  }),
);

// ── Verification against the event store ────────────────────────────────────────────────────

interface Totals {
  readonly payments: number;
  readonly collected: number;
  readonly commission: number;
  readonly adjustmentCount: number;
  readonly adjustmentTotal: number;
  readonly payable: number;
  readonly plans: readonly string[];
}
const totalsOf = (s: CommissionStatement): Totals => ({
  payments: s.payments,
  collected: Number(s.collected),
  commission: Number(s.commission),
  adjustmentCount: s.adjustment_count,
  adjustmentTotal: Number(s.adjustments),
  payable: Number(s.payable),
  plans: s.plans,
});

const StatementTotalsRef = builder.objectRef<Totals>('CommissionStatementTotals').implement({
  description: 'The totals of a commission statement (fen).',
  fields: (t) => ({
    payments: t.int({ description: 'Number of lines paid in the month.', resolve: (s) => s.payments }),
    collected: t.field({ type: 'Fen', description: 'Sum of their payments.', resolve: (s) => s.collected }),
    commission: t.field({ type: 'Fen', description: 'What they earned.', resolve: (s) => s.commission }),
    adjustmentCount: t.int({ description: 'Number of adjustments.', resolve: (s) => s.adjustmentCount }),
    adjustmentTotal: t.field({
      type: 'Fen',
      description: 'Sum of the adjustments.',
      resolve: (s) => s.adjustmentTotal,
    }),
    payable: t.field({ type: 'Fen', description: 'commission + adjustments.', resolve: (s) => s.payable }),
    plans: t.stringList({
      description: 'Plan versions, as `planId v<version>`.',
      resolve: (s) => [...s.plans],
    }),
  }),
});

interface Verification {
  readonly employeeId: string;
  readonly month: string;
  readonly position: bigint;
  readonly stored: Totals;
  readonly recomputed: Totals | null;
  readonly differences: string[];
}

const VerificationRef = builder.objectRef<Verification>('CommissionStatementVerification').implement({
  description:
    'A stored statement compared with the one recomputed from the event store alone, replayed up to the position of the close that drew it.',
  fields: (t) => ({
    employeeId: t.string({ description: 'The person’s employee id.', resolve: (v) => v.employeeId }),
    month: t.string({ description: '`YYYY-MM`: the payout month.', resolve: (v) => v.month }),
    position: t.field({
      type: 'Position',
      description: 'The close’s global position: the store was replayed up to here.',
      resolve: (v) => v.position,
    }),
    identical: t.boolean({
      description: 'The recomputed statement has exactly the stored totals and plans.',
      resolve: (v) => v.differences.length === 0,
    }),
    stored: t.field({
      type: StatementTotalsRef,
      description: 'The totals of the stored statement.',
      resolve: (v) => v.stored,
    }),
    recomputed: t.field({
      type: StatementTotalsRef,
      nullable: true,
      description: 'The totals recomputed from the store; null when the replay draws no such statement.',
      resolve: (v) => v.recomputed,
    }),
    differences: t.stringList({
      description: 'The totals that differ, as `field: stored → recomputed`; empty when identical.',
      resolve: (v) => v.differences,
    }),
  }),
});

/** Differences between two statements' totals, as `field: stored → recomputed`. */
export function statementDifferences(stored: Totals, recomputed: Totals | null): string[] {
  if (!recomputed) return ['statement: stored → missing from the replay'];
  const out: string[] = [];
  for (const key of [
    'payments',
    'collected',
    'commission',
    'adjustmentCount',
    'adjustmentTotal',
    'payable',
  ] as const) {
    if (stored[key] !== recomputed[key]) out.push(`${key}: ${stored[key]} → ${recomputed[key]}`);
  }
  if (stored.plans.join(',') !== recomputed.plans.join(',')) {
    out.push(`plans: ${stored.plans.join(', ')} → ${recomputed.plans.join(', ')}`);
  }
  return out;
}

builder.queryField('verifyCommissionStatement', (t) =>
  t.withAuth({ roles: ['hr_admin', 'auditor'] }).field({
    type: VerificationRef,
    nullable: true,
    description:
      'Recomputes a locked statement from the event store (replaying the commission projection up to the close’s position into scratch tables) and compares it with the stored one; null when no such statement is stored. HR and auditors; may take several seconds.',
    args: {
      employeeId: t.arg.string({ required: true, description: 'The person’s employee id.' }),
      month: t.arg.string({ required: true, description: '`YYYY-MM`: a locked payout month.' }),
    },
    resolve: async (_root, args, ctx) => {
      checkMonth(args.month);
      const [stored] = await commissionStatements(
        ctx.db,
        { kind: 'all' },
        {
          month: args.month,
          employeeIds: [args.employeeId],
        },
      );
      if (!stored) return null;
      const position = BigInt(stored.position);
      const replayed = await recomputeCommissionStatements(
        ctx.store,
        ctx.db as unknown as Kysely<CommissionDb>,
        position,
      );
      const match = replayed.find((s) => s.employee_id === args.employeeId && s.month === args.month);
      const recomputed = match ? totalsOf(match) : null;
      return {
        employeeId: args.employeeId,
        month: args.month,
        position,
        stored: totalsOf(stored),
        recomputed,
        differences: statementDifferences(totalsOf(stored), recomputed),
      };
    },
  }),
);

// ── Disputes ───────────────────────────────────────────────────────────────────────────────

const DisputeStatusEnum = builder.enumType('CommissionDisputeStatus', {
  description:
    'Where a commission dispute stands: open (awaiting HR), accepted (a correction is paid) or rejected.',
  values: ['open', 'accepted', 'rejected'] as const,
});

const HOUR = 3_600_000;
const CommissionDisputeRef = builder.objectRef<DisputeWithLine>('CommissionDispute').implement({
  description: 'A rep’s dispute of one ledger line’s commission, and HR’s answer.',
  fields: (t) => ({
    disputeId: t.exposeString('dispute_id', { description: 'The dispute’s id.' }),
    saleId: t.exposeString('sale_id', { description: 'The sale of the disputed payment.' }),
    paymentId: t.exposeString('payment_id', { description: 'The disputed payment (ledger line).' }),
    employeeId: t.exposeString('employee_id', { description: 'The rep the line belongs to.' }),
    person: t.field({
      type: PersonRef,
      nullable: true,
      description: 'The rep; null (with an error) when unknown.',
      resolve: (d) => d.employee_id,
    }),
    comment: t.exposeString('comment', { description: 'What the rep says is wrong, as they wrote it.' }),
    disputedAt: t.exposeString('disputed_at', { description: 'When it was raised (ISO business time).' }),
    disputedBy: t.exposeString('disputed_by', { description: 'Who raised it (`user:…`).' }),
    status: t.field({
      type: DisputeStatusEnum,
      description: 'open, accepted or rejected.',
      resolve: (d) => d.status as CommissionDisputeStatus,
    }),
    amount: t.field({
      type: 'Fen',
      description:
        'The correction HR decided for an accepted dispute (fen, negative when overpaid); 0 otherwise.',
      resolve: (d) => Number(d.amount),
    }),
    reason: t.exposeString('reason', {
      nullable: true,
      description: 'HR’s answer (why accepted or rejected); null while open.',
    }),
    resolvedAt: t.exposeString('resolved_at', {
      nullable: true,
      description: 'When HR resolved it (ISO business time); null while open.',
    }),
    resolvedBy: t.exposeString('resolved_by', {
      nullable: true,
      description: 'Who resolved it (`user:…`); null while open.',
    }),
    hoursToResolution: t.float({
      nullable: true,
      description: 'Hours from the dispute to its resolution (one decimal); null while open.',
      resolve: (d) =>
        d.resolved_at
          ? Math.round((Date.parse(d.resolved_at) - Date.parse(d.disputed_at)) / (HOUR / 10)) / 10
          : null,
    }),
    lineMonth: t.exposeString('line_month', {
      nullable: true,
      description: '`YYYY-MM` of the disputed payment (its commission month).',
    }),
    linePayoutMonth: t.exposeString('line_payout_month', {
      nullable: true,
      description: '`YYYY-MM`: the payout month the disputed line was paid in.',
    }),
    lineCollected: t.field({
      type: 'Fen',
      nullable: true,
      description: 'The disputed payment (fen).',
      resolve: (d) => (d.line_collected === null ? null : Number(d.line_collected)),
    }),
    lineCommission: t.field({
      type: 'Fen',
      nullable: true,
      description: 'What the disputed line earned (fen).',
      resolve: (d) => (d.line_commission === null ? null : Number(d.line_commission)),
    }),
    paidInMonth: t.exposeString('adjustment_month', {
      nullable: true,
      description: '`YYYY-MM`: the payout month an accepted dispute’s correction is paid in; null otherwise.',
    }),
  }),
});

builder.queryField('commissionDisputes', (t) =>
  t.withAuth({ roles: ['hr_admin', 'auditor', 'sales_rep'] }).field({
    type: [CommissionDisputeRef],
    description:
      'Commission disputes, newest first: a rep their own, HR and auditors everyone’s; of one status and one person when given.',
    args: {
      status: t.arg({ type: DisputeStatusEnum, description: 'Only disputes in this state.' }),
      employeeId: t.arg.string({ description: 'Only this person’s disputes (a rep: only their own).' }),
    },
    resolve: (_root, args, ctx) => {
      const scope = dataScope(ctx.viewer);
      if (scope.kind === 'self' && args.employeeId && args.employeeId !== scope.employeeId) {
        throw refusedWith(ctx, restrictedFieldRefusal('commission', args.employeeId));
      }
      return commissionDisputes(ctx.db, scope, {
        ...(args.status ? { status: args.status } : {}),
        ...(args.employeeId ? { employeeId: args.employeeId } : {}),
      });
    },
  }),
);
