import { runMigrations } from '@trackrecord/eventstore';
import type { Migration } from 'kysely';
import * as projections from './migrations/2026112201_projections.ts';
import * as people from './migrations/2026112202_people.ts';
import * as kpiFacts from './migrations/2026112203_kpi_facts.ts';
import * as commission from './migrations/2026112204_commission.ts';
import * as kpiFactsCollected from './migrations/2026112210_kpi_facts_collected.ts';
import * as evaluations from './migrations/2026112211_evaluations.ts';
import * as training from './migrations/2026112220_training.ts';
import * as mentoring from './migrations/2026112221_mentoring.ts';
import * as targets from './migrations/2026112222_targets.ts';
import * as alerts from './migrations/2026112223_alerts.ts';
import * as decisions from './migrations/2026112224_decisions.ts';
import * as lineage from './migrations/2026112225_lineage.ts';
import * as reactors from './migrations/2026112226_reactors.ts';
import * as feedback from './migrations/2026120101_feedback.ts';
import * as kpiFactsWeekly from './migrations/2026120110_kpi_facts_weekly.ts';
import * as policies from './migrations/2026120130_policies.ts';
import * as decisionEvidence from './migrations/2026120220_decision_evidence.ts';
import * as orgNames from './migrations/2026120240_org_names.ts';
import * as overviewIndexes from './migrations/2026120310_overview_indexes.ts';
import * as projectionFailures from './migrations/2026120320_projection_failures.ts';
import * as foldSnapshots from './migrations/2026120360_fold_snapshots.ts';
import * as commissionPlans from './migrations/2026120370_commission_plans.ts';
import * as commissionPayouts from './migrations/2026120390_commission_payouts.ts';
import * as targetDecisions from './migrations/2026120410_target_decisions.ts';
import * as mentorWorkbench from './migrations/2026120420_mentor_workbench.ts';
import * as trainingDueDates from './migrations/2026120430_training_due_dates.ts';
import * as imports from './migrations/2026120440_imports.ts';
import * as userGrants from './migrations/2026120450_user_grants.ts';
import * as interventions from './migrations/2026120470_interventions.ts';
import * as lineagePaths from './migrations/2026120480_lineage_paths.ts';
import * as calibrationNotes from './migrations/2026120490_calibration_notes.ts';
import * as retentionPredictions from './migrations/2026120510_retention_predictions.ts';
import * as skillAssessments from './migrations/2026120520_skill_assessments.ts';
import * as targetEvidence from './migrations/2026120540_target_evidence.ts';
import * as accessLogGrants from './migrations/2026120550_access_log_grants.ts';
import * as accessLogFieldRules from './migrations/2026120560_access_log_field_rules.ts';
import * as branchVariants from './migrations/2026120580_branch_variants.ts';
import * as targetPolicyVariants from './migrations/2026120600_target_policy_variants.ts';
import * as committeeGrants from './migrations/2026120610_committee_grants.ts';
import * as accessLogReaderNameEn from './migrations/2026120720_access_log_reader_name_en.ts';

/** Listed, not discovered, so migrations work from any working directory. */
const migrations: Record<string, Migration> = {
  '2026112201_projections': projections,
  '2026112202_people': people,
  '2026112203_kpi_facts': kpiFacts,
  '2026112204_commission': commission,
  '2026112210_kpi_facts_collected': kpiFactsCollected,
  '2026112211_evaluations': evaluations,
  '2026112220_training': training,
  '2026112221_mentoring': mentoring,
  '2026112222_targets': targets,
  '2026112223_alerts': alerts,
  '2026112224_decisions': decisions,
  '2026112225_lineage': lineage,
  '2026112226_reactors': reactors,
  '2026120101_feedback': feedback,
  '2026120110_kpi_facts_weekly': kpiFactsWeekly,
  '2026120130_policies': policies,
  '2026120220_decision_evidence': decisionEvidence,
  '2026120240_org_names': orgNames,
  '2026120310_overview_indexes': overviewIndexes,
  '2026120320_projection_failures': projectionFailures,
  '2026120360_fold_snapshots': foldSnapshots,
  '2026120370_commission_plans': commissionPlans,
  '2026120390_commission_payouts': commissionPayouts,
  '2026120410_target_decisions': targetDecisions,
  '2026120420_mentor_workbench': mentorWorkbench,
  '2026120430_training_due_dates': trainingDueDates,
  '2026120440_imports': imports,
  '2026120450_user_grants': userGrants,
  '2026120470_interventions': interventions,
  '2026120480_lineage_paths': lineagePaths,
  '2026120490_calibration_notes': calibrationNotes,
  '2026120510_retention_predictions': retentionPredictions,
  '2026120520_skill_assessments': skillAssessments,
  '2026120540_target_evidence': targetEvidence,
  '2026120550_access_log_grants': accessLogGrants,
  '2026120560_access_log_field_rules': accessLogFieldRules,
  '2026120580_branch_variants': branchVariants,
  '2026120600_target_policy_variants': targetPolicyVariants,
  '2026120610_committee_grants': committeeGrants,
  '2026120720_access_log_reader_name_en': accessLogReaderNameEn,
};

/** Brings the read-model schema (`read`) and the runner's bookkeeping (`projections`) up to date. */
export function migrateReadModels(connectionString: string): Promise<string[]> {
  return runMigrations(connectionString, 'projections', migrations, 'read-model');
}
