import {
  branchOn,
  CommissionPlanSchema,
  candidateRecord,
  commissionPlanIssues,
  compositeScoreValue,
  DEFAULT_LADDER,
  type EligibilityVerdict,
  eligibility,
  eligibilityBranchOf,
  eligibilityOf,
  type FactsState,
  KPI_LIBRARY,
  type Ladder,
  LadderSchema,
  ladderInForce,
  ladderIssues,
  monthStart,
  type PolicyProblem,
  type ProbationFigure,
  rankOfMonth,
  type ScoringPolicy,
  ScoringPolicySchema,
  scoringPolicyIssues,
  type TargetFigure,
  TargetPolicySchema,
  targetPolicyIssues,
} from '@trackrecord/domain';
import type { EventStore } from '@trackrecord/eventstore';
import { z } from 'zod';
import { type FoldAt, foldCacheFor } from './history.ts';
import type { FoldSnapshots } from './snapshots.ts';

/**
 * What-if of a draft scoring policy and/or ladder over the whole history: the same fold as the
 * read models (`factsFromEvents`) up to the head, every active person's evaluated month scored
 * under the draft scoring policy (else as stamped) and judged under the draft ladder (else the
 * one in force), compared with the verdicts under the published policies. Reads only; appends
 * nothing.
 */

/** The draft, validated like the publish commands: the domain's schemas, then its cross-field rules. */
export const PolicyDraftSchema = z.object({
  branchId: z
    .string()
    .min(1)
    .optional()
    .describe(
      'The branch whose variant the scoring policy and ladder drafts are: they judge that branch’s people only. Left out: the headquarters default, which judges the people of every branch without a variant of its own.',
    ),
  scoringPolicy: ScoringPolicySchema.optional(),
  ladder: LadderSchema.optional(),
  commissionPlan: CommissionPlanSchema.optional(),
  targetPolicy: TargetPolicySchema.optional().describe(
    'A target policy as PublishTargetPolicy takes it: its early-warning rules are applied to every month’s recorded progress.',
  ),
  retentionThreshold: z
    .number()
    .gt(0)
    .lt(1)
    .optional()
    .describe(
      'A new alert threshold (0–1, exclusive) for the retention model in force: a person whose risk is at or above it is flagged.',
    ),
});
export type PolicyDraft = z.infer<typeof PolicyDraftSchema>;

/** A problem of a draft: the path of the field, and what is wrong in English and in Chinese. */
export interface DraftProblem {
  readonly path: readonly string[];
  readonly message: string;
  readonly messageZh: string;
}

/** The parts of a draft as a person knows them. */
export const DRAFT_PARTS: Record<keyof PolicyDraft, { en: string; zh: string }> = {
  branchId: { en: 'branch', zh: '分公司' },
  scoringPolicy: { en: 'scoring policy', zh: '评分方案' },
  ladder: { en: 'career ladder', zh: '职级体系' },
  commissionPlan: { en: 'commission plan', zh: '提成方案' },
  targetPolicy: { en: 'target policy', zh: '目标方案' },
  retentionThreshold: { en: 'retention alert threshold', zh: '离职风险预警阈值' },
};

/** The figures of a target policy as the editor names them, in Chinese (the English is the message's). */
const TARGET_FIGURES_ZH: Record<TargetFigure, string> = {
  historyMonths: '历史月数',
  growth: '增长率',
  roundTo: '取整单位',
  rankFactor: '职级系数',
  defaultMonthlyTarget: '默认月目标',
  extremeAbove: '极端份额上限',
  extremeBelow: '极端份额下限',
  weeksBehind: '连续落后几周后预警',
  peerGap: '与同事的差距',
  region: '区域系数',
  market: '市场系数',
  productDifficulty: '产品难度系数',
};

/** The figures of a probation policy as the editor names them, in Chinese. */
const PROBATION_FIGURES_ZH: Record<ProbationFigure, string> = {
  months: '试用期月数',
  baseDealsPerMonth: '每月基本成交单数',
  reducedDealsPerMonth: '每月降低后的成交单数',
  weeklySkillGrowthAbove: '每周技能增长下限',
  stretchDealsPerMonth: '每月挑战成交单数',
  dailySalesGrowthAbove: '每日销售增长下限',
  bonus: '奖金',
};

/** The score thresholds of the scoring policy, in Chinese. */
const THRESHOLDS_ZH: Record<string, string> = {
  score: '综合评分预警阈值',
  salesCompletionRate: '销售完成率预警阈值',
  collectionRate: '回款率预警阈值',
};

/** The requirement kinds of a ladder, in Chinese. */
const REQUIREMENT_KINDS_ZH: Record<string, string> = {
  score: '综合评分',
  kpi: '指标',
  course: '课程',
  mentoring: '带教新人成交单数',
  experience: '从业月数',
  annualSales: '近 12 个月销售额',
  teamSalesGrowth: '团队销售同比增长',
};

/** Levels, tracks and KPIs by the Chinese names the product gives them (else the id as written). */
const levelZh = (id: string | number | undefined) =>
  DEFAULT_LADDER.tracks.flatMap((t) => t.levels).find((l) => l.id === id)?.nameZh ?? String(id ?? '');
const trackZh = (id: string | number | undefined) =>
  DEFAULT_LADDER.tracks.find((t) => t.id === id)?.nameZh ?? String(id ?? '');
const kpiZh = (id: string | number | undefined) =>
  (KPI_LIBRARY as Record<string, { nameZh: string } | undefined>)[String(id)]?.nameZh ?? String(id ?? '');

/**
 * A domain rule's problem in Chinese: where it is (the field as the editor names it) and the
 * bound it breaks. Every problem code has its sentence (the record is exhaustive), so no English
 * message lands inside a Chinese one.
 */
export function problemZh(part: string, problem: PolicyProblem): string {
  const f = problem.field;
  const where =
    f.kind === 'target'
      ? `${TARGET_FIGURES_ZH[f.figure]}${f.key ? `（${f.key}）` : ''}`
      : f.kind === 'probation'
        ? PROBATION_FIGURES_ZH[f.figure]
        : f.kind === 'threshold'
          ? (THRESHOLDS_ZH[f.threshold] ?? `阈值 ${f.threshold}`)
          : f.kind === 'weights'
            ? `职级「${levelZh(f.rank)}」的${f.kpi ? `指标「${kpiZh(f.kpi)}」权重` : '权重'}`
            : f.kind === 'requirement'
              ? `${trackZh(f.track)} · ${levelZh(f.level)} · 第 ${f.index + 1} 项条件（${REQUIREMENT_KINDS_ZH[f.requirement] ?? f.requirement}）`
              : f.kind === 'level'
                ? `${trackZh(f.track)} · ${levelZh(f.level)}`
                : f.kind === 'tier'
                  ? `第 ${f.index + 1} 档`
                  : f.kind === 'track'
                    ? `序列「${trackZh(f.track)}」`
                    : f.kind === 'kpis'
                      ? `指标「${kpiZh(f.kpi)}」`
                      : '模型特征';
  const p = problem.params;
  const said: Record<PolicyProblem['code'], string> = {
    range:
      p.min !== undefined
        ? `须在 ${p.min} 到 ${p.max} 之间，当前为 ${p.value}`
        : `须大于 ${p.above} 且不超过 ${p.max}，当前为 ${p.value}`,
    at_least: `至少为 ${p.min}，当前为 ${p.value}`,
    above: `须大于 ${p.above}，当前为 ${p.value}`,
    whole_number: `须为整数，当前为 ${p.value}`,
    not_a_number: '须为数字',
    weights_sum: `合计为 ${p.sum}，应为 100`,
    weight_range: `为 ${p.weight}，须大于 0 且不超过 100`,
    weight_without_template: '在方案中没有对应的指标模板',
    weight_twice: '重复列出了两次',
    kpi_twice: '的指标模板重复列出了两次',
    track_twice: '重复列出了两次',
    level_twice: '在本序列中重复列出了两次',
    entry_has_requirements: '入门职级不能有晋升条件',
    level_without_requirements: '须至少有一项晋升条件',
    levels_out_of_order: `要求${REQUIREMENT_KINDS_ZH[String(p.requirement)] ?? p.requirement} ${p.now}，低于其下一级职级「${levelZh(p.below)}」要求的 ${p.before}：职级顺序颠倒`,
    tier_start: '第一档须从 0 开始',
    tier_order: `起点 ${p.from} 须高于第 ${p.previous} 档的起点 ${p.previousFrom}（各档起点须递增）`,
    feature_twice: '有特征重复列出了两次',
    feature_lists: `的${p.list === 'coefficients' ? '系数' : p.list === 'means' ? '均值' : '标准差'}有 ${p.count} 个，特征有 ${p.features} 个，数量须相同`,
    hr_admin_required: '须始终对人力资源管理员可见',
    role_twice: `中角色 ${p.role} 重复列出了两次`,
  };
  return `${part}：${where}${said[problem.code]}`;
}

/** Every problem of a draft (schema, then cross-field rules), each with its path; empty when valid. */
export function draftProblems(value: unknown): { draft: PolicyDraft | null; problems: DraftProblem[] } {
  const parsed = PolicyDraftSchema.safeParse(value);
  if (!parsed.success) {
    return {
      draft: null,
      problems: parsed.error.issues.map((i) => {
        const part = DRAFT_PARTS[i.path[0] as keyof PolicyDraft];
        const field = i.path.slice(1).map(String).join('.');
        return {
          path: ['draft', ...i.path.map(String)],
          message: i.message,
          messageZh: `${part?.zh ?? '草案'}${field ? ` · ${field}` : ''}：取值无效（${i.message}）`,
        };
      }),
    };
  }
  const draft = parsed.data;
  const problems: DraftProblem[] = [];
  const { branchId: _scope, ...parts } = draft;
  if (Object.values(parts).every((v) => v === undefined))
    problems.push({
      path: ['draft'],
      message:
        'give a scoringPolicy, a ladder, a commissionPlan, a targetPolicy, a retentionThreshold or several to simulate',
      messageZh: '请至少给出一项草案：评分方案、职级体系、提成方案、目标方案或离职风险预警阈值',
    });
  const add = (part: keyof PolicyDraft, issues: readonly PolicyProblem[]) => {
    for (const issue of issues)
      problems.push({
        path: ['draft', part],
        message: issue.message,
        messageZh: problemZh(DRAFT_PARTS[part].zh, issue),
      });
  };
  if (draft.scoringPolicy) add('scoringPolicy', scoringPolicyIssues(draft.scoringPolicy));
  if (draft.ladder) add('ladder', ladderIssues(draft.ladder));
  if (draft.commissionPlan) add('commissionPlan', commissionPlanIssues(draft.commissionPlan));
  if (draft.targetPolicy) add('targetPolicy', targetPolicyIssues(draft.targetPolicy));
  return { draft: problems.length === 0 ? draft : null, problems };
}

export interface SimulatedChange {
  readonly employeeId: string;
  readonly toLevel: string;
  readonly track: string;
  readonly before: boolean;
  readonly after: boolean;
  readonly scoreBefore: number | null;
  readonly scoreAfter: number | null;
}

export interface SimulationOutcome {
  readonly evaluatedPeople: number;
  readonly becomeEligible: SimulatedChange[];
  readonly becomeIneligible: SimulatedChange[];
  /** Per person evaluated: eligible for any next level before / after. */
  readonly people: { employeeId: string; before: boolean; after: boolean }[];
  readonly basePosition: bigint;
  readonly eventsFolded: number;
  readonly scoring: { id: string; version: number; draft: boolean };
  readonly ladder: { id: string; version: number; draft: boolean };
}

const key = (v: EligibilityVerdict) => `${v.track}:${v.toLevel}`;

/**
 * One person at a fold state: their verdicts under the published policies (as the fold
 * stamped them) and under the draft (rescored with the draft scoring policy, judged under the
 * draft ladder, else the ladder in force); null for someone without a candidate record.
 */
export function evaluatePerson(
  state: FactsState,
  id: string,
  draft: PolicyDraft,
): {
  before: readonly EligibilityVerdict[];
  after: readonly EligibilityVerdict[];
  scoreBefore: number;
  scoreAfter: number;
} | null {
  const current = eligibilityOf(state, id);
  const c = candidateRecord(state, id);
  const p = state.people[id];
  if (!current || !c || !p) return null;
  // A branch's draft judges that branch's people; the headquarters draft everyone whose branch
  // has no variant of its own. The others keep the policy in force for them.
  const ladderBranch = eligibilityBranchOf(state, id);
  const scoreBranch = branchOn(p, monthStart(c.month));
  const applies = (branch: string | null, variants: Record<string, unknown>) =>
    draft.branchId === undefined ? branch === null || !variants[branch] : branch === draft.branchId;
  let score = c.record.score;
  if (draft.scoringPolicy && applies(scoreBranch, state.global.branchScoring)) {
    const rank = rankOfMonth(p, c.month) ?? c.record.currentLevel;
    const facts = p.months[c.month]?.facts;
    score =
      facts && draft.scoringPolicy.weightsByRank[rank]
        ? compositeScoreValue(facts, rank, draft.scoringPolicy)
        : 0;
  }
  const ladder =
    draft.ladder && applies(ladderBranch, state.global.branchLadder)
      ? draft.ladder
      : ladderInForce(state, ladderBranch).ladder;
  return {
    before: current.verdicts,
    after: eligibility({ ...c.record, score }, ladder),
    scoreBefore: current.candidate.score,
    scoreAfter: score,
  };
}

export async function simulatePolicies(
  store: EventStore,
  draft: PolicyDraft,
  options: { snapshots?: FoldSnapshots | null; fold?: FoldAt } = {},
): Promise<SimulationOutcome> {
  // The head's fold: the one given (the full-history walk ends there), else the cache's.
  const fold =
    options.fold ?? (await foldCacheFor(store).at(await store.headPosition(), options.snapshots ?? null));
  const state = fold.state;
  const published = ladderInForce(state).ladder;
  const ladder: Ladder = draft.ladder ?? published;
  const scoring: ScoringPolicy | undefined = draft.scoringPolicy;
  const becomeEligible: SimulatedChange[] = [];
  const becomeIneligible: SimulatedChange[] = [];
  const people: SimulationOutcome['people'] = [];
  for (const id of Object.keys(state.people).sort()) {
    const judged = evaluatePerson(state, id, draft);
    if (!judged) continue;
    const before = new Map(judged.before.map((v) => [key(v), v]));
    const afterBy = new Map(judged.after.map((v) => [key(v), v]));
    for (const k of new Set([...before.keys(), ...afterBy.keys()])) {
      const b = before.get(k)?.eligible ?? false;
      const a = afterBy.get(k)?.eligible ?? false;
      if (a === b) continue;
      const v = (afterBy.get(k) ?? before.get(k)) as EligibilityVerdict;
      const change = {
        employeeId: id,
        toLevel: v.toLevel,
        track: v.track,
        before: b,
        after: a,
        scoreBefore: judged.scoreBefore,
        scoreAfter: judged.scoreAfter,
      };
      (a ? becomeEligible : becomeIneligible).push(change);
    }
    people.push({
      employeeId: id,
      before: judged.before.some((v) => v.eligible),
      after: judged.after.some((v) => v.eligible),
    });
  }
  const scoringInForce = state.global.scoring?.doc;
  return {
    evaluatedPeople: people.length,
    becomeEligible,
    becomeIneligible,
    people,
    basePosition: fold.position,
    eventsFolded: fold.events,
    scoring: scoring
      ? { id: scoring.id, version: scoring.version, draft: true }
      : { id: scoringInForce?.id ?? 'default', version: scoringInForce?.version ?? 0, draft: false },
    ladder: { id: ladder.id, version: ladder.version, draft: draft.ladder !== undefined },
  };
}
