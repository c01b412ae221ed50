import {
  CALIBRATION_BANDS,
  CALIBRATION_BOUNDS,
  calibrationCommandSchemas,
  type HistogramBin,
} from '@trackrecord/domain';
import type { CalibrationNote } from '@trackrecord/projections';
import { foldSnapshotsFor } from '../audit/snapshots.ts';
import { dataScope } from '../auth/viewer.ts';
import { builder } from '../builder.ts';
import {
  type CalibrationCandidate,
  type CalibrationGroup,
  type CalibrationRound,
  calibrationRound,
  type NineBoxCell,
} from '../calibration/round.ts';
import { ClientError } from '../errors.ts';
import { PromotionOutcomeEnum, ReviewStateEnum } from './enums.ts';
import { commandMutations } from './mutations.ts';
import { PersonRef } from './people.ts';

// Calibration of a promotion round (校准): the 9-box, the score distribution, nominations and
// approvals by branch, team and manager against the company, cycle time, and the notes of HR
// and the committee. For HR, committee members and auditors (who see every review).

/** Who may read a round's calibration. */
export const CALIBRATION_ROLES = ['hr_admin', 'committee_member', 'auditor'] as const;

commandMutations(calibrationCommandSchemas, {
  AnnotateCalibration:
    'Add a note to a promotion round (round YYYY-Qn) about one of its candidates (employeeId) or the round as a whole (employeeId null): HR, or a member of the committee of a review of that round; annotatedBy is the caller.',
});

const BandEnum = builder.enumType('CalibrationBand', {
  description: 'A band of the 9-box: low, mid or high (bounds in `CalibrationBounds`).',
  values: CALIBRATION_BANDS,
});
const WarningEnum = builder.enumType('DeviationWarning', {
  description:
    'What a group deviates on beyond the stated bounds: score (mean score) or approval (approval rate).',
  values: ['score', 'approval'] as const,
});

const BoundsRef = builder.objectRef<typeof CALIBRATION_BOUNDS>('CalibrationBounds').implement({
  description: 'The stated bounds of calibration: the 9-box bands and when a group is flagged.',
  fields: (t) => ({
    scoreMid: t.exposeFloat('scoreMid', {
      description: 'Composite scores from here (inclusive) to `scoreHigh` are mid performance; below, low.',
    }),
    scoreHigh: t.exposeFloat('scoreHigh', {
      description: 'Composite scores from here (inclusive) are high.',
    }),
    readinessMid: t.exposeFloat('readinessMid', {
      description: 'Readiness (share of requirements met, 0–1) from here (inclusive) is mid; below, low.',
    }),
    readinessHigh: t.exposeFloat('readinessHigh', {
      description: 'Readiness from here (1 = every requirement met) is high.',
    }),
    minSample: t.exposeInt('minSample', {
      description:
        'A group is compared with the company only from this many nominations (decided reviews for the approval rate).',
    }),
    scoreDeviation: t.exposeFloat('scoreDeviation', {
      description:
        'A group’s mean score is flagged when it differs from the company’s by more than this many points and by more than 1.96 standard errors of the group’s mean.',
    }),
    approvalDeviation: t.exposeFloat('approvalDeviation', {
      description:
        'A group’s approval rate is flagged when it differs from the company’s by more than this (0.2 = 20 percentage points) and the company’s rate lies outside the group’s 95% Wilson interval.',
    }),
    histogramWidth: t.exposeFloat('histogramWidth', {
      description: 'Width of a histogram bar, in score points.',
    }),
  }),
});

const CandidateRef = builder.objectRef<CalibrationCandidate>('CalibrationCandidate').implement({
  description: 'A candidate of the round: their nomination, its 9-box place and the review’s state.',
  fields: (t) => ({
    reviewId: t.string({ description: 'The promotion review.', resolve: (c) => c.review.review_id }),
    employeeId: t.string({
      description: 'The candidate’s employee id.',
      resolve: (c) => c.review.employee_id,
    }),
    person: t.field({
      type: PersonRef,
      nullable: true,
      description: 'The candidate; null (with an error) when out of the viewer’s scope.',
      resolve: (c) => c.review.employee_id,
    }),
    toLevel: t.string({
      description: 'The level they were nominated for.',
      resolve: (c) => c.review.to_level,
    }),
    score: t.float({
      description: 'Composite score (0–100) when nominated: the performance axis.',
      resolve: (c) => c.review.score,
    }),
    performance: t.field({
      type: BandEnum,
      description: 'The performance band of the score.',
      resolve: (c) => c.performance,
    }),
    readiness: t.float({
      nullable: true,
      description:
        'Share (0–1) of the target level’s ladder requirements met, as known at the nomination; null when no verdict for that level was known.',
      resolve: (c) => c.readiness?.share ?? null,
    }),
    requirementsMet: t.int({
      nullable: true,
      description: 'Requirements of the target level met at the nomination.',
      resolve: (c) => c.readiness?.met ?? null,
    }),
    requirementsTotal: t.int({
      nullable: true,
      description: 'Requirements of the target level in all.',
      resolve: (c) => c.readiness?.required ?? null,
    }),
    readinessBand: t.field({
      type: BandEnum,
      nullable: true,
      description: 'The readiness band; null when readiness is unknown (the candidate is outside the 9-box).',
      resolve: (c) => c.readinessBand,
    }),
    evaluatedMonth: t.string({
      nullable: true,
      description: 'The evaluated month (YYYY-MM) readiness was judged on.',
      resolve: (c) => c.readiness?.month ?? null,
    }),
    readinessTrend: t.float({
      nullable: true,
      description:
        'Readiness minus readiness one evaluated month earlier (0.2 = 20 percentage points more); null when the earlier one is unknown.',
      resolve: (c) =>
        c.readiness?.share != null && c.readiness.previousShare !== null
          ? c.readiness.share - c.readiness.previousShare
          : null,
    }),
    state: t.field({
      type: ReviewStateEnum,
      description: 'nominated, open or decided.',
      resolve: (c) => c.review.status,
    }),
    outcome: t.field({
      type: PromotionOutcomeEnum,
      nullable: true,
      description: 'approved or rejected; null while undecided.',
      resolve: (c) => c.review.outcome,
    }),
    nominatedAt: t.string({
      description: 'Business time of the nomination (ISO 8601).',
      resolve: (c) => c.review.nominated_at,
    }),
    decidedAt: t.string({
      nullable: true,
      description: 'Business time of the decision; null while undecided.',
      resolve: (c) => c.review.decided_at,
    }),
    cycleDays: t.int({
      nullable: true,
      description: 'Calendar days from nomination to decision; null while undecided.',
      resolve: (c) => c.cycleDays,
    }),
    branchId: t.string({
      nullable: true,
      description: 'The candidate’s branch now.',
      resolve: (c) => c.review.branch_id,
    }),
    teamId: t.string({
      nullable: true,
      description: 'The candidate’s team now.',
      resolve: (c) => c.review.team_id,
    }),
    managerId: t.string({
      nullable: true,
      description: 'The candidate’s manager now (employee id).',
      resolve: (c) => c.review.manager_id,
    }),
  }),
});

const CellRef = builder.objectRef<NineBoxCell>('NineBoxCell').implement({
  description: 'One box of the 9-box: a performance band × a readiness band, with its candidates.',
  fields: (t) => ({
    performance: t.field({
      type: BandEnum,
      description: 'The performance band.',
      resolve: (c) => c.performance,
    }),
    readiness: t.field({ type: BandEnum, description: 'The readiness band.', resolve: (c) => c.readiness }),
    count: t.int({ description: 'Candidates in the box.', resolve: (c) => c.candidates.length }),
    candidates: t.field({
      type: [CandidateRef],
      description: 'The candidates in the box, in nomination order.',
      resolve: (c) => c.candidates,
    }),
  }),
});

const BinRef = builder.objectRef<HistogramBin>('ScoreBin').implement({
  description:
    'A bar of the score histogram: nominations with a score from `from` up to (not including) `to`; the last bar includes 100.',
  fields: (t) => ({
    from: t.exposeFloat('from', { description: 'Lowest score of the bar (inclusive).' }),
    to: t.exposeFloat('to', { description: 'Highest score of the bar (exclusive, except 100).' }),
    count: t.exposeInt('count', { description: 'Nominations in the bar.' }),
  }),
});

const GroupRef = builder.objectRef<CalibrationGroup>('CalibrationGroup').implement({
  description:
    'A branch, team or manager (or the company) in the round: nominations, mean score and approvals, and the difference from the company with the warnings beyond the stated bounds.',
  fields: (t) => ({
    kind: t.string({
      description: 'What the group is: company, branch, team or manager.',
      resolve: (g) => g.kind,
    }),
    id: t.string({
      description: 'The branch or team id, the manager’s employee id, or "company"; "" when not known.',
      resolve: (g) => g.group,
    }),
    nominations: t.exposeInt('nominations', { description: 'Nominations in the round (n).' }),
    meanScore: t.exposeFloat('meanScore', { description: 'Mean composite score at nomination (0–100).' }),
    scoreSd: t.exposeFloat('scoreSd', { description: 'Sample standard deviation of the scores (points).' }),
    decided: t.exposeInt('decided', { description: 'Reviews decided.' }),
    approved: t.exposeInt('approved', { description: 'Reviews approved.' }),
    approvalRate: t.float({
      nullable: true,
      description: 'Approved of decided (0–1); null while none is decided.',
      resolve: (g) => g.approvalRate,
    }),
    scoreDifference: t.exposeFloat('scoreDifference', {
      description: 'Mean score minus the company’s (points).',
    }),
    approvalDifference: t.float({
      nullable: true,
      description:
        'Approval rate minus the company’s (0.1 = 10 percentage points); null when either has none decided.',
      resolve: (g) => g.approvalDifference,
    }),
    tooFew: t.exposeBoolean('tooFew', {
      description: 'Fewer nominations than `minSample`: too few to judge, never flagged.',
    }),
    warnings: t.field({
      type: [WarningEnum],
      description: 'What deviates beyond the stated bounds (empty when nothing does).',
      resolve: (g) => [...g.warnings],
    }),
    person: t.field({
      type: PersonRef,
      nullable: true,
      description: 'The manager, for a group by manager; null otherwise.',
      resolve: (g) => (g.kind === 'manager' && g.group ? g.group : null),
    }),
  }),
});

const CycleRef = builder.objectRef<NonNullable<CalibrationRound['cycleTime']>>('ReviewCycleTime').implement({
  description:
    'Review cycle time of the round: calendar days from nomination to decision of its decided reviews.',
  fields: (t) => ({
    decided: t.exposeInt('decided', { description: 'Decided reviews counted (n).' }),
    medianDays: t.exposeFloat('medianDays', { description: 'Median, in days.' }),
    p90Days: t.exposeFloat('p90Days', {
      description: '90th percentile, in days (linear interpolation between the sorted values).',
    }),
  }),
});

const NoteRef = builder.objectRef<CalibrationNote>('CalibrationNote').implement({
  description: 'A note of HR or the committee on the round or one of its candidates.',
  fields: (t) => ({
    id: t.exposeString('event_id', { description: 'Id of the `CalibrationAnnotated` event.' }),
    employeeId: t.exposeString('employee_id', {
      nullable: true,
      description: 'The candidate the note is about; null for the round as a whole.',
    }),
    person: t.field({
      type: PersonRef,
      nullable: true,
      description: 'The candidate the note is about; null for the round as a whole.',
      resolve: (n) => n.employee_id,
    }),
    note: t.exposeString('note', { description: 'The note, as written.' }),
    annotatedBy: t.exposeString('annotated_by', { description: 'Who wrote it (employee or user id).' }),
    author: t.field({
      type: PersonRef,
      nullable: true,
      description: 'Who wrote it, when they are an employee; null for a user who is not one.',
      resolve: (n) => n.author_employee,
    }),
    at: t.exposeString('at', { description: 'Business time of the note (ISO 8601).' }),
    position: t.field({
      type: 'Position',
      description: 'Global position of the note’s event.',
      resolve: (n) => BigInt(n.position),
    }),
  }),
});

const RoundSummaryRef = builder
  .objectRef<{ round: string; nominations: number }>('CalibrationRoundSummary')
  .implement({
    description: 'A promotion round that has nominations.',
    fields: (t) => ({
      round: t.exposeString('round', { description: 'The round, YYYY-Qn.' }),
      nominations: t.exposeInt('nominations', { description: 'Nominations opened in it.' }),
    }),
  });

const RoundRef = builder.objectRef<CalibrationRound>('CalibrationRound').implement({
  description:
    'Calibration of a promotion round: the nominations opened in a calendar quarter (by the nomination’s business date).',
  fields: (t) => ({
    round: t.exposeString('round', { description: 'The round, YYYY-Qn (2026-Q2 = April to June 2026).' }),
    from: t.exposeString('from', { description: 'First day of the round (YYYY-MM-DD).' }),
    to: t.exposeString('to', { description: 'Last day of the round (YYYY-MM-DD).' }),
    rounds: t.field({
      type: [RoundSummaryRef],
      description: 'Every round with nominations, newest first (to pick another).',
      resolve: (r) => [...r.rounds],
    }),
    bounds: t.field({
      type: BoundsRef,
      description: 'The stated bounds the 9-box and the warnings use.',
      resolve: () => CALIBRATION_BOUNDS,
    }),
    candidates: t.field({
      type: [CandidateRef],
      description: 'Every candidate of the round, in nomination order.',
      resolve: (r) => [...r.candidates],
    }),
    nineBox: t.field({
      type: [CellRef],
      description: 'The nine boxes, performance low to high, each with readiness low to high.',
      resolve: (r) => [...r.nineBox],
    }),
    unplaced: t.field({
      type: [CandidateRef],
      description:
        'Candidates whose readiness is unknown (no verdict for the level at nomination): outside the 9-box.',
      resolve: (r) => [...r.unplaced],
    }),
    histogram: t.field({
      type: [BinRef],
      description: 'Distribution of the scores at nomination, in bars of `bounds.histogramWidth` points.',
      resolve: (r) => [...r.histogram],
    }),
    company: t.field({ type: GroupRef, description: 'The whole round.', resolve: (r) => r.company }),
    byBranch: t.field({
      type: [GroupRef],
      description: 'Each branch (candidate’s branch now), most nominations first.',
      resolve: (r) => [...r.byBranch],
    }),
    byTeam: t.field({
      type: [GroupRef],
      description: 'Each team (candidate’s team now), most nominations first.',
      resolve: (r) => [...r.byTeam],
    }),
    byManager: t.field({
      type: [GroupRef],
      description: 'Each manager (candidate’s manager now), most nominations first.',
      resolve: (r) => [...r.byManager],
    }),
    cycleTime: t.field({
      type: CycleRef,
      nullable: true,
      description: 'Cycle time of the decided reviews; null while none is decided.',
      resolve: (r) => r.cycleTime,
    }),
    notes: t.field({
      type: [NoteRef],
      description: 'Notes on the round and its candidates, newest first: the activity log.',
      resolve: (r) => [...r.notes],
    }),
  }),
});

const ROUND = /^\d{4}-Q[1-4]$/;

builder.queryField('calibration', (t) =>
  t.withAuth({ roles: [...CALIBRATION_ROLES] }).field({
    type: RoundRef,
    nullable: true,
    description:
      'Calibration of a promotion round (YYYY-Qn), by default the latest round with nominations; null when no round has any. For HR, committee members and auditors.',
    args: {
      round: t.arg.string({ description: 'The round, YYYY-Qn; the latest with nominations when omitted.' }),
    },
    resolve: async (_root, args, ctx) => {
      const round = args.round ?? null;
      if (round !== null && !ROUND.test(round)) {
        throw new ClientError(
          ctx.language === 'zh'
            ? `评审轮次须为季度 YYYY-Qn（如 2026-Q2），收到 ${round}`
            : `round must be a quarter as YYYY-Qn (e.g. 2026-Q2), got ${round}`,
        );
      }
      return calibrationRound(ctx.db, ctx.store, dataScope(ctx.viewer), round, foldSnapshotsFor(ctx.db));
    },
  }),
);
