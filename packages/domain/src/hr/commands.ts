import type { CommandsOf } from '../core/types.ts';
import { AttendanceRecorded, InterventionRecorded, SatisfactionPulseAnswered } from './events.ts';

/** HR facts about a person; decided on the activity stream (see ../activity). */
export const hrCommandSchemas = {
  RecordAttendance: AttendanceRecorded.schema,
  AnswerSatisfactionPulse: SatisfactionPulseAnswered.schema,
  RecordIntervention: InterventionRecorded.schema,
} as const;
export type HrCommand = CommandsOf<typeof hrCommandSchemas>;
