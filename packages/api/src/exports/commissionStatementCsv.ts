import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventStore } from '@trackrecord/eventstore';
import {
  type CommissionAdjustmentReason,
  type CommissionStatement,
  commissionStatements,
  type Database,
  type PayoutAdjustment,
  type PayoutLine,
  payoutAdjustments,
  payoutLines,
} from '@trackrecord/projections';
import { stringify } from 'csv-stringify/sync';
import type { Kysely } from 'kysely';
import { recordAccess } from '../auth/accessLog.ts';
import { canReadField, fieldRulesInForce } from '../auth/fieldRules.ts';
import { AuthError, bearerToken, type TokenService } from '../auth/tokens.ts';
import { dataScope, type Viewer } from '../auth/viewer.ts';
import { type Language, languageOf } from '../i18n/refusals.ts';
import { STATEMENT_LINE_ROLES } from '../schema/commissionPayouts.ts';

/**
 * `GET /commission/statements/<employeeId>/<YYYY-MM>.csv`: a locked commission statement as
 * CSV for Excel (UTF-8 with a byte order mark, so Chinese opens right), headed in the viewer's
 * language (`?lang=zh|en`, else `Accept-Language`). Same token and field rules as GraphQL: the
 * person, HR and auditors get every line and adjustment; a manager of the person only the
 * totals. Amounts in yuan with two decimals, each beside its integer fen.
 */
export const STATEMENT_CSV_PATH = /^\/commission\/statements\/([^/]+)\/(\d{4}-(?:0[1-9]|1[0-2]))\.csv$/;

const BOM = '\uFEFF';

const HEADINGS = {
  en: {
    title: 'Commission statement',
    employee: 'Employee',
    month: 'Payout month',
    closedAt: 'Closed at',
    position: 'Event store position',
    plans: 'Plans',
    columns: [
      'Kind',
      'Payment',
      'Sale',
      'Date',
      'Commission month',
      'Corrects locked month',
      'Reason',
      'Collected (¥)',
      'Collected (fen)',
      'Rate (%)',
      'Amount (¥)',
      'Amount (fen)',
      'Plan',
    ],
    line: 'Line',
    adjustment: 'Adjustment',
    total: 'Total',
    commission: 'Commission earned',
    adjustments: 'Adjustments',
    payable: 'Payable',
    totalsOnly: 'Totals only: the lines are for the person, HR and auditors',
    reasons: {
      sale_reversed: 'Sale reversed',
      plan_reprocessed: 'Plan reprocessed',
      payment_refunded: 'Payment refunded',
      dispute_accepted: 'Dispute accepted',
    },
  },
  zh: {
    title: '提成结算单',
    employee: '员工',
    month: '结算月份',
    closedAt: '关账时间',
    position: '事件库位置',
    plans: '提成方案',
    columns: [
      '类型',
      '回款编号',
      '销售编号',
      '日期',
      '提成月份',
      '更正的已关账月份',
      '原因',
      '回款金额（元）',
      '回款金额（分）',
      '提成比例（%）',
      '金额（元）',
      '金额（分）',
      '方案',
    ],
    line: '明细',
    adjustment: '调整',
    total: '合计',
    commission: '提成',
    adjustments: '调整',
    payable: '应发',
    totalsOnly: '仅合计：明细仅限本人、人力资源和审计员查看',
    reasons: {
      sale_reversed: '销售撤销',
      plan_reprocessed: '方案重算',
      payment_refunded: '回款退款',
      dispute_accepted: '申诉通过',
    },
  },
} as const satisfies Record<Language, unknown>;

const MESSAGES = {
  missingToken: {
    en: 'sign in first: send "Authorization: Bearer <token>"',
    zh: '请先登录：请求需带 "Authorization: Bearer <token>"',
  },
  refused: (employeeId: string) => ({
    en: `you may not read the commission of ${employeeId}`,
    zh: `你无权查看 ${employeeId} 的提成`,
  }),
  notFound: (employeeId: string, month: string) => ({
    en: `no locked commission statement of ${employeeId} for ${month} (the month is open, or they had nothing in it, or they are out of your scope)`,
    zh: `没有 ${employeeId} 在 ${month} 的已关账提成结算单（该月尚未关账、当月无提成，或不在你的查看范围内）`,
  }),
} as const;

/** Integer fen as yuan with two decimals, without grouping (Excel reads it as a number). */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const percent = (rate: number) => String(Math.round(rate * 10_000) / 100);

/** The statement as CSV rows (without the byte order mark); lines only when `withLines`. */
export function statementRows(
  statement: CommissionStatement,
  name: string | null,
  lines: readonly PayoutLine[] | null,
  adjustments: readonly PayoutAdjustment[] | null,
  language: Language,
): string[][] {
  const h = HEADINGS[language];
  const rows: string[][] = [
    [h.title],
    [h.employee, statement.employee_id, name ?? ''],
    [h.month, statement.month],
    [h.closedAt, statement.closed_at],
    [h.position, statement.position],
    [h.plans, statement.plans.join('; ')],
    [],
    [...h.columns],
  ];
  if (lines && adjustments) {
    for (const l of lines) {
      const collected = Number(l.collected);
      const commission = Number(l.commission);
      rows.push([
        h.line,
        l.payment_id,
        l.sale_id,
        l.collected_at,
        l.month,
        '',
        '',
        yuan(collected),
        String(collected),
        percent(l.rate),
        yuan(commission),
        String(commission),
        `${l.plan_id} v${l.plan_version}`,
      ]);
    }
    for (const a of adjustments) {
      const collected = Number(a.payment_amount);
      const amount = Number(a.amount);
      rows.push([
        h.adjustment,
        a.payment_id,
        a.sale_id,
        a.recorded_at,
        a.month,
        a.corrects_month ?? '',
        h.reasons[a.reason as CommissionAdjustmentReason] ?? a.reason,
        yuan(collected),
        String(collected),
        percent(a.rate),
        yuan(amount),
        String(amount),
        `${a.plan_id} v${a.plan_version}`,
      ]);
    }
  } else {
    rows.push([h.totalsOnly]);
  }
  const total = (label: string, fen: number, collected?: number) => [
    h.total,
    '',
    '',
    '',
    statement.month,
    '',
    label,
    collected === undefined ? '' : yuan(collected),
    collected === undefined ? '' : String(collected),
    '',
    yuan(fen),
    String(fen),
    '',
  ];
  rows.push(
    total(
      `${h.commission} (${statement.payments})`,
      Number(statement.commission),
      Number(statement.collected),
    ),
    total(`${h.adjustments} (${statement.adjustment_count})`, Number(statement.adjustments)),
    total(h.payable, Number(statement.payable)),
  );
  return rows;
}

function answer(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    ...extra,
  });
  res.end(text);
}

/** Serves the statement CSV for `url` (which matches {@link STATEMENT_CSV_PATH}). */
export async function serveStatementCsv(
  deps: { readonly db: Kysely<Database>; readonly tokens: TokenService; readonly store: EventStore },
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const lang = url.searchParams.get('lang');
  const language: Language =
    lang === 'zh' || lang === 'en' ? lang : languageOf(req.headers['accept-language'] ?? null);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return answer(res, 405, language === 'zh' ? '仅支持 GET' : 'only GET is allowed', { allow: 'GET, HEAD' });
  }
  const match = STATEMENT_CSV_PATH.exec(url.pathname);
  if (!match) return answer(res, 404, 'not found');
  const employeeId = decodeURIComponent(match[1] ?? '');
  const month = match[2] ?? '';
  let viewer: Viewer;
  try {
    const token = bearerToken(req.headers.authorization ?? null);
    if (!token) {
      return answer(res, 401, MESSAGES.missingToken[language], { 'www-authenticate': 'Bearer' });
    }
    viewer = await deps.tokens.verify(token);
  } catch (error) {
    if (error instanceof AuthError) return answer(res, 401, error.message, { 'www-authenticate': 'Bearer' });
    throw error;
  }
  const rules = await fieldRulesInForce(deps.store);
  if (!canReadField(rules, viewer, 'commission', employeeId)) {
    return answer(res, 403, MESSAGES.refused(employeeId)[language]);
  }
  const [statement] = await commissionStatements(deps.db, dataScope(viewer), {
    month,
    employeeIds: [employeeId],
  });
  if (!statement) return answer(res, 404, MESSAGES.notFound(employeeId, month)[language]);
  await recordAccess(deps.db, viewer, 'export', {
    employeeId,
    detail: `commission statement ${month} (CSV)`,
    fieldRulesVersion: rules.version,
  });
  const withLines =
    STATEMENT_LINE_ROLES.includes(viewer.role) ||
    (viewer.role === 'sales_rep' && viewer.employeeId === employeeId);
  const [lines, adjustments, person] = await Promise.all([
    withLines ? payoutLines(deps.db, [employeeId], { only: month }) : null,
    withLines ? payoutAdjustments(deps.db, [employeeId], { only: month }) : null,
    deps.db
      .withSchema('read')
      .selectFrom('people')
      .select(['name', 'name_en'])
      .where('employee_id', '=', employeeId)
      .executeTakeFirst(),
  ]);
  const name = person ? (language === 'en' ? (person.name_en ?? person.name) : person.name) : null;
  const body =
    BOM +
    stringify(statementRows(statement, name, lines, adjustments, language), { record_delimiter: '\r\n' });
  const filename = `commission-${employeeId}-${month}.csv`;
  res.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    'cache-control': 'no-store',
    'content-language': language === 'zh' ? 'zh-CN' : 'en',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
