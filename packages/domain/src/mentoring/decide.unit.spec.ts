import { describe, it } from 'vitest';
import { spec } from '../core/spec.ts';
import type { CommandMetadata } from '../core/types.ts';
import type { MentoringCommand } from './commands.ts';
import { mentorshipDecider } from './decide.ts';
import type { MentoringEvent } from './events.ts';

const metadata: CommandMetadata = {
  commandId: 'c',
  at: '2026-03-02T10:00:00Z',
  actor: 'system:oa',
  source: 'oa',
};
const at = '2026-03-02T10:00:00Z';
const ctx = {
  mentee: { employeeId: 'n1', status: 'active' as const },
  mentor: { employeeId: 'm1', status: 'active' as const },
};
const cmd = <C extends MentoringCommand>(type: C['type'], data: C['data']) => ({ type, data, metadata }) as C;
const assigned: MentoringEvent = { type: 'MentorAssigned', data: { menteeId: 'n1', mentorId: 'm1', at } };
const reassigned: MentoringEvent = { type: 'MentorAssigned', data: { menteeId: 'n1', mentorId: 'm2', at } };
const mentorship = spec(mentorshipDecider);
const task = { menteeId: 'n1', mentorId: 'm1', task: 'ride_along_visit' as const, notes: '陪访客户A', at };

describe('mentorship decider', () => {
  it('assigns a mentor, records their tasks and the mentee rating them', () => {
    mentorship.given([]).when(cmd('AssignMentor', assigned.data), ctx).thenEvents([assigned]);
    mentorship
      .given([assigned])
      .when(cmd('RecordMentorTask', task), ctx)
      .thenEvents([{ type: 'MentorTaskDone', data: task }]);
    const rating = { menteeId: 'n1', mentorId: 'm1', rating: 6.5, at };
    mentorship
      .given([assigned, reassigned])
      .when(cmd('RateMentor', rating), ctx)
      .thenEvents([{ type: 'MentorRated', data: rating }]);
  });
  it('refuses a mentor equal to the mentee, a departed mentor and a repeated assignment', () => {
    mentorship
      .given([])
      .when(cmd('AssignMentor', { menteeId: 'n1', mentorId: 'n1', at }), ctx)
      .thenThrows('VALIDATION', /same person \(n1\)/);
    mentorship
      .given([])
      .when(cmd('AssignMentor', assigned.data), { ...ctx, mentor: { employeeId: 'm1', status: 'departed' } })
      .thenThrows('ILLEGAL_STATE', /mentor m1 has left/);
    mentorship
      .given([assigned])
      .when(cmd('AssignMentor', assigned.data), ctx)
      .thenThrows('ILLEGAL_STATE', /already mentors/);
  });
  it('refuses tasks by someone who is not the current mentor, and ratings of strangers', () => {
    mentorship
      .given([assigned, reassigned])
      .when(cmd('RecordMentorTask', task), ctx)
      .thenThrows('ILLEGAL_STATE', /m1 is not the mentor of n1 \(current mentor: m2\)/);
    mentorship
      .given([assigned])
      .when(cmd('RateMentor', { menteeId: 'n1', mentorId: 'm7', rating: 9, at }), ctx)
      .thenThrows('ILLEGAL_STATE', /never mentored/);
    mentorship
      .given([])
      .when(cmd('RecordMentorTask', task), {})
      .thenThrows('NOT_FOUND', /mentee/);
  });
});
