import {
  CHANNELS,
  COURSE_CATALOGUE,
  COURSE_IDS,
  CUSTOMER_TYPES,
  DEFAULT_LADDER,
  type DomainCommandType,
  LEVEL_IDS,
  MENTOR_TASKS,
  TRACK_IDS,
} from '@trackrecord/domain';
import {
  boolean,
  type Cell,
  integer,
  isoDate,
  number as numberOf,
  oneOf,
  type Parsed,
  text,
  yearMonth,
  yuanToFen,
} from './values.ts';

/**
 * What the importer understands: ten kinds of export, each a set of columns (canonical name,
 * built-in English and Chinese headers, how a cell is read) and the domain command(s) a row
 * becomes. The row's natural key makes its command id, so a row imported twice is one command.
 */
export const IMPORT_KINDS = [
  'employees',
  'sales',
  'payments',
  'refunds',
  'followups',
  'courses',
  'assessments',
  'mentoring',
  'feedback',
  'targets',
] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** A row after its cells were read: canonical column → value (absent when the cell was blank). */
export type Row = Readonly<Record<string, unknown>>;

export interface Column {
  /** Canonical name, snake_case of the command field it feeds (`closed_at` → `closedAt`). */
  readonly name: string;
  /** Headers recognised without a mapping file (compared without case, blanks, `_`, `-`, and a trailing "(元)"). */
  readonly headers: readonly string[];
  readonly required: boolean;
  readonly read: (cell: Cell, offset: string) => Parsed<unknown>;
}

export interface RowCommand {
  readonly type: DomainCommandType;
  readonly data: Record<string, unknown>;
  /** When it happened (ISO): the envelope's time and the time part of its event ids. */
  readonly at: string;
  /**
   * Sent after every file of the import (a departure): what a person did before leaving —
   * sales, courses, mentoring in the other files — is recorded while they are still employed.
   */
  readonly last?: boolean;
}

export interface KindSpec {
  readonly kind: ImportKind;
  /** Words in a file or sheet name that tell its kind (`sales.csv`, `销售.xlsx`, sheet "回款"). */
  readonly names: readonly string[];
  readonly columns: readonly Column[];
  /** The row's identity in the source system; with the kind, it makes the command id. */
  key(row: Row): string;
  /** The command(s) of a row, or the reason and column when the columns do not fit together. */
  commands(row: Row): RowCommand[] | { readonly column: string; readonly reason: string };
}

const str = (cell: Cell) => text(cell);
const number = (cell: Cell) => numberOf(cell);
const date = (cell: Cell, offset: string) => isoDate(cell, offset);
const col = (name: string, headers: string[], read: Column['read'] = str, required = true): Column => ({
  name,
  headers: [name, ...headers],
  required,
  read,
});
const optional = (name: string, headers: string[], read: Column['read'] = str): Column =>
  col(name, headers, read, false);

const aliases = <T extends string>(entries: Record<T, string[]>): Record<string, T> =>
  Object.fromEntries(
    (Object.entries(entries) as [T, string[]][]).flatMap(([id, labels]) =>
      labels.map((label) => [label.toLowerCase(), id]),
    ),
  );

const ladderLabels = Object.fromEntries(
  DEFAULT_LADDER.tracks.flatMap((track) =>
    track.levels.flatMap((level) => [
      [level.name.toLowerCase(), level.id],
      [level.nameZh, level.id],
    ]),
  ),
);
const trackLabels = Object.fromEntries(
  DEFAULT_LADDER.tracks.flatMap((track) => [
    [track.name.toLowerCase(), track.id],
    [track.nameZh, track.id],
    // "销售管理通道" is also written "销售管理", "大客户专家通道" also "大客户".
    [track.nameZh.replace(/(专家)?通道$/, ''), track.id],
  ]),
);
const courseLabels = Object.fromEntries(
  Object.values(COURSE_CATALOGUE).flatMap((course) => [
    [course.name.toLowerCase(), course.id],
    [course.nameZh, course.id],
  ]),
);

const employeeId = col('employee_id', [
  '员工编号',
  '工号',
  '员工id',
  '员工ID',
  '销售员编号',
  'employee',
  'emp_id',
  'staff_id',
]);
const customerId = col('customer_id', ['客户编号', '客户id', '客户ID', '客户', 'customer']);
const at = (headers: string[]) => col('at', [...headers, '日期', '时间', 'date', 'time'], date);

const level = (cell: Cell) => oneOf(cell, LEVEL_IDS, ladderLabels);
const track = (cell: Cell) => oneOf(cell, TRACK_IDS, trackLabels);
const course = (cell: Cell) => oneOf(cell, COURSE_IDS, courseLabels);
// Label tables are built once, not per cell.
const customerTypeLabels = aliases({
  key_account: ['大客户', 'ka', 'key account'],
  smb: ['中小企业', '中小客户', '企业'],
  individual: ['个人', '个人客户'],
});
const customerType = (cell: Cell) => oneOf(cell, CUSTOMER_TYPES, customerTypeLabels);
const channelLabels = aliases({
  direct: ['直销', '直营'],
  channel_partner: ['渠道', '代理', '经销商', 'partner', 'channel'],
});
const channel = (cell: Cell) => oneOf(cell, CHANNELS, channelLabels);
const courseStatusLabels = aliases({
  assigned: ['已分配', '分配', '指派', '已指派'],
  started: ['已开始', '开始', '学习中', '进行中'],
  completed: ['已完成', '完成', '结业', '已结业'],
});
const courseStatus = (cell: Cell) =>
  oneOf(cell, ['assigned', 'started', 'completed'] as const, courseStatusLabels);
const mentoringRecordLabels = aliases({
  assigned: ['指派导师', '分配导师', '指派', '分配'],
  task: ['带教任务', '任务'],
  rating: ['导师评分', '评分', 'rated'],
});
const mentoringRecord = (cell: Cell) =>
  oneOf(cell, ['assigned', 'task', 'rating'] as const, mentoringRecordLabels);
const mentorTaskLabels = aliases({
  ride_along_visit: ['陪访', '陪同拜访'],
  deal_review: ['复盘', '交易复盘'],
  performance_talk: ['绩效面谈', '面谈'],
});
const mentorTask = (cell: Cell) => oneOf(cell, MENTOR_TASKS, mentorTaskLabels);
const feedbackFromLabels = aliases({
  manager: ['经理', '上级', '主管'],
  peer: ['同事', '同级'],
  customer: ['客户'],
});
const feedbackFrom = (cell: Cell) =>
  oneOf(cell, ['manager', 'peer', 'customer'] as const, feedbackFromLabels);
const subjectKindLabels = aliases({ employee: ['员工', '个人', 'person'], team: ['团队', '小组'] });
const subjectKind = (cell: Cell) => oneOf(cell, ['employee', 'team'] as const, subjectKindLabels);

/** The row's optional value, or a default. */
const or = (value: unknown, fallback: unknown): unknown => (value === undefined ? fallback : value);
const s = (value: unknown) => String(value);

/** A row of the employees file as a hire. */
const hire = (row: Row): RowCommand => ({
  type: 'HireEmployee',
  at: s(row.hired_at),
  data: {
    employeeId: row.employee_id,
    name: row.name,
    branchId: row.branch_id,
    teamId: row.team_id,
    regionId: row.region_id,
    managerId: or(row.manager_id, null),
    level: row.level,
    track: or(row.track, 'sales_management'),
    hiredAt: row.hired_at,
    probationEnd: or(row.probation_end, null),
    recruitingFit: row.recruiting_fit,
  },
});

export const KINDS: Readonly<Record<ImportKind, KindSpec>> = {
  employees: {
    kind: 'employees',
    names: ['employees', 'employee', 'staff', 'people', 'roster', '员工', '人员', '花名册'],
    columns: [
      employeeId,
      col('name', ['姓名', '员工姓名', 'full_name']),
      col('branch_id', ['分公司', '分公司编号', '分支机构', 'branch']),
      col('team_id', ['团队', '团队编号', '小组', 'team']),
      col('region_id', ['区域', '大区', 'region']),
      optional('manager_id', ['上级', '上级编号', '直属上级', 'manager']),
      col('level', ['职级', '级别', 'rank'], level),
      optional('track', ['序列', '职业序列', '发展通道'], track),
      col('hired_at', ['入职日期', '入职时间', 'hire_date', 'hired'], date),
      optional('probation_end', ['试用期结束', '试用期截止', '转正日期'], date),
      col('recruiting_fit', ['招聘匹配度', '招聘评分', '面试评分', 'fit_score'], number),
      optional('left_at', ['离职日期', '离职时间', 'departure_date'], date),
      optional('voluntary', ['主动离职', '是否主动离职'], boolean),
      optional('leave_reason', ['离职原因', 'departure_reason']),
    ],
    key: (row) => s(row.employee_id),
    commands: (row) => {
      if (row.left_at === undefined) {
        for (const column of ['voluntary', 'leave_reason']) {
          if (row[column] !== undefined) return { column, reason: 'is only read with left_at (离职日期)' };
        }
        return [hire(row)];
      }
      if (row.voluntary === undefined)
        return { column: 'voluntary', reason: 'is needed when left_at is given (是/否)' };
      if (row.leave_reason === undefined)
        return { column: 'leave_reason', reason: 'is needed when left_at is given' };
      return [
        hire(row),
        {
          type: 'RecordDeparture',
          at: s(row.left_at),
          last: true,
          data: {
            employeeId: row.employee_id,
            voluntary: row.voluntary,
            reason: row.leave_reason,
            leftAt: row.left_at,
          },
        },
      ];
    },
  },
  sales: {
    kind: 'sales',
    names: ['sales', 'sale', 'deals', 'orders', '销售', '成交', '订单', '合同'],
    columns: [
      col('sale_id', ['销售单号', '订单编号', '合同编号', '单号', 'order_id', 'deal_id']),
      employeeId,
      col('amount', ['金额', '成交金额', '订单金额', '合同金额'], yuanToFen),
      col('gross_margin', ['毛利率', 'margin'], (c) => numberOf(c, { percent: true })),
      col('product_line', ['产品线', '产品', 'product']),
      customerId,
      optional('customer_type', ['客户类型'], customerType),
      optional('channel', ['渠道', '销售渠道'], channel),
      optional('new_customer', ['新客户', '是否新客户'], boolean),
      optional('cycle_days', ['成交周期', '销售周期', '周期天数'], integer),
      col('closed_at', ['成交日期', '签约日期', '成交时间', 'date'], date),
    ],
    key: (row) => s(row.sale_id),
    // Missing optional columns take the defaults the domain gives the first CRM connector's sales.
    commands: (row) => [
      {
        type: 'CloseSale',
        at: s(row.closed_at),
        data: {
          saleId: row.sale_id,
          employeeId: row.employee_id,
          amount: row.amount,
          grossMargin: row.gross_margin,
          productLine: row.product_line,
          customerId: row.customer_id,
          customerType: or(row.customer_type, 'smb'),
          channel: or(row.channel, 'direct'),
          newCustomer: or(row.new_customer, false),
          cycleDays: or(row.cycle_days, 0),
          closedAt: row.closed_at,
        },
      },
    ],
  },
  payments: {
    kind: 'payments',
    names: ['payments', 'payment', 'collections', '回款', '收款'],
    columns: [
      col('payment_id', ['回款单号', '收款单号', '回款编号']),
      col('sale_id', ['销售单号', '订单编号', '合同编号']),
      col('amount', ['回款金额', '收款金额', '金额'], yuanToFen),
      col('collected_at', ['回款日期', '收款日期', '到账日期', 'date'], date),
    ],
    key: (row) => s(row.payment_id),
    commands: (row) => [
      {
        type: 'CollectPayment',
        at: s(row.collected_at),
        data: {
          paymentId: row.payment_id,
          saleId: row.sale_id,
          amount: row.amount,
          collectedAt: row.collected_at,
        },
      },
    ],
  },
  refunds: {
    kind: 'refunds',
    names: ['refunds', 'refund', '退款'],
    columns: [
      optional('refund_id', ['退款单号', '退款编号', 'refund_no']),
      col('payment_id', ['回款单号', '收款单号', '回款编号', '原回款单号']),
      col('sale_id', ['销售单号', '订单编号', '合同编号']),
      col('amount', ['退款金额', '金额'], yuanToFen),
      col('refunded_at', ['退款日期', '退款时间', 'date'], date),
      col('reason', ['退款原因', '原因']),
    ],
    // Without a refund number, a payment's refund is told apart by its date and amount.
    key: (row) =>
      row.refund_id !== undefined
        ? s(row.refund_id)
        : `${s(row.payment_id)}|${s(row.refunded_at)}|${s(row.amount)}`,
    commands: (row) => [
      {
        type: 'RefundPayment',
        at: s(row.refunded_at),
        data: {
          paymentId: row.payment_id,
          saleId: row.sale_id,
          amount: row.amount,
          reason: row.reason,
          refundedAt: row.refunded_at,
        },
      },
    ],
  },
  followups: {
    kind: 'followups',
    names: ['followups', 'follow-ups', 'follow_ups', 'followup', '跟进'],
    columns: [
      optional('followup_id', ['跟进编号', '记录编号', 'id']),
      employeeId,
      customerId,
      at(['跟进时间', '跟进日期']),
    ],
    key: (row) =>
      row.followup_id !== undefined
        ? s(row.followup_id)
        : `${s(row.employee_id)}|${s(row.customer_id)}|${s(row.at)}`,
    commands: (row) => [
      {
        type: 'LogFollowUp',
        at: s(row.at),
        data: { employeeId: row.employee_id, customerId: row.customer_id, at: row.at },
      },
    ],
  },
  courses: {
    kind: 'courses',
    names: ['courses', 'course', 'training', 'learning', '课程', '培训', '学习'],
    columns: [
      employeeId,
      col('course_id', ['课程编号', '课程', '课程名称', 'course'], course),
      col('status', ['状态', '学习状态'], courseStatus),
      at(['完成日期', '学习日期']),
      optional('test_score', ['成绩', '考试成绩', '分数', 'score'], number),
      optional('assigned_by', ['指派人', '分配人']),
      optional('reason', ['原因', '推荐原因']),
    ],
    key: (row) => `${s(row.employee_id)}|${s(row.course_id)}|${s(row.status)}`,
    commands: (row) => {
      const base = { employeeId: row.employee_id, courseId: row.course_id, at: row.at };
      switch (row.status) {
        case 'assigned':
          if (row.assigned_by === undefined)
            return { column: 'assigned_by', reason: 'is needed when the status is assigned' };
          return [
            {
              type: 'AssignCourse',
              at: s(row.at),
              data: {
                ...base,
                assignedBy: row.assigned_by,
                ...(row.reason === undefined ? {} : { reason: row.reason }),
              },
            },
          ];
        case 'started':
          return [{ type: 'StartCourse', at: s(row.at), data: base }];
        default:
          if (row.test_score === undefined)
            return { column: 'test_score', reason: 'is needed when the status is completed' };
          return [{ type: 'CompleteCourse', at: s(row.at), data: { ...base, testScore: row.test_score } }];
      }
    },
  },
  // Skill assessments from the learning system: one result per row (a test, its score 0–100).
  assessments: {
    kind: 'assessments',
    names: ['assessments', 'assessment', 'skill-tests', 'skills', '测评', '技能测评'],
    columns: [
      employeeId,
      col('test', ['测评名称', '测评', '考试名称', 'test', 'assessment']),
      col('score', ['测评成绩', '成绩', '分数', 'score'], number),
      at(['测评日期', '测评时间']),
    ],
    key: (row) => `${s(row.employee_id)}|${s(row.test)}|${s(row.at)}`,
    commands: (row) => [
      {
        type: 'RecordSkillAssessment',
        at: s(row.at),
        data: { employeeId: row.employee_id, test: row.test, score: row.score, at: row.at },
      },
    ],
  },
  mentoring: {
    kind: 'mentoring',
    names: ['mentoring', 'mentor', 'mentorship', '带教', '导师'],
    columns: [
      optional('record_id', ['记录编号', 'id']),
      col('record', ['类型', '记录类型', 'type'], mentoringRecord),
      col('mentee_id', ['学员编号', '新人编号', '被带教人', 'mentee']),
      col('mentor_id', ['导师编号', '导师', 'mentor']),
      optional('task', ['任务', '任务类型'], mentorTask),
      optional('notes', ['备注', '记录', '说明']),
      optional('rating', ['评分', '导师评分', 'score'], number),
      at([]),
    ],
    key: (row) =>
      row.record_id !== undefined
        ? s(row.record_id)
        : [row.record, row.mentee_id, row.mentor_id, row.task ?? '', row.at].map(s).join('|'),
    commands: (row) => {
      const base = { menteeId: row.mentee_id, mentorId: row.mentor_id, at: row.at };
      switch (row.record) {
        case 'assigned':
          return [{ type: 'AssignMentor', at: s(row.at), data: base }];
        case 'task':
          if (row.task === undefined) return { column: 'task', reason: 'is needed for a task record' };
          return [
            {
              type: 'RecordMentorTask',
              at: s(row.at),
              data: { ...base, task: row.task, notes: or(row.notes, '') },
            },
          ];
        default:
          if (row.rating === undefined) return { column: 'rating', reason: 'is needed for a rating record' };
          return [{ type: 'RateMentor', at: s(row.at), data: { ...base, rating: row.rating } }];
      }
    },
  },
  feedback: {
    kind: 'feedback',
    names: ['feedback', '360', 'reviews', '反馈', '评价'],
    columns: [
      optional('feedback_id', ['反馈编号', '记录编号', 'id']),
      col('employee_id', ['员工编号', '工号', '被评价人', '被评价人编号']),
      col('from', ['评价人类型', '评价来源', '来源'], feedbackFrom),
      optional('from_id', ['评价人编号', '评价人']),
      col('rating', ['评分', '分数', 'score'], number),
      optional('comment', ['评语', '评价内容', '备注']),
      at(['评价日期']),
    ],
    key: (row) =>
      row.feedback_id !== undefined
        ? s(row.feedback_id)
        : [row.employee_id, row.from, row.from_id ?? '', row.at].map(s).join('|'),
    commands: (row) => [
      {
        type: 'GiveFeedback360',
        at: s(row.at),
        data: {
          employeeId: row.employee_id,
          from: row.from,
          ...(row.from_id === undefined ? {} : { fromId: row.from_id }),
          rating: row.rating,
          ...(row.comment === undefined ? {} : { comment: row.comment }),
          at: row.at,
        },
      },
    ],
  },
  targets: {
    kind: 'targets',
    names: ['targets', 'target', 'quotas', 'quota', '目标', '指标'],
    columns: [
      col('subject_id', ['对象编号', '员工编号', '工号', '团队编号', 'employee_id', 'subject']),
      optional('subject_kind', ['对象类型', '类型', 'kind'], subjectKind),
      col('period', ['月份', '期间', '考核月份', 'month'], yearMonth),
      col('amount', ['目标金额', '目标', '金额', 'target'], yuanToFen),
      optional('basis', ['依据', '制定依据', '说明']),
      optional('set_by', ['制定人', '设定人']),
      optional('at', ['制定日期', '日期', 'date'], date),
    ],
    key: (row) => `${s(row.subject_id)}|${s(row.period)}`,
    commands: (row) => {
      const when = or(row.at, `${s(row.period)}-01`);
      return [
        {
          type: 'SetTarget',
          at: s(when),
          data: {
            subjectId: row.subject_id,
            subjectKind: or(row.subject_kind, 'employee'),
            period: row.period,
            amount: row.amount,
            basis: or(row.basis, 'historical import'),
            setBy: or(row.set_by, 'import'),
            at: when,
          },
        },
      ];
    },
  },
};

/** `closedAt` → `closed_at`: the column a command field comes from, to name it in the report. */
export const columnOfField = (field: string): string => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A header as compared: no case, blanks, `_`, `-`, `.`, nor a unit in brackets ("金额（元）"). */
export function normalizeHeader(header: string): string {
  return header
    .toLowerCase()
    .replace(/[(（][^)）]*[)）]\s*$/, '')
    .replace(/[\s_\-.·]/g, '');
}

/** The kind a file or sheet name tells, or undefined (`2025-sales.csv` → sales, `回款.xlsx` → payments). */
export function kindOfName(name: string): ImportKind | undefined {
  const stem = name.toLowerCase().replace(/\.(csv|xlsx)$/, '');
  for (const kind of IMPORT_KINDS) if (KINDS[kind].names.includes(stem)) return kind;
  // Longest name first, so "followups" is not read as a sale or a target.
  const candidates = IMPORT_KINDS.flatMap((kind) => KINDS[kind].names.map((n) => [n, kind] as const)).sort(
    (a, b) => b[0].length - a[0].length,
  );
  return candidates.find(([n]) => stem.includes(n))?.[1];
}
