import {
  COURSE_CATALOGUE,
  compositeScore,
  compositeScoreValue,
  type LevelId,
  probationTarget,
  recommendCourses,
  sigmoid,
  targetBaseline,
} from '@trackrecord/domain';
import type { SimulationConfig } from './config.ts';
import type { SimFact } from './facts.ts';
import { correctSale, scheduleReversal, settleCorrections } from './phases/corrections.ts';
import { hireToFill } from './phases/hiring.ts';
import { forgetDeparted } from './phases/leaving.ts';
import { assignMentor as assignMentorTo } from './phases/mentoring.ts';
import { organise } from './phases/organisation.ts';
import { type PresentOptions, presentFacts } from './phases/present.ts';
import { revisePolicies } from './phases/revision.ts';
import { setTeamTargets } from './phases/targets.ts';
import { transfer } from './phases/transfers.ts';
import { holdCommittees, nominate } from './phases/reviews.ts';
import { collectionShare, collectPayments, schedulePayments } from './phases/payments.ts';
import { DEFAULT_SIMULATION_POLICIES, SIMULATED_HR, type SimulationPolicies } from './policies.ts';
import {
  add,
  beginWeek,
  clamp,
  endWeek,
  F,
  monthOf as monthOfWeek,
  type Person,
  periodFacts as periodFactsOf,
  WEEKS_PER_MONTH,
  YUAN,
} from './world.ts';

export {
  DEFAULT_SIMULATION_POLICIES,
  revisedPolicies,
  SIMULATED_COMMITTEE_CHAIR,
  SIMULATED_HR,
  type SimulationPolicies,
} from './policies.ts';
export type { DemoCast } from './phases/present.ts';

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
const TASKS = ['ride_along_visit', 'deal_review', 'performance_talk'] as const;

export type SimulateOptions = {
  /** Internal: the halfway revision and retention-model training are off when re-simulating a prefix. */
  readonly revise?: boolean;
  /**
   * After the last week, yield the present's facts (marked `present`): nominations waiting for
   * a committee, open reviews with the committee persona on them (some awaiting their vote,
   * one at quorum), and report the cast of personas. The company's history is unchanged.
   */
  readonly present?: PresentOptions;
};

/**
 * Simulates the company week by week and yields what happened, in time order (by week, then
 * day). Only the current people, their 13-week windows and the payments still to come are
 * kept in memory, so 10,000 people over 60 weeks stream in bounded memory.
 */
export function* simulateFacts(
  config: SimulationConfig,
  policies: SimulationPolicies = DEFAULT_SIMULATION_POLICIES,
  options: SimulateOptions = {},
): Generator<SimFact, void, undefined> {
  const w = organise(config, policies, options.revise ?? true);
  const { rng, emit } = w;
  const monthOf = (week: number) => monthOfWeek(w, week);
  const assignMentor = (p: Person, week: number, exclude: Person | null, day: number) =>
    assignMentorTo(w, p, week, exclude, day);
  const periodFacts = (p: Person, week: number) => periodFactsOf(w, p, week);

  const trainingCompletion = (p: Person) => {
    let assigned = 0;
    let completed = 0;
    for (const c of p.courses.values()) {
      assigned++;
      if (c.state === 'completed') completed++;
    }
    return assigned === 0 ? 1 : completed / assigned;
  };

  const leave = (p: Person, week: number, voluntary: boolean, reason: string) => {
    p.active = false;
    if (p.mentor) p.mentor.menteeCount--;
    emit({ kind: 'left', week, day: 4, personId: p.id, voluntary, reason });
    const team = p.team;
    team.members = team.members.filter((m) => m !== p);
    for (const m of team.members) {
      if (m.mentor === p) {
        m.mentor = null;
        if (m.probationEndWeek !== null) assignMentor(m, week, p, 4);
      }
    }
    if (team.lead === p) {
      const successor = team.members
        .filter((m) => m.level === 'sales_supervisor' || m.level === p.level)
        .sort((a, b) => b.lastScore - a.lastScore)[0];
      team.lead = successor ?? null;
    }
  };

  for (let week = 0; week < config.weeks; week++) {
    const wk = beginWeek(w, week);
    const { newMonth, quarterEnd, mondaysInMonth, secondWeekOfMonth, active } = wk;

    collectPayments(w, week);

    if (week === w.revisionWeek)
      revisePolicies(w, week, (weeks) => simulateFacts({ ...config, weeks }, policies, { revise: false }));

    holdCommittees(w, week);

    settleCorrections(w, week);

    for (const p of active) {
      const t = p.traits;
      const onProbation = p.probationEndWeek !== null && week < p.probationEndWeek;
      const engaged = sigmoid(2 * p.engagement);
      const mentorQ = p.mentor?.active ? p.mentor.traits.mentorQuality : null;

      // Skill grows towards potential; faster with a good mentor.
      const rate = onProbation ? 0.03 + 0.14 * (mentorQ ?? 0.2) : 0.01;
      const previousSkill = p.skill;
      p.skill += rate * (t.potential - p.skill);
      const weeklySkillGrowth = (p.skill - previousSkill) / previousSkill;

      // Monthly target.
      if (newMonth && p.level !== 'sales_support') {
        if (week > 0) {
          p.monthlySales.push(p.monthSales);
          if (p.monthlySales.length > 6) p.monthlySales.shift();
        }
        p.monthSales = 0;
        const baseline = targetBaseline({
          monthlySales: p.monthlySales,
          rank: p.level,
          coefficients: {
            region: p.team.regionCoefficient,
            productDifficulty: 1,
            market: p.team.marketCoefficient,
          },
          policy: policies.targets,
        });
        p.weeklyTarget = baseline.target / mondaysInMonth;
        p.monthTarget = baseline.target;
        p.targetPeriod = monthOf(week);
        emit({
          kind: 'targetSet',
          week,
          day: 0,
          personId: p.id,
          period: monthOf(week),
          amount: baseline.target,
          weeks: mondaysInMonth,
          basis: baseline.basis,
        });
        if (onProbation) {
          // Daily sales growth is approximated from last month's attainment over ~20 working days.
          p.probationDealsRequired += probationTarget(
            { weeklySkillGrowth, dailySalesGrowth: Math.max(0, p.recentAttainment - 1) / 20 },
            policies.probation,
          ).dealsPerMonth;
        }
      }
      // Mid-month adjustment requests: the manager approves a lower target for people hit by a
      // setback or far behind, a higher one for people far ahead, or keeps it.
      if (
        secondWeekOfMonth &&
        p.targetPeriod === monthOf(week) &&
        rng.chance(p.shock < -0.3 || p.recentAttainment < 0.6 ? 0.25 : p.recentAttainment > 1.4 ? 0.15 : 0.02)
      ) {
        const down = p.recentAttainment <= 1.4 || p.shock < -0.3;
        const requestedAmount = Math.max(
          100 * YUAN,
          Math.round((p.monthTarget * (down ? 0.8 : 1.15)) / (100 * YUAN)) * 100 * YUAN,
        );
        if (requestedAmount !== p.monthTarget) {
          const requestId = `adj-${++w.counters.request}`;
          emit({
            kind: 'targetAdjustmentRequested',
            week,
            day: 1,
            personId: p.id,
            period: p.targetPeriod,
            requestId,
            requestedAmount,
            reason: down
              ? p.shock < -0.3
                ? 'key customer postponed its orders'
                : 'market in the region is slower than planned'
              : 'pipeline well ahead of plan',
          });
          const approvedAmount = Math.round((p.monthTarget + requestedAmount) / 2 / YUAN) * YUAN;
          const approved = rng.chance(0.65) && approvedAmount !== p.monthTarget;
          const lead = p.team.lead && p.team.lead !== p && p.team.lead.active ? p.team.lead.id : SIMULATED_HR;
          emit({
            kind: 'targetAdjustmentDecided',
            week,
            day: 3,
            personId: p.id,
            period: p.targetPeriod,
            requestId,
            approvedAmount: approved ? approvedAmount : null,
            reason: approved ? 'approved halfway between the target and the request' : 'the baseline stands',
            decidedBy: lead,
          });
          if (approved) {
            p.weeklyTarget *= approvedAmount / p.monthTarget;
            p.monthTarget = approvedAmount;
          }
        }
      }
      add(p, week, F.target, p.weeklyTarget);

      // Activity.
      const followUps =
        p.level === 'sales_support' ? 0 : rng.poisson(3 + 13 * t.diligence * (0.55 + 0.45 * engaged));
      for (let k = 0; k < followUps; k++) {
        const customer =
          p.customers.length > 0 && rng.chance(0.7) ? rng.pick(p.customers) : p.nextCustomer + rng.int(20);
        emit({
          kind: 'followUpLogged',
          week,
          day: rng.int(5),
          personId: p.id,
          customerId: `cust-${p.n}-${customer}`,
        });
      }
      add(p, week, F.followUps, followUps);
      const opportunities = rng.poisson(followUps * 0.22);
      for (let k = 0; k < opportunities; k++) {
        w.counters.opportunity++;
        emit({
          kind: 'opportunityCreated',
          week,
          day: rng.int(5),
          personId: p.id,
          opportunityId: `opp-${w.counters.opportunity}`,
          customerId: `cust-${p.n}-${p.nextCustomer + rng.int(20)}`,
        });
      }
      add(p, week, F.opps, opportunities);
      const demos = rng.poisson(opportunities * 0.5);
      for (let k = 0; k < demos; k++)
        emit({
          kind: 'demoGiven',
          week,
          day: rng.int(5),
          personId: p.id,
          customerId: `cust-${p.n}-${p.nextCustomer}`,
        });
      add(p, week, F.demos, demos);

      // Sales.
      const effective = p.skill * (0.75 + 0.25 * engaged);
      const deals = rng.poisson(
        LEVEL_DEALS[p.level] * followUps * (0.02 + 0.11 * effective) + LEVEL_DEALS[p.level] * 0.1,
      );
      let weekSales = 0;
      for (let k = 0; k < deals; k++) {
        w.counters.sale++;
        const saleId = `sale-${w.counters.sale}`;
        const keyAccount = rng.chance(
          p.level === 'sales_representative' || p.level === 'sales_supervisor' ? 0.08 : 0.6,
        );
        const size =
          LEVEL_DEAL_SIZE[p.level] *
          (0.6 + 0.8 * p.skill) *
          Math.exp(0.45 * rng.normal()) *
          (keyAccount ? 1.6 : 1);
        const amount = Math.max(1_000, Math.round(size)) * YUAN;
        // About 1 in 100 sales is cancelled before any payment, 1.5 in 100 recorded wrong and corrected.
        const fate = rng.next();
        const reversed = fate < 0.01;
        const recorded =
          fate >= 0.01 && fate < 0.025
            ? Math.max(1_000, Math.round((amount / YUAN) * (fate < 0.02 ? 1.1 : 0.9))) * YUAN
            : amount;
        const isNewCustomer = p.customers.length === 0 || rng.chance(0.35);
        const customer = isNewCustomer ? p.nextCustomer++ : rng.pick(p.customers);
        if (isNewCustomer) p.customers.push(customer);
        const marginRate = clamp(0.22 + 0.12 * p.skill + 0.05 * rng.normal(), 0.05, 0.6);
        const day = rng.int(5);
        emit({
          kind: 'saleClosed',
          week,
          day,
          personId: p.id,
          saleId,
          amount: recorded,
          grossMargin: Math.round(marginRate * 1000) / 1000,
          productLine: rng.pick(PRODUCT_LINES),
          customerId: `cust-${p.n}-${customer}`,
          customerType: keyAccount ? 'key_account' : rng.chance(0.8) ? 'smb' : 'individual',
          channel: rng.chance(0.3) ? 'channel_partner' : 'direct',
          newCustomer: isNewCustomer,
          cycleDays: Math.round(clamp(20 + 90 * (1 - p.skill) + 10 * rng.normal(), 3, 240)),
        });
        if (recorded !== amount) {
          const grossMargin = Math.round(marginRate * 1000) / 1000;
          correctSale(w, week, { personId: p.id, saleId, amount, grossMargin, day }, fate < 0.018);
        }
        weekSales += amount;
        add(p, week, F.sales, amount);
        add(p, week, F.deals, 1);
        add(p, week, F.margin, Math.round(amount * marginRate));
        if (keyAccount) add(p, week, F.keyAccount, amount);
        if (isNewCustomer) add(p, week, F.newCustomers, 1);
        if (onProbation) p.probationDeals++;
        if (p.mentor?.active) p.mentor.menteeClosedDeals++;
        // Payments (回款): disciplined people collect fully and fast.
        const collectShare = collectionShare(w, p);
        if (reversed) scheduleReversal(w, week, p, saleId, amount);
        else if (collectShare > 0) schedulePayments(w, week, p, { saleId, amount, day }, collectShare);
        if (rng.chance(0.4)) {
          const rating = Math.round(clamp(2.2 + 1.6 * t.care + 1.2 * p.skill + 0.6 * rng.normal(), 1, 5));
          emit({
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
      }
      p.monthSales += weekSales;
      if (weekSales > p.lastWeekSales) p.stagnantWeeks = 0;
      else p.stagnantWeeks++;
      p.lastWeekSales = weekSales;
      p.lastWeekDeals = deals;
      p.team.weeklySales[week] = (p.team.weeklySales[week] ?? 0) + weekSales;

      if (rng.chance(0.5) && p.level !== 'sales_support') {
        const amount = Math.round(200 + 600 * rng.next()) * YUAN;
        emit({
          kind: 'expenseRecorded',
          expenseId: `exp-${++w.counters.expense}`,
          week,
          day: rng.int(5),
          personId: p.id,
          amount,
          category: rng.pick(['travel', 'entertainment', 'samples']),
        });
        add(p, week, F.expenses, amount);
      }
      const teammates = p.team.members.length;
      if (teammates > 1) {
        const credits = rng.poisson((p.level === 'sales_support' ? 1.2 : 0.2) + 0.8 * t.teamwork * engaged);
        for (let k = 0; k < credits; k++) {
          const helped = p.team.members[rng.int(teammates)] as Person;
          if (helped === p) continue;
          emit({
            kind: 'collaborationCredited',
            week,
            day: rng.int(5),
            personId: p.id,
            helpedPersonId: helped.id,
          });
          add(p, week, F.collab, 1);
        }
      }

      // Customer retention, attendance, satisfaction: monthly.
      if (newMonth && week > 0) {
        const reviewed = Math.min(p.customers.length, 1 + rng.int(4));
        for (let k = 0; k < reviewed; k++) {
          const idx = rng.int(p.customers.length);
          const customer = p.customers[idx] as number;
          if (rng.chance(0.5 + 0.45 * t.care)) {
            emit({
              kind: 'customerRetained',
              week,
              day: 0,
              personId: p.id,
              customerId: `cust-${p.n}-${customer}`,
            });
            add(p, week, F.retained, 1);
          } else {
            emit({
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
        const absent = Math.min(
          workingDays,
          rng.poisson(0.4 + 1.5 * (1 - t.diligence) + 1.5 * (1 - engaged)),
        );
        const late = rng.poisson(0.3 + 2 * (1 - t.diligence));
        const early = rng.poisson(0.2 + 1.5 * (1 - engaged));
        emit({
          kind: 'attendance',
          week,
          day: 0,
          personId: p.id,
          month: monthOf(week - 1),
          workingDays,
          daysPresent: workingDays - absent,
          lateArrivals: late,
          earlyLeaves: early,
        });
        add(p, week, F.workingDays, workingDays);
        add(p, week, F.present, workingDays - absent);
        add(p, week, F.late, late);
        add(p, week, F.early, early);
        if (rng.chance(0.95)) {
          const score = Math.round(clamp(5.6 + 1.9 * p.engagement + 0.5 * rng.normal(), 1, 10));
          emit({ kind: 'satisfaction', week, day: 2, personId: p.id, score });
        }
        // Rated on day 0 by mentees whose mentor was assigned before then.
        if (p.mentor?.active && p.mentorSince <= week * 7 && (onProbation || week - p.hiredWeek < 26)) {
          const rating = Math.round(
            clamp(1.5 + 8.5 * p.mentor.traits.mentorQuality + 0.9 * rng.normal(), 0, 10),
          );
          emit({ kind: 'mentorRated', week, day: 0, personId: p.id, mentorId: p.mentor.id, rating });
          if (rating < 7) assignMentor(p, week, p.mentor, 0);
        }
        // Attainment of the month just ended drives morale.
        const prevTarget = p.weeklyTarget * 4;
        p.recentAttainment =
          prevTarget > 0 ? (p.monthlySales[p.monthlySales.length - 1] ?? 0) / prevTarget : 1;
      }

      // Mentoring tasks.
      if (p.mentor?.active && onProbation) {
        const mq = p.mentor.traits.mentorQuality;
        for (const task of TASKS) {
          if (rng.chance(0.25 + 0.7 * mq)) {
            // A mentor assigned this week works with the mentee from that day on.
            emit({
              kind: 'mentorTaskDone',
              week,
              day: Math.max(rng.int(5), p.mentorSince - week * 7),
              personId: p.id,
              mentorId: p.mentor.id,
              task,
              notes: `${task.replaceAll('_', ' ')} week ${week + 1}`,
            });
          }
        }
      }

      // Courses in progress.
      for (const [courseId, c] of p.courses) {
        if (c.state === 'assigned' && week > c.week && rng.chance(0.3 + 0.5 * t.diligence * engaged)) {
          c.state = 'started';
          c.week = week;
          emit({ kind: 'courseStarted', week, day: rng.int(5), personId: p.id, courseId });
        } else if (
          c.state === 'started' &&
          week >= c.week + Math.ceil(COURSE_CATALOGUE[courseId].hours / 8)
        ) {
          if (rng.chance(0.25 + 0.55 * t.diligence * engaged + 0.15 * engaged)) {
            c.state = 'completed';
            c.doneWeek = week;
            const testScore = Math.round(clamp(55 + 40 * p.skill + 8 * rng.normal(), 0, 100));
            emit({ kind: 'courseCompleted', week, day: rng.int(5), personId: p.id, courseId, testScore });
            // Real training effect: the course lifts skill, care or teamwork it targets.
            p.skill = clamp(p.skill + 0.06 * (1 - p.skill), 0, 0.99);
            if (COURSE_CATALOGUE[courseId].targetKpis.includes('customerRetentionRate'))
              t.care = clamp(t.care + 0.12, 0, 0.99);
            if (COURSE_CATALOGUE[courseId].targetKpis.includes('teamCollaboration'))
              t.teamwork = clamp(t.teamwork + 0.1, 0, 0.99);
            p.engagement += 0.15;
          } else if (week > c.week + 10) {
            c.state = 'stalled';
          }
        }
      }

      // Monthly score and course assignment.
      if (newMonth && week >= 4 && p.level !== 'sales_support') {
        const facts = periodFacts(p, week);
        p.lastScore = compositeScoreValue(facts, p.level, w.scoring);
        const open = [...p.courses.values()].filter(
          (c) => c.state === 'assigned' || c.state === 'started',
        ).length;
        if (open < 2 && rng.chance(0.45)) {
          const completed = [...p.courses.entries()]
            .filter(([, c]) => c.state === 'completed')
            .map(([id]) => id);
          const breakdown = compositeScore(facts, p.level, w.scoring);
          const recommended = recommendCourses({
            score: breakdown.score,
            kpis: breakdown.parts,
            completedCourses: completed,
          }).find((r) => !p.courses.has(r.courseId));
          if (recommended) {
            p.courses.set(recommended.courseId, { state: 'assigned', week, doneWeek: -1 });
            emit({
              kind: 'courseAssigned',
              week,
              day: 1,
              personId: p.id,
              courseId: recommended.courseId,
              reason: recommended.reasons.map((r) => r.en).join('; '),
            });
          }
        }
      }

      // 360 feedback each quarter.
      if (quarterEnd) {
        for (const from of ['manager', 'peer', 'customer'] as const) {
          const rating = Math.round(
            clamp(1.8 + 1.2 * p.skill + 1.0 * t.teamwork + 0.6 * engaged + 0.5 * rng.normal(), 1, 5),
          );
          emit({ kind: 'feedback360', week, day: 4, personId: p.id, from, rating });
          add(p, week, F.fbSum, rating);
          add(p, week, F.fbCount, 1);
        }
      }

      // Morale: drifts towards what fit, mentoring, success and recognition justify.
      const waited = p.eligibleSinceWeek === null ? 0 : (week - p.eligibleSinceWeek) / WEEKS_PER_MONTH;
      const goal =
        1.6 * (t.fit - 0.6) +
        (onProbation && mentorQ !== null ? 2.2 * (mentorQ - 0.6) : 0) +
        (onProbation && mentorQ === null ? -0.6 : 0) +
        clamp(0.8 * (p.recentAttainment - 1), -0.6, 0.3) -
        0.12 * Math.max(0, p.stagnantWeeks - 1) -
        0.15 * waited -
        t.outsideOptions +
        0.3;
      if (p.shock === 0 && rng.chance(0.008)) p.shock = -1.2;
      p.shock *= 0.92;
      if (Math.abs(p.shock) < 0.05) p.shock = 0;
      p.engagement += 0.12 * (goal + p.shock - p.engagement) + 0.08 * rng.normal();

      // Probation verdict.
      if (p.probationEndWeek === week) {
        if (p.probationDeals >= Math.ceil(0.8 * p.probationDealsRequired) || p.level === 'sales_support') {
          p.probationEndWeek = null;
          emit({ kind: 'probationPassed', week, day: 4, personId: p.id });
          p.engagement += 0.2;
        } else {
          emit({
            kind: 'probationFailed',
            week,
            day: 4,
            personId: p.id,
            reason: `${p.probationDeals} deals closed, ${p.probationDealsRequired} required`,
          });
          leave(p, week, false, 'probation not passed');
          continue;
        }
      }

      // Voluntary departure.
      const completion = trainingCompletion(p);
      const ratedMentorPoorly = p.mentor !== null && onProbation && p.mentor.traits.mentorQuality < 0.55;
      const hazard = sigmoid(
        -6.3 -
          2 * p.engagement +
          (onProbation ? 0.4 : 0) +
          3 * (0.6 - t.fit) +
          (p.stagnantWeeks >= 2 ? 0.5 : 0) +
          (ratedMentorPoorly ? 0.6 : 0) +
          (completion < 0.8 ? 0.5 : 0) +
          0.08 * waited,
      );
      if (rng.chance(hazard)) {
        const reason =
          p.stagnantWeeks >= 2
            ? 'no progress in sales'
            : waited > 2
              ? 'no promotion while eligible'
              : mentorQ !== null && mentorQ < 0.5
                ? 'poor onboarding'
                : rng.pick(['better offer', 'relocation', 'career change', 'compensation']);
        leave(p, week, true, reason);
      }
    }

    transfer(w, wk);

    if (quarterEnd) nominate(w, week);

    if (newMonth) setTeamTargets(w, wk);

    hireToFill(w, week);
    if (week % 13 === 0) forgetDeparted(w);

    yield* endWeek(w);
  }

  if (options.present) {
    yield* presentFacts(w, config.weeks - 1, options.present);
  }
}
