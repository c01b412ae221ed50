import { add, F, type Person, type World, YUAN } from '../world.ts';

/**
 * Payments falling due this week. A departed person's customer pays half the time (nobody
 * chases it any more); what the active collect counts in their window.
 */
export function collectPayments(w: World, week: number) {
  for (const due of w.pending.get(week) ?? []) {
    if (!due.person.active && w.rng.chance(0.5)) continue;
    w.counters.payment++;
    w.emit({
      kind: 'paymentCollected',
      week,
      day: due.day,
      personId: due.person.id,
      paymentId: `pay-${w.counters.payment}`,
      saleId: due.saleId,
      amount: due.amount,
    });
    if (due.person.active) add(due.person, week, F.collected, due.amount);
  }
  w.pending.delete(week);
}

/** Payments (回款): the share of a sale that will be collected; disciplined people collect fully. */
export const collectionShare = (w: World, p: Person) =>
  w.rng.chance(0.6 + 0.4 * p.traits.discipline) ? 1 : w.rng.chance(0.5) ? 0.5 : 0;

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
  const lag = rng.poisson(0.3 + 2.5 * (1 - p.traits.discipline));
  const toCollect = Math.round((amount * share) / YUAN) * YUAN;
  const split = rng.chance(0.3) ? Math.round(toCollect / 2 / YUAN) * YUAN : toCollect;
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
      w.emit({
        kind: 'paymentCollected',
        week,
        day: Math.min(4, day + 1 + rng.int(2)),
        personId: p.id,
        paymentId: `pay-${w.counters.payment}`,
        saleId,
        amount: part,
      });
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
