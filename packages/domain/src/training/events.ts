import { z } from 'zod';
import { defineEvent, type EventOf } from '../core/catalog.ts';
import { id, isoTime, text } from '../core/schemas.ts';

/** Learning-system (LMS) events, stream `enrollment-<employeeId>-<courseId>`. */
export const CourseAssigned = defineEvent(
  'CourseAssigned',
  z.object({ employeeId: id, courseId: id, assignedBy: id, reason: text.optional(), at: isoTime }),
);
export const CourseStarted = defineEvent(
  'CourseStarted',
  z.object({ employeeId: id, courseId: id, at: isoTime }),
);
export const CourseCompleted = defineEvent(
  'CourseCompleted',
  z.object({ employeeId: id, courseId: id, testScore: z.number().min(0).max(100), at: isoTime }),
);

export const trainingEvents = [CourseAssigned, CourseStarted, CourseCompleted] as const;
export type TrainingEvent = EventOf<typeof trainingEvents>;

export const enrollmentStream = (employeeId: string, courseId: string) =>
  `enrollment-${employeeId}-${courseId}`;
