import { hrCommandSchemas } from '@trackrecord/domain';
import { commandMutations } from './mutations.ts';

commandMutations(hrCommandSchemas, {
  RecordAttendance:
    'Record a month of attendance (考勤): working days, days present, late arrivals, early leaves.',
  AnswerSatisfactionPulse: 'Record an answer to the satisfaction pulse survey, 0–10.',
});
