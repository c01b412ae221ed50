import type { ReactorRule } from './reactor.ts';
import { targetBehindRule } from './targetBehind.ts';

/**
 * The rules of the platform's reactor, in order. To come with the eligibility and retention
 * read models (see the README, "Reactors"): eligibility reached → Nominate + alert HR and the
 * manager; risk above threshold → alert.
 */
export const reactorRules: readonly ReactorRule[] = [targetBehindRule];
