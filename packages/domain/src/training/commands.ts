import type { CommandsOf } from '../core/types.ts';
import { CourseAssigned, CourseCompleted, CourseStarted, SkillAssessed } from './events.ts';

export const trainingCommandSchemas = {
  AssignCourse: CourseAssigned.schema,
  StartCourse: CourseStarted.schema,
  CompleteCourse: CourseCompleted.schema,
} as const;

export type TrainingCommand = CommandsOf<typeof trainingCommandSchemas>;

/** The learning system's facts decided on the activity stream (see ../activity). */
export const trainingActivityCommandSchemas = {
  RecordSkillAssessment: SkillAssessed.schema,
} as const;
