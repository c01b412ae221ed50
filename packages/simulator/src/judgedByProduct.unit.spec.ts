import { describe, expect, it } from 'vitest';
import { simulationConfig } from './config.ts';
import { simulateFacts } from './engine.ts';
import type { SimFact } from './facts.ts';
import { createProductInMemory } from './product.ts';

type Decided = Extract<SimFact, { kind: 'promotionDecided' }>;

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
