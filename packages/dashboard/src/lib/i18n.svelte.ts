/**
 * Chinese and English: one typed dictionary (English is the source of the keys; the Chinese
 * table must have every key, or the type check fails). The language follows the browser's
 * until the user picks one; the choice is kept in localStorage.
 */
const en = {
  'app.name': 'Track Record',
  'app.tagline': 'Sales performance, careers and promotion',
  'nav.overview': 'Team overview',
  'nav.myPath': 'My path',
  'nav.alerts': 'Alerts',
  'nav.audit': 'Audit',
  'nav.analytics': 'Analytics',
  'nav.targets': 'Targets',
  'nav.policy': 'Policy editor',
  'nav.signOut': 'Sign out',
  'nav.skip': 'Skip to content',
  'nav.language': 'Language',
  'nav.main': 'Main',
  'nav.signedInAs': '{name} · {role}',

  'role.hr_admin': 'HR administrator',
  'role.committee_member': 'Review committee member',
  'role.analyst': 'Analyst',
  'role.auditor': 'Auditor',
  'role.branch_manager': 'Branch manager',
  'role.team_manager': 'Team manager',
  'role.sales_rep': 'Sales representative',
  'roleDesc.hr_admin': 'Everyone in the company; manages policies, reviews and alerts.',
  'roleDesc.committee_member': 'Reviews candidates for promotion, votes and decides.',
  'roleDesc.analyst': 'Trends, forecasts and model quality across the company; drafts policies.',
  'roleDesc.auditor': 'Replays past decisions exactly as they were made.',
  'roleDesc.branch_manager': 'One branch: its teams, people, targets and alerts.',
  'roleDesc.team_manager': 'One team: its people, targets and alerts.',
  'roleDesc.sales_rep': 'Themself: current level, what is missing for the next, targets and commission.',

  'signIn.title': 'Sign in',
  'signIn.intro':
    'Demo: pick a persona. The API decides what each persona may read; the dashboard hides what the role cannot use.',
  'signIn.branch': 'Branch',
  'signIn.team': 'Team',
  'signIn.employee': 'Employee',
  'signIn.as': 'Sign in',
  'signIn.loadingUnits': 'Loading branches, teams and people …',
  'signIn.noUnits':
    'The company is empty. Stop the server, run `pnpm cli seed` to fill it with a simulated company, start it again and reload this page.',
  'signIn.failed': 'Sign-in failed: {message}',
  'signIn.signedOut': 'You are signed out.',

  'state.loading': 'Loading …',
  'state.network': 'Cannot reach the API ({message}). Check that `pnpm start` is running, then retry.',
  'state.auth': 'Your session is no longer valid ({message}). Sign in again.',
  'state.server': 'The API refused the request: {message}',
  'state.unavailable': 'This server does not offer it: {message}',
  'state.retry': 'Retry',
  'state.signInAgain': 'Sign in again',
  'state.awaiting': 'Not available yet: this version of the API does not serve this data.',
  'state.willShow': 'This section will show',
  'state.pendingTip': 'Not exposed by the API yet',
  'state.forbidden': 'The page “{page}” is not for the role {role}.',
  'state.notFound': 'There is no page at this address.',
  'state.goHome': 'Go to your start page',

  'overview.title': 'Team overview',
  'overview.teamTitle': 'Team {team}',
  'overview.branchTitle': 'Branch {branch}',
  'overview.count': '{count} people',
  'overview.truncated': 'Showing the first {count}; narrow the filters to see the rest.',
  'overview.empty': 'No one matches these filters. Clear a filter or choose another branch or team.',
  'overview.emptyCompany':
    'No people yet. Stop the server, run `pnpm cli seed` to fill the store with a simulated company, and start it again.',
  'overview.teams': 'Teams',
  'overview.teamLink': '{team}: {active} active, {departed} departed',
  'overview.extrasPending':
    'Score, target light, eligibility, risk and trend fill in once the API exposes them (issues #4, #5).',
  'filter.title': 'Filters',
  'filter.all': 'All',
  'filter.clear': 'Clear filters',
  'filter.search': 'Name',
  'filter.searchPlaceholder': 'Type part of a name',
  'col.name': 'Name',
  'col.branch': 'Branch',
  'col.team': 'Team',
  'col.level': 'Level',
  'col.track': 'Track',
  'col.status': 'Status',
  'col.probation': 'Probation',
  'col.hired': 'Hired',
  'col.score': 'Score',
  'col.light': 'Target',
  'col.eligibility': 'Eligible',
  'col.risk': 'Risk',
  'col.trend': 'Trend',
  'sort.asc': 'ascending',
  'sort.desc': 'descending',
  'sort.by': 'Sort by {column}',
  'status.active': 'Active',
  'status.departed': 'Departed',
  'probation.none': 'None',
  'probation.on_probation': 'On probation',
  'probation.passed': 'Passed',
  'probation.failed': 'Failed',
  'light.red': 'Behind target',
  'light.yellow': 'At risk',
  'light.green': 'On track',
  'risk.low': 'Low',
  'risk.medium': 'Medium',
  'risk.high': 'High',
  yes: 'Yes',
  no: 'No',
  'level.sales_representative': 'Sales Representative',
  'level.sales_supervisor': 'Sales Supervisor',
  'level.sales_manager': 'Sales Manager',
  'level.regional_director': 'Regional Director',
  'level.key_account_consultant': 'Key-Account Consultant',
  'level.sales_support': 'Sales Support',
  'track.sales_management': 'Sales management',
  'track.key_account': 'Key account',
  'track.sales_support': 'Sales support',

  'person.back': 'Back to the overview',
  'person.profile': 'Profile',
  'person.manager': 'Manager',
  'person.region': 'Region',
  'person.hired': 'Hired',
  'person.left': 'Left',
  'person.notFound': 'This person is not known, or not someone your role may see.',
  'person.sections': 'Sections',
  'section.evidence': 'Evidence by source',
  'section.evidence.desc':
    'Deals closed (CRM), payments collected (回款) and expenses (ERP), courses (LMS), mentoring and feedback (OA), each linked to the event it came from.',
  'section.kpi': 'KPI facts per month',
  'section.kpi.desc':
    'Sales, margin and collected amounts in yuan, collection rate, follow-ups, demos, opportunities and new customers per calendar month.',
  'section.score': 'Score breakdown',
  'section.score.desc':
    'Composite score per period with the weight and value of every component, and the policy version.',
  'section.eligibility': 'Eligibility for the next level',
  'section.eligibility.desc': 'Every requirement of the next level, met or missing, and the gap.',
  'section.training': 'Training and its effect',
  'section.training.desc':
    'Courses assigned and completed, recommendations with reasons, and the measured effect on KPIs.',
  'section.risk': 'Retention risk',
  'section.risk.desc':
    'Risk band, probability of leaving within 90 days and the top factors, with the model version.',
  'section.targets': 'Targets',
  'section.targets.desc': 'Monthly targets, progress so far and the red/yellow/green light.',
  'section.commission': 'Commission',
  'section.commission.desc': 'Commission per period in yuan, from each sale and payment collected.',
  'section.feedback': '360 feedback',
  'section.feedback.desc':
    'Ratings from peers, managers and customers; comments for the roles allowed to read them.',
  'section.timeline': 'Event timeline',
  'section.timeline.desc':
    'Every event about this person, newest first, with its position in the event store.',
  'section.vote': 'Committee vote',
  'section.vote.desc': 'Vote and decide with a rationale; the decision shows at once (read-your-writes).',
  'kpi.month': 'Month',
  'kpi.sales': 'Sales (¥)',
  'kpi.margin': 'Margin (¥)',
  'kpi.collected': 'Collected (¥)',
  'kpi.collectionRate': 'Collection rate',
  'kpi.followUps': 'Follow-ups',
  'kpi.demos': 'Demos',
  'kpi.opportunities': 'Opportunities',
  'kpi.newCustomers': 'New customers',
  'kpi.chart': 'Sales and payments collected per month in yuan, {from} to {to}',
  'kpi.deals': 'Deals',
  'kpi.empty': 'No KPI facts for this person yet: no sales or activity recorded.',
  'commission.period': 'Period',
  'commission.amount': 'Commission (¥)',
  'commission.payments': 'Payments',
  'commission.reversed': 'On reversed sales (¥)',
  'commission.empty': 'No commission yet for this person.',
  'timeline.empty': 'No events for this person yet.',

  'myPath.title': 'My path',
  'myPath.current': 'Current level',
  'myPath.since': 'At Track Record since {date}',
  'myPath.probation': 'Probation: {value}',
  'myPath.next': 'Next level and what is missing',
  'myPath.next.desc':
    'The next level on your track and every requirement, met or missing, with how far you are.',
  'myPath.courses': 'Recommended courses and growth tasks',
  'myPath.courses.desc': 'Courses aimed at your weakest numbers, and the mentoring tasks due this week.',
  'myPath.progress': 'Target progress and today’s commission',
  'myPath.progress.desc':
    'This month’s target, how much of it you have reached, and the commission you earned today.',
  'myPath.noEmployee': 'This persona is not linked to an employee. Sign in again and pick one.',

  'alerts.title': 'Alerts',
  'alerts.desc':
    'Eligibility reached, high retention risk, target behind, mentor task overdue or mentor rated below 7 — with who must act and a link to the evidence. New alerts arrive live.',
  'audit.title': 'Audit',
  'audit.desc':
    'Choose a promotion decision, scrub its timeline to any moment, see the state, policy and evidence as known then, the replay verdict and any difference, and the corrections that touched it.',
  'audit.decisions': 'Promotion decisions',
  'audit.noDecisions': 'No promotion decisions yet: they appear once a committee decides a review.',
  'analytics.noTrends': 'No sales in this period yet: sales appear here as they are recorded.',
  'analytics.sales': 'Sales and payments collected per month',
  'analytics.salesNote': 'Yuan per calendar month, {from} to {to}, within what you may see.',
  'analytics.axisMonth': 'Month',
  'analytics.axisYuan': 'Yuan (¥)',
  'alerts.empty': 'No alerts: nobody needs to act right now.',
  'targets.empty': 'No targets set yet: a manager sets them per person and month.',
  'policy.empty': 'No policies published yet.',
  'audit.store': 'The event store now',
  'audit.head': 'Head position',
  'audit.headHelp': 'Position of the last event stored; every decision records the position it rests on.',
  'audit.projection': 'Read model',
  'audit.position': 'Position',
  'audit.behind': 'Behind (events)',
  'audit.behindMs': 'Behind (ms)',
  'audit.noProjections': 'No read models are registered.',
  'analytics.title': 'Analytics',
  'analytics.headcount': 'Head count by branch',
  'analytics.headcountNote': 'People, now (as the organisation read model knows them).',
  'analytics.axisPeople': 'People',
  'analytics.axisBranch': 'Branch',
  'analytics.active': 'Active',
  'analytics.departed': 'Departed',
  'analytics.emptyOrg': 'No branches yet: seed the company with `pnpm cli seed` to see head counts.',
  'analytics.trends': 'Trends and forecast',
  'analytics.trends.desc':
    'Sales, margin and collections by branch, team, product line, customer type and period, with a forecast and its interval; leaderboards; training effect; model quality and fairness by branch.',
  'targets.title': 'Targets',
  'targets.desc':
    'The baseline target with its coefficients, the probability of reaching it as you adjust it, peers at the same level and region, and team split strategies side by side.',
  'policy.title': 'Policy editor',
  'policy.desc':
    'Edit scoring weights, thresholds and ladder requirements as a draft, run the what-if simulation over the full history, see who becomes eligible or not, and publish.',
} as const;

export type MessageKey = keyof typeof en;

const zh: Record<MessageKey, string> = {
  'app.name': 'Track Record 业绩档案',
  'app.tagline': '销售绩效、职业发展与晋升',
  'nav.overview': '团队概览',
  'nav.myPath': '我的成长路径',
  'nav.alerts': '预警',
  'nav.audit': '审计',
  'nav.analytics': '分析',
  'nav.targets': '目标',
  'nav.policy': '政策编辑',
  'nav.signOut': '退出登录',
  'nav.skip': '跳到正文',
  'nav.language': '语言',
  'nav.main': '主导航',
  'nav.signedInAs': '{name} · {role}',

  'role.hr_admin': '人力资源管理员',
  'role.committee_member': '评审委员会成员',
  'role.analyst': '数据分析师',
  'role.auditor': '审计员',
  'role.branch_manager': '分公司经理',
  'role.team_manager': '团队经理',
  'role.sales_rep': '销售代表',
  'roleDesc.hr_admin': '全公司人员；管理政策、评审与预警。',
  'roleDesc.committee_member': '评审晋升候选人，投票并作出决定。',
  'roleDesc.analyst': '全公司的趋势、预测与模型质量；起草政策。',
  'roleDesc.auditor': '按当时的规则重放过去的决定。',
  'roleDesc.branch_manager': '一个分公司：其团队、人员、目标与预警。',
  'roleDesc.team_manager': '一个团队：其人员、目标与预警。',
  'roleDesc.sales_rep': '本人：当前职级、晋升还差什么、目标与提成。',

  'signIn.title': '登录',
  'signIn.intro': '演示模式：选择一个身份。每个身份能读取哪些数据由 API 决定；看板会隐藏该角色用不到的功能。',
  'signIn.branch': '分公司',
  'signIn.team': '团队',
  'signIn.employee': '员工',
  'signIn.as': '登录',
  'signIn.loadingUnits': '正在加载分公司、团队和员工……',
  'signIn.noUnits':
    '公司还没有数据。请停止服务，运行 `pnpm cli seed` 生成一家模拟公司，再启动服务并刷新本页。',
  'signIn.failed': '登录失败：{message}',
  'signIn.signedOut': '您已退出登录。',

  'state.loading': '加载中……',
  'state.network': '无法连接 API（{message}）。请确认 `pnpm start` 正在运行，然后重试。',
  'state.auth': '登录已失效（{message}），请重新登录。',
  'state.server': 'API 拒绝了请求：{message}',
  'state.unavailable': '此服务器不提供该功能：{message}',
  'state.retry': '重试',
  'state.signInAgain': '重新登录',
  'state.awaiting': '暂不可用：当前版本的 API 尚未提供这部分数据。',
  'state.willShow': '本部分将显示',
  'state.pendingTip': 'API 尚未提供',
  'state.forbidden': '“{page}”页面不对{role}开放。',
  'state.notFound': '此地址没有页面。',
  'state.goHome': '回到您的首页',

  'overview.title': '团队概览',
  'overview.teamTitle': '团队 {team}',
  'overview.branchTitle': '分公司 {branch}',
  'overview.count': '共 {count} 人',
  'overview.truncated': '仅显示前 {count} 人；请缩小筛选范围查看其余人员。',
  'overview.empty': '没有符合筛选条件的人员。请清除某个筛选，或选择其他分公司或团队。',
  'overview.emptyCompany': '还没有人员数据。请停止服务，运行 `pnpm cli seed` 生成模拟公司，再启动服务。',
  'overview.teams': '团队',
  'overview.teamLink': '{team}：在职 {active} 人，离职 {departed} 人',
  'overview.extrasPending': '综合评分、目标灯、晋升资格、风险与趋势将在 API 提供后显示（议题 #4、#5）。',
  'filter.title': '筛选',
  'filter.all': '全部',
  'filter.clear': '清除筛选',
  'filter.search': '姓名',
  'filter.searchPlaceholder': '输入姓名的一部分',
  'col.name': '姓名',
  'col.branch': '分公司',
  'col.team': '团队',
  'col.level': '职级',
  'col.track': '通道',
  'col.status': '状态',
  'col.probation': '试用期',
  'col.hired': '入职',
  'col.score': '综合评分',
  'col.light': '目标',
  'col.eligibility': '晋升资格',
  'col.risk': '离职风险',
  'col.trend': '趋势',
  'sort.asc': '升序',
  'sort.desc': '降序',
  'sort.by': '按{column}排序',
  'status.active': '在职',
  'status.departed': '已离职',
  'probation.none': '无',
  'probation.on_probation': '试用期中',
  'probation.passed': '已转正',
  'probation.failed': '未通过',
  'light.red': '落后于目标',
  'light.yellow': '有风险',
  'light.green': '进度正常',
  'risk.low': '低',
  'risk.medium': '中',
  'risk.high': '高',
  yes: '是',
  no: '否',
  'level.sales_representative': '销售代表',
  'level.sales_supervisor': '销售主管',
  'level.sales_manager': '销售经理',
  'level.regional_director': '区域总监',
  'level.key_account_consultant': '大客户顾问',
  'level.sales_support': '销售支持',
  'track.sales_management': '销售管理通道',
  'track.key_account': '大客户专家通道',
  'track.sales_support': '销售支持通道',

  'person.back': '返回概览',
  'person.profile': '基本信息',
  'person.manager': '直属上级',
  'person.region': '区域',
  'person.hired': '入职日期',
  'person.left': '离职日期',
  'person.notFound': '此人不存在，或不在您的角色可查看范围内。',
  'person.sections': '目录',
  'section.evidence': '各来源的证据',
  'section.evidence.desc':
    '成交（CRM）、回款与费用（ERP）、课程（LMS）、辅导与反馈（OA），每条都链接到其来源事件。',
  'section.kpi': '月度 KPI',
  'section.kpi.desc': '每个自然月的销售额、毛利、回款额（元）、回款率、跟进、演示、商机与新客户数。',
  'section.score': '评分构成',
  'section.score.desc': '每期综合评分及各项的权重与得分，并注明政策版本。',
  'section.eligibility': '下一职级的晋升资格',
  'section.eligibility.desc': '下一职级的每项要求：已达到或未达到，以及差距。',
  'section.training': '培训及效果',
  'section.training.desc': '已分配和已完成的课程、带理由的推荐，以及对 KPI 的实测效果。',
  'section.risk': '离职风险',
  'section.risk.desc': '风险等级、90 天内离职概率和主要因素，并注明模型版本。',
  'section.targets': '目标',
  'section.targets.desc': '月度目标、当前进度和红黄绿灯。',
  'section.commission': '提成',
  'section.commission.desc': '每期提成（元），来自每笔销售和回款。',
  'section.feedback': '360 度反馈',
  'section.feedback.desc': '同事、上级和客户的评分；有权限的角色可查看评语。',
  'section.timeline': '事件时间线',
  'section.timeline.desc': '与此人有关的全部事件，最新的在前，附事件库中的位置。',
  'section.vote': '评审投票',
  'section.vote.desc': '投票并附理由作出决定；决定立即显示（写后即读）。',
  'kpi.month': '月份',
  'kpi.sales': '销售额（元）',
  'kpi.margin': '毛利（元）',
  'kpi.collected': '回款额（元）',
  'kpi.collectionRate': '回款率',
  'kpi.followUps': '跟进',
  'kpi.demos': '演示',
  'kpi.opportunities': '商机',
  'kpi.newCustomers': '新客户',
  'kpi.chart': '每月销售额与回款额（元），{from} 至 {to}',
  'kpi.deals': '成交笔数',
  'kpi.empty': '此人还没有 KPI 数据：尚无销售或活动记录。',
  'commission.period': '期间',
  'commission.amount': '提成（元）',
  'commission.payments': '回款笔数',
  'commission.reversed': '已冲销销售的提成（元）',
  'commission.empty': '此人还没有提成。',
  'timeline.empty': '此人还没有事件。',

  'myPath.title': '我的成长路径',
  'myPath.current': '当前职级',
  'myPath.since': '{date} 入职',
  'myPath.probation': '试用期：{value}',
  'myPath.next': '下一职级及尚缺条件',
  'myPath.next.desc': '您所在通道的下一职级及每项要求：已达到或未达到，以及差距。',
  'myPath.courses': '推荐课程与成长任务',
  'myPath.courses.desc': '针对您最弱指标的课程，以及本周到期的辅导任务。',
  'myPath.progress': '目标进度与今日提成',
  'myPath.progress.desc': '本月目标、已完成的比例，以及您今天获得的提成。',
  'myPath.noEmployee': '此身份没有关联员工。请重新登录并选择一名员工。',

  'alerts.title': '预警',
  'alerts.desc':
    '达到晋升条件、离职风险高、目标落后、辅导任务逾期或导师评分低于 7 分——并注明由谁处理及证据链接。新预警实时推送。',
  'audit.title': '审计',
  'audit.desc':
    '选择一项晋升决定，在时间线上拖动到任一时刻，查看当时已知的状态、政策和证据、重放结论及差异，以及影响它的更正。',
  'audit.decisions': '晋升决定',
  'audit.noDecisions': '还没有晋升决定：评审委员会作出决定后会显示在这里。',
  'analytics.noTrends': '此期间还没有销售：录入销售后会显示在这里。',
  'analytics.sales': '每月销售额与回款额',
  'analytics.salesNote': '每个自然月的金额（元），{from} 至 {to}，限于您可查看的范围。',
  'analytics.axisMonth': '月份',
  'analytics.axisYuan': '金额（元）',
  'alerts.empty': '没有预警：目前无人需要处理。',
  'targets.empty': '还没有目标：由经理按人按月设定。',
  'policy.empty': '还没有已发布的政策。',
  'audit.store': '事件库现状',
  'audit.head': '最新位置',
  'audit.headHelp': '最后一个已存事件的位置；每项决定都会记录其依据的位置。',
  'audit.projection': '读模型',
  'audit.position': '位置',
  'audit.behind': '落后（事件数）',
  'audit.behindMs': '落后（毫秒）',
  'audit.noProjections': '尚未注册读模型。',
  'analytics.title': '分析',
  'analytics.headcount': '各分公司人数',
  'analytics.headcountNote': '人数，截至当前（以组织读模型为准）。',
  'analytics.axisPeople': '人数',
  'analytics.axisBranch': '分公司',
  'analytics.active': '在职',
  'analytics.departed': '已离职',
  'analytics.emptyOrg': '还没有分公司：运行 `pnpm cli seed` 生成公司后即可查看人数。',
  'analytics.trends': '趋势与预测',
  'analytics.trends.desc':
    '按分公司、团队、产品线、客户类型和期间统计的销售、毛利和回款，附预测及其区间；排行榜；培训效果；各分公司的模型质量与公平性。',
  'targets.title': '目标',
  'targets.desc':
    '基准目标及其系数、调整时达成目标的概率、同职级同区域的同事对比，以及团队拆分方案并排比较。',
  'policy.title': '政策编辑',
  'policy.desc':
    '以草稿形式编辑评分权重、阈值和职级要求，在全部历史上运行假设模拟，查看谁的资格会变化，然后发布。',
};

export type Locale = 'en' | 'zh';
const tables: Record<Locale, Record<MessageKey, string>> = { en, zh };
const STORAGE = 'trackrecord.locale';

function detect(): Locale {
  if (typeof localStorage !== 'undefined') {
    const saved = localStorage.getItem(STORAGE);
    if (saved === 'en' || saved === 'zh') return saved;
  }
  const languages = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
  for (const language of languages) {
    if (/^zh\b/i.test(language)) return 'zh';
    if (/^en\b/i.test(language)) return 'en';
  }
  return 'en';
}

let locale = $state<Locale>(detect());

export const i18n = {
  get locale(): Locale {
    return locale;
  },
  set locale(next: Locale) {
    locale = next;
    localStorage.setItem(STORAGE, next);
  },
};

/** The message for `key` in the current language, with `{name}` placeholders filled. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = tables[locale][key] ?? en[key];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** A label for an id the dictionary may know (`level.sales_manager`), else the id itself. */
export function label(prefix: 'level' | 'track' | 'status' | 'probation' | 'role', id: string): string {
  const key = `${prefix}.${id}` as MessageKey;
  return key in en ? t(key) : id;
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale === 'zh' ? 'zh-CN' : 'en-GB', {
    dateStyle: 'medium',
    timeZone: 'UTC',
  }).format(date);
}

export function formatNumber(value: number, options: Intl.NumberFormatOptions = {}): string {
  return new Intl.NumberFormat(locale === 'zh' ? 'zh-CN' : 'en-US', options).format(value);
}

/** Integer fen as yuan with two decimals. */
export function formatYuan(fen: number): string {
  return formatNumber(fen / 100, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}
