import type { Kysely } from 'kysely';
import type { Projection } from '../runner/projection.ts';
import { pos, upsert } from '../support.ts';
import type { LineageDb, LineageFlagsTable } from './table.ts';

const EVENT_TYPES = ['SaleClosed', 'SaleReversed', 'SaleCorrected', 'PromotionDecided'] as const;

type Sale = { sale_id: string; employee_id: string; month: string; amount: number; position: bigint };
type Decision = {
  review_id: string;
  employee_id: string;
  outcome: string;
  evidence: bigint;
  position: bigint;
};
type Correction = {
  event_id: string;
  sale_id: string;
  employee_id: string;
  correction: 'reversed' | 'corrected';
  sale_position: bigint;
  position: bigint;
  at: string;
  reason: string;
  amount_before: number;
  amount_after: number;
};
type Flag = { [K in keyof LineageFlagsTable]: string | number };

/**
 * Correction lineage, from events alone. A reversal or correction of a sale flags the score
 * of the seller's month of the sale, the seller's eligibility verdicts computed since the sale,
 * and every decision about the seller whose evidence position lies between the sale and the
 * correction — also decisions taken after the correction on evidence from before it.
 */
export const lineageProjection: Projection<LineageDb, (typeof EVENT_TYPES)[number]> = {
  name: 'lineage',
  version: '1',
  tables: ['lineage_sales', 'lineage_decisions', 'lineage_corrections', 'lineage_flags'],
  eventTypes: EVENT_TYPES,
  async apply(db: Kysely<LineageDb>, events) {
    const parsed = events;
    const saleIds = new Set<string>();
    const employees = new Set<string>();
    for (const { event } of parsed) {
      if (event.type === 'SaleReversed' || event.type === 'SaleCorrected') {
        saleIds.add(event.data.saleId);
        employees.add(event.data.employeeId);
      } else if (event.type === 'PromotionDecided') employees.add(event.data.employeeId);
    }
    const sales = new Map<string, Sale>();
    if (saleIds.size > 0) {
      for (const r of await db
        .selectFrom('lineage_sales')
        .selectAll()
        .where('sale_id', 'in', [...saleIds])
        .execute()) {
        sales.set(r.sale_id, { ...r, amount: Number(r.amount), position: BigInt(r.position) });
      }
    }
    const decisions: Decision[] = [];
    const corrections: Correction[] = [];
    if (employees.size > 0) {
      const people = [...employees];
      for (const r of await db
        .selectFrom('lineage_decisions')
        .selectAll()
        .where('employee_id', 'in', people)
        .execute()) {
        decisions.push({ ...r, evidence: BigInt(r.evidence_position), position: BigInt(r.position) });
      }
      // Only what a later decision can still need: the sale and correction positions.
      for (const r of await db
        .selectFrom('lineage_flags')
        .selectAll()
        .where('employee_id', 'in', people)
        .where('kind', '=', 'eligibility')
        .execute()) {
        corrections.push({
          event_id: r.correction_event_id,
          sale_id: r.sale_id,
          employee_id: r.employee_id,
          correction: r.correction,
          sale_position: BigInt(r.sale_position),
          position: BigInt(r.correction_position),
          at: r.correction_at,
          reason: r.reason,
          amount_before: Number(r.amount_before),
          amount_after: Number(r.amount_after),
        });
      }
    }

    const newSales = new Map<string, Sale>();
    const newDecisions: Decision[] = [];
    const newCorrections: Record<string, unknown>[] = [];
    const flags = new Map<string, Flag>();
    const flag = (c: Correction, kind: 'score' | 'eligibility' | 'decision', ref: string, month: string) => {
      const flagId = `${c.event_id}:${kind}:${kind === 'score' ? month : ref}`;
      flags.set(flagId, {
        flag_id: flagId,
        sale_id: c.sale_id,
        employee_id: c.employee_id,
        correction: c.correction,
        correction_event_id: c.event_id,
        correction_position: pos(c.position),
        correction_at: c.at,
        reason: c.reason,
        sale_position: pos(c.sale_position),
        kind,
        ref,
        from_position: pos(c.sale_position),
        before_position: pos(c.position),
        amount_before: c.amount_before,
        amount_after: c.amount_after,
        position: pos(c.position),
      });
    };
    const counted = (d: Decision, c: Correction) => d.evidence >= c.sale_position && d.evidence < c.position;

    for (const { position, id, event } of parsed) {
      switch (event.type) {
        case 'SaleClosed': {
          const d = event.data;
          const sale = {
            sale_id: d.saleId,
            employee_id: d.employeeId,
            month: d.closedAt.slice(0, 7),
            amount: d.amount,
            position,
          };
          sales.set(d.saleId, sale);
          newSales.set(d.saleId, sale);
          break;
        }
        case 'SaleReversed':
        case 'SaleCorrected': {
          const d = event.data;
          const sale = sales.get(d.saleId);
          if (!sale) throw new Error(`lineage: ${event.type} of sale ${d.saleId} that was never closed`);
          const c: Correction = {
            event_id: id,
            sale_id: d.saleId,
            employee_id: sale.employee_id,
            correction: event.type === 'SaleReversed' ? 'reversed' : 'corrected',
            sale_position: sale.position,
            position,
            at: event.type === 'SaleReversed' ? event.data.reversedAt : event.data.correctedAt,
            reason: d.reason,
            amount_before: sale.amount,
            amount_after: event.type === 'SaleReversed' ? 0 : event.data.amount,
          };
          corrections.push(c);
          newCorrections.push({
            event_id: id,
            sale_id: d.saleId,
            employee_id: sale.employee_id,
            correction: c.correction,
            sale_position: pos(sale.position),
            position: pos(position),
          });
          sale.amount = c.amount_after;
          newSales.set(d.saleId, sale);
          flag(c, 'score', sale.month, sale.month);
          flag(c, 'eligibility', sale.employee_id, sale.month);
          for (const dec of decisions) {
            if (dec.employee_id === c.employee_id && counted(dec, c))
              flag(c, 'decision', dec.review_id, sale.month);
          }
          break;
        }
        case 'PromotionDecided': {
          const d = event.data;
          const dec = {
            review_id: d.reviewId,
            employee_id: d.employeeId,
            outcome: d.outcome,
            evidence: BigInt(d.evidencePosition),
            position,
          };
          decisions.push(dec);
          newDecisions.push(dec);
          // Decided after a correction, on evidence from before it.
          for (const c of corrections) {
            if (c.employee_id === dec.employee_id && counted(dec, c)) {
              const month = sales.get(c.sale_id)?.month ?? '';
              flag(c, 'decision', dec.review_id, month);
            }
          }
          break;
        }
        default:
          break;
      }
    }

    await upsert(
      db,
      'lineage_sales',
      [...newSales.values()].map((s) => ({ ...s, position: pos(s.position) })),
      ['sale_id'],
    );
    await upsert(
      db,
      'lineage_decisions',
      newDecisions.map((d) => ({
        review_id: d.review_id,
        employee_id: d.employee_id,
        outcome: d.outcome,
        evidence_position: pos(d.evidence),
        position: pos(d.position),
      })),
      ['review_id'],
    );
    await upsert(db, 'lineage_corrections', newCorrections, ['event_id']);
    await upsert(db, 'lineage_flags', [...flags.values()], ['flag_id']);
  },
};
