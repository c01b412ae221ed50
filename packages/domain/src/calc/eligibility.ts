import { type PolicyRef, policyRef } from '../policy/common.ts';
import { COURSE_CATALOGUE, type CourseId } from '../policy/courses.ts';
import { KPI_LIBRARY, type KpiId } from '../policy/kpi.ts';
import type { Ladder, LadderLevel, LevelId, Requirement, TrackId } from '../policy/ladder.ts';
import { num, pct, round, yuan } from './format.ts';

/** A text in English and Chinese. */
export type Bilingual = { readonly en: string; readonly zh: string };

/** What is known about a candidate on the day eligibility is computed. */
export type CandidateRecord = {
  readonly personId: string;
  readonly currentLevel: LevelId;
  /** Composite score of the latest evaluated period (0–100). */
  readonly score: number;
  /** Raw KPI values of the latest period (ratios as fractions); absent or null = not measured. */
  readonly kpis: Readonly<Partial<Record<KpiId, number | null>>>;
  readonly completedCourses: readonly CourseId[];
  /** Deals closed by the new reps this person mentored. */
  readonly menteeClosedDeals: number;
  /** Months of sales experience. */
  readonly experienceMonths: number;
  /** Sales closed over the last 12 months (fen). */
  readonly annualSales: number;
  /** Team sales growth year over year (0.15 = +15%); null without a team or a year of history. */
  readonly teamSalesGrowth: number | null;
};

export type RequirementCheck = {
  readonly requirement: Requirement;
  readonly met: boolean;
  /** The candidate's value (number for measures, null when unknown, boolean for courses). */
  readonly actual: number | boolean | null;
  /** "completion 120% (≥ 110% required)" when met, "collection 92% of 95% required" when not. */
  readonly text: Bilingual;
  /** What to do about an unmet requirement (a growth task); null when met. */
  readonly task: Bilingual | null;
};

/** The eligibility of one person for one next level, requirement by requirement. */
export type EligibilityVerdict = {
  readonly personId: string;
  readonly track: TrackId;
  readonly fromLevel: LevelId;
  readonly toLevel: LevelId;
  readonly policy: PolicyRef;
  readonly eligible: boolean;
  readonly checks: readonly RequirementCheck[];
  readonly summary: Bilingual;
};

const KPI_SHORT: Readonly<Partial<Record<KpiId, string>>> = {
  salesCompletionRate: 'completion',
  collectionRate: 'collection',
  customerRetentionRate: 'retention',
};

const isRatio = (kpi: KpiId) => KPI_LIBRARY[kpi].unit === 'ratio';

/** How a measurable requirement is named and shown: its name in each language, the least it asks. */
interface Measure {
  readonly en: string;
  readonly zh: string;
  readonly unitZh: string;
  readonly min: number;
  readonly show: (n: number) => string;
}

// The ways a figure is shown, made once (not per check: `check` runs for every requirement of
// everyone judged, and a closure made per call costs its allocation, and under tsx a name
// given at run time).
const showScore = (n: number) => num(round(n, 2), 2);
const showTwo = (n: number) => num(n, 2);
const showWhole = (n: number) => num(n, 0);
// Completed months: 23.9 reads 23, not 24 (which would read as met against 24).
const showMonths = (n: number) => num(Math.floor(n), 0);

function measureOf(req: Exclude<Requirement, { kind: 'course' }>): Measure {
  switch (req.kind) {
    case 'score':
      return { en: 'score', zh: '综合评分', unitZh: '', min: req.min, show: showScore };
    case 'kpi': {
      const template = KPI_LIBRARY[req.kpi];
      return {
        en: KPI_SHORT[req.kpi] ?? template.name.toLowerCase(),
        zh: template.nameZh,
        unitZh: '',
        min: req.min,
        show: isRatio(req.kpi) ? pct : showTwo,
      };
    }
    case 'mentoring':
      return {
        en: 'deals closed by mentees',
        zh: '带教新人成交',
        unitZh: ' 单',
        min: req.closedDeals,
        show: showWhole,
      };
    case 'experience':
      return {
        en: 'experience (months)',
        zh: '从业经验',
        unitZh: ' 个月',
        min: req.months,
        show: showMonths,
      };
    case 'annualSales':
      return { en: 'annual sales', zh: '年销售额', unitZh: '', min: req.min, show: yuan };
    case 'teamSalesGrowth':
      return { en: 'team sales growth', zh: '团队销售增长', unitZh: '', min: req.min, show: pct };
    default: {
      const unknown: never = req;
      throw new TypeError(`unknown requirement ${JSON.stringify(unknown)}`);
    }
  }
}

/** The candidate's value of a measurable requirement; null when not measured. */
function actualOf(req: Exclude<Requirement, { kind: 'course' }>, c: CandidateRecord): number | null {
  switch (req.kind) {
    case 'score':
      return c.score;
    case 'kpi':
      return c.kpis[req.kpi] ?? null;
    case 'mentoring':
      return c.menteeClosedDeals;
    case 'experience':
      return c.experienceMonths;
    case 'annualSales':
      return c.annualSales;
    case 'teamSalesGrowth':
      return c.teamSalesGrowth;
    default: {
      const unknown: never = req;
      throw new TypeError(`unknown requirement ${JSON.stringify(unknown)}`);
    }
  }
}

/** A requirement named as a person reads it, without anyone's value: "completion ≥ 110%", "未完成课程" aside. */
export function requirementLabel(req: Requirement): Bilingual {
  if (req.kind === 'course') {
    const course = COURSE_CATALOGUE[req.courseId];
    return { en: `course ${course.name}`, zh: `课程《${course.nameZh}》` };
  }
  const m = measureOf(req);
  const least = m.show(m.min);
  return { en: `${m.en} ≥ ${least}`, zh: `${m.zh} ≥ ${least}${m.unitZh}` };
}

function check(req: Requirement, c: CandidateRecord): RequirementCheck {
  if (req.kind === 'course') {
    const course = COURSE_CATALOGUE[req.courseId];
    const met = c.completedCourses.includes(req.courseId);
    return {
      requirement: req,
      met,
      actual: met,
      text: met
        ? { en: `course ${course.name} completed`, zh: `已完成课程《${course.nameZh}》` }
        : { en: `course ${course.name} not completed`, zh: `未完成课程《${course.nameZh}》` },
      task: met ? null : { en: `complete the course ${course.name}`, zh: `完成课程《${course.nameZh}》` },
    };
  }
  const { en, zh, unitZh, min, show } = measureOf(req);
  const actual = actualOf(req, c);
  // Each figure written out once (formatting numbers costs more than the rest of a check).
  const least = show(min);
  if (actual === null) {
    return {
      requirement: req,
      met: false,
      actual,
      text: {
        en: `${en} not measured (${least} required)`,
        zh: `${zh}无数据，要求 ${least}${unitZh}`,
      },
      task: { en: `get ${en} measured and reach ${least}`, zh: `${zh}达到 ${least}${unitZh}` },
    };
  }
  const met = actual >= min;
  const shown = show(actual);
  return {
    requirement: req,
    met,
    actual,
    text: met
      ? {
          en: `${en} ${shown} (≥ ${least} required)`,
          zh: `${zh} ${shown}${unitZh}，已达到要求 ${least}${unitZh}`,
        }
      : {
          en: `${en} ${shown} of ${least} required`,
          zh: `${zh} ${shown}${unitZh}，要求 ${least}${unitZh}`,
        },
    task: met
      ? null
      : {
          en: `raise ${en} from ${shown} to ${least}`,
          zh: `将${zh}从 ${shown}${unitZh} 提升到 ${least}${unitZh}`,
        },
  };
}

/** The levels a person at `level` could be promoted into next, one per track that continues. */
export function nextLevels(ladder: Ladder, level: LevelId): { track: TrackId; level: LadderLevel }[] {
  const result: { track: TrackId; level: LadderLevel }[] = [];
  for (const track of ladder.tracks) {
    const i = track.levels.findIndex((l) => l.id === level);
    const next = i >= 0 ? track.levels[i + 1] : undefined;
    if (next) result.push({ track: track.id, level: next });
  }
  return result;
}

/** Checks every requirement of `toLevel` for the candidate. */
export function eligibilityFor(
  candidate: CandidateRecord,
  ladder: Ladder,
  track: TrackId,
  toLevel: LadderLevel,
): EligibilityVerdict {
  const checks = toLevel.requirements.map((r) => check(r, candidate));
  const unmet = checks.filter((x) => !x.met);
  const eligible = unmet.length === 0;
  return {
    personId: candidate.personId,
    track,
    fromLevel: candidate.currentLevel,
    toLevel: toLevel.id,
    policy: policyRef(ladder),
    eligible,
    checks,
    summary: eligible
      ? {
          en: `eligible for ${toLevel.name}: all ${checks.length} requirements met`,
          zh: `符合晋升${toLevel.nameZh}的全部 ${checks.length} 项要求`,
        }
      : {
          en: `not yet eligible for ${toLevel.name}: ${checks.length - unmet.length} of ${checks.length} requirements met; missing: ${unmet.map((x) => x.text.en).join('; ')}`,
          zh: `暂不符合晋升${toLevel.nameZh}的条件：${checks.length} 项要求已满足 ${checks.length - unmet.length} 项；未满足：${unmet.map((x) => x.text.zh).join('；')}`,
        },
  };
}

/** Eligibility for every next level of the candidate's current level (one per continuing track). */
export function eligibility(candidate: CandidateRecord, ladder: Ladder): EligibilityVerdict[] {
  return nextLevels(ladder, candidate.currentLevel).map(({ track, level }) =>
    eligibilityFor(candidate, ladder, track, level),
  );
}
