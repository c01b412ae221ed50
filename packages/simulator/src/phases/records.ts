import { add, clamp, F, monthOf, type Person, type PersonWeek, type Week, type World } from '../world.ts';

/**
 * What the month just ended leaves on record: the customers reviewed (retained or churned),
 * attendance and the satisfaction survey.
 */
export function recordMonth(w: World, wk: Week, p: Person, pw: PersonWeek) {
  const { week } = wk;
  const t = p.traits;
  const { engaged } = pw;
  const reviewed = Math.min(p.customers.length, 1 + w.rng.int(4));
  for (let k = 0; k < reviewed; k++) {
    const idx = w.rng.int(p.customers.length);
    const customer = p.customers[idx] as number;
    if (w.rng.chance(0.5 + 0.45 * t.care)) {
      w.emit({
        kind: 'customerRetained',
        week,
        day: 0,
        personId: p.id,
        customerId: `cust-${p.n}-${customer}`,
      });
      add(p, week, F.retained, 1);
    } else {
      w.emit({
        kind: 'customerChurned',
        week,
        day: 0,
        personId: p.id,
        customerId: `cust-${p.n}-${customer}`,
      });
      add(p, week, F.churned, 1);
      p.customers.splice(idx, 1);
    }
  }
  const workingDays = 21;
  const absent = Math.min(workingDays, w.rng.poisson(0.4 + 1.5 * (1 - t.diligence) + 1.5 * (1 - engaged)));
  const late = w.rng.poisson(0.3 + 2 * (1 - t.diligence));
  const early = w.rng.poisson(0.2 + 1.5 * (1 - engaged));
  w.emit({
    kind: 'attendance',
    week,
    day: 0,
    personId: p.id,
    month: monthOf(w, week - 1),
    workingDays,
    daysPresent: workingDays - absent,
    lateArrivals: late,
    earlyLeaves: early,
  });
  add(p, week, F.workingDays, workingDays);
  add(p, week, F.present, workingDays - absent);
  add(p, week, F.late, late);
  add(p, week, F.early, early);
  if (w.rng.chance(0.95)) {
    const score = Math.round(clamp(5.6 + 1.9 * p.engagement + 0.5 * w.rng.normal(), 1, 10));
    w.emit({ kind: 'satisfaction', week, day: 2, personId: p.id, score });
  }
}

/** 360 feedback at the quarter's end: from the manager, a peer and a customer. */
export function gather360(w: World, wk: Week, p: Person, pw: PersonWeek) {
  const { week } = wk;
  const t = p.traits;
  const { engaged } = pw;
  for (const from of ['manager', 'peer', 'customer'] as const) {
    const rating = Math.round(
      clamp(1.8 + 1.2 * p.skill + 1.0 * t.teamwork + 0.6 * engaged + 0.5 * w.rng.normal(), 1, 5),
    );
    w.emit({ kind: 'feedback360', week, day: 4, personId: p.id, from, rating });
    add(p, week, F.fbSum, rating);
    add(p, week, F.fbCount, 1);
  }
}
