import { describe, it } from 'vitest';
import { commandsWith, spec } from '../core/spec.ts';
import type { CommandMetadata } from '../core/types.ts';
import type { MentoringCommand } from './commands.ts';
import { type MentoringContext, mentorshipDecider } from './decide.ts';
import type { MentorshipEvent } from './events.ts';

const metadata: CommandMetadata = {
  commandId: 'c',
  at: '2026-03-02T10:00:00Z',
  actor: 'system:oa',
  source: 'oa',
};
const cmd = commandsWith<MentoringCommand>(metadata);
const at = '2026-03-02T10:00:00Z';
const ctx: MentoringContext = {
  mentee: { employeeId: 'n1', status: 'active' },
  mentor: { employeeId: 'm1', status: 'active' },
};
const assigned: MentorshipEvent = { type: 'MentorAssigned', data: { menteeId: 'n1', mentorId: 'm1', at } };
const reassigned: MentorshipEvent = { type: 'MentorAssigned', data: { menteeId: 'n1', mentorId: 'm2', at } };
const task = {
  menteeId: 'n1',
  mentorId: 'm1',
  task: 'ride_along_visit' as const,
  notes: '陪访客户A，演示报价',
  at,
};
const rating = { menteeId: 'n1', mentorId: 'm1', rating: 6.5, at };
const mentorship = spec(mentorshipDecider);

const all = (mentorId: string): MentoringCommand[] => [
  cmd('AssignMentor', { ...assigned.data, mentorId }),
  cmd('RecordMentorTask', { ...task, mentorId }),
  cmd('RateMentor', { ...rating, mentorId }),
];
const each = all('m1').map((c) => [c.type, c] as const);
const selfMentored = all('n1').map((c) => [c.type, c] as const);

describe('mentorship decider (stream mentorship-<mentee>)', () => {
  it.each(selfMentored)('%s: refuses a mentor equal to the mentee', (_, command) => {
    mentorship
      .given([assigned])
      .when(command, ctx)
      .thenThrows('VALIDATION', /^mentor and mentee are the same person \(n1\)$/);
  });
  it.each(each)('%s: refuses an unknown mentee', (_, command) => {
    mentorship
      .given([assigned])
      .when(command, { mentor: ctx.mentor })
      .thenThrows('NOT_FOUND', /^mentee n1 is not known$/);
  });
  it.each(each)('%s: refuses a mentee who left', (_, command) => {
    mentorship
      .given([assigned])
      .when(command, { ...ctx, mentee: { employeeId: 'n1', status: 'departed' } })
      .thenThrows('ILLEGAL_STATE', /^mentee n1 has left the company$/);
  });

  describe('AssignMentor', () => {
    it('assigns a mentor, and later a replacement', () => {
      mentorship.given([]).when(cmd('AssignMentor', assigned.data), ctx).thenEvents([assigned]);
      mentorship
        .given([assigned])
        .when(cmd('AssignMentor', reassigned.data), {
          ...ctx,
          mentor: { employeeId: 'm2', status: 'active' },
        })
        .thenEvents([reassigned]);
    });
    it('refuses an unknown mentor or one who left', () => {
      mentorship
        .given([])
        .when(cmd('AssignMentor', assigned.data), { mentee: ctx.mentee })
        .thenThrows('NOT_FOUND', /^mentor m1 is not known$/);
      mentorship
        .given([])
        .when(cmd('AssignMentor', assigned.data), {
          ...ctx,
          mentor: { employeeId: 'm1', status: 'departed' },
        })
        .thenThrows('ILLEGAL_STATE', /^mentor m1 has left the company$/);
    });
    it('replaces a mentor with the reason given, and refuses a blank reason', () => {
      const m2 = { ...ctx, mentor: { employeeId: 'm2', status: 'active' as const } };
      const withReason = { ...reassigned.data, reason: '评分低于 7 分' };
      mentorship
        .given([assigned])
        .when(cmd('AssignMentor', withReason), m2)
        .thenEvents([{ type: 'MentorAssigned', data: withReason }]);
      mentorship
        .given([assigned])
        .when(cmd('AssignMentor', { ...reassigned.data, reason: ' ' }), m2)
        .thenThrows('VALIDATION', /^the reason for the new mentor is blank/);
    });
    it('refuses to assign the current mentor again', () => {
      mentorship
        .given([assigned])
        .when(cmd('AssignMentor', assigned.data), ctx)
        .thenThrows('ILLEGAL_STATE', /m1 already mentors n1/);
    });
  });

  describe('RecordMentorTask', () => {
    it('records a task of the current mentor', () => {
      mentorship
        .given([assigned])
        .when(cmd('RecordMentorTask', task), ctx)
        .thenEvents([{ type: 'MentorTaskDone', data: task }]);
    });
    it('refuses a task whose notes are blank', () => {
      mentorship
        .given([assigned])
        .when(cmd('RecordMentorTask', { ...task, notes: ' \n' }), ctx)
        .thenThrows('VALIDATION', /^the notes of the ride along visit are blank: say what was done$/);
    });
    it('refuses a task by someone who is not the current mentor', () => {
      mentorship
        .given([assigned, reassigned])
        .when(cmd('RecordMentorTask', task), ctx)
        .thenThrows('ILLEGAL_STATE', /m1 is not the mentor of n1 \(current mentor: m2\)/);
      mentorship
        .given([])
        .when(cmd('RecordMentorTask', task), ctx)
        .thenThrows('ILLEGAL_STATE', /\(current mentor: none\)/);
    });
  });

  describe('RateMentor', () => {
    it('lets the mentee rate a current or past mentor', () => {
      mentorship
        .given([assigned, reassigned])
        .when(cmd('RateMentor', rating), ctx)
        .thenEvents([{ type: 'MentorRated', data: rating }]);
    });
    it('refuses a rating of someone who never mentored the mentee', () => {
      mentorship
        .given([assigned])
        .when(cmd('RateMentor', { ...rating, mentorId: 'm7' }), ctx)
        .thenThrows('ILLEGAL_STATE', /m7 has never mentored n1/);
    });
  });
});
