import { addMonths, type TargetPolicy, targetPolicyFor } from '@trackrecord/domain';
import { type Kysely, type Selectable, sql } from 'kysely';
import { sameJson } from '../evaluations/bulk.ts';
import type { Projection } from '../runner/projection.ts';
import { businessClock, inTuples, pos, upsert } from '../support.ts';
import { peerWarnings, progress, TARGET_POLICY, weekIndex } from './progress.ts';
import type { TargetMembersTable, TargetsDb } from './table.ts';

const EVENT_TYPES = new Set([
  'EmployeeHired',
  'EmployeeTransferred',
  'RankChanged',
  'EmployeeLeft',
  'SaleClosed',
  'SaleReversed',
  'SaleCorrected',
  'TargetSet',
  'TargetAdjustmentRequested',
  'TargetAdjustmentApproved',
  'TargetAdjustmentRejected',
  'TeamTargetSplit',
  'TargetPolicyPublished',
  'PolicyVariantWithdrawn',
]);

type Member = Selectable<TargetMembersTable>;
type Sale = {
  sale_id: string;
  employee_id: string;
  team_id: string;
  period: string;
  week_index: number;
  amount: number;
  reversed: boolean;
};
/** The inputs of a target row; the rest is computed from sales and the clock. */
type Input = {
  subject_id: string;
  period: string;
  subject_kind: 'employee' | 'team';
  team_id: string | null;
  level: string | null;
  region_id: string | null;
  amount: number;
  original_amount: number;
  basis: string;
  set_by: string;
  set_at: string;
  updated_position: string;
};

const k2 = (a: string, b: string) => `${a}\u0000${b}`;

/**
 * Targets, progress, lights and early warnings. Every batch recomputes all targets of the
 * periods it touched and of the period the clock is in, so peers and lights stay current.
 */
export const targetsProjection: Projection<TargetsDb> = {
  name: 'targets',
  // 4: each row's evidence position (the batch that last changed it), for the warnings' evidence.
  // 5: branch variants of the target policy; each member's branch; the policy each row is judged by.
  version: '5',
  tables: [
    'target_policy',
    'target_policy_variants',
    'target_members',
    'target_sales',
    'target_weekly',
    'targets',
    'target_adjustments',
    'target_clock',
  ],
  // Every event: any event's time moves the clock that ends weeks.
  async apply(db: Kysely<TargetsDb>, recorded) {
    const clockRow = await db.selectFrom('target_clock').select('now').where('id', '=', 1).executeTakeFirst();
    const before = clockRow?.now ?? '';
    const clock = businessClock(before, recorded);
    const parsed = recorded.filter((r) => EVENT_TYPES.has(r.type));
    const policyRow = await db
      .selectFrom('target_policy')
      .select('document')
      .where('id', '=', 1)
      .executeTakeFirst();
    let policy = (policyRow?.document as TargetPolicy | undefined) ?? TARGET_POLICY;
    // The branches' variants in force (a withdrawal deletes one: its branch is judged by `policy`).
    const variants: Record<string, TargetPolicy> = {};
    for (const v of await db.selectFrom('target_policy_variants').selectAll().execute())
      variants[v.branch_id] = v.document as TargetPolicy;

    // Load once what the batch refers to.
    const employeeIds = new Set<string>();
    const saleIds = new Set<string>();
    const targetKeys = new Map<string, [string, string]>();
    const requestIds = new Set<string>();
    for (const { event } of parsed) {
      const d = event.data as Record<string, unknown>;
      if (typeof d.employeeId === 'string') employeeIds.add(d.employeeId);
      if (event.type === 'SaleReversed' || event.type === 'SaleCorrected') saleIds.add(event.data.saleId);
      if ('subjectId' in event.data) {
        targetKeys.set(k2(event.data.subjectId, event.data.period), [
          event.data.subjectId,
          event.data.period,
        ]);
        if (event.data.subjectKind === 'employee') employeeIds.add(event.data.subjectId);
      }
      if ('requestId' in event.data) requestIds.add(event.data.requestId);
      if (event.type === 'TeamTargetSplit') {
        targetKeys.set(k2(event.data.teamId, event.data.period), [event.data.teamId, event.data.period]);
        for (const s of event.data.shares) {
          employeeIds.add(s.employeeId);
          targetKeys.set(k2(s.employeeId, event.data.period), [s.employeeId, event.data.period]);
        }
      }
    }
    const members = new Map<string, Member>();
    if (employeeIds.size > 0) {
      for (const m of await db
        .selectFrom('target_members')
        .selectAll()
        .where('employee_id', 'in', [...employeeIds])
        .execute()) {
        members.set(m.employee_id, m);
      }
    }
    const sales = new Map<string, Sale>();
    if (saleIds.size > 0) {
      for (const s of await db
        .selectFrom('target_sales')
        .selectAll()
        .where('sale_id', 'in', [...saleIds])
        .execute()) {
        sales.set(s.sale_id, { ...s, amount: Number(s.amount) });
      }
    }
    const inputs = new Map<string, Input>();
    if (targetKeys.size > 0) {
      for (const t of await db
        .selectFrom('targets')
        .select([
          'subject_id',
          'period',
          'subject_kind',
          'team_id',
          'level',
          'region_id',
          'amount',
          'original_amount',
          'basis',
          'set_by',
          'set_at',
          'updated_position',
        ])
        .where(inTuples(['subject_id', 'period'], [...targetKeys.values()]))
        .execute()) {
        inputs.set(k2(t.subject_id, t.period), {
          ...t,
          amount: Number(t.amount),
          original_amount: Number(t.original_amount),
        });
      }
    }
    const adjustments = new Map<string, Record<string, unknown>>();
    if (requestIds.size > 0) {
      for (const a of await db
        .selectFrom('target_adjustments')
        .selectAll()
        .where('request_id', 'in', [...requestIds])
        .execute()) {
        adjustments.set(a.request_id, a);
      }
    }

    const changedMembers = new Set<string>();
    const changedSales = new Set<string>();
    const changedInputs = new Set<string>();
    const weekly = new Map<
      string,
      { subject_id: string; period: string; week_index: number; amount: number }
    >();
    const periods = new Set<string>();
    const addWeekly = (subjectId: string, period: string, week: number, amount: number) => {
      const k = `${subjectId}\u0000${period}\u0000${week}`;
      const row = weekly.get(k) ?? { subject_id: subjectId, period, week_index: week, amount: 0 };
      row.amount += amount;
      weekly.set(k, row);
      periods.add(period);
    };
    const count = (s: Sale, sign: 1 | -1, amount = s.amount) => {
      addWeekly(s.employee_id, s.period, s.week_index, sign * amount);
      addWeekly(s.team_id, s.period, s.week_index, sign * amount);
    };
    const setInput = (input: Input) => {
      const k = k2(input.subject_id, input.period);
      inputs.set(k, input);
      changedInputs.add(k);
      periods.add(input.period);
    };

    for (const { position, event } of parsed) {
      const p = pos(position);
      switch (event.type) {
        case 'EmployeeHired': {
          const d = event.data;
          members.set(d.employeeId, {
            employee_id: d.employeeId,
            team_id: d.teamId,
            level: d.level,
            region_id: d.regionId,
            branch_id: d.branchId,
            active: true,
          });
          changedMembers.add(d.employeeId);
          break;
        }
        case 'EmployeeTransferred':
        case 'RankChanged':
        case 'EmployeeLeft': {
          const m = members.get(event.data.employeeId);
          if (!m) break; // hired before this read model's history: nothing to follow
          if (event.type === 'EmployeeTransferred') {
            m.team_id = event.data.toTeamId;
            // Another branch's variant may judge them: the month in force is judged again.
            if (m.branch_id !== event.data.toBranchId && clock) periods.add(clock.slice(0, 7));
            m.branch_id = event.data.toBranchId;
          } else if (event.type === 'RankChanged') m.level = event.data.toLevel;
          else m.active = false;
          changedMembers.add(m.employee_id);
          break;
        }
        case 'SaleClosed': {
          const d = event.data;
          const sale: Sale = {
            sale_id: d.saleId,
            employee_id: d.employeeId,
            team_id: members.get(d.employeeId)?.team_id ?? '',
            period: d.closedAt.slice(0, 7),
            week_index: weekIndex(d.closedAt),
            amount: d.amount,
            reversed: false,
          };
          sales.set(d.saleId, sale);
          changedSales.add(d.saleId);
          count(sale, 1);
          break;
        }
        case 'SaleReversed': {
          const s = sales.get(event.data.saleId);
          if (!s || s.reversed) break;
          s.reversed = true;
          changedSales.add(s.sale_id);
          count(s, -1);
          break;
        }
        case 'SaleCorrected': {
          const s = sales.get(event.data.saleId);
          if (!s || s.reversed) break;
          count(s, 1, event.data.amount - s.amount);
          s.amount = event.data.amount;
          changedSales.add(s.sale_id);
          break;
        }
        case 'TargetPolicyPublished': {
          const { targetPolicy, branchId } = event.data;
          const document = JSON.stringify(targetPolicy);
          if (branchId === undefined) {
            policy = targetPolicy;
            await upsert(db, 'target_policy', [{ id: 1, document, position: p }], ['id']);
          } else {
            variants[branchId] = targetPolicy;
            await upsert(
              db,
              'target_policy_variants',
              [{ branch_id: branchId, document, position: p }],
              ['branch_id'],
            );
          }
          // The warnings of the month in force follow the new rules.
          if (clock) periods.add(clock.slice(0, 7));
          break;
        }
        case 'PolicyVariantWithdrawn': {
          const { kind, branchId, policyId } = event.data;
          if (kind !== 'target' || variants[branchId]?.id !== policyId) break;
          // The branch's people are judged by the headquarters default again.
          delete variants[branchId];
          await db.deleteFrom('target_policy_variants').where('branch_id', '=', branchId).execute();
          if (clock) periods.add(clock.slice(0, 7));
          break;
        }
        case 'TargetSet': {
          const d = event.data;
          const m = d.subjectKind === 'employee' ? members.get(d.subjectId) : undefined;
          setInput({
            subject_id: d.subjectId,
            period: d.period,
            subject_kind: d.subjectKind,
            team_id: d.subjectKind === 'team' ? d.subjectId : (m?.team_id ?? null),
            level: m?.level ?? null,
            region_id: m?.region_id ?? null,
            amount: d.amount,
            original_amount: d.amount,
            basis: d.basis,
            set_by: d.setBy,
            set_at: d.at,
            updated_position: p,
          });
          break;
        }
        case 'TeamTargetSplit': {
          const d = event.data;
          if (!inputs.has(k2(d.teamId, d.period))) {
            setInput({
              subject_id: d.teamId,
              period: d.period,
              subject_kind: 'team',
              team_id: d.teamId,
              level: null,
              region_id: null,
              amount: d.teamAmount,
              original_amount: d.teamAmount,
              basis: `team target split ${d.strategy}`,
              set_by: `team:${d.teamId}`,
              set_at: d.at,
              updated_position: p,
            });
          }
          for (const share of d.shares) {
            // A person's own target wins over their share of the team's.
            if (inputs.has(k2(share.employeeId, d.period))) continue;
            const m = members.get(share.employeeId);
            setInput({
              subject_id: share.employeeId,
              period: d.period,
              subject_kind: 'employee',
              team_id: d.teamId,
              level: m?.level ?? null,
              region_id: m?.region_id ?? null,
              amount: share.amount,
              original_amount: share.amount,
              basis: `share of team ${d.teamId}'s target, split ${d.strategy}`,
              set_by: `team:${d.teamId}`,
              set_at: d.at,
              updated_position: p,
            });
          }
          break;
        }
        case 'TargetAdjustmentRequested': {
          const d = event.data;
          adjustments.set(d.requestId, {
            request_id: d.requestId,
            subject_id: d.subjectId,
            period: d.period,
            requested_amount: d.requestedAmount,
            reason: d.reason,
            state: 'requested',
            decided_amount: null,
            decided_by: null,
            rejection_reason: null,
            approval_reason: null,
            requested_at: d.at,
            decided_at: null,
            position: p,
          });
          break;
        }
        case 'TargetAdjustmentApproved':
        case 'TargetAdjustmentRejected': {
          const d = event.data;
          const a = adjustments.get(d.requestId);
          if (!a) throw new Error(`targets: ${event.type} of unknown request ${d.requestId}`);
          a.decided_at = d.at;
          a.position = p;
          if (event.type === 'TargetAdjustmentApproved') {
            a.state = 'approved';
            a.decided_amount = event.data.approvedAmount;
            a.decided_by = event.data.approvedBy;
            a.approval_reason = event.data.reason ?? null;
            const input = inputs.get(k2(d.subjectId, d.period));
            if (input) setInput({ ...input, amount: event.data.approvedAmount, updated_position: p });
          } else {
            a.state = 'rejected';
            a.decided_by = event.data.rejectedBy;
            a.rejection_reason = event.data.reason;
          }
          break;
        }
        default:
          break;
      }
    }

    await upsert(
      db,
      'target_members',
      [...changedMembers].map((id) => members.get(id) as Member),
      ['employee_id'],
    );
    await upsert(
      db,
      'target_sales',
      [...changedSales].map((id) => sales.get(id) as Sale),
      ['sale_id'],
    );
    await upsert(db, 'target_adjustments', [...adjustments.values()], ['request_id']);
    // Zero deltas too: a row's existence must not depend on how events were batched.
    const deltas = [...weekly.values()];
    for (let i = 0; i < deltas.length; i += 1000) {
      await db
        .insertInto('target_weekly')
        .values(deltas.slice(i, i + 1000))
        .onConflict((oc) =>
          oc.columns(['subject_id', 'period', 'week_index']).doUpdateSet({
            amount: sql`target_weekly.amount + excluded.amount`,
          }),
        )
        .execute();
    }
    if (clock && clock !== before) {
      await upsert(db, 'target_clock', [{ id: 1, now: clock }], ['id']);
      // Every month the clock passed: their weeks ended.
      for (let m = (before || clock).slice(0, 7); m <= clock.slice(0, 7); m = addMonths(m, 1)) periods.add(m);
    }
    if (periods.size === 0) return;

    // Recompute every target of the periods concerned: progress, light, warnings, peers.
    const all = await db
      .selectFrom('targets')
      .selectAll()
      .where('period', 'in', [...periods])
      .execute();
    const current = new Map<string, Input>();
    // The rows as stored, to write only those whose recomputation differs.
    const stored = new Map<string, Record<string, unknown>>();
    for (const t of all) {
      stored.set(k2(t.subject_id, t.period), t);
      current.set(k2(t.subject_id, t.period), {
        subject_id: t.subject_id,
        period: t.period,
        subject_kind: t.subject_kind,
        team_id: t.team_id,
        level: t.level,
        region_id: t.region_id,
        amount: Number(t.amount),
        original_amount: Number(t.original_amount),
        basis: t.basis,
        set_by: t.set_by,
        set_at: t.set_at,
        updated_position: t.updated_position,
      });
    }
    for (const k of changedInputs) current.set(k, inputs.get(k) as Input);
    if (current.size === 0) return;
    const sums = new Map<string, number[]>();
    for (const w of await db
      .selectFrom('target_weekly')
      .selectAll()
      .where('period', 'in', [...periods])
      .execute()) {
      const k = k2(w.subject_id, w.period);
      const list = sums.get(k) ?? [];
      list[w.week_index] = Number(w.amount);
      sums.set(k, list);
    }
    const judgedBy = await policiesOfSubjects(db, [...current.values()], policy, variants);
    const rows = [...current.values()].map((t) => {
      const judged = judgedBy(t);
      return {
        input: t,
        judged,
        progress: progress(
          t.amount,
          t.period,
          Array.from(sums.get(k2(t.subject_id, t.period)) ?? [], (x) => x ?? 0),
          clock,
          judged.policy,
        ),
      };
    });
    const byPeriod = new Map<string, typeof rows>();
    for (const r of rows) {
      if (r.input.subject_kind !== 'employee') continue;
      const list = byPeriod.get(r.input.period) ?? [];
      list.push(r);
      byPeriod.set(r.input.period, list);
    }
    const peer = new Map<
      string,
      { median: number | null; warn: boolean; text: { en: string; zh: string } }
    >();
    for (const [period, list] of byPeriod) {
      const gaps = peerWarnings(
        list.map((r) => ({
          id: r.input.subject_id,
          level: r.input.level,
          region: r.input.region_id,
          attainment: r.progress.attainment,
          policy: r.judged.policy,
        })),
      );
      for (const [id, g] of gaps)
        peer.set(k2(id, period), { median: g.peerMedian, warn: g.warn, text: g.text });
    }
    // Every target of the periods is recomputed (one sale moves its peers' medians); only the
    // rows that come out different are written, not the whole company's on every sale.
    const recomputed = rows.map(({ input, judged, progress: pr }) => {
      const g = peer.get(k2(input.subject_id, input.period));
      // Peers only mean something once a week has ended.
      const gapWarn = (g?.warn ?? false) && pr.weeks_elapsed > 0;
      return {
        ...input,
        ...pr,
        policy_id: judged.policy.id,
        policy_version: judged.policy.version,
        policy_branch_id: judged.branchId,
        peer_median: g?.median ?? null,
        peer_gap_warning: gapWarn,
        warnings: JSON.stringify([
          ...pr.warnings,
          ...(gapWarn && g ? [{ kind: 'peerGap', text: g.text }] : []),
        ]),
      };
    });
    // A row written is as of this batch's last event (any event moves the clock that ends weeks): what its progress, peers' median and
    // warnings rest on (a warning raised from it names this position as its evidence).
    const asOf = pos((recorded[recorded.length - 1] as (typeof recorded)[number]).position);
    await upsert(
      db,
      'targets',
      recomputed
        .filter((row) => {
          const before = stored.get(k2(row.subject_id, row.period));
          return !before || !sameRow(before, row);
        })
        .map((row) => ({ ...row, evidence_position: asOf })),
      ['subject_id', 'period'],
    );
  },
};

/**
 * The target policy each row is judged by: the variant of its subject's branch in force (a
 * person's branch now; a team's, its members'), else the headquarters default. Without any
 * variant in force every row is the default's and no branch is read.
 */
async function policiesOfSubjects(
  db: Kysely<TargetsDb>,
  inputs: readonly Input[],
  headquarters: TargetPolicy,
  variants: Readonly<Record<string, TargetPolicy>>,
): Promise<(input: Input) => { policy: TargetPolicy; branchId: string | null }> {
  const byDefault = targetPolicyFor(headquarters, variants, null);
  if (Object.keys(variants).length === 0) return () => byDefault;
  const people = new Set<string>();
  const teams = new Set<string>();
  for (const t of inputs) (t.subject_kind === 'team' ? teams : people).add(t.subject_id);
  const personBranch = new Map<string, string | null>();
  const teamBranch = new Map<string, string | null>();
  if (people.size > 0 || teams.size > 0) {
    const members = await db
      .selectFrom('target_members')
      .select(['employee_id', 'team_id', 'branch_id', 'active'])
      .where((eb) =>
        eb.or([
          ...(people.size > 0 ? [eb('employee_id', 'in', [...people])] : []),
          ...(teams.size > 0 ? [eb('team_id', 'in', [...teams])] : []),
        ]),
      )
      .orderBy('employee_id')
      .execute();
    for (const m of members) {
      personBranch.set(m.employee_id, m.branch_id);
      // A team's branch is its members' (an active member's when there is one).
      if (m.branch_id !== null && (m.active || !teamBranch.has(m.team_id)))
        teamBranch.set(m.team_id, m.branch_id);
    }
  }
  return (t) =>
    targetPolicyFor(
      headquarters,
      variants,
      (t.subject_kind === 'team' ? teamBranch : personBranch).get(t.subject_id) ?? null,
    );
}

/**
 * Whether a recomputed target row (as written: numbers, `warnings` as JSON text) equals the
 * row as stored (as read back: bigints as text, `warnings` parsed).
 */
function sameRow(stored: Record<string, unknown>, row: Record<string, unknown>): boolean {
  for (const [column, value] of Object.entries(row)) {
    const was = stored[column];
    if (column === 'warnings') {
      if (!sameJson(was, JSON.parse(value as string))) return false;
    } else if (value === null || value === undefined || was === null || was === undefined) {
      if ((value ?? null) !== (was ?? null)) return false;
    } else if (String(value) !== String(was)) return false;
  }
  return true;
}
