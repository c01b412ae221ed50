import { mentoringActivityCommandSchemas, mentoringCommandSchemas } from '@trackrecord/domain';
import { commandMutations } from '../commands/mutations.ts';

commandMutations(mentoringCommandSchemas, {
  AssignMentor: 'Assign a mentor to a newcomer.',
  RecordMentorTask:
    'Record a mentor task done: ride-along visit (陪访), deal review (复盘) or performance talk.',
  RateMentor: "Record a newcomer's rating of their mentor, 0–10 (below 7 the mentor is replaced).",
});

commandMutations(mentoringActivityCommandSchemas, {
  CreditCollaboration: 'Credit an employee for helping a colleague close a deal (协作).',
  GiveFeedback360: 'Give 360-degree feedback about an employee, as manager, peer or customer, 1–5.',
});
