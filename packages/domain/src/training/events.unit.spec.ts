import { describe, expect, it } from 'vitest';
import { parseEvent } from '../catalog.ts';
import type { ExamplesOf } from '../core/spec.ts';
import { itParsesEveryExample } from '../eventExamples.ts';
import type { TrainingEvent } from './events.ts';

const base = { employeeId: 'e1', courseId: 'customer-relationship-maintenance', at: '2026-03-02' };
const examples: ExamplesOf<TrainingEvent> = {
  CourseAssigned: {
    ...base,
    assignedBy: 'system:course-recommender',
    reason: 'retention 70% < 75%',
    dueOn: '2026-03-31',
  },
  CourseStarted: base,
  CourseCompleted: { ...base, testScore: 88.5 },
};

describe('training events (LMS)', () => {
  itParsesEveryExample(examples);
  it('reads an assignment recorded before due dates existed (no dueOn)', () => {
    expect(parseEvent('CourseAssigned', 1, { ...base, assignedBy: 'hr-1' })).not.toHaveProperty('dueOn');
  });
  it('refuses a due date that is not a date', () => {
    expect(() =>
      parseEvent('CourseAssigned', 1, { ...base, assignedBy: 'hr-1', dueOn: 'next week' }),
    ).toThrow(/dueOn: must be an ISO 8601 date or date-time/);
  });
  it('refuses a test score out of range', () => {
    expect(() => parseEvent('CourseCompleted', 1, { ...base, testScore: 101 })).toThrow(
      /^CourseCompleted v1: testScore: must be from 0 to 100$/,
    );
  });
});
