import type { AlertAssignee, AlertKind } from '@trackrecord/domain';
import type { ColumnType, Selectable } from 'kysely';

type BigintColumn = ColumnType<string, number | string, number | string>;

/** `read.alerts`: alerts raised as events (by reactors: eligibility reached, risk high, target behind). */
export interface AlertsTable {
  alert_id: string;
  kind: AlertKind;
  employee_id: string;
  assignees: ColumnType<AlertAssignee[], string, string>;
  evidence_kind: string;
  evidence_ref: string | null;
  evidence_position: BigintColumn;
  message_en: string;
  message_zh: string;
  raised_by: string;
  raised_at: string;
  position: BigintColumn;
}
export type AlertRow = Selectable<AlertsTable>;

/** `read.alert_acks`: acknowledgements of any alert, raised or derived. */
export interface AlertAcksTable {
  alert_id: string;
  acknowledged_by: string;
  note: string | null;
  at: string;
  position: BigintColumn;
}

export interface AlertsDb {
  alerts: AlertsTable;
  alert_acks: AlertAcksTable;
}
