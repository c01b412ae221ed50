import type { RecordedEvent } from '@trackrecord/eventstore';
import type { Kysely } from 'kysely';
import type { Database } from '../database.ts';
import { rawBusinessTime } from '../support.ts';
import type { Reaction, ReactorRule } from './reactor.ts';

/** One review per person and step of the ladder opened by the platform itself. */
export const eligibilityReviewId = (employeeId: string, fromLevel: string, toLevel: string): string =>
  `elig-${employeeId}-${fromLevel}-${toLevel}`;
export const eligibilityAlertId = (employeeId: string, toLevel: string): string =>
  `eligibility-${employeeId}-${toLevel}`;
/** One risk alert per person and month at most. */
export const riskAlertId = (employeeId: string, month: string): string => `risk-${employeeId}-${month}`;

const first = (events: readonly RecordedEvent[]) => events[0]!.position;
const last = (events: readonly RecordedEvent[]) => events[events.length - 1]!;

/** The business time a batch reached: the latest fact time in it (else the last recorded time). */
function batchTime(events: readonly RecordedEvent[]): string {
  let latest: string | undefined;
  for (const e of events) {
    const t = rawBusinessTime(e);
    if (t && (!latest || Date.parse(t) > Date.parse(latest))) latest = new Date(t).toISOString();
  }
  return latest ?? last(events).recordedAt.toISOString();
}

/**
 * Eligibility reached → nominate for review and alert HR and the manager. After the
 * evaluations projection has applied a batch, every active person whose verdict for a next
 * level was (re)judged eligible by an event of this batch is nominated (`Nominate`,
 * reason `threshold_reached`, with the score of the month judged) unless a review for that
 * step is already under way or decided, and one `RaiseAlert` goes to HR and the manager.
 * Command, review and alert ids come from (person, step), so neither a replay nor a restart
 * nominates or alerts twice; the deciders refuse a second nomination of the same review.
 */
export const eligibilityReachedRule: ReactorRule = {
  name: 'eligibility-reached',
  readsFrom: ['evaluations', 'people', 'decisions'],
  async react(db: Kysely<Database>, events: readonly RecordedEvent[]): Promise<Reaction[]> {
    if (events.length === 0) return [];
    const rows = await db
      .withSchema('read')
      .selectFrom('eligibility as e')
      .innerJoin('people as p', 'p.employee_id', 'e.employee_id')
      .leftJoin('scores as s', (join) =>
        join.onRef('s.employee_id', '=', 'e.employee_id').onRef('s.month', '=', 'e.evaluated_month'),
      )
      .select([
        'e.employee_id',
        'e.track',
        'e.from_level',
        'e.to_level',
        'e.evaluated_month',
        'e.ladder_id',
        'e.ladder_version',
        'e.position',
        'e.summary_en',
        'e.summary_zh',
        'p.manager_id',
        'p.level',
        's.score',
      ])
      .where('e.eligible', '=', true)
      .where('p.status', '=', 'active')
      .where('e.position', '>=', first(events).toString())
      .where('e.position', '<=', last(events).position.toString())
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('promotion_reviews as r')
              .select('r.review_id')
              .whereRef('r.employee_id', '=', 'e.employee_id')
              .whereRef('r.to_level', '=', 'e.to_level')
              .where((eb) => eb.or([eb('r.status', '!=', 'decided'), eb('r.outcome', '=', 'approved')])),
          ),
        ),
      )
      .orderBy('e.employee_id')
      .orderBy('e.to_level')
      .execute();
    const at = batchTime(events);
    const trigger = { eventId: last(events).id, position: last(events).position };
    return rows
      .filter((r) => r.level === r.from_level)
      .flatMap((r): Reaction[] => {
        const reviewId = eligibilityReviewId(r.employee_id, r.from_level, r.to_level);
        const key = `reactor:eligibility:${r.employee_id}:${r.from_level}:${r.to_level}`;
        return [
          {
            commandId: `${key}:nominate`,
            at,
            trigger,
            command: {
              type: 'Nominate',
              data: {
                reviewId,
                employeeId: r.employee_id,
                fromLevel: r.from_level,
                toLevel: r.to_level,
                track: r.track,
                score: Math.min(100, Math.max(0, Number(r.score ?? 0))),
                reason: 'threshold_reached',
                nominatedBy: 'system:reactor:eligibility',
                at,
              },
            },
          },
          {
            commandId: `${key}:alert`,
            at,
            trigger,
            command: {
              type: 'RaiseAlert',
              data: {
                alertId: eligibilityAlertId(r.employee_id, r.to_level),
                kind: 'eligibility_reached',
                employeeId: r.employee_id,
                assignees: [{ role: 'hr' }, ...(r.manager_id ? [{ role: 'manager', id: r.manager_id }] : [])],
                evidence: { kind: 'eligibility', ref: r.to_level, position: String(r.position) },
                message: {
                  en: `${r.employee_id} meets every requirement for ${r.to_level} (${r.evaluated_month}, ladder ${r.ladder_id} v${r.ladder_version}); nominated for review ${reviewId}`,
                  zh: `${r.employee_id} 已满足晋升 ${r.to_level} 的全部条件（${r.evaluated_month}，职级体系 ${r.ladder_id} v${r.ladder_version}），已提名评审 ${reviewId}`,
                },
                raisedBy: 'system:reactor:eligibility',
                at,
              },
            },
          },
        ];
      });
  },
};

/**
 * Risk above threshold → alert HR and the manager, once per person and month: every active
 * person whose retention risk, re-computed by an event of this batch, is flagged (probability
 * at or above the model's alert threshold, or the cold-start rules' signal).
 */
export const riskHighRule: ReactorRule = {
  name: 'risk-high',
  readsFrom: ['evaluations', 'people'],
  async react(db: Kysely<Database>, events: readonly RecordedEvent[]): Promise<Reaction[]> {
    if (events.length === 0) return [];
    const rows = await db
      .withSchema('read')
      .selectFrom('retention_risk as r')
      .innerJoin('people as p', 'p.employee_id', 'r.employee_id')
      .select([
        'r.employee_id',
        'r.risk',
        'r.method',
        'r.model_id',
        'r.model_version',
        'r.week_start',
        'r.position',
        'p.manager_id',
      ])
      .where('r.flagged', '=', true)
      .where('p.status', '=', 'active')
      .where('r.position', '>=', first(events).toString())
      .where('r.position', '<=', last(events).position.toString())
      .orderBy('r.employee_id')
      .execute();
    const trigger = { eventId: last(events).id, position: last(events).position };
    return rows.map((r) => {
      const month = r.week_start.slice(0, 7);
      const how =
        r.method === 'model' && r.risk !== null
          ? {
              en: `${Math.round(r.risk * 100)}% risk of leaving`,
              zh: `离职风险 ${Math.round(r.risk * 100)}%`,
            }
          : { en: 'cold-start rules signal a risk of leaving', zh: '冷启动规则提示离职风险' };
      const model = r.model_id ? `${r.model_id} v${r.model_version}` : 'cold-start rules';
      const modelZh = r.model_id ? model : '冷启动规则';
      const at = `${r.week_start}T00:00:00.000Z`;
      return {
        commandId: `reactor:risk-high:${r.employee_id}:${month}`,
        at,
        trigger,
        command: {
          type: 'RaiseAlert',
          data: {
            alertId: riskAlertId(r.employee_id, month),
            kind: 'risk_high',
            employeeId: r.employee_id,
            assignees: [{ role: 'hr' }, ...(r.manager_id ? [{ role: 'manager', id: r.manager_id }] : [])],
            evidence: { kind: 'retention_risk', ref: model, position: String(r.position) },
            message: {
              en: `${r.employee_id}: ${how.en} (week of ${r.week_start}, ${model})`,
              zh: `${r.employee_id}：${how.zh}（${r.week_start} 当周，${modelZh}）`,
            },
            raisedBy: 'system:reactor:risk',
            at,
          },
        },
      };
    });
  },
};
