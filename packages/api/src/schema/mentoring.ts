import {
  addWeeks,
  type EvaluatedProbationWeek,
  evaluateProbation,
  MENTOR_TASKS,
  mentoringActivityCommandSchemas,
  mentoringCommandSchemas,
  mondayOf,
  type ProbationWeekRule,
} from '@trackrecord/domain';
import {
  type Alert,
  alertInbox,
  type CustomerContact,
  currentMentees,
  MENTEE_WEEKS,
  type MentorRating,
  type Mentorship,
  type MentorTask,
  type MentorWeek,
  menteeMentoring,
  mentorTasksOfWeek,
  mentorWeeks,
  type Person,
  peopleByIds,
  probationPolicies,
  recentCustomers,
  skillScoresOf,
} from '@trackrecord/projections';
import { dataScope } from '../auth/viewer.ts';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { now } from '../runtime/clock.ts';
import { AlertRef } from './evaluations.ts';
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
    mentorName: t.string({
      nullable: true,
      description:
        'The mentor’s name of record, for the mentee too (who may not read the mentor’s record); null when unknown.',
      resolve: async (m, _args, ctx) => (await peopleRow(ctx, m.mentorship.mentor_id))?.name ?? null,
    }),
    mentorNameEn: t.string({
      nullable: true,
      description: 'The mentor’s romanised name, when known.',
      resolve: async (m, _args, ctx) => (await peopleRow(ctx, m.mentorship.mentor_id))?.name_en ?? null,
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

// ---------------------------------------------------------------------------------------------
// The mentor workbench: a mentor's own mentees, this week's three tasks with their notes, and
// the open alerts about them. A mentor (a rep or supervisor) sees only their own mentees: the
// relation is theirs, whatever their read scope.

interface MenteeDesk {
  readonly mentorship: Mentorship;
  readonly person: Person | undefined;
  readonly week: string;
}
interface TaskState {
  readonly task: string;
  readonly entries: readonly MentorTask[];
}

const peopleRow = async (ctx: Context, id: string): Promise<Person | undefined> =>
  ctx.db.withSchema('read').selectFrom('people').selectAll().where('employee_id', '=', id).executeTakeFirst();

const MentorTaskEntryRef = builder.objectRef<MentorTask>('MentorTaskEntry').implement({
  description: 'A mentor task recorded, with its notes.',
  fields: (t) => ({
    notes: t.exposeString('notes', { description: 'What was done, as the mentor wrote it.' }),
    at: t.exposeString('at', { description: 'Business time it was done (ISO).' }),
    position: t.field({
      type: 'Position',
      description: 'Global position of the MentorTaskDone event.',
      resolve: (e) => BigInt(e.position),
    }),
  }),
});

const MentorTaskStateRef = builder.objectRef<TaskState>('MentorTaskState').implement({
  description: "One of the week's three mentor tasks: done or not, with what was recorded.",
  fields: (t) => ({
    task: t.exposeString('task', { description: 'ride_along_visit, deal_review or performance_talk' }),
    done: t.boolean({
      description: 'Recorded at least once this week.',
      resolve: (s) => s.entries.length > 0,
    }),
    entries: t.field({
      type: [MentorTaskEntryRef],
      description: 'Each time it was recorded this week, in the order done.',
      resolve: (s) => [...s.entries],
    }),
  }),
});

const MenteeDeskRef = builder.objectRef<MenteeDesk>('MenteeDesk').implement({
  description: "A mentee on their mentor's workbench.",
  fields: (t) => ({
    employeeId: t.string({
      description: 'Employee id of the mentee.',
      resolve: (d) => d.mentorship.mentee_id,
    }),
    name: t.string({
      description: 'Name of record of the mentee.',
      resolve: (d) => d.person?.name ?? d.mentorship.mentee_id,
    }),
    nameEn: t.string({
      nullable: true,
      description: 'Romanised name of the mentee, when known.',
      resolve: (d) => d.person?.name_en ?? null,
    }),
    level: t.string({
      nullable: true,
      description: 'Ladder level id.',
      resolve: (d) => d.person?.level ?? null,
    }),
    hiredAt: t.string({
      nullable: true,
      description: 'Hire time (ISO).',
      resolve: (d) => d.person?.hired_at ?? null,
    }),
    probation: t.string({
      nullable: true,
      description: 'none, on_probation, passed or failed',
      resolve: (d) => d.person?.probation ?? null,
    }),
    probationEnd: t.string({
      nullable: true,
      description: 'When probation ends (ISO date), if on probation.',
      resolve: (d) => d.person?.probation_end ?? null,
    }),
    assignedAt: t.string({
      description: 'When the mentor was assigned to this mentee (ISO).',
      resolve: (d) => d.mentorship.assigned_at,
    }),
    lastRating: t.float({
      nullable: true,
      description: "The mentee's latest rating of their mentor (0–10), of any mentor they had.",
      resolve: (d) => d.mentorship.last_rating,
    }),
    weekStart: t.string({ description: 'Monday of this week (YYYY-MM-DD).', resolve: (d) => d.week }),
    tasks: t.field({
      type: [MentorTaskStateRef],
      description:
        "This week's three tasks (ride-along visit, deal review, performance talk) and what was recorded.",
      resolve: async (d, _args, ctx) => {
        const entries = await mentorTasksOfWeek(
          ctx.db,
          { menteeId: d.mentorship.mentee_id, mentorId: d.mentorship.mentor_id },
          d.week,
        );
        return MENTOR_TASKS.map((task) => ({ task, entries: entries.filter((e) => e.task === task) }));
      },
    }),
    recentWeeks: t.field({
      type: [MentorWeekRef],
      description: 'The four weeks before this one with this mentor, newest first.',
      resolve: async (d, _args, ctx) =>
        (
          await mentorWeeks(
            ctx.db,
            { kind: 'all' },
            { mentorId: d.mentorship.mentor_id },
            { from: addWeeks(d.week, -4), to: addWeeks(d.week, -1) },
          )
        )
          .filter((w) => w.mentee_id === d.mentorship.mentee_id)
          .reverse(),
    }),
    alerts: t.field({
      type: [AlertRef],
      description:
        'Open alerts about the mentee a mentor acts on: their own overdue weeks with this mentee and the mentee behind their target; newest first.',
      resolve: (d, _args, ctx) => menteeAlerts(ctx, d),
    }),
  }),
});

async function menteeAlerts(ctx: Context, d: MenteeDesk): Promise<Alert[]> {
  const alerts = await alertInbox(
    ctx.db,
    { kind: 'all' },
    { employeeId: d.mentorship.mentee_id, state: 'open' },
  );
  return alerts.filter(
    (a) =>
      a.kind === 'target_behind' ||
      (a.kind === 'mentor_overdue' &&
        a.assignees.some((x) => x.role === 'mentor' && x.id === d.mentorship.mentor_id)),
  );
}

builder.queryField('mentorWorkbench', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: [MenteeDeskRef],
    description:
      "The signed-in mentor's current mentees still employed (empty for a viewer who mentors nobody or is not an employee), each with this week's three tasks and the open alerts about them.",
    resolve: async (_root, _args, ctx) => {
      const me = ctx.viewer.employeeId;
      if (!me) return [];
      const week = mondayOf(now().toISOString());
      const mentees = await currentMentees(ctx.db, me);
      const desks = await Promise.all(
        mentees.map(async (mentorship) => ({
          mentorship,
          person: await peopleRow(ctx, mentorship.mentee_id),
          week,
        })),
      );
      // A mentee who has left is no one's to mentor.
      return desks.filter((d) => d.person?.status !== 'departed');
    },
  }),
);

// ---------------------------------------------------------------------------------------------
// Replacing a mentor from a "rated below 7" alert: who replaced them, and who may.

const AlertReplacementRef = builder
  .objectRef<{ mentorId: string; at: string; reason: string | null; person: Person | undefined }>(
    'AlertReplacement',
  )
  .implement({
    description: 'The mentor who replaced one rated below 7: who, when and why.',
    fields: (t) => ({
      mentorId: t.exposeString('mentorId', { description: 'Employee id of the new mentor.' }),
      name: t.string({
        description: 'Name of record of the new mentor.',
        resolve: (r) => r.person?.name ?? r.mentorId,
      }),
      nameEn: t.string({
        nullable: true,
        description: 'Romanised name.',
        resolve: (r) => r.person?.name_en ?? null,
      }),
      at: t.exposeString('at', { description: 'When the new mentor was assigned (ISO).' }),
      reason: t.exposeString('reason', { nullable: true, description: 'The reason given, if any.' }),
    }),
  });

builder.objectField(AlertRef, 'replacement', (t) =>
  t.field({
    type: AlertReplacementRef,
    nullable: true,
    description:
      'For a mentor rated below 7: the mentor who has replaced them since (the alert is then answered); null otherwise.',
    resolve: async (a, _args, ctx) =>
      a.replaced ? { ...a.replaced, person: await peopleRow(ctx, a.replaced.mentorId) } : null,
  }),
);

builder.objectField(AlertRef, 'currentMentor', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: PersonRef,
    nullable: true,
    description:
      'For a mentoring alert: the mentee’s mentor now (null when none, or not visible to the viewer).',
    resolve: async (a, _args, ctx) => {
      if (a.kind !== 'mentor_rated_low' && a.kind !== 'mentor_overdue') return null;
      const m = await menteeMentoring(ctx.db, dataScope(ctx.viewer), a.employeeId);
      return m && m.mentorship.ended_at === null ? visiblePerson(ctx, m.mentorship.mentor_id) : null;
    },
  }),
);

interface MentorCandidate {
  readonly person: Person;
  readonly sameTeam: boolean;
  readonly mentees: number;
  readonly averageRating: number | null;
}
const MentorCandidateRef = builder.objectRef<MentorCandidate>('MentorCandidate').implement({
  description: 'Someone who could mentor a newcomer: a confirmed, active colleague of their team or branch.',
  fields: (t) => ({
    person: t.field({ type: PersonRef, description: 'The colleague.', resolve: (c) => c.person.employee_id }),
    sameTeam: t.exposeBoolean('sameTeam', { description: 'In the newcomer’s team.' }),
    mentees: t.exposeInt('mentees', { description: 'Newcomers they mentor now.' }),
    averageRating: t.float({
      nullable: true,
      description: 'Average rating newcomers gave them (0–10); null when never rated.',
      resolve: (c) => c.averageRating,
    }),
  }),
});

builder.objectField(PersonRef, 'mentorCandidates', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: [MentorCandidateRef],
    description:
      'Who could mentor this person: active colleagues of their team, then of their branch, past probation and not this person or their current mentor, with the mentees they have now and their average rating; fewest mentees first. Within what the viewer may see.',
    resolve: async (person, _args, ctx) => {
      const scope = dataScope(ctx.viewer);
      const read = ctx.db.withSchema('read');
      const current = await read
        .selectFrom('mentorships')
        .select('mentor_id')
        .where('mentee_id', '=', person.employee_id)
        .where('ended_at', 'is', null)
        .executeTakeFirst();
      const colleagues = await read
        .selectFrom('people')
        .selectAll()
        .where('branch_id', '=', person.branch_id)
        .where('status', '=', 'active')
        .where('probation', 'in', ['none', 'passed'])
        .where('employee_id', '!=', person.employee_id)
        .execute();
      const seen = new Set(
        (
          await peopleByIds(
            ctx.db,
            scope,
            colleagues.map((c) => c.employee_id),
          )
        ).flatMap((p) => (p ? [p.employee_id] : [])),
      );
      const ids = colleagues.filter((c) => seen.has(c.employee_id) && c.employee_id !== current?.mentor_id);
      if (ids.length === 0) return [];
      const load = await read
        .selectFrom('mentorships')
        .select(['mentor_id', (eb) => eb.fn.countAll<string>().as('n')])
        .where('ended_at', 'is', null)
        .where(
          'mentor_id',
          'in',
          ids.map((c) => c.employee_id),
        )
        .groupBy('mentor_id')
        .execute();
      const ratings = await read
        .selectFrom('mentor_ratings')
        .select(['mentor_id', (eb) => eb.fn.avg<number>('rating').as('avg')])
        .where(
          'mentor_id',
          'in',
          ids.map((c) => c.employee_id),
        )
        .groupBy('mentor_id')
        .execute();
      const n = new Map(load.map((l) => [l.mentor_id, Number(l.n)]));
      const avg = new Map(ratings.map((r) => [r.mentor_id, Number(r.avg)]));
      return ids
        .map((c) => ({
          person: c,
          sameTeam: c.team_id === person.team_id,
          mentees: n.get(c.employee_id) ?? 0,
          averageRating: avg.get(c.employee_id) ?? null,
        }))
        .sort(
          (a, b) =>
            Number(b.sameTeam) - Number(a.sameTeam) ||
            a.mentees - b.mentees ||
            (b.averageRating ?? 0) - (a.averageRating ?? 0) ||
            a.person.name.localeCompare(b.person.name, 'zh'),
        )
        .slice(0, 30);
    },
  }),
);

// ---------------------------------------------------------------------------------------------
// Probation evidence: the weekly verdicts against the probation target.

interface ProbationEvidence {
  readonly person: Person;
  readonly through: string;
  readonly weeks: readonly EvaluatedProbationWeek[];
}
const ProbationVariantEnum = builder.enumType('ProbationVariant', {
  description:
    'Which probation target applied: reduced (weekly skill growth above the policy’s bar), stretch (daily sales growth above its bar, with a bonus) or base.',
  values: ['reduced', 'base', 'stretch'] as const,
});
const LocalizedReasonRef = builder
  .objectRef<{ readonly en: string; readonly zh: string }>('ProbationReason')
  .implement({
    description:
      'Why a probation target applied, in English and Chinese, with the figures it was decided on.',
    fields: (t) => ({
      en: t.exposeString('en', { description: 'The reason in English.' }),
      zh: t.exposeString('zh', { description: 'The reason in Chinese.' }),
    }),
  });
const ProbationWeekRuleRef = builder.objectRef<ProbationWeekRule>('ProbationWeekRule').implement({
  description:
    'The probation target a week was held to: the probation policy in force at the week’s end (by its publication’s business time), the variant its rules gave and why.',
  fields: (t) => ({
    policyId: t.string({ description: 'The probation policy’s id.', resolve: (r) => r.policy.id }),
    policyVersion: t.int({
      description: 'The version in force that week.',
      resolve: (r) => r.policy.version,
    }),
    variant: t.field({
      type: ProbationVariantEnum,
      description: 'reduced, base or stretch; the skill rule is checked first.',
      resolve: (r) => r.variant,
    }),
    dealsPerMonth: t.exposeInt('dealsPerMonth', {
      description: 'Deals a month the variant requires (the week counts its days’ share of it).',
    }),
    bonus: t.exposeInt('bonus', { description: 'Bonus in fen when the stretch target is met; 0 otherwise.' }),
    weeklySkillGrowth: t.float({
      nullable: true,
      description:
        'The week’s latest skill-assessment score against the previous week’s, (this − last) ÷ last, as a fraction; null when either week has no assessment (counted as 0).',
      resolve: (r) => r.weeklySkillGrowth,
    }),
    dailySalesGrowth: t.float({
      nullable: true,
      description:
        'The week’s sales amount against the previous week’s, spread over 7 days, (this − last) ÷ (7 × last), as a fraction; null when the previous week sold nothing (counted as 0).',
      resolve: (r) => r.dailySalesGrowth,
    }),
    reason: t.field({
      type: LocalizedReasonRef,
      description: 'Why this variant applied, with the figures and bars, in both languages.',
      resolve: (r) => r.reason,
    }),
  }),
});
const ProbationWeekRef = builder.objectRef<EvaluatedProbationWeek>('ProbationWeek').implement({
  description: 'One week of a probation against its target.',
  fields: (t) => ({
    weekStart: t.exposeString('week', { description: 'Monday of the week (YYYY-MM-DD).' }),
    deals: t.exposeInt('deals', { description: 'Deals closed in the week.' }),
    dealsSoFar: t.exposeInt('dealsSoFar', {
      description: 'Deals closed from the start of probation to the week’s end.',
    }),
    requiredSoFar: t.exposeInt('requiredSoFar', {
      description:
        'Deals the targets ask for by the week’s end: each week’s monthly target pro rata to its days of probation, summed, rounded up.',
    }),
    verdict: t.exposeString('verdict', {
      description: 'on_track (at least 80% of the deals required so far) or behind.',
    }),
    rule: t.field({
      type: ProbationWeekRuleRef,
      nullable: true,
      description:
        'The target that applied this week and why; null when no probation policy was published yet.',
      resolve: (w) => w.rule,
    }),
  }),
});
const ProbationEvidenceRef = builder.objectRef<ProbationEvidence>('ProbationEvidence').implement({
  description:
    'What HR decides a probation on: week by week, the probation target that applied (policy, variant and why) and the verdict against it.',
  fields: (t) => ({
    state: t.string({
      description: 'none, on_probation, passed or failed',
      resolve: (e) => e.person.probation,
    }),
    start: t.string({
      description: 'When probation started: the hire date (ISO).',
      resolve: (e) => e.person.hired_at,
    }),
    end: t.string({
      nullable: true,
      description: 'When probation ends (ISO date).',
      resolve: (e) => e.person.probation_end,
    }),
    through: t.exposeString('through', {
      description: 'The last day the verdicts count (today, or the end).',
    }),
    dealsPerMonth: t.int({
      nullable: true,
      description:
        'The latest week’s target in deals a month; null before any probation policy was published.',
      resolve: (e) => e.weeks.at(-1)?.rule?.dealsPerMonth ?? null,
    }),
    weeks: t.field({
      type: [ProbationWeekRef],
      description: 'Weekly verdicts from the week probation started, oldest first, each with its rule.',
      resolve: (e) => [...e.weeks],
    }),
  }),
});

builder.objectField(PersonRef, 'probationEvidence', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: ProbationEvidenceRef,
    nullable: true,
    description:
      'The evidence for a probation decision: each week, the probation policy in force, the target variant its rules gave on the week’s skill and sales growth and why, and the verdict (deals closed against the targets pro rata, 80% to be on track); null for someone hired without probation. The mentor tasks and ratings are `mentoring`.',
    resolve: async (person, _args, ctx) => {
      if (person.probation === 'none') return null;
      const today = now().toISOString().slice(0, 10);
      const end = person.probation_end?.slice(0, 10) ?? today;
      const [through = today] = [end, today].sort();
      // The week before the first: its sales and scores are the first week's baseline.
      const from = addWeeks(mondayOf(person.hired_at), -1);
      const [rows, policies, scores] = await Promise.all([
        ctx.db
          .withSchema('read')
          .selectFrom('kpi_facts_weekly')
          .select(['week', 'deals', 'sales_amount'])
          .where('employee_id', '=', person.employee_id)
          .where('week', '>=', from)
          .where('week', '<=', through)
          .execute(),
        probationPolicies(ctx.db),
        skillScoresOf(ctx.db, person.employee_id),
      ]);
      const weeks = evaluateProbation({
        start: person.hired_at,
        through,
        policies,
        scores,
        salesByWeek: new Map(rows.map((r) => [r.week, Number(r.sales_amount)])),
        dealsByWeek: new Map(rows.map((r) => [r.week, r.deals])),
      });
      return { person, through, weeks };
    },
  }),
);

// ---------------------------------------------------------------------------------------------
// Activity from a phone: the customers a rep was last in touch with.

const CustomerContactRef = builder.objectRef<CustomerContact>('CustomerContact').implement({
  description: 'A customer a rep was in touch with, and the latest contact.',
  fields: (t) => ({
    customerId: t.exposeString('customer_id', { description: 'The CRM customer id.' }),
    contacts: t.exposeInt('contacts', {
      description: 'Follow-ups, demos, opportunities and sales with them.',
    }),
    lastAt: t.exposeString('last_at', { description: 'Business time of the latest contact (ISO).' }),
    lastKind: t.exposeString('last_kind', {
      description: 'call, visit, message, follow_up, demo, opportunity or sale',
    }),
    lastSource: t.exposeString('last_source', {
      nullable: true,
      description: 'Where the latest contact was logged: mobile, crm, or null when not said.',
    }),
  }),
});

builder.objectField(PersonRef, 'recentCustomers', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: [CustomerContactRef],
    description: 'The customers this person was last in touch with, latest first (at most `first`, 1–20).',
    args: { first: t.arg.int({ defaultValue: 8, description: 'How many, 1–20.' }) },
    resolve: (person, args, ctx) =>
      recentCustomers(ctx.db, person.employee_id, Math.min(20, Math.max(1, args.first ?? 8))),
  }),
);
