import type { EligibilityVerdict } from '@trackrecord/domain';
import { describe, expect, it } from 'vitest';
import { simulationConfig } from './config.ts';
import { simulateFacts } from './engine.ts';
import type { SimFact } from './facts.ts';
import { createProductInMemory } from './product.ts';

type Decided = Extract<SimFact, { kind: 'promotionDecided' }>;
type Nominated = Extract<SimFact, { kind: 'nominated' }>;

/**
 * A company judged by the product: every decision's evidence is what the product itself gives
 * at the decision's evidence position (what an auditor's replay recomputes), so no decision of
 * the demo replays differently from how it was made.
 */
describe('promotions judged by the product', () => {
  const start = '2025-12-08';
  const config = simulationConfig({
    seed: 42,
    employees: 150,
    weeks: 52,
    start,
    interventions: {},
    judgedByProduct: true,
  });
  // The product the auditor replays against: fed the same facts, in the same order.
  const product = createProductInMemory(start, config.seed);
  const decisions: { fact: Decided; replayed: ReturnType<typeof product.eligibilityAt> }[] = [];
  const growthTasks: SimFact[] = [];
  for (const fact of simulateFacts(config)) {
    if (fact.kind === 'promotionDecided')
      decisions.push({ fact, replayed: product.eligibilityAt(fact.personId, fact.week, fact.day) });
    if (fact.kind === 'courseAssigned' && fact.reason.startsWith('growth task')) growthTasks.push(fact);
    product.fact(fact);
  }

  it('records as evidence the score, its month and the verdict the product gives when the committee decides', () => {
    expect(decisions.length).toBeGreaterThan(3);
    for (const { fact, replayed } of decisions) {
      expect(replayed, fact.reviewId).not.toBeNull();
      const verdict = replayed?.verdicts.find((v) => fact.rationale.includes(v.summary.en));
      expect(verdict, `${fact.reviewId}: the rationale quotes the product's verdict`).toBeDefined();
      expect(fact.evidence).toEqual({
        score: Math.round((replayed?.candidate.score ?? Number.NaN) * 100) / 100,
        scoreMonth: replayed?.month,
        eligible: verdict?.eligible,
      });
      // An approval against the verdict waives requirements and says so; a rejection of the eligible, too.
      expect(fact.override !== null).toBe(fact.evidence.eligible !== (fact.outcome === 'approved'));
    }
  });

  it('never waives the score: a candidate short of the score alone is turned down', () => {
    const scoreOnly = decisions.filter(({ fact, replayed }) => {
      const v = replayed?.verdicts.find((x) => fact.rationale.includes(x.summary.en));
      const unmet = v?.checks.filter((c) => !c.met) ?? [];
      return unmet.length === 1 && unmet[0]?.requirement.kind === 'score';
    });
    for (const { fact } of scoreOnly) expect(fact.outcome, fact.reviewId).toBe('rejected');
  });

  it('assigns the course a near-miss lacks as the growth task of its verdict', () => {
    expect(growthTasks.length).toBeGreaterThan(0);
    for (const f of growthTasks) {
      if (f.kind !== 'courseAssigned') continue;
      expect(f.reason).toMatch(
        /^growth task towards (Sales Supervisor|Sales Manager|Regional Director|Key-Account Consultant): /,
      );
    }
  });
});

/**
 * The demo's two years: with a full year of sales behind every round, members developed as
 * successors (the level's course, new mentees) and leads putting forward the one-short between
 * rounds, some supervisor candidates fall short of the score alone and are turned down: the
 * decisions an HR what-if lowering the supervisor's score threshold would flip.
 */
describe('two years judged by the product', () => {
  const start = '2024-12-09';
  const config = simulationConfig({
    seed: 42,
    employees: 150,
    weeks: 104,
    start,
    interventions: {},
    judgedByProduct: true,
    successionPlanning: true,
  });
  const product = createProductInMemory(start, config.seed);
  const decided: {
    fact: Decided;
    verdict: EligibilityVerdict | undefined;
    replayed: ReturnType<typeof product.eligibilityAt>;
    stamp: ReturnType<typeof product.scoringPolicyOfMonth>;
  }[] = [];
  const betweenRounds: { fact: Nominated; verdict: EligibilityVerdict | undefined }[] = [];
  for (const fact of simulateFacts(config)) {
    if (fact.kind === 'promotionDecided') {
      const replayed = product.eligibilityAt(fact.personId, fact.week, fact.day);
      const verdict = replayed?.verdicts.find((v) => fact.rationale.includes(v.summary.en));
      // The policy the evaluated month is scored with at the decision (a replay judges with it).
      const stamp = product.scoringPolicyOfMonth(fact.personId, replayed?.month ?? '');
      decided.push({ fact, verdict, replayed, stamp });
    }
    if (fact.kind === 'nominated' && !fact.present && fact.week % 13 !== 12) {
      const verdict = product
        .eligibilityAt(fact.personId, fact.week, fact.day)
        ?.verdicts.find((v) => v.toLevel === fact.toLevel);
      betweenRounds.push({ fact, verdict });
    }
    product.fact(fact);
  }

  it('has supervisor candidates turned down for the score alone, and promotions', () => {
    const shortOfScoreOnly = decided.filter(({ verdict }) => {
      const unmet = verdict?.checks.filter((c) => !c.met) ?? [];
      return (
        verdict?.toLevel === 'sales_supervisor' &&
        unmet.length === 1 &&
        unmet[0]?.requirement.kind === 'score'
      );
    });
    expect(shortOfScoreOnly.length).toBeGreaterThan(0);
    for (const { fact } of shortOfScoreOnly) expect(fact.outcome, fact.reviewId).toBe('rejected');
    expect(decided.filter(({ fact }) => fact.outcome === 'approved').length).toBeGreaterThan(0);
  });

  it('records the evidence and the scoring policy version the product judged with, the week of the policy revision included', () => {
    const revisionWeek = config.revisionWeek ?? Math.floor(config.weeks / 2);
    expect(decided.some(({ fact }) => fact.week === revisionWeek)).toBe(true);
    for (const { fact, verdict, replayed, stamp } of decided) {
      expect(stamp, fact.reviewId).not.toBeNull();
      expect(fact.policyVersions[stamp?.id ?? ''], fact.reviewId).toBe(stamp?.version);
      expect(fact.evidence, fact.reviewId).toEqual({
        score: Math.round((replayed?.candidate.score ?? Number.NaN) * 100) / 100,
        scoreMonth: replayed?.month,
        eligible: verdict?.eligible,
      });
    }
  });

  it('between rounds, a lead puts forward only a member one requirement short, not one decided on this quarter', () => {
    expect(betweenRounds.length).toBeGreaterThan(0);
    for (const { fact, verdict } of betweenRounds) {
      expect(fact.nominatedBy, fact.reviewId).not.toBeNull();
      expect(
        verdict?.checks.filter((c) => !c.met),
        fact.reviewId,
      ).toHaveLength(1);
      const before = decided.filter(
        (d) => d.fact.personId === fact.personId && d.fact.week <= fact.week && fact.week - d.fact.week < 13,
      );
      expect(before, fact.reviewId).toEqual([]);
    }
  });
});
