import { add, F, type Person, type Refund, type World, YUAN } from '../world.ts';

/**
 * Payments falling due this week. A departed person's customer pays half the time (nobody
 * chases it any more); what the active collect counts in their window.
 */
export function collectPayments(w: World, week: number) {
  for (const due of w.refundsDue.get(week) ?? []) {
    const { day, personId, ...refund } = due;
    w.emit({ kind: 'paymentRefunded', week, day, personId, ...refund, reason: '客户退货' });
  }
  w.refundsDue.delete(week);
  for (const due of w.pending.get(week) ?? []) {
    if (!due.person.active && w.rng.chance(0.5)) continue;
    w.counters.payment++;
    const paymentId = `pay-${w.counters.payment}`;
    w.emit({
      kind: 'paymentCollected',
      week,
      day: due.day,
      personId: due.person.id,
      paymentId,
      saleId: due.saleId,
      amount: due.amount,
    });
    scheduleRefund(w, week, {
      personId: due.person.id,
      paymentId,
      saleId: due.saleId,
      amount: due.amount,
      day: due.day,
    });
    if (due.person.active) add(due.person, week, F.collected, due.amount);
  }
  w.pending.delete(week);
}

/**
 * Every 40th payment, a quarter of it is paid back two weeks later (the customer returned part
 * of the goods), so the demo's commission has refunds clawed back. Chosen by the payment's
 * number, not drawn: the rest of the history is the same with or without refunds, and the
 * seller's simulated window is left as it was (the product's read models count the refund).
 */
function scheduleRefund(w: World, week: number, payment: Omit<Refund, 'amount'> & { amount: number }) {
  if (w.counters.payment % 40 !== 0) return;
  const amount = Math.round((payment.amount * 0.25) / YUAN) * YUAN;
  const dueWeek = week + 2;
  if (amount <= 0 || dueWeek >= w.config.weeks) return;
  w.refundsDue.set(dueWeek, [...(w.refundsDue.get(dueWeek) ?? []), { ...payment, amount }]);
}

/** Payments (回款): the share of a sale that will be collected; disciplined people collect fully. */
export const collectionShare = (w: World, p: Person) =>
  w.rng.chance(w.config.judgedByProduct ? 0.8 + 0.2 * p.traits.discipline : 0.6 + 0.4 * p.traits.discipline)
    ? 1
    : w.rng.chance(0.5)
      ? 0.5
      : 0;

/**
 * Schedules the collection of `share` of a sale closed this week: disciplined people collect
 * fast; some customers pay in two parts. What is due this week is collected at once.
 */
export function schedulePayments(
  w: World,
  week: number,
  p: Person,
  sale: { saleId: string; amount: number; day: number },
  share: number,
) {
  const { rng } = w;
  const { saleId, amount, day } = sale;
  // Chased as the product measures it (by the end of the sale's month): sooner, less often split.
  const chased = w.config.judgedByProduct === true;
  const lag = rng.poisson(chased ? 0.05 + (1 - p.traits.discipline) : 0.3 + 2.5 * (1 - p.traits.discipline));
  const toCollect = Math.round((amount * share) / YUAN) * YUAN;
  const split = rng.chance(chased ? 0.1 : 0.3) ? Math.round(toCollect / 2 / YUAN) * YUAN : toCollect;
  const schedule: [number, number][] =
    split === toCollect
      ? [[lag, split]]
      : [
          [lag, split],
          [lag + 2 + rng.int(3), toCollect - split],
        ];
  for (const [after, part] of schedule) {
    if (part <= 0) continue;
    const dueWeek = after === 0 ? week : week + after;
    if (dueWeek === week) {
      w.counters.payment++;
      const paymentId = `pay-${w.counters.payment}`;
      const paidDay = Math.min(4, day + 1 + rng.int(2));
      w.emit({
        kind: 'paymentCollected',
        week,
        day: paidDay,
        personId: p.id,
        paymentId,
        saleId,
        amount: part,
      });
      scheduleRefund(w, week, { personId: p.id, paymentId, saleId, amount: part, day: paidDay });
      add(p, week, F.collected, part);
    } else {
      // Drawn even when due after the end, so a shorter run is the same history.
      const dueDay = rng.int(5);
      if (dueWeek >= w.config.weeks) continue;
      const list = w.pending.get(dueWeek) ?? [];
      list.push({ person: p, saleId, amount: part, day: dueDay });
      w.pending.set(dueWeek, list);
    }
  }
}
