import { describe, expect, it } from 'vitest';
import { parseEvent } from '../catalog.ts';
import type { ExamplesOf } from '../core/spec.ts';
import { itParsesEveryExample } from '../eventExamples.ts';
import type { MentoringEvent } from './events.ts';

const at = '2026-03-02T10:00:00+08:00';
const examples: ExamplesOf<MentoringEvent> = {
  MentorAssigned: { menteeId: 'n1', mentorId: 'm1', at },
  MentorTaskDone: { menteeId: 'n1', mentorId: 'm1', task: 'deal_review', notes: '复盘：报价过早', at },
  MentorRated: { menteeId: 'n1', mentorId: 'm1', rating: 8, at },
  CollaborationCredited: { employeeId: 'e1', helpedEmployeeId: 'e2', saleId: 's9', at },
  Feedback360Given: { employeeId: 'e1', from: 'peer', fromId: 'e2', rating: 4, comment: '乐于助人', at },
};

describe('mentoring and OA events', () => {
  itParsesEveryExample(examples);
  it('refuses ratings out of range and unknown task kinds', () => {
    expect(() => parseEvent('MentorRated', 1, { ...examples.MentorRated, rating: 11 })).toThrow(
      /^MentorRated v1: rating: must be from 0 to 10$/,
    );
    expect(() => parseEvent('Feedback360Given', 1, { ...examples.Feedback360Given, rating: 0 })).toThrow(
      /^Feedback360Given v1: rating: must be from 1 to 5$/,
    );
    expect(() => parseEvent('MentorTaskDone', 1, { ...examples.MentorTaskDone, task: 'lunch' })).toThrow(
      /^MentorTaskDone v1: task: /,
    );
  });
});
