import { mentoringActivityCommandSchemas, mentoringCommandSchemas } from '@trackrecord/domain';
import { MENTEE_WEEKS, type MentorRating, type MentorWeek, menteeMentoring } from '@trackrecord/projections';
import { dataScope } from '../auth/viewer.ts';
import { builder } from '../builder.ts';
import { commandMutations } from './mutations.ts';
import { PersonRef, visiblePerson } from './people.ts';

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

type MenteeMentoring = NonNullable<Awaited<ReturnType<typeof menteeMentoring>>>;

const MentorWeekRef = builder.objectRef<MentorWeek>('MentorWeek').implement({
  description: 'One week (Monday, UTC) of a mentor–mentee pair: the three tasks owed and done.',
  fields: (t) => ({
    weekStart: t.exposeString('week', { description: 'Monday of the week, YYYY-MM-DD.' }),
    mentorId: t.exposeString('mentor_id', { description: 'Employee id of the mentor of that week.' }),
    state: t.exposeString('state', {
      description:
        'open (running, tasks still missing), done (every task owed done), overdue (the week has ended with a task missing) or not_due (a partial first or last week: nothing owed).',
    }),
    due: t.exposeInt('due', {
      description: 'Tasks owed: 3 in a full week of the mentorship, 0 in a partial first or last week.',
    }),
    done: t.exposeInt('done', { description: 'Distinct tasks done in the week (0–3).' }),
    missing: t.exposeStringList('missing', {
      description: 'Tasks not done in an overdue week (ride_along_visit, deal_review, performance_talk).',
    }),
  }),
});

const MentorRatingRef = builder.objectRef<MentorRating>('MentorRating').implement({
  description: "A newcomer's rating of their mentor, 0–10 (below 7 the mentor is replaced).",
  fields: (t) => ({
    at: t.exposeString('at', { description: 'Business time of the rating (ISO).' }),
    mentorId: t.exposeString('mentor_id', { description: 'Employee id of the mentor rated.' }),
    rating: t.exposeFloat('rating', { description: '0–10; below 7 the mentor is to be replaced.' }),
  }),
});

const MentoringRef = builder.objectRef<MenteeMentoring>('Mentoring').implement({
  description: "A newcomer's mentoring: the current or last mentor, weekly tasks and ratings.",
  fields: (t) => ({
    mentorId: t.string({
      nullable: true,
      description: 'Employee id of the current mentor, or of the last one when the mentorship has ended.',
      resolve: (m) => m.mentorship.mentor_id,
    }),
    mentor: t.field({
      type: PersonRef,
      nullable: true,
      description: 'The mentor; null when outside what the viewer may see.',
      resolve: (m, _args, ctx) => visiblePerson(ctx, m.mentorship.mentor_id),
    }),
    assignedAt: t.string({
      description: 'Business time the current (or last) mentor was assigned (ISO).',
      resolve: (m) => m.mentorship.assigned_at,
    }),
    endedAt: t.string({
      nullable: true,
      description: 'Business time the mentorship with that mentor ended (ISO); null while it runs.',
      resolve: (m) => m.mentorship.ended_at,
    }),
    endReason: t.string({
      nullable: true,
      description:
        'Why it ended: replaced, probation_passed, probation_failed, mentee_left or mentor_left; null while it runs.',
      resolve: (m) => m.mentorship.end_reason,
    }),
    mentorsSoFar: t.int({
      description: 'Mentors the newcomer has had so far: 1 plus the replacements.',
      resolve: (m) => m.mentorship.mentors_so_far,
    }),
    weeks: t.field({
      type: [MentorWeekRef],
      description: `Weeks of every mentor the newcomer had, newest first, at most ${MENTEE_WEEKS}.`,
      resolve: (m) => m.weeks,
    }),
    ratings: t.field({
      type: [MentorRatingRef],
      description: 'Ratings the newcomer gave, newest first.',
      resolve: (m) => m.ratings,
    }),
    overdueWeeks: t.int({
      description: 'Weeks with a task missing, over the whole mentoring.',
      resolve: (m) => m.overdueWeeks,
    }),
  }),
});

builder.objectField(PersonRef, 'mentoring', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: MentoringRef,
    nullable: true,
    description:
      'Mentoring of this person as a newcomer; null when they never had a mentor. Three queries per person: for a one-stop page, not for lists.',
    resolve: async (person, _args, ctx) =>
      (await menteeMentoring(ctx.db, dataScope(ctx.viewer), person.employee_id)) ?? null,
  }),
);
