import { add, type Correction, F, type Person, type World } from '../world.ts';

/**
 * Sales taken back this week: those the customer cancelled are reversed (and their figures
 * taken back from the seller's window); those recorded wrong and found at the month's
 * reconciliation are corrected, while their seller is still there.
 */
export function settleCorrections(w: World, week: number) {
  for (const due of w.reversalsDue.get(week) ?? []) {
    w.emit({
      kind: 'saleReversed',
      week,
      day: due.day,
      personId: due.person.id,
      saleId: due.saleId,
      reason: 'customer cancelled the order before payment',
    });
    if (due.person.active) {
      add(due.person, week, F.sales, -due.amount);
      add(due.person, week, F.deals, -1);
    }
  }
  w.reversalsDue.delete(week);
  for (const due of w.correctionsDue.get(week) ?? []) {
    if (!w.people.some((x) => x.id === due.personId && x.active)) continue;
    w.emit({
      kind: 'saleCorrected',
      week,
      ...due,
      reason: 'amount corrected to the signed contract',
    });
  }
  w.correctionsDue.delete(week);
}

/** A sale the customer will cancel before paying, one to three weeks after it closed. */
export function scheduleReversal(w: World, week: number, p: Person, saleId: string, amount: number) {
  const dueWeek = week + 1 + w.rng.int(3);
  const dueDay = w.rng.int(5);
  if (dueWeek < w.config.weeks) {
    const list = w.reversalsDue.get(dueWeek) ?? [];
    list.push({ person: p, saleId, amount, day: dueDay });
    w.reversalsDue.set(dueWeek, list);
  }
}

/**
 * The correction of the sale just closed (the last sale number), recorded wrong: the same
 * day, or `later`, weeks later at the month's reconciliation.
 */
export function correctSale(w: World, week: number, correction: Correction, later: boolean) {
  if (later) {
    // Found weeks later, at the month's reconciliation: evidence already read may change.
    const dueWeek = week + 4 + (w.counters.sale % 6);
    w.correctionsDue.set(dueWeek, [...(w.correctionsDue.get(dueWeek) ?? []), correction]);
  } else {
    const { day, ...rest } = correction;
    w.emit({
      kind: 'saleCorrected',
      week,
      day,
      ...rest,
      reason: 'amount corrected to the signed contract',
    });
  }
}
