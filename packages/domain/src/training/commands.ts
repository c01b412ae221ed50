import type { CommandsOf } from '../core/types.ts';
import { CourseAssigned, CourseCompleted, CourseStarted } from './events.ts';

export const trainingCommandSchemas = {
  AssignCourse: CourseAssigned.schema,
  StartCourse: CourseStarted.schema,
  CompleteCourse: CourseCompleted.schema,
} as const;

export type TrainingCommand = CommandsOf<typeof trainingCommandSchemas>;
