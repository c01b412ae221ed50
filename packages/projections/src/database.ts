import type { AlertsDb } from './alerts/table.ts';
import type { SkillAssessmentsDb } from './assessments/table.ts';
import type { CalibrationDb } from './calibration/table.ts';
import type { CommissionDb } from './commission/table.ts';
import type { ContactsDb } from './contacts/table.ts';
import type { ProjectionsMeta } from './db.ts';
import type { DecisionsDb } from './decisions/table.ts';
import type { EligibilityDb, EvaluationsStateDb, RetentionDb, ScoresDb } from './evaluations/table.ts';
import type { FeedbackDb } from './feedback/table.ts';
import type { InterventionsDb } from './interventions/table.ts';
import type { KpiFactsDb } from './kpiFacts/table.ts';
import type { LineageDb } from './lineage/table.ts';
import type { MentoringDb } from './mentoring/table.ts';
import type { OrgUnitsDb } from './orgUnits/table.ts';
import type { PeopleDb } from './people/table.ts';
import type { PoliciesDb } from './policies/table.ts';
import type { TargetsDb } from './targets/table.ts';
import type { TrainingDb } from './training/table.ts';
import type { UserGrantsDb } from './userGrants/table.ts';

/**
 * Every read-model table (schema `read`, addressed unqualified after `withSchema('read')`) and
 * the runner's checkpoints: the one Kysely database type readers use (`Kysely<Database>`).
 */
export interface Database
  extends AlertsDb,
    CommissionDb,
    ContactsDb,
    DecisionsDb,
    EligibilityDb,
    EvaluationsStateDb,
    FeedbackDb,
    InterventionsDb,
    CalibrationDb,
    SkillAssessmentsDb,
    KpiFactsDb,
    LineageDb,
    MentoringDb,
    OrgUnitsDb,
    PeopleDb,
    PoliciesDb,
    RetentionDb,
    ScoresDb,
    TargetsDb,
    TrainingDb,
    UserGrantsDb,
    ProjectionsMeta {}
