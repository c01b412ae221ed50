/**
 * Chinese and English. The messages are data, one file per language in `messages/`
 * (`en.json`, `zh-CN.json`); English is the source of the keys: `MessageKey` is derived from
 * its type, so a key that does not exist fails the type check, and so does a Chinese file that
 * lacks a key. tests/dashboard/messages.unit.spec.ts checks that both files have the same keys
 * and placeholders and that every key is used. The language follows the browser's until the
 * user picks one; the choice is kept in localStorage.
 */
import en from '../../messages/en.json';
import zhCN from '../../messages/zh-CN.json';

/**
 * A message's form for a count other than the general one, as the language's plural rules
 * (`Intl.PluralRules`) name it: `<key>#one` is English's singular ("1 nomination"). Only the
 * languages that have the form write it (Chinese has one form for every count).
 */
type PluralForm = `${string}#${'zero' | 'one' | 'two' | 'few' | 'many'}`;
export type MessageKey = Exclude<keyof typeof en, PluralForm>;

const zh: Record<MessageKey, string> = zhCN;

export type Locale = 'en' | 'zh';
const tables: Record<Locale, Record<string, string>> = { en, zh };
const pluralRules: Record<Locale, Intl.PluralRules> = {
  en: new Intl.PluralRules('en'),
  zh: new Intl.PluralRules('zh'),
};
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

/**
 * The message for `key` in the current language, with `{name}` placeholders filled, in the
 * form the language writes for the count given as `count` (else `n`), if it has one.
 */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  // The form for the count (`count`, else `n`), where the language writes one for it.
  // A count may come formatted ("1", "1,200"): it is read back as the number it shows.
  const given = params.count ?? params.n;
  const count = typeof given === 'string' ? Number(given.replace(/,/g, '')) : given;
  const form = count !== undefined && Number.isFinite(count) ? pluralRules[locale].select(count) : 'other';
  const table = tables[locale];
  const template = (form === 'other' ? undefined : table[`${key}#${form}`]) ?? table[key] ?? en[key];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** The colon after a label, as the page's language writes it ("Missing: …", "未满足：…"). */
export function colon(): string {
  return locale === 'zh' ? '：' : ': ';
}

/** Items of a list joined as the page's language writes them ("a, b", "甲、乙"). */
export function series(items: readonly string[]): string {
  return items.join(locale === 'zh' ? '、' : ', ');
}

/** Clauses of one sentence joined as the page's language writes them ("a; b", "甲；乙"). */
export function clauses(items: readonly string[]): string {
  return items.join(locale === 'zh' ? '；' : '; ');
}

/** A label for an id the dictionary may know (`level.sales_manager`), else the id itself. */
export function label(
  prefix:
    | 'level'
    | 'track'
    | 'status'
    | 'probation'
    | 'role'
    | 'eventType'
    | 'eventSource'
    | 'customerType'
    | 'nominationReason'
    | 'policyKind'
    | 'course'
    | 'kpiName'
    | 'correctionReason'
    | 'policyName'
    | 'policySource'
    | 'readModel'
    | 'productLine'
    | 'fitBand'
    | 'interventionKind'
    | 'behaviour',
  id: string,
): string {
  const key = `${prefix}.${id}` as MessageKey;
  return key in en ? t(key) : id;
}

/** Like `label`, but `fallback` (a name the API gave) when the dictionary does not know the id. */
export function labelOr(
  prefix: Parameters<typeof label>[0],
  id: string,
  fallback: string | null | undefined,
): string {
  const key = `${prefix}.${id}` as MessageKey;
  return key in en ? t(key) : (fallback ?? id);
}

/**
 * A policy's name in the page's language. A branch's variant is published under the id of the
 * default it started from plus the branch (`ladder-branch-2`) and carries the default's
 * (English) document name, so it reads as that default's name; callers that know the branch say
 * "variant of <branch>" beside it.
 */
export function policyLabel(id: string, fallback?: string | null): string {
  const key = `policyName.${id}` as MessageKey;
  if (key in en) return t(key);
  const base = NAMED_POLICIES.find((named) => id.startsWith(`${named}-`));
  return base ? t(`policyName.${base}` as MessageKey) : (fallback ?? id);
}
/** The policy ids the dictionary names, longest first (so `scoring-demo` wins over `scoring`). */
const NAMED_POLICIES = Object.keys(en)
  .filter((k) => k.startsWith('policyName.'))
  .map((k) => k.slice('policyName.'.length))
  .sort((a, b) => b.length - a.length);

/**
 * Reasons recorded in events are free text. The ones the demo's source systems write are fixed
 * sentences (codes in effect) and are said in the page's language; a reason a person typed is
 * shown as they typed it.
 */
const KNOWN_REASONS: Record<string, MessageKey> = {
  'customer cancelled the order before payment': 'reason.saleCancelled',
  'amount corrected to the signed contract': 'reason.amountCorrected',
  'close: worth the committee’s look': 'reason.closeLook',
  'evidence supports the promotion': 'reason.evidenceSupports',
  'not yet: see the missing requirements': 'reason.notYet',
  'no strong view': 'reason.noStrongView',
  'a customer complaint is still being looked into': 'reason.complaintOpen',
  'held back until the complaint is cleared, against the majority of the votes': 'reason.heldBack',
  'a customer complaint about this candidate is still open; the committee decides again once it is cleared':
    'reason.complaintOverride',
  'key customer postponed its orders': 'reason.customerPostponed',
  'market in the region is slower than planned': 'reason.marketSlower',
  'pipeline well ahead of plan': 'reason.pipelineAhead',
  'approved halfway between the target and the request': 'reason.approvedHalfway',
  'the baseline stands': 'reason.baselineStands',
  'probation not passed': 'reason.probationNotPassed',
  'no progress in sales': 'reason.noProgress',
  'no promotion while eligible': 'reason.noPromotion',
  'poor onboarding': 'reason.poorOnboarding',
  'better offer': 'reason.betterOffer',
  relocation: 'reason.relocation',
  'career change': 'reason.careerChange',
  compensation: 'reason.compensation',
};
export function reasonText(text: string | null | undefined): string {
  if (!text) return '';
  const key = KNOWN_REASONS[text.trim()];
  if (key) return t(key);
  const deals = /^(\d+) deals closed, (\d+) required$/.exec(text.trim());
  if (deals) return t('reason.probationDeals', { deals: deals[1] ?? '', required: deals[2] ?? '' });
  return text;
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

/** A calendar month `YYYY-MM` in the page's language ("2026年7月", "Jul 2026"); anything else as is. */
export function formatMonth(month: string | null | undefined): string {
  if (!month) return '—';
  const m = /^(\d{4})-(\d{2})$/.exec(month.slice(0, 7));
  if (!m) return month;
  return new Intl.DateTimeFormat(locale === 'zh' ? 'zh-CN' : 'en-GB', {
    year: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)));
}

export function formatNumber(value: number, options: Intl.NumberFormatOptions = {}): string {
  return new Intl.NumberFormat(locale === 'zh' ? 'zh-CN' : 'en-US', options).format(value);
}

/** Integer fen as yuan with two decimals. */
export function formatYuan(fen: number): string {
  return formatNumber(fen / 100, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** Integer fen as an amount of money: `¥1,234.00`, and a negative one `−¥735.57` (the sign first). */
export function formatMoney(fen: number): string {
  return `${fen < 0 ? '−' : ''}¥${formatYuan(Math.abs(fen))}`;
}
