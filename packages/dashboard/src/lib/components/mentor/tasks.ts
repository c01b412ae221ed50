import type { MessageKey } from '$lib/i18n.svelte.ts';

/** The three weekly mentor tasks in their order, each with its name's message key. */
export const MENTOR_TASKS = ['ride_along_visit', 'deal_review', 'performance_talk'] as const;
export type MentorTask = (typeof MENTOR_TASKS)[number];

export const TASK_LABEL: Record<MentorTask, MessageKey> = {
  ride_along_visit: 'mentor.task.rideAlong',
  deal_review: 'mentor.task.dealReview',
  performance_talk: 'mentor.task.talk',
};

/** A mentor week's state as a person reads it. */
export const WEEK_STATE_LABEL: Record<string, MessageKey> = {
  open: 'mentor.state.open',
  done: 'mentor.state.done',
  overdue: 'mentor.state.overdue',
  not_due: 'mentor.state.notDue',
};

/** A task id as a person reads it (an unknown one as it is). */
export const taskName = (task: string, t: (key: MessageKey) => string): string =>
  task in TASK_LABEL ? t(TASK_LABEL[task as MentorTask]) : task;
