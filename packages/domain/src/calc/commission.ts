import { validation } from '../core/errors.ts';
import type { CommissionPlan } from '../policy/commission.ts';
import { type PolicyRef, policyRef } from '../policy/common.ts';
import { num, yuan } from './format.ts';

/** Commission on `collected` fen of one period under the plan's progressive tiers, unrounded. */
export function tieredCommission(collected: number, plan: CommissionPlan): number {
  let total = 0;
  plan.tiers.forEach((tier, i) => {
    const upper = plan.tiers[i + 1]?.from ?? Number.POSITIVE_INFINITY;
    const part = Math.max(0, Math.min(collected, upper) - tier.from);
    total += part * tier.rate;
  });
  return total;
}

/** A payment collected (回款) against a sale. Amount in fen. */
export type CollectedPayment = {
  readonly paymentId: string;
  readonly saleId: string;
  readonly amount: number;
};

export type PaymentCommission = CollectedPayment & {
  /** Collected in the period before this payment (fen). */
  readonly collectedBefore: number;
  /** Commission earned by this payment (fen): rounded cumulative commission after − before. */
  readonly commission: number;
};

export type PeriodCommission = {
  readonly personId: string;
  readonly policy: PolicyRef;
  readonly collected: number;
  /** Total commission in fen (rounded once, on the period total). */
  readonly commission: number;
  readonly payments: readonly PaymentCommission[];
  /** Commission per sale (fen); sums exactly to `commission`. */
  readonly bySale: Readonly<Record<string, number>>;
  readonly formula: string;
};

/**
 * Commission of one person for one period, paid on collected revenue, in the order the payments
 * were collected. Each payment earns the difference of the rounded cumulative commission, so
 * the per-payment and per-sale figures add up exactly to the period total, and the figure for a
 * payment is final the moment it is collected (instant commission).
 */
export function periodCommission(
  personId: string,
  payments: readonly CollectedPayment[],
  plan: CommissionPlan,
): PeriodCommission {
  let collected = 0;
  let paidSoFar = 0;
  const bySale: Record<string, number> = {};
  const lines: PaymentCommission[] = payments.map((p) => {
    if (!Number.isInteger(p.amount) || p.amount <= 0)
      throw validation(`payment ${p.paymentId}: amount must be a positive integer of fen`);
    const before = collected;
    collected += p.amount;
    const cumulative = Math.round(tieredCommission(collected, plan));
    const commission = cumulative - paidSoFar;
    paidSoFar = cumulative;
    bySale[p.saleId] = (bySale[p.saleId] ?? 0) + commission;
    return { ...p, collectedBefore: before, commission };
  });
  const tiers = plan.tiers
    .map((t, i) => {
      const upper = plan.tiers[i + 1]?.from ?? Number.POSITIVE_INFINITY;
      const part = Math.max(0, Math.min(collected, upper) - t.from);
      return part > 0 ? `${yuan(part)} × ${num(t.rate * 100, 2)}%` : null;
    })
    .filter((x): x is string => x !== null);
  return {
    personId,
    policy: policyRef(plan),
    collected,
    commission: paidSoFar,
    payments: lines,
    bySale,
    formula: `commission on ${yuan(collected)} collected = ${tiers.length ? tiers.join(' + ') : '0'} = ${yuan(paidSoFar)}`,
  };
}

const percent = (rate: number) => `${num(rate * 100, 2)}%`;

/**
 * A worked example of how `plan` pays, in Chinese and in English, computed from its tiers (so
 * it is never out of date): two payments in one period, the second crossing into the second
 * tier when there is one, each with the arithmetic of what it earns. For a plan's description.
 */
export function commissionPlanExample(plan: CommissionPlan): string {
  const period =
    plan.period === 'month'
      ? { zh: '每个自然月', en: 'each calendar month' }
      : { zh: '每个自然季度', en: 'each calendar quarter' };
  const second = plan.tiers[1];
  const unit = second ? second.from : 10_000_000;
  // Round payments to whole yuan hundreds so the example reads naturally.
  const round = (fen: number) => Math.max(100_00, Math.round(fen / 100_00) * 100_00);
  const first = round(unit * 0.8);
  const next = round(unit * 0.6);
  const earned1 = Math.round(tieredCommission(first, plan));
  const earned2 = Math.round(tieredCommission(first + next, plan)) - earned1;
  const parts = (from: number, amount: number) =>
    plan.tiers
      .map((tier, i) => {
        const upper = plan.tiers[i + 1]?.from ?? Number.POSITIVE_INFINITY;
        const part = Math.max(0, Math.min(from + amount, upper) - Math.max(from, tier.from));
        return part > 0 ? `${yuan(part)} × ${percent(tier.rate)}` : null;
      })
      .filter((p): p is string => p !== null)
      .join(' + ');
  const tiers = plan.tiers
    .map((t, i) => {
      const upper = plan.tiers[i + 1]?.from;
      return upper === undefined
        ? `${yuan(t.from)}+: ${percent(t.rate)}`
        : `${yuan(t.from)}–${yuan(upper)}: ${percent(t.rate)}`;
    })
    .join('; ');
  return [
    `按回款累进计提，${period.zh}重新累计（${tiers}）。`,
    `示例：10 日回款 ${yuan(first)}，提成 ${parts(0, first)} = ${yuan(earned1)}；20 日再回款 ${yuan(next)}，提成 ${parts(first, next)} = ${yuan(earned2)}。`,
    `Progressive commission on collected revenue, accumulated over ${period.en} (${tiers}).`,
    `Example: ${yuan(first)} collected on the 10th earns ${parts(0, first)} = ${yuan(earned1)}; a further ${yuan(next)} on the 20th earns ${parts(first, next)} = ${yuan(earned2)}.`,
  ].join('\n');
}
