import { z } from 'zod';
import { defineEvent, type EventOf } from '../core/catalog.ts';
import { id, isoTime, planTime, text } from '../core/schemas.ts';

/**
 * Learning-system (LMS) events, stream `enrollment-<employeeId>-<courseId>`: one enrollment
 * of one person in one course of the course catalogue (policy/courses.ts).
 */
/**
 * A course assigned to a person, optionally by a due date (`dueOn`, a date: reminders before it,
 * a `course_overdue` alert after it while the course is not completed). Assignments recorded
 * before due dates existed carry none.
 */
export const CourseAssigned = defineEvent(
  'CourseAssigned',
  z.object({
    employeeId: id,
    courseId: id,
    assignedBy: id,
    reason: text.optional(),
    dueOn: planTime.optional().describe('The day the course must be completed by (YYYY-MM-DD).'),
    at: isoTime,
  }),
);
export const CourseStarted = defineEvent(
  'CourseStarted',
  z.object({ employeeId: id, courseId: id, at: isoTime }),
);
/** The course was finished, with the final test score, 0–100. */
export const CourseCompleted = defineEvent(
  'CourseCompleted',
  z.object({
    employeeId: id,
    courseId: id,
    testScore: z.number().min(0, 'must be from 0 to 100').max(100, 'must be from 0 to 100'),
    at: isoTime,
  }),
);

/**
 * A skill assessment's result from the learning system (技能测评): the test taken and its score,
 * 0–100. Decided on the person's monthly activity stream (one-off facts, no enrollment): week
 * over week, the scores give a newcomer's weekly skill growth for the probation target.
 */
export const SkillAssessed = defineEvent(
  'SkillAssessed',
  z.object({
    employeeId: id,
    test: text.refine((s) => s.trim().length > 0, 'must name the test').describe('The assessment taken.'),
    score: z.number().min(0, 'must be from 0 to 100').max(100, 'must be from 0 to 100'),
    at: isoTime,
  }),
);

export const trainingEvents = [CourseAssigned, CourseStarted, CourseCompleted] as const;
/** The learning system's facts decided on the activity stream (see ../activity). */
export const trainingActivityEvents = [SkillAssessed] as const;
export type TrainingEvent = EventOf<typeof trainingEvents>;
