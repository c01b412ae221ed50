import { ALERT_KINDS, PromotionDecided, VoteCast } from '@trackrecord/domain';
import {
  LIGHTS_ORDER,
  LINEAGE_KINDS,
  LINEAGE_STEP_KINDS,
  POLICY_KINDS,
  RISK_BANDS,
} from '@trackrecord/projections';
import { NOW_KNOWN_CAUSES } from '../audit/nowKnown.ts';
import { DIFFERENCE_CAUSES } from '../audit/replay.ts';
import { builder } from '../builder.ts';
import { enumFor } from './zodInput.ts';

// Closed sets of values several types share, as GraphQL enums. The values are the domain's own
// (lower case, as the read models store them), so a client reads the same strings as before.

export const LightEnum = builder.enumType('Light', {
  description: 'A target light: green (≥ 100% of the stage target), yellow (≥ 85%) or red.',
  values: LIGHTS_ORDER,
});

export const RiskBandEnum = builder.enumType('RiskBand', {
  description: 'A retention-risk band: low, medium or high.',
  values: RISK_BANDS,
});

export const PolicyKindEnum = builder.enumType('PolicyKind', {
  description: 'The kind of a policy document.',
  values: Object.values(POLICY_KINDS),
});

export const PolicyEventTypeEnum = builder.enumType('PolicyEventType', {
  description: 'The event that publishes a policy document of a kind.',
  values: Object.keys(POLICY_KINDS) as (keyof typeof POLICY_KINDS)[],
});

export const DifferenceCauseEnum = builder.enumType('DifferenceCause', {
  description:
    'Why a replayed claim differs: override (decided against the verdict or the majority, with a reason), correction (a sale the evidence counted was corrected or reversed), policy_version (a policy version not in force), evaluated_month (the score is of another month or of the nomination), evidence_position, history (candidate or step) or unexplained.',
  values: DIFFERENCE_CAUSES,
});

// The enums of command inputs, for the fields that read the same values back.
export const AlertKindEnum = enumFor(ALERT_KINDS, 'AlertKind');
export const VoteEnum = enumFor(VoteCast.schema.shape.vote.options, 'Vote');
export const PromotionOutcomeEnum = enumFor(
  PromotionDecided.schema.shape.outcome.options,
  'PromotionOutcome',
);

export const AlertStateEnum = builder.enumType('AlertState', {
  description: 'open, or acknowledged by someone who must act.',
  values: ['open', 'acknowledged'] as const,
});

export const ReviewStateEnum = builder.enumType('ReviewState', {
  description: 'A promotion review: nominated, open for the committee’s votes, or decided.',
  values: ['nominated', 'open', 'decided'] as const,
});

export const LineageKindEnum = builder.enumType('LineageKind', {
  description:
    'What a correction reached: score (a month’s composite score), eligibility (verdicts), mentee_deals (a mentor’s “deals closed by mentees” requirement), team_growth (a team member’s team-growth requirement), target_warning (a target warning raised), statement (a closed commission statement) or decision (a promotion decision).',
  values: LINEAGE_KINDS,
});

export const LineageStepKindEnum = builder.enumType('LineageStepKind', {
  description:
    'One step of a lineage path: sale, payment, score, eligibility (a verdict), mentee_deals, team_sales (a team’s sales of a month), team_growth, attainment (a person’s target attainment of a month), peer_median (the median attainment of a rank and region), target_warning, commission_line, statement or decision.',
  values: LINEAGE_STEP_KINDS,
});

export const LineageCorrectionEnum = builder.enumType('LineageCorrection', {
  description:
    'What corrected a count: reversed (a sale), corrected (a sale’s amount) or refunded (a payment).',
  values: ['reversed', 'corrected', 'refunded'] as const,
});

export const NowKnownCauseEnum = builder.enumType('NowKnownCause', {
  description:
    'Why a decision as now known differs from it as known: correction (a sale reversed or corrected, or a payment refunded, since), later_event (a fact of that time recorded after the evidence position), override (decided against the verdict with a reason) or unexplained.',
  values: NOW_KNOWN_CAUSES,
});

export const EnrollmentStateEnum = builder.enumType('EnrollmentState', {
  description: 'A course of a person: assigned, started or completed.',
  values: ['assigned', 'started', 'completed'] as const,
});
