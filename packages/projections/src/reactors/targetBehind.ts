import { addMonths, alertStream, weekEnd } from '@trackrecord/domain';
import type { RecordedEvent } from '@trackrecord/eventstore';
import type { Kysely } from 'kysely';
import type { Database } from '../database.ts';
import { rawBusinessTime } from '../support.ts';
import type { Reaction, ReactorRule } from './reactor.ts';

/** The alert id of "person behind their stage target in a period": one alert per person and month. */
export const targetBehindAlertId = (employeeId: string, period: string): string =>
  `target-behind-${employeeId}-${period}`;

/** What one target warning of the targets read model raises, and how it is named. */
interface TargetWarningAlert {
  readonly name: 'target-behind' | 'target-peer-gap';
  readonly kind: 'target_behind' | 'target_peer_gap';
  /** The read model's flag of the warning. */
  readonly flag: 'behind_warning' | 'peer_gap_warning';
  /** The warning's kind in `targets.warnings`, whose text the message carries. */
  readonly warning: 'behindStageTarget' | 'peerGap';
  readonly alertId: (employeeId: string, period: string) => string;
  /** The message when the row carries no text of the warning. */
  readonly fallback: (row: { consecutive_weeks_behind: number }) => { en: string; zh: string };
}

/**
 * A rule raising one alert per person and month while a target warning holds: after the
 * targets read model has applied a batch, every person whose target of a month the batch could
 * have moved (months from the month before the batch's earliest business time on) and whose row
 * shows the warning gets one `RaiseAlert`, to their manager and themself (HR when the person has
 * no manager), dated at the end of the last week that ended. The command id and the alert id
 * come from (person, month), so repeating it appends nothing.
 */
function targetWarningRule(alert: TargetWarningAlert): ReactorRule {
  return {
    name: alert.name,
    readsFrom: ['targets', 'people'],
    async react(db: Kysely<Database>, events: readonly RecordedEvent[]): Promise<Reaction[]> {
      const times = events.map((e) => rawBusinessTime(e)).filter((t): t is string => t !== undefined);
      if (times.length === 0) return [];
      const earliest = times.reduce((a, b) => (Date.parse(a) <= Date.parse(b) ? a : b));
      const last = events[events.length - 1] as RecordedEvent;
      const rows = await db
        .withSchema('read')
        .selectFrom('targets')
        .leftJoin('people', 'people.employee_id', 'targets.subject_id')
        .select([
          'targets.subject_id',
          'targets.period',
          'targets.warnings',
          'targets.consecutive_weeks_behind',
          'targets.weeks_elapsed',
          'targets.evidence_position',
          'people.manager_id',
        ])
        .where('targets.subject_kind', '=', 'employee')
        .where(`targets.${alert.flag}`, '=', true)
        .where('targets.period', '>=', addMonths(earliest.slice(0, 7), -1))
        .orderBy('targets.period')
        .orderBy('targets.subject_id')
        .execute();
      return rows.map((t) => {
        const text = t.warnings.find((w) => w.kind === alert.warning)?.text ?? alert.fallback(t);
        // End of the last week that ended: the business time the warning became true at the latest.
        const at = weekEnd(t.period, t.weeks_elapsed);
        return {
          commandId: `reactor:${alert.name}:${t.subject_id}:${t.period}`,
          at,
          trigger: { eventId: last.id, position: last.position },
          command: {
            type: 'RaiseAlert',
            data: {
              alertId: alert.alertId(t.subject_id, t.period),
              kind: alert.kind,
              employeeId: t.subject_id,
              assignees: [
                ...(t.manager_id ? [{ role: 'manager', id: t.manager_id }] : [{ role: 'hr' }]),
                { role: 'employee', id: t.subject_id },
              ],
              // What the warning rests on: the row as last written (its own progress and its
              // peers' median), not the end of this batch, which in a catch-up can lie before
              // the sales of the month. A row from before the column existed: the batch's end.
              evidence: {
                kind: 'target',
                ref: t.period,
                position:
                  BigInt(t.evidence_position) > 0n ? String(t.evidence_position) : last.position.toString(),
              },
              message: {
                en: `${t.subject_id}, ${t.period}: ${text.en}`,
                zh: `${t.subject_id}，${t.period}：${text.zh}`,
              },
              raisedBy: `system:reactor:${alert.name}`,
              at,
            },
          },
        };
      });
    },
  };
}

/**
 * Target behind → alert. After the targets read model has applied a batch, every person whose
 * target of a month the batch could have moved (months from the month before the batch's
 * earliest business time on) shows the stage-target warning (N weeks behind in a row) gets one
 * `RaiseAlert` per month, to their manager and themself (HR when the person has no manager).
 * The command id and the alert id come from (person, month), so repeating it appends nothing.
 */
export const targetBehindRule: ReactorRule = targetWarningRule({
  name: 'target-behind',
  kind: 'target_behind',
  flag: 'behind_warning',
  warning: 'behindStageTarget',
  alertId: targetBehindAlertId,
  fallback: (t) => ({
    en: `${t.consecutive_weeks_behind} consecutive weeks behind the stage target`,
    zh: `连续 ${t.consecutive_weeks_behind} 周落后阶段目标`,
  }),
});

/** The stream a raised target-behind alert lives in (for tests and tools). */
export const targetBehindStream = (employeeId: string, period: string): string =>
  alertStream(targetBehindAlertId(employeeId, period));

/** The alert id of "person far behind their peers' attainment in a period": one per person and month. */
export const targetPeerGapAlertId = (employeeId: string, period: string): string =>
  `target-peer-gap-${employeeId}-${period}`;

/**
 * Gap to peers → alert. Like the stage-target rule: every person whose target of a month the
 * batch could have moved and whose attainment lies further below the median of the peers of
 * their rank and region than the target policy's `peerGap` (once a week of the month has
 * ended) gets one `RaiseAlert` per month, to their manager and themself (HR without a manager).
 */
export const targetPeerGapRule: ReactorRule = targetWarningRule({
  name: 'target-peer-gap',
  kind: 'target_peer_gap',
  flag: 'peer_gap_warning',
  warning: 'peerGap',
  alertId: targetPeerGapAlertId,
  fallback: () => ({
    en: 'attainment far below the peers of the same rank and region',
    zh: '目标达成率远低于同职级同区域的同事',
  }),
});
