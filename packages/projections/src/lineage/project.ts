import {
  ACTIVITY_EVENT_TYPES,
  addMonths,
  clockTimeOf,
  DEFAULT_LADDER,
  dateOf,
  evaluatedMonth,
  type Ladder,
  paidByMonthEnd,
} from '@trackrecord/domain';
import type { Kysely } from 'kysely';
import type { Projection } from '../runner/projection.ts';
import { pos, upsert } from '../support.ts';
import type {
  LadderKinds,
  LineageCorrectionKind,
  LineageDb,
  LineageKind,
  LineageStep,
  LineageStepKind,
} from './table.ts';

/**
 * Correction lineage, from events alone: when a sale is reversed or its amount corrected, or a
 * payment refunded, everything whose evidence counted it is flagged, each with the path from the
 * correction to it. What counted a sale of month M, closed at position s and corrected at c,
 * where E is the evaluated month (the last month ended, as the facts fold defines it) of a
 * verdict computed in [s, c):
 *
 * - the seller's score of M, and the seller's verdicts when M lies in E's twelve months (annual
 *   sales; the score and KPIs are E's own); a refund counts only when dated by M's end (it then
 *   lowers M's collection) and only for verdicts with E = M;
 * - a reversal of a deal credited to a mentor (the seller was on probation with one): the
 *   mentor's "deals closed by mentees"; an amount correction leaves the number of deals as it is;
 * - the team the sale counted for (the seller's team at the close): the team-growth requirement
 *   of each member whose next level asks for it, when M is among the three months ending with E
 *   or the same three a year earlier;
 * - target warnings of month M raised on evidence in [s, c): the seller's own (their attainment),
 *   and the peer-gap warnings of the seller's peers (same level and region at the close and at
 *   the warning), whose median counted the seller's attainment;
 * - commission statements of closed payout months that held a line of the sale's payments
 *   (reversals) or of the refunded payment;
 * - every decision whose evidence position lies in [s, c) and rests on one of those: about the
 *   seller, about the mentor (a step requiring mentee deals) or about a member of the team (a
 *   step requiring team growth), under the ladder in force at the evidence position. Decisions
 *   and warnings recorded after the correction on evidence from before it are flagged too.
 */

const CLOCK_TYPES = [
  'SaleClosed',
  'PaymentCollected',
  'PaymentRefunded',
  'AttendanceRecorded',
  'SatisfactionPulseAnswered',
  ...ACTIVITY_EVENT_TYPES,
] as const;
const EVENT_TYPES = [
  ...CLOCK_TYPES,
  'EmployeeHired',
  'EmployeeTransferred',
  'RankChanged',
  'ProbationPassed',
  'ProbationFailed',
  'EmployeeLeft',
  'MentorAssigned',
  'SaleReversed',
  'SaleCorrected',
  'CommissionPeriodClosed',
  'AlertRaised',
  'LadderPublished',
  'PromotionDecided',
] as const;
type Handled = (typeof EVENT_TYPES)[number];

type Sale = {
  sale_id: string;
  employee_id: string;
  month: string;
  amount: number;
  position: bigint;
  mentor_id: string | null;
  team_id: string | null;
  level: string | null;
  region_id: string | null;
  evaluated_month: string;
  reversed: boolean;
};
type Member = {
  employee_id: string;
  team_id: string | null;
  level: string | null;
  region_id: string | null;
  on_probation: boolean;
  mentor_id: string | null;
  active: boolean;
};
type Payment = {
  payment_id: string;
  sale_id: string;
  employee_id: string;
  month: string;
  payout_month: string;
  amount: number;
  position: bigint;
  closed_position: bigint | null;
};
/** A reversal, correction or refund, with what the sale fed when it was counted. */
type Correction = {
  event_id: string;
  correction: LineageCorrectionKind;
  sale: Sale;
  payment: Payment | null;
  position: bigint;
  at: string;
  reason: string;
  amount_before: number;
  amount_after: number;
};
type Decision = {
  review_id: string;
  employee_id: string;
  outcome: string;
  evidence: bigint;
  to_level: string;
  team_id: string | null;
  evaluated_month: string;
  requirements: readonly string[];
};
type Alert = {
  alert_id: string;
  kind: 'target_behind' | 'target_peer_gap';
  employee_id: string;
  period: string;
  level: string | null;
  region_id: string | null;
  evidence: bigint;
};

/** Months from `a` to `b` (`YYYY-MM`), negative when `b` is earlier. */
const monthsFrom = (a: string, b: string): number =>
  (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7));

/** True when some month of [from, to] lies `lo`..`hi` months after `m`. */
const someMonthIn = (from: string, to: string, m: string, lo: number, hi: number): boolean =>
  from !== '' && monthsFrom(m, to) >= lo && monthsFrom(m, from) <= hi;

/** A sale of month `m` counts in the annual sales (and score) of evaluated month `e`. */
const inYearOf = (m: string, e: string) => monthsFrom(m, e) >= 0 && monthsFrom(m, e) <= 11;
/** A sale of month `m` counts in the team growth of evaluated month `e` (3 months, and a year before). */
const inGrowthOf = (m: string, e: string) => {
  const d = monthsFrom(m, e);
  return (d >= 0 && d <= 2) || (d >= 12 && d <= 14);
};

/** The requirement kinds of each level and the next levels of each, of a ladder. */
function ladderKinds(ladder: Ladder, position: string): LadderKinds {
  const levels: Record<string, string[]> = {};
  const next: Record<string, string[]> = {};
  for (const track of ladder.tracks)
    track.levels.forEach((level, i) => {
      levels[level.id] = [
        ...new Set([...(levels[level.id] ?? []), ...level.requirements.map((r) => r.kind)]),
      ].sort();
      const after = track.levels[i + 1];
      if (after) next[level.id] = [...new Set([...(next[level.id] ?? []), after.id])].sort();
    });
  return { position, levels, next };
}
const DEFAULT_KINDS = ladderKinds(DEFAULT_LADDER, '0');

const step = (
  kind: LineageStepKind,
  employeeId: string | null,
  ref: string,
  en: string,
  zh: string,
): LineageStep => ({ kind, employeeId, ref, label: { en, zh } });

/** The first steps of every path: the sale, or the refunded payment of it. */
function origin(c: Correction): LineageStep[] {
  const s = c.sale;
  const sale = step(
    'sale',
    s.employee_id,
    s.sale_id,
    `sale ${s.sale_id} of ${s.employee_id}, ${s.month}`,
    `${s.employee_id} 的销售 ${s.sale_id}（${s.month}）`,
  );
  if (!c.payment) return [sale];
  const p = c.payment;
  return [
    step(
      'payment',
      s.employee_id,
      p.payment_id,
      `payment ${p.payment_id} on sale ${s.sale_id}`,
      `销售 ${s.sale_id} 的回款 ${p.payment_id}`,
    ),
  ];
}
const verdictStep = (employeeId: string, month: string) =>
  step(
    'eligibility',
    employeeId,
    month,
    `eligibility verdict of ${employeeId} (figures of ${month})`,
    `${employeeId} 的晋升资格判定（${month} 数据）`,
  );
const decisionStep = (d: Decision) =>
  step(
    'decision',
    d.employee_id,
    d.review_id,
    `decision on review ${d.review_id}: ${d.outcome} (to ${d.to_level})`,
    `评审 ${d.review_id} 的决定：${d.outcome === 'approved' ? '批准' : '驳回'}（晋升 ${d.to_level}）`,
  );
const menteeStep = (mentorId: string) =>
  step(
    'mentee_deals',
    mentorId,
    mentorId,
    `deals closed by ${mentorId}'s mentees`,
    `${mentorId} 带教新人成交单数`,
  );
const teamSalesStep = (teamId: string, month: string) =>
  step('team_sales', null, teamId, `sales of team ${teamId}, ${month}`, `团队 ${teamId} ${month} 销售额`);
const teamGrowthStep = (employeeId: string, teamId: string) =>
  step(
    'team_growth',
    employeeId,
    teamId,
    `team sales growth requirement of ${employeeId} (team ${teamId})`,
    `${employeeId} 的团队销售增长要求（团队 ${teamId}）`,
  );

/** The routes by which a decision rests on a correction, each as the steps after the origin. */
function decisionRoutes(c: Correction, d: Decision): { route: string; steps: LineageStep[] }[] {
  const s = c.sale;
  const e = d.evaluated_month;
  const counted = d.evidence >= (c.payment?.position ?? s.position) && d.evidence < c.position;
  if (!counted || e === '') return [];
  const routes: { route: string; steps: LineageStep[] }[] = [];
  const amount = c.correction !== 'refunded';
  if (d.employee_id === s.employee_id && (amount ? inYearOf(s.month, e) : refundCounts(c) && s.month === e))
    routes.push({ route: 'seller', steps: [verdictStep(d.employee_id, e), decisionStep(d)] });
  if (c.correction === 'reversed' && s.mentor_id === d.employee_id && d.requirements.includes('mentoring'))
    routes.push({
      route: 'mentor',
      steps: [menteeStep(d.employee_id), verdictStep(d.employee_id, e), decisionStep(d)],
    });
  if (
    amount &&
    s.team_id !== null &&
    d.team_id === s.team_id &&
    d.requirements.includes('teamSalesGrowth') &&
    inGrowthOf(s.month, e)
  )
    routes.push({
      route: 'team',
      steps: [
        teamSalesStep(s.team_id, s.month),
        teamGrowthStep(d.employee_id, s.team_id),
        verdictStep(d.employee_id, e),
        decisionStep(d),
      ],
    });
  return routes;
}

/** A refund lowers its sale month's collection when dated by the month's end (as the fold counts it). */
const refundCounts = (c: Correction) => c.correction === 'refunded' && paidByMonthEnd(c.at, c.sale.month);

/** The routes by which a target warning rests on a correction (reversals and amount corrections). */
function warningRoutes(c: Correction, a: Alert): { route: string; steps: LineageStep[] }[] {
  const s = c.sale;
  if (c.correction === 'refunded' || a.period !== s.month) return [];
  if (a.evidence < s.position || a.evidence >= c.position) return [];
  const attainment = step(
    'attainment',
    s.employee_id,
    s.month,
    `target attainment of ${s.employee_id}, ${s.month}`,
    `${s.employee_id} ${s.month} 目标达成率`,
  );
  const warning = step(
    'target_warning',
    a.employee_id,
    a.alert_id,
    a.kind === 'target_behind'
      ? `warning: ${a.employee_id} behind the stage target, ${a.period}`
      : `warning: ${a.employee_id} far below the peers' median, ${a.period}`,
    a.kind === 'target_behind'
      ? `预警：${a.employee_id} ${a.period} 落后阶段目标`
      : `预警：${a.employee_id} ${a.period} 远低于同级同事中位数`,
  );
  if (a.employee_id === s.employee_id) return [{ route: 'own', steps: [attainment, warning] }];
  if (
    a.kind === 'target_peer_gap' &&
    s.level !== null &&
    a.level === s.level &&
    a.region_id === s.region_id
  ) {
    const group = `${s.level}/${s.region_id}/${s.month}`;
    return [
      {
        route: 'peers',
        steps: [
          attainment,
          step(
            'peer_median',
            null,
            group,
            `peers' median attainment (${s.level}, region ${s.region_id}, ${s.month})`,
            `同职级同区域达成率中位数（${s.level}，区域 ${s.region_id}，${s.month}）`,
          ),
          warning,
        ],
      },
    ];
  }
  return [];
}

type FlagRow = Record<string, unknown>;

/**
 * See the module comment. Frequent events (sales, payments, people) are kept in memory and
 * written at the end of the batch; a correction, decision, warning or close first writes what is
 * pending and then asks the tables, so one event per batch reaches the same rows as one batch.
 */
export const lineageProjection: Projection<LineageDb, Handled> = {
  name: 'lineage',
  version: '2',
  tables: [
    'lineage_sales',
    'lineage_members',
    'lineage_payments',
    'lineage_alerts',
    'lineage_state',
    'lineage_decisions',
    'lineage_corrections',
    'lineage_flags',
  ],
  eventTypes: EVENT_TYPES,
  async apply(db: Kysely<LineageDb>, events) {
    const stateRow = await db.selectFrom('lineage_state').selectAll().where('id', '=', 1).executeTakeFirst();
    let clock = stateRow?.clock ?? '';
    let closedThrough = stateRow?.closed_through ?? null;
    const evaluated = stateRow?.evaluated ?? [];
    const ladders = stateRow?.ladders ?? [];
    let stateChanged = false;

    // People the batch names, loaded once; sales and payments on demand.
    const ids = new Set<string>();
    for (const { event } of events) {
      const d = event.data as Record<string, unknown>;
      for (const k of ['employeeId', 'mentorId', 'menteeId'])
        if (typeof d[k] === 'string') ids.add(d[k] as string);
    }
    const members = new Map<string, Member>();
    if (ids.size > 0)
      for (const m of await db
        .selectFrom('lineage_members')
        .selectAll()
        .where('employee_id', 'in', [...ids])
        .execute())
        members.set(m.employee_id, m);
    const sales = new Map<string, Sale>();
    const payments = new Map<string, Payment>();
    const dirty = { sales: new Set<string>(), members: new Set<string>(), payments: new Set<string>() };
    let decisions: FlagRow[] = [];
    let corrections: FlagRow[] = [];
    let alerts: FlagRow[] = [];
    let flags = new Map<string, FlagRow>();

    const flush = async () => {
      await upsert(
        db,
        'lineage_sales',
        [...dirty.sales].map((id) => {
          const s = sales.get(id) as Sale;
          return { ...s, position: pos(s.position) };
        }),
        ['sale_id'],
      );
      await upsert(
        db,
        'lineage_members',
        [...dirty.members].map((id) => members.get(id) as Member),
        ['employee_id'],
      );
      await upsert(
        db,
        'lineage_payments',
        [...dirty.payments].map((id) => {
          const p = payments.get(id) as Payment;
          return {
            ...p,
            position: pos(p.position),
            closed_position: p.closed_position === null ? null : pos(p.closed_position),
          };
        }),
        ['payment_id'],
      );
      await upsert(db, 'lineage_decisions', decisions, ['review_id']);
      await upsert(db, 'lineage_corrections', corrections, ['event_id']);
      await upsert(db, 'lineage_alerts', alerts, ['alert_id']);
      await upsert(db, 'lineage_flags', [...flags.values()], ['flag_id']);
      dirty.sales.clear();
      dirty.members.clear();
      dirty.payments.clear();
      decisions = [];
      corrections = [];
      alerts = [];
      flags = new Map();
    };

    const saleOf = async (saleId: string): Promise<Sale | undefined> => {
      const cached = sales.get(saleId);
      if (cached) return cached;
      const r = await db
        .selectFrom('lineage_sales')
        .selectAll()
        .where('sale_id', '=', saleId)
        .executeTakeFirst();
      if (!r) return undefined;
      const s: Sale = { ...r, amount: Number(r.amount), position: BigInt(r.position) };
      sales.set(saleId, s);
      return s;
    };
    const toPayment = (r: {
      payment_id: string;
      sale_id: string;
      employee_id: string;
      month: string;
      payout_month: string;
      amount: string;
      position: string;
      closed_position: string | null;
    }): Payment => ({
      ...r,
      amount: Number(r.amount),
      position: BigInt(r.position),
      closed_position: r.closed_position === null ? null : BigInt(r.closed_position),
    });
    const evaluatedAt = (position: bigint): string => {
      let month = '';
      for (const e of evaluated) if (BigInt(e.position) <= position) month = e.month;
      return month;
    };
    const currentEvaluated = () => evaluated[evaluated.length - 1]?.month ?? '';
    const ladderAt = (position: bigint): LadderKinds => {
      let kinds = DEFAULT_KINDS;
      for (const l of ladders) if (BigInt(l.position) <= position) kinds = l;
      return kinds;
    };
    const requirementsAt = (position: bigint, toLevel: string): string[] => [
      ...(ladderAt(position).levels[toLevel] ?? []),
    ];

    const flag = (
      c: Correction,
      kind: LineageKind,
      subject: string,
      ref: string,
      route: string,
      steps: LineageStep[],
    ) => {
      const flagId = `${c.event_id}:${kind}:${subject}:${ref}:${route}`;
      flags.set(flagId, {
        flag_id: flagId,
        sale_id: c.sale.sale_id,
        employee_id: subject,
        seller_id: c.sale.employee_id,
        payment_id: c.payment?.payment_id ?? null,
        correction: c.correction,
        correction_event_id: c.event_id,
        correction_position: pos(c.position),
        correction_at: c.at,
        reason: c.reason,
        sale_position: pos(c.sale.position),
        kind,
        ref,
        from_position: pos(c.payment?.position ?? c.sale.position),
        before_position: pos(c.position),
        amount_before: c.amount_before,
        amount_after: c.amount_after,
        position: pos(c.position),
        path: JSON.stringify([...origin(c), ...steps]),
      });
    };
    const flagDecision = (c: Correction, d: Decision) => {
      for (const r of decisionRoutes(c, d)) flag(c, 'decision', d.employee_id, d.review_id, r.route, r.steps);
    };
    const flagWarning = (c: Correction, a: Alert) => {
      for (const r of warningRoutes(c, a))
        flag(c, 'target_warning', a.employee_id, a.alert_id, r.route, r.steps);
    };
    const decisionOf = (r: {
      review_id: string;
      employee_id: string;
      outcome: string;
      evidence_position: string;
      to_level: string;
      team_id: string | null;
      evaluated_month: string;
      requirements: string[];
    }): Decision => ({ ...r, evidence: BigInt(r.evidence_position) });

    /** Flags what a correction reaches, now (the decisions and warnings recorded so far). */
    const correct = async (c: Correction) => {
      await flush();
      const s = c.sale;
      const amount = c.correction !== 'refunded';
      const es = s.evaluated_month;
      const ec = currentEvaluated();
      if (amount || refundCounts(c)) {
        flag(c, 'score', s.employee_id, s.month, 'seller', [
          step(
            'score',
            s.employee_id,
            s.month,
            `score of ${s.employee_id} for ${s.month}`,
            `${s.employee_id} ${s.month} 综合评分`,
          ),
        ]);
      }
      if (
        amount ? someMonthIn(es, ec, s.month, 0, 11) : refundCounts(c) && someMonthIn(es, ec, s.month, 0, 0)
      )
        flag(c, 'eligibility', s.employee_id, s.employee_id, 'seller', [verdictStep(s.employee_id, ec)]);
      if (c.correction === 'reversed' && s.mentor_id)
        flag(c, 'mentee_deals', s.mentor_id, s.mentor_id, 'mentor', [menteeStep(s.mentor_id)]);
      if (
        amount &&
        s.team_id &&
        (someMonthIn(es, ec, s.month, 0, 2) || someMonthIn(es, ec, s.month, 12, 14))
      ) {
        const ladder = ladderAt(c.position);
        for (const m of await db
          .selectFrom('lineage_members')
          .selectAll()
          .where('team_id', '=', s.team_id)
          .where('active', '=', true)
          .orderBy('employee_id')
          .execute()) {
          const growth = (ladder.next[m.level ?? ''] ?? []).some((l) =>
            (ladder.levels[l] ?? []).includes('teamSalesGrowth'),
          );
          if (growth)
            flag(c, 'team_growth', m.employee_id, s.team_id, 'team', [
              teamSalesStep(s.team_id, s.month),
              teamGrowthStep(m.employee_id, s.team_id),
            ]);
        }
      }
      if (amount)
        for (const a of await db
          .selectFrom('lineage_alerts')
          .selectAll()
          .where('period', '=', s.month)
          .where('evidence_position', '>=', pos(s.position))
          .execute())
          flagWarning(c, { ...a, evidence: BigInt(a.evidence_position) });
      // Statements of closed months whose lines held the sale's payments (or the refunded one).
      const lines =
        c.correction === 'reversed'
          ? (
              await db.selectFrom('lineage_payments').selectAll().where('sale_id', '=', s.sale_id).execute()
            ).map(toPayment)
          : c.payment && !s.reversed
            ? [c.payment]
            : [];
      for (const p of lines) {
        if (p.closed_position === null) continue;
        flag(c, 'statement', s.employee_id, p.payout_month, `line:${p.payment_id}`, [
          ...(c.payment
            ? []
            : [
                step(
                  'payment',
                  s.employee_id,
                  p.payment_id,
                  `payment ${p.payment_id} on sale ${s.sale_id}`,
                  `销售 ${s.sale_id} 的回款 ${p.payment_id}`,
                ),
              ]),
          step(
            'commission_line',
            s.employee_id,
            p.payment_id,
            `commission line of payment ${p.payment_id}`,
            `回款 ${p.payment_id} 的提成明细`,
          ),
          step(
            'statement',
            s.employee_id,
            p.payout_month,
            `commission statement of ${s.employee_id}, ${p.payout_month}`,
            `${s.employee_id} ${p.payout_month} 提成结算单`,
          ),
        ]);
      }
      const from = pos(c.payment?.position ?? s.position);
      let q = db
        .selectFrom('lineage_decisions')
        .selectAll()
        .where('evidence_position', '>=', from)
        .where('evidence_position', '<', pos(c.position));
      q = q.where((w) =>
        w.or([
          w('employee_id', '=', s.employee_id),
          ...(s.mentor_id ? [w('employee_id', '=', s.mentor_id)] : []),
          ...(s.team_id ? [w('team_id', '=', s.team_id)] : []),
        ]),
      );
      for (const r of await q.orderBy('review_id').execute()) flagDecision(c, decisionOf(r));
      corrections.push({
        event_id: c.event_id,
        sale_id: s.sale_id,
        employee_id: s.employee_id,
        correction: c.correction,
        sale_position: pos(s.position),
        position: pos(c.position),
        payment_id: c.payment?.payment_id ?? null,
        month: s.month,
        mentor_id: s.mentor_id,
        team_id: s.team_id,
        level: s.level,
        region_id: s.region_id,
        at: c.at,
        reason: c.reason,
        amount_before: c.amount_before,
        amount_after: c.amount_after,
      });
    };

    /** The corrections recorded so far that a decision or warning on evidence `evidence` may rest on. */
    const correctionsBefore = async (
      evidence: bigint,
      where: { employees: string[]; teamId: string | null } | { month: string },
    ): Promise<Correction[]> => {
      await flush();
      let q = db
        .selectFrom('lineage_corrections')
        .selectAll()
        .where('position', '>', pos(evidence))
        .where('sale_position', '<=', pos(evidence));
      if ('month' in where) q = q.where('month', '=', where.month);
      else
        q = q.where((w) =>
          w.or([
            w('employee_id', 'in', where.employees),
            w('mentor_id', 'in', where.employees),
            ...(where.teamId ? [w('team_id', '=', where.teamId)] : []),
          ]),
        );
      const rows = await q.orderBy('position').execute();
      const out: Correction[] = [];
      for (const r of rows) {
        const sale = await saleOf(r.sale_id);
        if (!sale) continue;
        const payment = r.payment_id
          ? toPayment(
              await db
                .selectFrom('lineage_payments')
                .selectAll()
                .where('payment_id', '=', r.payment_id)
                .executeTakeFirstOrThrow(),
            )
          : null;
        out.push({
          event_id: r.event_id,
          correction: r.correction,
          // The sale as it was counted: its fields at the close, whatever came later.
          sale: {
            ...sale,
            mentor_id: r.mentor_id,
            team_id: r.team_id,
            level: r.level,
            region_id: r.region_id,
            month: r.month,
          },
          payment,
          position: BigInt(r.position),
          at: r.at,
          reason: r.reason,
          amount_before: Number(r.amount_before),
          amount_after: Number(r.amount_after),
        });
      }
      return out;
    };

    for (const { position, id, event } of events) {
      const at = clockTimeOf(event);
      if (at !== undefined) {
        const date = dateOf(at);
        if (date > clock) {
          const month = evaluatedMonth(date);
          if (month !== currentEvaluated()) evaluated.push({ month, position: pos(position) });
          clock = date;
          stateChanged = true;
        }
      }
      switch (event.type) {
        case 'EmployeeHired': {
          const d = event.data;
          members.set(d.employeeId, {
            employee_id: d.employeeId,
            team_id: d.teamId,
            level: d.level,
            region_id: d.regionId,
            on_probation: d.probationEnd !== null,
            mentor_id: null,
            active: true,
          });
          dirty.members.add(d.employeeId);
          break;
        }
        case 'EmployeeTransferred':
        case 'RankChanged':
        case 'ProbationPassed':
        case 'ProbationFailed':
        case 'EmployeeLeft':
        case 'MentorAssigned': {
          const who = event.type === 'MentorAssigned' ? event.data.menteeId : event.data.employeeId;
          const m = members.get(who);
          if (!m) break; // hired before this read model's history: nothing to follow
          if (event.type === 'EmployeeTransferred') m.team_id = event.data.toTeamId;
          else if (event.type === 'RankChanged') m.level = event.data.toLevel;
          else if (event.type === 'EmployeeLeft') m.active = false;
          else if (event.type === 'MentorAssigned') m.mentor_id = event.data.mentorId;
          else m.on_probation = false;
          dirty.members.add(who);
          break;
        }
        case 'SaleClosed': {
          const d = event.data;
          if (sales.has(d.saleId)) break; // counted once
          const m = members.get(d.employeeId);
          sales.set(d.saleId, {
            sale_id: d.saleId,
            employee_id: d.employeeId,
            month: d.closedAt.slice(0, 7),
            amount: d.amount,
            position,
            mentor_id: m?.on_probation && m.mentor_id ? m.mentor_id : null,
            team_id: m?.team_id ?? null,
            level: m?.level ?? null,
            region_id: m?.region_id ?? null,
            evaluated_month: currentEvaluated(),
            reversed: false,
          });
          dirty.sales.add(d.saleId);
          break;
        }
        case 'PaymentCollected': {
          const d = event.data;
          const month = d.collectedAt.slice(0, 7);
          payments.set(d.paymentId, {
            payment_id: d.paymentId,
            sale_id: d.saleId,
            employee_id: d.employeeId,
            month,
            payout_month:
              closedThrough !== null && month <= closedThrough ? addMonths(closedThrough, 1) : month,
            amount: d.amount,
            position,
            closed_position: null,
          });
          dirty.payments.add(d.paymentId);
          break;
        }
        case 'SaleReversed':
        case 'SaleCorrected': {
          const d = event.data;
          const sale = await saleOf(d.saleId);
          if (!sale) throw new Error(`lineage: ${event.type} of sale ${d.saleId} that was never closed`);
          const reversal = event.type === 'SaleReversed';
          const after = reversal ? 0 : event.data.amount;
          // A reversed sale no longer counts: reversing or correcting it again changes no count.
          if (!sale.reversed && (reversal || after !== sale.amount))
            await correct({
              event_id: id,
              correction: reversal ? 'reversed' : 'corrected',
              sale: { ...sale },
              payment: null,
              position,
              at: reversal ? event.data.reversedAt : event.data.correctedAt,
              reason: d.reason,
              amount_before: sale.amount,
              amount_after: after,
            });
          sale.amount = after;
          if (reversal) sale.reversed = true;
          dirty.sales.add(d.saleId);
          break;
        }
        case 'PaymentRefunded': {
          const d = event.data;
          await flush();
          const r = await db
            .selectFrom('lineage_payments')
            .selectAll()
            .where('payment_id', '=', d.paymentId)
            .executeTakeFirst();
          const sale = await saleOf(d.saleId);
          if (!r || !sale) break; // a refund of a payment this history never saw: nothing counted it
          const payment = toPayment(r);
          await correct({
            event_id: id,
            correction: 'refunded',
            sale: { ...sale },
            payment,
            position,
            at: d.refundedAt,
            reason: d.reason,
            amount_before: payment.amount,
            amount_after: Math.max(0, payment.amount - d.amount),
          });
          payment.amount = Math.max(0, payment.amount - d.amount);
          payments.set(payment.payment_id, payment);
          dirty.payments.add(payment.payment_id);
          break;
        }
        case 'CommissionPeriodClosed': {
          const d = event.data;
          if (closedThrough !== null && d.month <= closedThrough) break;
          await flush();
          await db
            .updateTable('lineage_payments')
            .set({ closed_position: pos(position) })
            .where('closed_position', 'is', null)
            .where('payout_month', '<=', d.month)
            .execute();
          payments.clear();
          closedThrough = d.month;
          stateChanged = true;
          break;
        }
        case 'LadderPublished': {
          ladders.push(ladderKinds(event.data.ladder, pos(position)));
          stateChanged = true;
          break;
        }
        case 'AlertRaised': {
          const d = event.data;
          if (d.kind !== 'target_behind' && d.kind !== 'target_peer_gap') break;
          const period = d.evidence.ref ?? '';
          const m = members.get(d.employeeId);
          const alert: Alert = {
            alert_id: d.alertId,
            kind: d.kind,
            employee_id: d.employeeId,
            period,
            level: m?.level ?? null,
            region_id: m?.region_id ?? null,
            evidence: BigInt(d.evidence.position),
          };
          // Raised after a correction on evidence from before it.
          for (const c of await correctionsBefore(alert.evidence, { month: period })) flagWarning(c, alert);
          alerts.push({
            alert_id: alert.alert_id,
            kind: alert.kind,
            employee_id: alert.employee_id,
            period,
            level: alert.level,
            region_id: alert.region_id,
            evidence_position: d.evidence.position,
            position: pos(position),
          });
          break;
        }
        case 'PromotionDecided': {
          const d = event.data;
          const evidence = BigInt(d.evidencePosition);
          const dec: Decision = {
            review_id: d.reviewId,
            employee_id: d.employeeId,
            outcome: d.outcome,
            evidence,
            to_level: d.toLevel,
            team_id: members.get(d.employeeId)?.team_id ?? null,
            evaluated_month: evaluatedAt(evidence),
            requirements: requirementsAt(evidence, d.toLevel),
          };
          // Decided after a correction, on evidence from before it.
          for (const c of await correctionsBefore(evidence, {
            employees: [d.employeeId],
            teamId: dec.team_id,
          }))
            flagDecision(c, dec);
          decisions.push({
            review_id: dec.review_id,
            employee_id: dec.employee_id,
            outcome: dec.outcome,
            evidence_position: d.evidencePosition,
            position: pos(position),
            to_level: dec.to_level,
            team_id: dec.team_id,
            evaluated_month: dec.evaluated_month,
            requirements: JSON.stringify(dec.requirements),
          });
          break;
        }
        default:
          // Activities, attendance and pulses: only their time, read above, matters here.
          break;
      }
    }
    await flush();
    if (stateChanged)
      await upsert(
        db,
        'lineage_state',
        [
          {
            id: 1,
            clock,
            closed_through: closedThrough,
            evaluated: JSON.stringify(evaluated),
            ladders: JSON.stringify(ladders),
          },
        ],
        ['id'],
      );
  },
};
