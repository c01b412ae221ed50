import type { SimulationConfig } from './config.ts';
import type { SimFact } from './facts.ts';
import { settleCorrections } from './phases/corrections.ts';
import { hireToFill } from './phases/hiring.ts';
import { dismissed, type InterventionTruth, intervene, interventionTruth } from './phases/interventions.ts';
import { forgetDeparted, mayQuit } from './phases/leaving.ts';
import { doMentorTasks, rateMentor } from './phases/mentoring.ts';
import { driftMorale } from './phases/morale.ts';
import { organise } from './phases/organisation.ts';
import { collectPayments } from './phases/payments.ts';
import { closeCommissionMonth } from './phases/payouts.ts';
import { type PresentOptions, presentFacts } from './phases/present.ts';
import { probationVerdict } from './phases/probation.ts';
import { gather360, recordMonth } from './phases/records.ts';
import {
  DECISION_DAY,
  holdCommittees,
  nominate,
  nominateNearMisses,
  plansSuccession,
} from './phases/reviews.ts';
import { revisePolicies } from './phases/revision.ts';
import { sell } from './phases/selling.ts';
import { planTargets, recordAttainment, setTeamTargets } from './phases/targets.ts';
import { assessSkill, assignCourses, growSkill, progressCourses } from './phases/training.ts';
import { transfer } from './phases/transfers.ts';
import { DEFAULT_SIMULATION_POLICIES, type SimulationPolicies } from './policies.ts';
import type { ProductInMemory } from './product.ts';
import { beginWeek, endWeek, personWeek } from './world.ts';

export {
  INTERVENTION_FOLLOW_UP_DAYS,
  INTERVENTION_GRACE_DAYS,
  type InterventionTruth,
} from './phases/interventions.ts';
export type { DemoCast } from './phases/present.ts';
export {
  DEFAULT_SIMULATION_POLICIES,
  revisedPolicies,
  SIMULATED_COMMITTEE_CHAIR,
  SIMULATED_HR,
  type SimulationPolicies,
} from './policies.ts';
export type { ProductFlag, ProductInMemory } from './product.ts';

export type SimulateOptions = {
  /** Internal: the halfway revision and retention-model training are off when re-simulating a prefix. */
  readonly revise?: boolean;
  /**
   * After the last week, yield the present's facts (marked `present`): nominations waiting for
   * a committee, open reviews with the committee persona on them (some awaiting their vote,
   * one at quorum), and report the cast of personas. The company's history is unchanged.
   */
  readonly present?: PresentOptions;
  /**
   * With `SimulationConfig.interventions`: called once the history is simulated, with what the
   * programme did and its true effect (hidden from the facts), and the product in memory whose
   * flags it acted on (the events it decided: what the product would have stored).
   */
  readonly onInterventions?: (truth: InterventionTruth, product: ProductInMemory) => void;
};

/**
 * Simulates the company week by week and yields what happened, in time order (by week, then
 * day). Only the current people, their 13-week windows and the payments still to come are
 * kept in memory, so 10,000 people over 60 weeks stream in bounded memory.
 *
 * The company is one world state (`world.ts`) the phases (`phases/`) work on in a fixed order,
 * each drawing from the same random stream: the order of the phases below is part of the
 * history a seed gives, so moving one changes every history.
 */
export function* simulateFacts(
  config: SimulationConfig,
  policies: SimulationPolicies = DEFAULT_SIMULATION_POLICIES,
  options: SimulateOptions = {},
): Generator<SimFact, void, undefined> {
  const w = organise(config, policies, options.revise ?? true);

  for (let week = 0; week < config.weeks; week++) {
    const wk = beginWeek(w, week);
    if (w.interventions) intervene(w, wk);
    collectPayments(w, week);
    // Judged by the product with succession planning (demos seeded before it keep their
    // history), the week's committees sit (DECISION_DAY) before HR publishes the revision (the
    // day after): the product they ask has not seen the week's facts yet, so a revision it had
    // not seen would be in force at their decisions, and they would not replay as made.
    const committeesFirst = plansSuccession(w);
    if (week === w.revisionWeek && !committeesFirst) revisePolicies(w, week);
    holdCommittees(w, week);
    if (week === w.revisionWeek && committeesFirst) revisePolicies(w, week, DECISION_DAY + 1);
    settleCorrections(w, week);

    // Each person active at the week's start lives their week.
    for (const p of wk.active) {
      const pw = personWeek(p, week);
      const skillGrowth = growSkill(p, pw);
      assessSkill(w, wk, p, pw);
      planTargets(w, wk, p, pw, skillGrowth);
      sell(w, wk, p, pw);
      if (wk.newMonth && week > 0) {
        recordMonth(w, wk, p, pw);
        rateMentor(w, wk, p, pw);
        recordAttainment(p);
      }
      doMentorTasks(w, wk, p, pw);
      progressCourses(w, wk, p, pw);
      if (wk.newMonth && week >= 4) assignCourses(w, wk, p);
      if (wk.quarterEnd) gather360(w, wk, p, pw);
      driftMorale(w, wk, p, pw);
      if (!probationVerdict(w, wk, p)) {
        if (w.interventions) dismissed(w, p, week);
        continue;
      }
      mayQuit(w, wk, p, pw);
    }

    transfer(w, wk);
    if (wk.quarterEnd) nominate(w, week);
    else if (wk.newMonth && week > 0) nominateNearMisses(w, week);
    if (wk.newMonth) setTeamTargets(w, wk);
    if (wk.newMonth && week > 0) closeCommissionMonth(w, week);
    hireToFill(w, week);
    if (week % 13 === 0) forgetDeparted(w);
    const product = w.product;
    if (product) {
      for (const f of endWeek(w)) {
        product.fact(f);
        yield f;
      }
    } else yield* endWeek(w);
  }
  const truth = interventionTruth(w);
  if (truth && w.interventions) options.onInterventions?.(truth, w.interventions.product);

  if (options.present) {
    yield* presentFacts(w, config.weeks - 1, options.present);
  }
}
