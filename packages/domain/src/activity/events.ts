import type { EventOf } from '../core/catalog.ts';
import { hrEvents } from '../hr/events.ts';
import { mentoringActivityEvents } from '../mentoring/events.ts';
import { salesActivityEvents } from '../sales/events.ts';
import { trainingActivityEvents } from '../training/events.ts';

/**
 * The activity stream `activity-<employeeId>-<YYYY-MM>` defines no events of its own: it holds
 * the one-off facts about a person that the sales (CRM, ERP), mentoring (OA), hr and training (LMS) modules
 * define, which need little history to be accepted. Registered in the catalog by those modules.
 */
export const activityEvents = [
  ...salesActivityEvents,
  ...mentoringActivityEvents,
  ...hrEvents,
  ...trainingActivityEvents,
] as const;
export type ActivityEvent = EventOf<typeof activityEvents>;
