import { PROTECTED_FIELD_LABELS, type ProtectedField } from '@trackrecord/domain';
import { ROLE_LABELS, type Role } from '../auth/viewer.ts';

/**
 * Refusals in the caller's language. The domain says what is wrong as a code (a zod issue
 * code, a plausibility rule, a domain rule) with the path of the field; this module names the
 * field as a person knows it and says the rule in Chinese or English, chosen by the request's
 * `Accept-Language` (zh* → Chinese, anything else → English).
 */
export type Language = 'zh' | 'en';

/** The request's language from its `Accept-Language` header: the preferred of zh/en, default en. */
export function languageOf(header: string | null | undefined): Language {
  if (!header) return 'en';
  const ranges = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim().toLowerCase(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((r) => r.tag && Number.isFinite(r.q) && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranges) {
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return 'en';
}

/**
 * A field refused for the viewer's role: "decisionReplay is for auditor, hr_admin; a sales_rep
 * may not run it" / "decisionReplay 仅限审计员、人力资源管理员使用；销售代表无权使用".
 */
export function roleRefusal(what: string, roles: readonly Role[], role: Role, language: Language): string {
  if (language === 'en') return `${what} is for ${roles.join(', ')}; a ${role} may not run it`;
  return `${what} 仅限${roles.map((r) => ROLE_LABELS[r].zh).join('、')}使用；${ROLE_LABELS[role].zh}无权使用`;
}

/** A restricted field about someone the viewer may not read: "you may not read the commission of a1". */
export function restrictedFieldRefusal(field: ProtectedField, subject: string): Record<Language, string> {
  const label = PROTECTED_FIELD_LABELS[field];
  return { en: `you may not read the ${label.en} of ${subject}`, zh: `你无权查看 ${subject} 的${label.zh}` };
}

/** Why a signed token is no longer accepted, or an API token cannot be issued (auth/users.ts). */
export const SIGN_IN_REFUSALS = {
  revoked: { en: 'this token was revoked; sign in again', zh: '此令牌已被撤销，请重新登录' },
  noGrant: {
    en: 'your sign-in identity holds no role in Track Record; ask HR to grant you one',
    zh: '你的登录身份在 Track Record 中没有任何角色，请联系人力资源部门授予',
  },
  apiTokensNeedIdentity: {
    en: "API tokens are issued to a user signed in through the company's identity provider",
    zh: 'API 令牌只发给通过公司统一身份认证登录的用户',
  },
  tokenName: {
    en: 'token name: must be 1 to 100 characters',
    zh: '令牌名称：长度必须在 1 到 100 个字符之间',
  },
  tokenDays: {
    en: 'valid for (days): must be a whole number from 1 to {max}',
    zh: '有效期（天）：必须是 1 到 {max} 之间的整数',
  },
  tokenUnknown: { en: 'no such API token of yours', zh: '找不到你的这个 API 令牌' },
} as const satisfies Record<string, Record<Language, string>>;

/** Any other field the viewer's scopes do not reach. */
export function fieldAccessRefusal(what: string, language: Language): string {
  return language === 'en' ? `you may not read ${what}` : `你无权查看 ${what}`;
}

/** Fields of commands as people know them. Keys are the last named segment of a path. */
const FIELD_LABELS: Record<string, { en: string; zh: string }> = {
  acknowledgedBy: { en: 'acknowledged by', zh: '确认人' },
  alertId: { en: 'alert', zh: '预警' },
  amount: { en: 'amount', zh: '金额' },
  annotatedBy: { en: 'annotated by', zh: '备注人' },
  approvedAmount: { en: 'approved amount', zh: '批准金额' },
  approvedBy: { en: 'approved by', zh: '批准人' },
  assignedBy: { en: 'assigned by', zh: '指派人' },
  assignees: { en: 'assignees', zh: '处理人' },
  at: { en: 'date and time', zh: '发生时间' },
  basis: { en: 'basis', zh: '依据' },
  branchId: { en: 'branch', zh: '分公司' },
  category: { en: 'category', zh: '类别' },
  channel: { en: 'sales channel', zh: '销售渠道' },
  closedAt: { en: 'closing date', zh: '成交日期' },
  collectedAt: { en: 'collection date', zh: '回款日期' },
  comment: { en: 'comment', zh: '评语' },
  commandId: { en: 'command id', zh: '命令编号' },
  committee: { en: 'committee', zh: '评审委员会' },
  correctedAt: { en: 'correction date', zh: '更正日期' },
  courseId: { en: 'course', zh: '课程' },
  dueOn: { en: 'due date', zh: '截止日期' },
  customerId: { en: 'customer', zh: '客户' },
  customerType: { en: 'customer type', zh: '客户类型' },
  daysPresent: { en: 'days present', zh: '出勤天数' },
  decidedBy: { en: 'decided by', zh: '决定人' },
  disputeId: { en: 'commission dispute', zh: '提成申诉' },
  earlyLeaves: { en: 'early leaves', zh: '早退次数' },
  effectiveAt: { en: 'effective date', zh: '生效日期' },
  employeeId: { en: 'employee', zh: '员工' },
  evidencePosition: { en: 'evidence position', zh: '证据位置' },
  expenseId: { en: 'expense', zh: '费用' },
  from: { en: 'feedback from', zh: '反馈来源' },
  fromId: { en: 'feedback giver', zh: '反馈人' },
  fromLevel: { en: 'current level', zh: '原职级' },
  grossMargin: { en: 'gross margin', zh: '毛利' },
  helpedEmployeeId: { en: 'helped colleague', zh: '被协助的同事' },
  hiredAt: { en: 'hiring date', zh: '入职日期' },
  kind: { en: 'kind', zh: '类型' },
  lateArrivals: { en: 'late arrivals', zh: '迟到次数' },
  leftAt: { en: 'leaving date', zh: '离职日期' },
  level: { en: 'level', zh: '职级' },
  managerId: { en: 'manager', zh: '直属经理' },
  memberId: { en: 'committee member', zh: '评审委员' },
  menteeId: { en: 'mentee', zh: '学员' },
  mentorId: { en: 'mentor', zh: '导师' },
  message: { en: 'message', zh: '内容' },
  month: { en: 'month', zh: '月份' },
  name: { en: 'name', zh: '姓名' },
  nominatedBy: { en: 'nominated by', zh: '提名人' },
  note: { en: 'note', zh: '备注' },
  notes: { en: 'notes', zh: '备注' },
  opportunityId: { en: 'opportunity', zh: '商机' },
  outcome: { en: 'outcome', zh: '结果' },
  paymentId: { en: 'payment', zh: '回款' },
  period: { en: 'period (month)', zh: '期间（月份）' },
  policyId: { en: 'policy', zh: '政策' },
  policyVersions: { en: 'policy versions', zh: '政策版本' },
  probationEnd: { en: 'end of probation', zh: '试用期结束日期' },
  productLine: { en: 'product line', zh: '产品线' },
  quorum: { en: 'quorum', zh: '法定人数' },
  raisedBy: { en: 'raised by', zh: '发起人' },
  rating: { en: 'rating', zh: '评分' },
  rationale: { en: 'rationale', zh: '理由' },
  reason: { en: 'reason', zh: '原因' },
  recruitingFit: { en: 'recruiting fit score', zh: '招聘匹配分' },
  regionId: { en: 'region', zh: '大区' },
  refundedAt: { en: 'refund date', zh: '退款日期' },
  rejectedBy: { en: 'rejected by', zh: '驳回人' },
  requestId: { en: 'adjustment request', zh: '调整申请' },
  requestedAmount: { en: 'requested amount', zh: '申请金额' },
  reversedAt: { en: 'reversal date', zh: '冲销日期' },
  reviewId: { en: 'promotion review', zh: '晋升评审' },
  saleId: { en: 'sale', zh: '销售单' },
  score: { en: 'score', zh: '分数' },
  setBy: { en: 'set by', zh: '设定人' },
  shares: { en: 'shares', zh: '分配份额' },
  strategy: { en: 'split strategy', zh: '分配方式' },
  subjectId: { en: 'target holder', zh: '目标对象' },
  subjectKind: { en: 'target holder kind', zh: '目标对象类型' },
  task: { en: 'mentoring task', zh: '带教任务' },
  teamAmount: { en: 'team target', zh: '团队目标' },
  teamId: { en: 'team', zh: '团队' },
  toBranchId: { en: 'new branch', zh: '调入分公司' },
  toLevel: { en: 'new level', zh: '新职级' },
  toTeamId: { en: 'new team', zh: '调入团队' },
  track: { en: 'career track', zh: '职业序列' },
  voluntary: { en: 'voluntary', zh: '是否主动离职' },
  vote: { en: 'vote', zh: '投票' },
  workingDays: { en: 'working days', zh: '工作日' },
  policy: { en: 'scoring policy', zh: '评分政策' },
  ladder: { en: 'career ladder', zh: '职业阶梯' },
  plan: { en: 'commission plan', zh: '提成方案' },
  commissionPlan: { en: 'commission plan', zh: '提成方案' },
  model: { en: 'retention model', zh: '留任模型' },
  // The course policy: catalogue and recommendation rules.
  courses: { en: 'course catalogue', zh: '课程目录' },
  hours: { en: 'hours', zh: '学时' },
  scoreBand: { en: 'score band', zh: '适用分数段' },
  targetKpis: { en: 'target KPIs', zh: '目标 KPI' },
  rules: { en: 'recommendation rules', zh: '推荐规则' },
  bands: { en: 'score bands', zh: '分数段规则' },
  basicUpTo: { en: 'basics up to (score)', zh: '基础课程分数上限' },
  relationshipBelow: { en: 'leadership from (score)', zh: '管理课程分数下限' },
  basic: { en: 'basics course', zh: '基础课程' },
  relationship: { en: 'relationship course', zh: '客户关系课程' },
  leadership: { en: 'leadership course', zh: '管理课程' },
  gapBelowPoints: { en: 'KPI gap below (points)', zh: 'KPI 短板阈值（分）' },
  kpiGaps: { en: 'KPI gap rules', zh: 'KPI 短板规则' },
  weightsByRank: { en: 'weights by level', zh: '各职级权重' },
  targetPolicy: { en: 'target policy', zh: '目标政策' },
  historyMonths: { en: 'months of history', zh: '历史月数' },
  growth: { en: 'growth', zh: '增长率' },
  round: { en: 'round', zh: '评审轮次' },
  roundTo: { en: 'rounded to (fen)', zh: '取整单位（分）' },
  rankFactors: { en: 'level factors', zh: '职级系数' },
  defaultMonthlyTarget: { en: 'default monthly target', zh: '默认月目标' },
  extremeShare: { en: 'extreme share', zh: '极端份额' },
  above: { en: 'above (× equal share)', zh: '高于（平均份额的倍数）' },
  below: { en: 'below (× equal share)', zh: '低于（平均份额的倍数）' },
  earlyWarning: { en: 'early warning', zh: '预警' },
  consecutiveWeeksBehind: { en: 'weeks behind in a row', zh: '连续落后周数' },
  peerGap: { en: 'gap to peers', zh: '与同事的差距' },
  region: { en: 'region coefficient', zh: '区域系数' },
  market: { en: 'market coefficient', zh: '市场系数' },
  productDifficulty: { en: 'product difficulty', zh: '产品难度系数' },
  // The field rules (who reads which protected field).
  fieldRules: { en: 'field rules', zh: '字段权限规则' },
  fields: { en: 'fields', zh: '字段' },
  ...Object.fromEntries(Object.entries(PROTECTED_FIELD_LABELS)),
  // The probation policy (flexible probation target).
  probationPolicy: { en: 'probation policy', zh: '试用期政策' },
  baseDealsPerMonth: { en: 'base target (deals a month)', zh: '基础目标（每月单数）' },
  reduced: { en: 'reduced target (fast learners)', zh: '降低目标（技能快速提升）' },
  stretch: { en: 'stretch target (fast sellers)', zh: '挑战目标（销售快速增长）' },
  dealsPerMonth: { en: 'deals a month', zh: '每月单数' },
  weeklySkillGrowthAbove: { en: 'weekly skill growth above', zh: '技能周增长高于' },
  dailySalesGrowthAbove: { en: 'daily sales growth above', zh: '日销售增长高于' },
  bonus: { en: 'bonus (fen)', zh: '奖励（分）' },
  // Sales, courses, org units, alerts and decisions.
  cycleDays: { en: 'sales cycle (days)', zh: '销售周期（天）' },
  newCustomer: { en: 'new customer', zh: '是否新客户' },
  testScore: { en: 'test score (0–100)', zh: '考试成绩（0–100）' },
  test: { en: 'assessment', zh: '测评名称' },
  nameEn: { en: 'English name', zh: '英文名称' },
  nameZh: { en: 'Chinese name', zh: '中文名称' },
  unitId: { en: 'organisation unit', zh: '组织单元' },
  role: { en: 'role', zh: '角色' },
  source: { en: 'logged from', zh: '记录来源' },
  // Users and their grants (LinkUser, GrantRole, RevokeRole).
  subject: { en: 'sign-in identity', zh: '登录身份' },
  displayName: { en: 'display name', zh: '显示名称' },
  scope: { en: 'scope', zh: '权限范围' },
  id: { en: 'id', zh: '编号' },
  ref: { en: 'evidence reference', zh: '证据引用' },
  position: { en: 'event position', zh: '事件位置' },
  en: { en: 'English text', zh: '英文内容' },
  zh: { en: 'Chinese text', zh: '中文内容' },
  evidence: { en: 'evidence', zh: '证据' },
  eligible: { en: 'eligible for the step', zh: '是否符合晋升条件' },
  scoreMonth: { en: 'month of the score', zh: '评分月份' },
  override: { en: 'override of the verdict or majority', zh: '推翻资格结论或多数票的说明' },
  code: { en: 'override reason', zh: '推翻原因' },
  text: { en: 'explanation', zh: '说明' },
  scoringPolicy: { en: 'scoring policy', zh: '评分政策' },
  // Policy documents.
  version: { en: 'version', zh: '版本' },
  kpis: { en: 'KPI templates', zh: 'KPI 模板' },
  kpi: { en: 'KPI', zh: 'KPI' },
  weight: { en: 'weight (percent)', zh: '权重（百分比）' },
  thresholds: { en: 'promotion-alert thresholds', zh: '晋升提醒阈值' },
  salesCompletionRate: { en: 'sales completion rate', zh: '销售完成率' },
  collectionRate: { en: 'collection rate', zh: '回款率' },
  unit: { en: 'unit', zh: '单位' },
  definition: { en: 'definition', zh: '定义' },
  normalisation: { en: 'normalisation', zh: '归一化' },
  floor: { en: 'floor (0 points)', zh: '下限（0 分）' },
  target: { en: 'target (100 points)', zh: '目标值（100 分）' },
  tracks: { en: 'career tracks', zh: '职业序列' },
  levels: { en: 'levels', zh: '职级' },
  requirements: { en: 'requirements', zh: '晋升要求' },
  min: { en: 'minimum', zh: '最低值' },
  max: { en: 'maximum', zh: '最高值' },
  months: { en: 'months', zh: '月数' },
  closedDeals: { en: 'closed deals', zh: '成交单数' },
  tiers: { en: 'commission tiers', zh: '提成档位' },
  rate: { en: 'commission rate', zh: '提成比例' },
  effectiveFrom: { en: 'effective from', zh: '生效日期' },
  description: { en: 'description', zh: '说明' },
  horizonWeeks: { en: 'horizon (weeks)', zh: '预测期（周）' },
  threshold: { en: 'flag threshold', zh: '预警阈值' },
  features: { en: 'features', zh: '特征' },
  intercept: { en: 'intercept', zh: '截距' },
  coefficients: { en: 'coefficients', zh: '系数' },
  means: { en: 'feature means', zh: '特征均值' },
  stds: { en: 'feature standard deviations', zh: '特征标准差' },
  l2: { en: 'L2 penalty', zh: 'L2 正则化系数' },
  coldStart: { en: 'cold-start rules', zh: '冷启动规则' },
  trainingCompletionBelow: { en: 'training completion below', zh: '培训完成率低于' },
  mentorRatingBelow: { en: 'mentor rating below', zh: '导师评分低于' },
  weeksWithoutSalesGrowthAtLeast: {
    en: 'weeks without sales growth, at least',
    zh: '连续业绩零增长周数至少',
  },
  metrics: { en: 'training metrics', zh: '训练指标' },
  trainRows: { en: 'training rows', zh: '训练样本数' },
  testRows: { en: 'held-out rows', zh: '测试样本数' },
  positiveRate: { en: 'share who left', zh: '离职样本占比' },
  auc: { en: 'AUC', zh: 'AUC' },
  precisionAtThreshold: { en: 'precision at the threshold', zh: '阈值处精确率' },
  recallAtThreshold: { en: 'recall at the threshold', zh: '阈值处召回率' },
  calibration: { en: 'calibration', zh: '校准' },
  count: { en: 'count', zh: '数量' },
  meanPredicted: { en: 'mean predicted risk', zh: '平均预测风险' },
  observedRate: { en: 'observed rate', zh: '实际离职率' },
};

/**
 * The field at `path` (inside the command's data) as a person knows it: "shares › 2 ›
 * employee" / "分配份额 › 第 3 项 › 员工". Unknown keys are shown as they are.
 */
/**
 * A field's name as a person knows it, in both languages (`closing date · 成交日期`), for the
 * schema's descriptions; `undefined` for a field the glossary does not know.
 */
export function fieldGloss(key: string): string | undefined {
  const label = FIELD_LABELS[key];
  return label ? `${label.en} · ${label.zh}` : undefined;
}

export function fieldLabel(path: readonly (string | number)[], language: Language): string {
  const parts = path
    .filter((p) => p !== 'input')
    .map((p) => {
      if (typeof p === 'number' || /^\d+$/.test(String(p))) {
        const n = Number(p) + 1;
        return language === 'zh' ? `第 ${n} 项` : `#${n}`;
      }
      return FIELD_LABELS[String(p)]?.[language] ?? String(p);
    });
  if (parts.length === 0) return language === 'zh' ? '输入' : 'input';
  return parts.join(' › ');
}

/** The schemas' own English messages, in Chinese. */
const ZH_MESSAGES: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^must not be empty$/, () => '不能为空'],
  [/^must be at most (\d+) characters$/, (m) => `最多 ${m[1]} 个字符`],
  [
    /^must be an ISO 8601 date or date-time$/,
    () => '必须是 ISO 8601 日期或日期时间（如 2026-03-01 或 2026-03-01T09:00:00Z）',
  ],
  [/^must be a month as YYYY-MM$/, () => '必须是 YYYY-MM 格式的月份'],
  [/^must be a quarter as YYYY-Qn, e\.g\. (.*)$/, (m) => `必须是 YYYY-Qn 格式的季度，如 ${m[1]}`],
  [/^must say something$/, () => '不能为空'],
  [/^must be whole fen$/, () => '必须是整数（单位：分）'],
  [/^must not be negative$/, () => '不能为负数'],
  [/^must be greater than 0$/, () => '必须大于 0'],
  [/^must be from (\d+) to (\d+)$/, (m) => `必须在 ${m[1]} 到 ${m[2]} 之间`],
  [/^must be at least (\d+)$/, (m) => `至少为 ${m[1]}`],
  [/^a committee needs at least one member$/, () => '评审委员会至少需要一名成员'],
  [/^a decision needs a rationale$/, () => '决定需要说明理由'],
  [/^must be a decimal position$/, () => '必须是十进制的事件位置'],
  [/^must be printable characters without spaces$/, () => '只能包含可打印字符，不能有空格'],
  [/^must be a track of the career ladder \((.*)\)$/, (m) => `必须是职业阶梯中的序列（${m[1]}）`],
  [/^must be a level of the career ladder \((.*)\)$/, (m) => `必须是职业阶梯中的职级（${m[1]}）`],
];

/** A structured problem: what the domain or zod reported. */
export interface RawIssue {
  readonly path: readonly (string | number)[];
  readonly code: string;
  readonly message: string;
  readonly params?: Readonly<Record<string, string>>;
}

/** The rule of one problem in the caller's language (without the field). */
export function ruleMessage(issue: RawIssue, language: Language): string {
  const p = issue.params ?? {};
  const en = language === 'en';
  switch (issue.code) {
    case 'time_too_early':
      return en
        ? `must not be before ${(p.earliest ?? '').slice(0, 10)}`
        : `不能早于 ${(p.earliest ?? '').slice(0, 10)}`;
    case 'time_too_late':
      return en
        ? `must not be in the future: at most ${p.hours ?? 24} h after the server's clock (${p.latest ?? ''})`
        : `不能是将来的时间：最多比服务器时间晚 ${p.hours ?? 24} 小时（${p.latest ?? ''}）`;
    case 'plan_too_late':
    case 'month_too_late':
      return en ? `must not be later than ${p.latest ?? ''}` : `不能晚于 ${p.latest ?? ''}`;
    case 'policy_range':
      return 'above' in p
        ? en
          ? `must be more than ${p.above} and at most ${p.max}`
          : `必须大于 ${p.above} 且不超过 ${p.max}`
        : en
          ? `must be from ${p.min} to ${p.max}`
          : `必须在 ${p.min} 到 ${p.max} 之间`;
    case 'policy_at_least':
      return en ? `must be at least ${p.min}` : `不能小于 ${p.min}`;
    case 'policy_above':
      return en ? `must be more than ${p.above}` : `必须大于 ${p.above}`;
    case 'policy_whole_number':
      return en ? 'must be a whole number' : '必须是整数';
    case 'policy_hr_admin_required':
      return en
        ? 'HR administrators must keep reading it (they administer these rules and answer a person’s requests)'
        : '人力资源管理员必须保留查看权限（由其管理这些规则并受理本人的申请）';
    case 'policy_role_twice':
      return en ? `lists ${p.role ?? 'a role'} twice` : `重复列出了角色 ${p.role ?? ''}`;
    case 'branch_unknown':
      return en
        ? `no branch ${p.branchId ?? ''} is known: no one was hired into it and it has no name`
        : `没有编号为 ${p.branchId ?? ''} 的分公司：既没有员工在该分公司入职，也没有为其命名`;
    case 'policy_not_a_number':
      return en ? 'must be a number' : '必须是数字';
    case 'control_character':
      return en ? 'must not contain control characters' : '不能包含控制字符';
    case 'unpaired_surrogate':
      return en
        ? 'must not contain broken characters (unpaired UTF-16 surrogates)'
        : '包含无效字符（不成对的 UTF-16 代理项）';
    case 'invalid_type':
      return en ? 'is missing or has the wrong type' : '缺失或类型不正确';
    case 'invalid_value':
      return en ? `must be one of: ${p.values ?? ''}` : `必须是以下之一：${p.values ?? ''}`;
    case 'unrecognized_keys':
      return en ? 'has fields that are not known' : '包含未知的字段';
    case 'too_small':
      if (isDefaultMessage(issue.message)) {
        return p.origin === 'string' && p.minimum === '1'
          ? en
            ? 'must not be empty'
            : '不能为空'
          : en
            ? `must be at least ${p.minimum ?? ''}`
            : `不能小于 ${p.minimum ?? ''}`;
      }
      break;
    case 'too_big':
      if (isDefaultMessage(issue.message))
        return en ? `must be at most ${p.maximum ?? ''}` : `不能大于 ${p.maximum ?? ''}`;
      break;
    case 'invalid_format':
      if (isDefaultMessage(issue.message)) return en ? `is not a valid ${p.format ?? 'value'}` : '格式不正确';
      break;
  }
  if (en) return issue.message;
  for (const [pattern, translate] of ZH_MESSAGES) {
    const match = pattern.exec(issue.message);
    if (match) return translate(match);
  }
  return `不符合要求（${issue.message}）`;
}

/** zod's own messages start with "Invalid", "Too small", …; the domain's start with "must"/"a". */
const isDefaultMessage = (message: string) =>
  /^(Invalid|Too (small|big)|Expected|Unrecognized)/i.test(message);

/** Fen as yuan for a refusal: ¥12,345.00. */
const fenYuan = (value: unknown): string =>
  `¥${(Number(value ?? 0) / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** The target rules' refusals in both languages, with amounts in yuan; undefined for other rules. */
function targetRuleMessage(
  rule: string | undefined,
  details: Readonly<Record<string, unknown>>,
  language: Language,
): string | undefined {
  const en = language === 'en';
  const period = String(details.period ?? '');
  switch (rule) {
    case 'target_already_set':
      return en
        ? `the target of ${period} is already set (${fenYuan(details.amount)}): ask for an adjustment instead`
        : `${period} 的目标已经设定（${fenYuan(details.amount)}）：如需改动请提出目标调整申请`;
    case 'no_target':
      return en ? `there is no target of ${period} to adjust yet` : `${period} 还没有设定目标，无法申请调整`;
    case 'adjustment_pending':
      return en
        ? 'this target already has an adjustment request awaiting a decision: ask again once it is decided'
        : '这个目标已有一项调整申请在等待审批：审批后才能再次申请';
    case 'request_decided':
      return en ? 'this adjustment request has already been decided' : '这项调整申请已经审批过了';
    case 'request_not_pending':
      return en ? 'this adjustment request is not awaiting a decision' : '这项调整申请不在待审批状态';
    case 'request_changes_nothing':
      return en
        ? `the target is already ${fenYuan(details.amount)}: the requested amount changes nothing`
        : `目标已经是 ${fenYuan(details.amount)}：申请的金额与当前目标相同`;
    case 'team_target_differs':
      return en
        ? `the team's target is ${fenYuan(details.amount)}, not ${fenYuan(details.teamAmount)}: split the target that is set`
        : `团队本月目标是 ${fenYuan(details.amount)}，不是 ${fenYuan(details.teamAmount)}：分配须按已设定的团队目标`;
    case 'shares_sum':
      return en
        ? `the shares add up to ${fenYuan(details.total)}, not the team target ${fenYuan(details.teamAmount)} (difference ${fenYuan(details.difference)}): they must add up exactly`
        : `各成员份额合计 ${fenYuan(details.total)}，与团队目标 ${fenYuan(details.teamAmount)} 相差 ${fenYuan(details.difference)}：合计必须正好等于团队目标`;
    case 'share_twice':
      return en ? 'a member has two shares in the split' : '有成员在分配中出现了两次';
    default:
      return undefined;
  }
}
const SCOPE_ZH: Record<string, string> = { company: '全公司', branch: '分公司', team: '团队', self: '本人' };

/** A domain refusal (NOT_FOUND, ILLEGAL_STATE, …) in the caller's language, by its `rule`. */
export function domainRuleMessage(
  rule: string | undefined,
  details: Readonly<Record<string, unknown>>,
  englishMessage: string,
  language: Language,
): string {
  const target = targetRuleMessage(rule, details, language);
  if (target !== undefined) return target;
  if (language === 'en') return englishMessage;
  const id = String(details.employeeId ?? '');
  switch (rule) {
    case 'employee_unknown':
      return `员工 ${id} 不存在（从未入职）`;
    case 'employee_departed':
      return `员工 ${id} 已离职`;
    case 'redaction_employed':
      return `员工 ${id} 仍在职：只能删除已离职人员的个人数据，请先登记离职`;
    case 'already_redacted':
      return `员工 ${id} 的个人数据已经删除过了`;
    // Users and their grants (users/decide.ts).
    case 'user_unknown':
      return `登录身份 ${String(details.subject ?? '')} 尚未关联：请先为其填写显示名称或关联员工`;
    case 'scope_of_role':
      return `该角色的权限范围必须是${SCOPE_ZH[String(details.expected)] ?? String(details.expected)}`;
    case 'unit_missing':
      return '该角色需要指定其管理的分公司或团队';
    case 'unit_not_allowed':
      return '该角色不按分公司或团队授予，请不要指定组织单元';
    case 'self_needs_employee':
      return `登录身份 ${String(details.subject ?? '')} 未关联员工，不能授予仅限本人的角色`;
    case 'role_not_held':
      return `登录身份 ${String(details.subject ?? '')} 没有${ROLE_LABELS[details.role as Role]?.zh ?? String(details.role ?? '')}角色`;
    case 'share_outside_team':
      return `员工 ${id} 不是团队 ${String(details.teamId ?? '')} 的成员：团队目标只能分配给本团队成员`;
    case 'command_id_reused':
      return `命令编号 ${String(details.commandId ?? '')} 已用于另一条命令：新命令请使用新的命令编号；发送同一命令可取回其结果`;
    case 'store_refused':
      return `事件存储无法保存此命令（${String(details.problem ?? '')}）；此命令未被写入`;
    case 'mentor_already':
      return '此人已是该新人的导师：请选择另一位导师';
    case 'reason_blank':
      return '原因是空白的：请写明原因';
    case 'not_on_probation':
      return `员工 ${id} 不在试用期：试用期已结束或入职时没有试用期`;
    case 'not_the_mentor':
      return '只有该新人的现任导师才能记录带教任务';
    case 'notes_blank':
      return '备注是空白的：请写明做了什么';
    case 'outside_scope':
      return `超出你的管理范围：${String(details.subject ?? '')} 不属于你的${details.unit === 'branch' ? '分公司' : '团队'}`;
    case 'due_in_past':
      return `截止日期 ${String(details.dueOn ?? '')} 早于分配当天（${String(details.today ?? '')}）：请选择今天或之后的日期`;
    case 'course_assigned':
      return `课程 ${String(details.courseId ?? '')} 已分配给员工 ${id}`;
    case 'course_completed':
      return `员工 ${id} 已完成课程 ${String(details.courseId ?? '')}`;
    case 'band_order':
      return `课程 ${String(details.course ?? '')} 的适用分数段从 ${String(details.min ?? '')} 到 ${String(details.max ?? '')} 为空（最低值高于最高值）`;
    case 'bands_order':
      return `管理课程分数下限 ${String(details.relationshipBelow ?? '')} 必须高于基础课程分数上限 ${String(details.basicUpTo ?? '')}`;
    case 'not_in_catalogue':
      return `课程 ${String(details.course ?? '')} 不在课程目录中`;
    case 'course_twice':
      return `课程 ${String(details.course ?? '')} 在目录中出现了两次`;
    case 'kpi_gap_twice':
      return `KPI ${String(details.kpi ?? '')} 的短板规则出现了两次`;
    // Branch variants of the scoring policy, ladder and target policy (policy/decide.ts).
    case 'variant_of_headquarters':
      return `政策 ${String(details.policyId ?? '')} 是总部默认版本：分公司 ${String(details.branchId ?? '')} 的变体请用另一个政策编号发布`;
    case 'variant_of_other_branch':
      return details.branchId === null
        ? `政策 ${String(details.policyId ?? '')} 是分公司 ${String(details.owner ?? '')} 的变体：请为该分公司发布，或用另一个政策编号发布总部默认版本`
        : `政策 ${String(details.policyId ?? '')} 是分公司 ${String(details.owner ?? '')} 的变体，不属于分公司 ${String(details.branchId ?? '')}：请用另一个政策编号发布`;
    case 'policy_unknown':
      return `没有发布过政策 ${String(details.policyId ?? '')}`;
    case 'not_a_variant':
      return `政策 ${String(details.policyId ?? '')} 不是分公司变体：总部默认版本一直有效，直到新版本取代它`;
    case 'variant_withdrawn':
      return `分公司 ${String(details.branchId ?? '')} 的变体 ${String(details.policyId ?? '')} v${String(details.version ?? '')} 已经撤回`;
    case 'period_closed':
      return `提成月份 ${String(details.month ?? '')} 已经关账（已关账至 ${String(details.closedThrough ?? '')}）`;
    case 'period_not_ended':
      return `提成月份 ${String(details.month ?? '')} 到 ${String(details.at ?? '').slice(0, 10)} 还没有结束：可能还有回款进来，月份结束后才能关账`;
    default:
      return `操作被拒绝：${englishMessage}`;
  }
}
