import { eligibilityReachedRule, riskHighRule } from './evaluations.ts';
import type { ReactorRule } from './reactor.ts';
import { targetBehindRule, targetPeerGapRule } from './targetBehind.ts';

/**
 * The rules of the platform's reactor, in order: target behind → alert; far behind the peers →
 * alert; eligibility reached → nominate for review and alert HR and the manager; risk above
 * threshold → alert.
 */
export const reactorRules: readonly ReactorRule[] = [
  targetBehindRule,
  targetPeerGapRule,
  eligibilityReachedRule,
  riskHighRule,
];
