import type { LevelId } from '@trackrecord/domain';
import { add, clamp, F, type Person, type PersonWeek, type Week, type World, YUAN } from '../world.ts';
import { correctSale, scheduleReversal } from './corrections.ts';
import { collectionShare, schedulePayments } from './payments.ts';

const LEVEL_DEALS: Record<LevelId, number> = {
  sales_representative: 1,
  sales_supervisor: 0.7,
  sales_manager: 0.45,
  regional_director: 0.3,
  key_account_consultant: 0.45,
  sales_support: 0,
};
const LEVEL_DEAL_SIZE: Record<LevelId, number> = {
  sales_representative: 22_000,
  sales_supervisor: 30_000,
  sales_manager: 55_000,
  regional_director: 80_000,
  key_account_consultant: 70_000,
  sales_support: 0,
};
const PRODUCT_LINES = ['software', 'hardware', 'services', 'consumables'] as const;

/**
 * The person's selling week: follow-ups, opportunities and demos; deals closed; expenses and
 * help given to teammates.
 */
export function sell(w: World, wk: Week, p: Person, pw: PersonWeek) {
  const followUps = logActivity(w, wk.week, p, pw);
  closeDeals(w, wk.week, p, pw, followUps);
  recordExpenses(w, wk.week, p);
  helpTeammates(w, wk.week, p, pw);
}

/** Follow-ups with customers (none for support staff), the opportunities and demos they lead to. */
function logActivity(w: World, week: number, p: Person, pw: PersonWeek): number {
  const t = p.traits;
  const { engaged } = pw;
  const followUps =
    p.level === 'sales_support' ? 0 : w.rng.poisson(3 + 13 * t.diligence * (0.55 + 0.45 * engaged));
  for (let k = 0; k < followUps; k++) {
    const customer =
      p.customers.length > 0 && w.rng.chance(0.7) ? w.rng.pick(p.customers) : p.nextCustomer + w.rng.int(20);
    w.emit({
      kind: 'followUpLogged',
      week,
      day: w.rng.int(5),
      personId: p.id,
      customerId: `cust-${p.n}-${customer}`,
    });
  }
  add(p, week, F.followUps, followUps);
  const opportunities = w.rng.poisson(followUps * 0.22);
  for (let k = 0; k < opportunities; k++) {
    w.counters.opportunity++;
    w.emit({
      kind: 'opportunityCreated',
      week,
      day: w.rng.int(5),
      personId: p.id,
      opportunityId: `opp-${w.counters.opportunity}`,
      customerId: `cust-${p.n}-${p.nextCustomer + w.rng.int(20)}`,
    });
  }
  add(p, week, F.opps, opportunities);
  const demos = w.rng.poisson(opportunities * 0.5);
  for (let k = 0; k < demos; k++)
    w.emit({
      kind: 'demoGiven',
      week,
      day: w.rng.int(5),
      personId: p.id,
      customerId: `cust-${p.n}-${p.nextCustomer}`,
    });
  add(p, week, F.demos, demos);
  return followUps;
}

/** The week's deals (more for the skilled, the engaged and those who follow up more) and their sum. */
function closeDeals(w: World, week: number, p: Person, pw: PersonWeek, followUps: number) {
  const { engaged } = pw;
  const effective = p.skill * (0.75 + 0.25 * engaged);
  const deals = w.rng.poisson(
    LEVEL_DEALS[p.level] * followUps * (0.02 + 0.11 * effective) + LEVEL_DEALS[p.level] * 0.1,
  );
  let weekSales = 0;
  for (let k = 0; k < deals; k++) weekSales += closeSale(w, week, p, pw);
  p.monthSales += weekSales;
  if (weekSales > p.lastWeekSales) p.stagnantWeeks = 0;
  else p.stagnantWeeks++;
  p.lastWeekSales = weekSales;
  p.lastWeekDeals = deals;
  p.team.weeklySales[week] = (p.team.weeklySales[week] ?? 0) + weekSales;
}

/**
 * One sale closed: its size, customer and margin; its collection scheduled (or its
 * cancellation, or its correction when recorded wrong); the customer's feedback on it.
 * Returns its amount.
 */
function closeSale(w: World, week: number, p: Person, pw: PersonWeek): number {
  const t = p.traits;
  w.counters.sale++;
  const saleId = `sale-${w.counters.sale}`;
  const keyAccount = w.rng.chance(
    p.level === 'sales_representative' || p.level === 'sales_supervisor' ? 0.08 : 0.6,
  );
  const size =
    LEVEL_DEAL_SIZE[p.level] *
    (0.6 + 0.8 * p.skill) *
    Math.exp(0.45 * w.rng.normal()) *
    (keyAccount ? 1.6 : 1);
  const amount = Math.max(1_000, Math.round(size)) * YUAN;
  // About 1 in 100 sales is cancelled before any payment, 1.5 in 100 recorded wrong and corrected.
  const fate = w.rng.next();
  const reversed = fate < 0.01;
  const recorded =
    fate >= 0.01 && fate < 0.025
      ? Math.max(1_000, Math.round((amount / YUAN) * (fate < 0.02 ? 1.1 : 0.9))) * YUAN
      : amount;
  const isNewCustomer = p.customers.length === 0 || w.rng.chance(0.35);
  const customer = isNewCustomer ? p.nextCustomer++ : w.rng.pick(p.customers);
  if (isNewCustomer) p.customers.push(customer);
  const marginRate = clamp(0.22 + 0.12 * p.skill + 0.05 * w.rng.normal(), 0.05, 0.6);
  const day = w.rng.int(5);
  w.emit({
    kind: 'saleClosed',
    week,
    day,
    personId: p.id,
    saleId,
    amount: recorded,
    grossMargin: Math.round(marginRate * 1000) / 1000,
    productLine: w.rng.pick(PRODUCT_LINES),
    customerId: `cust-${p.n}-${customer}`,
    customerType: keyAccount ? 'key_account' : w.rng.chance(0.8) ? 'smb' : 'individual',
    channel: w.rng.chance(0.3) ? 'channel_partner' : 'direct',
    newCustomer: isNewCustomer,
    cycleDays: Math.round(clamp(20 + 90 * (1 - p.skill) + 10 * w.rng.normal(), 3, 240)),
  });
  if (recorded !== amount) {
    const grossMargin = Math.round(marginRate * 1000) / 1000;
    correctSale(w, week, { personId: p.id, saleId, amount, grossMargin, day }, fate < 0.018);
  }
  add(p, week, F.sales, amount);
  add(p, week, F.deals, 1);
  add(p, week, F.margin, Math.round(amount * marginRate));
  if (keyAccount) add(p, week, F.keyAccount, amount);
  if (isNewCustomer) add(p, week, F.newCustomers, 1);
  if (pw.onProbation) p.probationDeals++;
  if (p.mentor?.active) p.mentor.menteeClosedDeals++;
  // Payments (回款): disciplined people collect fully and fast.
  const collectShare = collectionShare(w, p);
  if (reversed) scheduleReversal(w, week, p, saleId, amount);
  else if (collectShare > 0) schedulePayments(w, week, p, { saleId, amount, day }, collectShare);
  if (w.rng.chance(0.4)) {
    const rating = Math.round(clamp(2.2 + 1.6 * t.care + 1.2 * p.skill + 0.6 * w.rng.normal(), 1, 5));
    w.emit({
      kind: 'customerFeedback',
      week,
      day: Math.min(4, day + 1),
      personId: p.id,
      customerId: `cust-${p.n}-${customer}`,
      rating,
    });
    add(p, week, F.ratingSum, rating);
    add(p, week, F.ratingCount, 1);
  }
  return amount;
}

/** About every other week, an expense (none for support staff). */
function recordExpenses(w: World, week: number, p: Person) {
  if (w.rng.chance(0.5) && p.level !== 'sales_support') {
    const amount = Math.round(200 + 600 * w.rng.next()) * YUAN;
    w.emit({
      kind: 'expenseRecorded',
      expenseId: `exp-${++w.counters.expense}`,
      week,
      day: w.rng.int(5),
      personId: p.id,
      amount,
      category: w.rng.pick(['travel', 'entertainment', 'samples']),
    });
    add(p, week, F.expenses, amount);
  }
}

/** Help given to teammates, credited to the helper (support staff most). */
function helpTeammates(w: World, week: number, p: Person, pw: PersonWeek) {
  const t = p.traits;
  const { engaged } = pw;
  const teammates = p.team.members.length;
  if (teammates > 1) {
    const credits = w.rng.poisson((p.level === 'sales_support' ? 1.2 : 0.2) + 0.8 * t.teamwork * engaged);
    for (let k = 0; k < credits; k++) {
      const helped = p.team.members[w.rng.int(teammates)] as Person;
      if (helped === p) continue;
      w.emit({
        kind: 'collaborationCredited',
        week,
        day: w.rng.int(5),
        personId: p.id,
        helpedPersonId: helped.id,
      });
      add(p, week, F.collab, 1);
    }
  }
}
