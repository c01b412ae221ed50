import { alertsProjection } from './alerts/project.ts';
import { skillAssessmentsProjection } from './assessments/project.ts';
import { calibrationProjection } from './calibration/project.ts';
import { commissionProjection } from './commission/project.ts';
import { contactsProjection } from './contacts/project.ts';
import { decisionsProjection } from './decisions/project.ts';
import { evaluationsProjection } from './evaluations/project.ts';
import { feedbackProjection } from './feedback/project.ts';
import { interventionsProjection } from './interventions/project.ts';
import { kpiFactsProjection } from './kpiFacts/project.ts';
import { lineageProjection } from './lineage/project.ts';
import { mentoringProjection } from './mentoring/project.ts';
import { orgUnitsProjection } from './orgUnits/project.ts';
import { peopleProjection } from './people/project.ts';
import { policiesProjection } from './policies/project.ts';
import type { AnyProjection } from './runner/projection.ts';
import { targetsProjection } from './targets/project.ts';
import { trainingProjection } from './training/project.ts';
import { userGrantsProjection } from './userGrants/project.ts';

/**
 * Every read model the platform keeps, in the order they are started.
 */
// biome-ignore lint/suspicious/noExplicitAny: projections of different table sets share one list.
export const projections: readonly AnyProjection<any>[] = [
  peopleProjection,
  kpiFactsProjection,
  commissionProjection,
  evaluationsProjection,
  trainingProjection,
  mentoringProjection,
  targetsProjection,
  alertsProjection,
  decisionsProjection,
  lineageProjection,
  feedbackProjection,
  contactsProjection,
  interventionsProjection,
  calibrationProjection,
  skillAssessmentsProjection,
  policiesProjection,
  orgUnitsProjection,
  userGrantsProjection,
];
