import { hrCommandSchemas } from '@trackrecord/domain';
import { commandMutations } from './mutations.ts';

commandMutations(hrCommandSchemas, {
  RecordAttendance:
    'Record a month of attendance (考勤): working days, days present, late arrivals, early leaves.',
  AnswerSatisfactionPulse: 'Record an answer to the satisfaction pulse survey, 0–10.',
  RecordIntervention:
    'Record an intervention on a person at risk of leaving (HR, or their branch or team manager): coaching, mentor_change, target_adjusted, career_talk or other, with a note; recordedBy is the caller.',
});
