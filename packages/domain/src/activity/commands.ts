import type { CommandsOf } from '../core/types.ts';
import { hrCommandSchemas } from '../hr/commands.ts';
import { mentoringActivityCommandSchemas } from '../mentoring/commands.ts';
import { salesActivityCommandSchemas } from '../sales/commands.ts';
import { trainingActivityCommandSchemas } from '../training/commands.ts';

/** Commands of the activity stream: one fact each, defined by the sales, mentoring, hr and training modules. */
export const activityCommandSchemas = {
  ...salesActivityCommandSchemas,
  ...mentoringActivityCommandSchemas,
  ...hrCommandSchemas,
  ...trainingActivityCommandSchemas,
} as const;

export type ActivityCommandType = keyof typeof activityCommandSchemas;
export type ActivityCommand = CommandsOf<typeof activityCommandSchemas>;
