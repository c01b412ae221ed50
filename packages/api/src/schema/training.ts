import { trainingCommandSchemas } from '@trackrecord/domain';
import { commandMutations } from '../commands/mutations.ts';

commandMutations(trainingCommandSchemas, {
  AssignCourse: 'Assign a course of the catalogue to an employee.',
  StartCourse: 'Record that an employee started a course.',
  CompleteCourse: 'Record that an employee completed a course, with the final test score (0–100).',
});
