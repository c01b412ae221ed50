import type { Rejection } from '../import/importer.ts';
import { domainRuleMessage, type Language, ruleMessage } from './refusals.ts';

/**
 * The import's reasons (rows, cells, headers and warnings; the engine words them in English
 * for the CLI) in the page's language: the domain's refusals by their rule, the schema's
 * issues by their code, the readers' and importer's own sentences by pattern.
 */
const KIND_ZH: Record<string, string> = {
  employees: '员工',
  sales: '销售',
  payments: '回款',
  refunds: '退款',
  followups: '跟进',
  courses: '课程',
  mentoring: '带教',
  feedback: '反馈',
  targets: '目标',
};
const kindZh = (kind: string) => KIND_ZH[kind] ?? kind;

const ZH: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^is empty$/, () => '为空（必填）'],
  [/^must be a number of yuan$/, () => '必须是以元为单位的数字'],
  [/^must not be negative$/, () => '不能为负数'],
  [/^must be yuan with at most two decimals$/, () => '必须是元，最多两位小数'],
  [/^is too large$/, () => '数值过大'],
  [/^must be an amount in yuan$/, () => '必须是以元为单位的金额'],
  [
    /^must be an amount in yuan with at most two decimals, e\.g\. 12800\.50$/,
    () => '必须是以元为单位、最多两位小数的金额，如 12800.50',
  ],
  [/^must be a number$/, () => '必须是数字'],
  [/^must be a number or a percentage$/, () => '必须是数字或百分比'],
  [/^must be a whole number$/, () => '必须是整数'],
  [/^must be yes or no/, () => '必须是“是”或“否”（是/否、true/false、1/0）'],
  [/^must be one of (.*)$/, (m) => `必须是以下之一：${m[1]}`],
  [/^is not a calendar date$/, () => '不是有效的日历日期'],
  [/^is not a time of day$/, () => '不是有效的时间'],
  [/^is not a date$/, () => '不是日期'],
  [/^must be a date such as/, () => '必须是日期，如 2025-03-01、2025/3/1 或 2025年3月1日（可带时间）'],
  [/^is not a month$/, () => '不是有效的月份'],
  [/^must be a month such as/, () => '必须是月份，如 2025-03 或 2025年3月'],
  [/^is only read with left_at/, () => '只在填写了离职日期时读取'],
  [/^is needed when left_at is given \(是\/否\)$/, () => '填写离职日期时必填（是/否）'],
  [/^is needed when left_at is given$/, () => '填写离职日期时必填'],
  [/^is needed when the status is assigned$/, () => '状态为“已分配”时必填'],
  [/^is needed when the status is completed$/, () => '状态为“已完成”时必填'],
  [/^is needed for a task record$/, () => '带教任务记录必填'],
  [/^is needed for a rating record$/, () => '导师评分记录必填'],
  [
    /^both "(.*)" and "(.*)" are read as (\S+): .*$/,
    (m) => `“${m[1]}”和“${m[2]}”都对应到 ${m[3]}：请把其中一列对应到别处或不导入`,
  ],
  [
    /^missing column (\S+): add one headed (.*), or map a header to it.*$/,
    (m) => `缺少列 ${m[1]}：请添加表头为 ${m[2]} 的列，或把某一列对应到它`,
  ],
  [
    /^the same (\S+) row \(key (.*)\) is already on line (\d+) of (.*)$/,
    (m) => `同一条${kindZh(m[1] ?? '')}记录（键 ${m[2]}）已在 ${m[4]} 第 ${m[3]} 行出现`,
  ],
  [/^cannot tell what the file holds/, () => '无法判断文件的数据类型：请选择数据类型'],
  [/^not a readable CSV file: (.*)$/, (m) => `不是可读取的 CSV 文件：${m[1]}`],
];

function zhOf(text: string, fallback: (text: string) => string): string {
  for (const [pattern, translate] of ZH) {
    const match = pattern.exec(text);
    if (match) return translate(match);
  }
  return fallback(text);
}

/** A rejected row's reason in the caller's language. */
export function importReason(rejection: Rejection, language: Language): string {
  if (language === 'en') return rejection.reason;
  const { rule, details } = rejection;
  if (rule && /^[A-Z_]+: /.test(rejection.reason)) {
    // A domain refusal: "NOT_FOUND: employee E9 is not employed" with its rule and details.
    const message = rejection.reason.replace(/^[A-Z_]+: /, '');
    return domainRuleMessage(rule, details ?? {}, message, 'zh');
  }
  if (rule) {
    return ruleMessage(
      {
        path: [],
        code: rule,
        message: rejection.reason,
        params: Object.fromEntries(Object.entries(details ?? {}).map(([k, v]) => [k, String(v)])),
      },
      'zh',
    );
  }
  return zhOf(rejection.reason, (text) => `不符合要求（${text}）`);
}

/** A warning of the import report in the caller's language. */
export function importWarning(warning: string, language: Language): string {
  if (language === 'en') return warning;
  const ignored = /^(.*): ignored columns (.*)$/.exec(warning);
  if (ignored) return `${ignored[1]}：以下列未导入 ${ignored[2]}`;
  const skipped = /^(.*): skipped, its name does not tell what it holds/.exec(warning);
  if (skipped) return `${skipped[1]}：已跳过，无法从名称判断其数据类型`;
  return warning;
}
