import { query } from '$lib/api/client.ts';
import { currentTime } from '$lib/api/clock.ts';
import { COMMISSION_LEDGER, type CommissionLine, currentMonth } from '$lib/api/documents.ts';
import { loadPerson, type PersonRecord } from '$lib/components/person/load.ts';

export interface MyPathData {
  record: PersonRecord;
  /** Today's payments and the commission they earned (today in UTC), and the month so far. */
  today: { date: string; lines: CommissionLine[]; month: string; monthLines: CommissionLine[] };
}

export async function loadMyPath(employeeId: string): Promise<MyPathData | null> {
  // Today by the product's clock (the server's, which `TRACKRECORD_NOW` may set), not the browser's.
  const now = await currentTime();
  const record = await loadPerson(employeeId);
  if (!record.person) return null;
  const date = now.toISOString().slice(0, 10);
  const month = currentMonth(now);
  const ledger = await query(COMMISSION_LEDGER, {
    id: employeeId,
    month,
  });
  const monthLines = ledger.commissionLedger;
  return {
    record,
    today: { date, month, monthLines, lines: monthLines.filter((l) => l.collectedAt.slice(0, 10) === date) },
  };
}
