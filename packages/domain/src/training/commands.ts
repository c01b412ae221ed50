import type { z } from 'zod';
import type { Command } from '../core/types.ts';
import { CourseAssigned, CourseCompleted, CourseStarted } from './events.ts';

export const trainingCommandSchemas = {
  AssignCourse: CourseAssigned.schema,
  StartCourse: CourseStarted.schema,
  CompleteCourse: CourseCompleted.schema,
} as const;

export type TrainingCommand =
  | Command<'AssignCourse', z.infer<typeof CourseAssigned.schema>>
  | Command<'StartCourse', z.infer<typeof CourseStarted.schema>>
  | Command<'CompleteCourse', z.infer<typeof CourseCompleted.schema>>;
