import { downloadWithToken } from '$lib/api/download.ts';
import { i18n, type MessageKey, series, t } from '$lib/i18n.svelte.ts';

const REASONS: Record<string, MessageKey> = {
  sale_reversed: 'payouts.reason.saleReversed',
  plan_reprocessed: 'payouts.reason.planReprocessed',
  payment_refunded: 'payouts.reason.paymentRefunded',
  dispute_accepted: 'payouts.reason.disputeAccepted',
};
/** Why an adjustment was made, in the page's language. */
export function adjustmentReason(reason: string): string {
  const key = REASONS[reason];
  return key ? t(key) : reason;
}

const STATUSES: Record<string, MessageKey> = {
  open: 'payouts.dispute.open',
  accepted: 'payouts.dispute.accepted',
  rejected: 'payouts.dispute.rejected',
};
/** Where a dispute stands, in the page's language. */
export function disputeStatus(status: string): string {
  const key = STATUSES[status];
  return key ? t(key) : status;
}

/** Hours to a resolution as people say it: "12 min" / "3.5 h" / "2.1 days". */
export function duration(hours: number | null | undefined): string {
  if (hours == null) return '—';
  if (hours < 1) return t('payouts.minutes', { minutes: String(Math.max(1, Math.round(hours * 60))) });
  return hours < 48
    ? t('payouts.hours', { hours: String(Math.round(hours * 10) / 10) })
    : t('payouts.days', { days: String(Math.round((hours / 24) * 10) / 10) });
}

/**
 * Yuan typed by a person ("1,234.5", "-20", "¥88.00") as integer fen; null when it is not an
 * amount with at most two decimals.
 */
export function yuanToFen(text: string): number | null {
  const clean = text.replace(/[¥,，\s]/g, '');
  const m = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(clean);
  if (!m) return null;
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(fen)) return null;
  return m[1] ? -fen : fen;
}

/** Plan versions (`planId v<version>`, as the API lists them) as people read them: "v2" / "第 2 版". */
export function planLabels(plans: readonly string[]): string {
  return series(
    plans.map((p) => {
      const version = / v(\d+)$/.exec(p)?.[1];
      return version ? t('commission.planVersion', { version }) : p;
    }),
  );
}

/** The printable statement page of a person's locked month. */
export const statementPath = (employeeId: string, month: string) =>
  `/statements/${encodeURIComponent(employeeId)}/${month}`;

/**
 * Downloads a locked statement as CSV (`GET /commission/statements/<id>/<month>.csv`) with the
 * viewer's token, in the page's language, and saves it as a file.
 */
export async function downloadStatementCsv(employeeId: string, month: string): Promise<void> {
  await downloadWithToken(
    `/commission/statements/${encodeURIComponent(employeeId)}/${month}.csv?lang=${i18n.locale}`,
    `commission-${employeeId}-${month}.csv`,
  );
}

/**
 * A sale's or payment's document number as a person reads it: the number of a source system's
 * id without its type prefix (`sale-439` → `439`, `pay-505` → `505`; the column or the sentence
 * says which); any other id as it is.
 */
export function docNumber(id: string): string {
  const m = /^[a-z]+-(\d[\w-]*)$/.exec(id);
  return m ? (m[1] as string) : id;
}
