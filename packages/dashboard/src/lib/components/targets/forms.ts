import { type CommandOutcome, command } from '$lib/api/client.ts';
import { productNow } from '$lib/api/now.ts';
import { colon, type MessageKey, t } from '$lib/i18n.svelte.ts';

/** The largest target a form takes: ¥100,000,000 a month. */
export const MAX_YUAN = 100_000_000;
/** The longest reason a form takes (the domain's text limit is longer). */
export const MAX_REASON = 500;

/**
 * A yuan amount typed into a form as fen, or the problem with it in the page's language:
 * empty, not a number, not above zero, more than two decimals, above the cap.
 */
export function parseYuan(raw: string | number | null | undefined): { fen: number } | { problem: string } {
  const text = String(raw ?? '').trim();
  if (text === '') return { problem: t('form.amountMissing') };
  const value = Number(text);
  if (!Number.isFinite(value)) return { problem: t('form.amountNumber') };
  if (value <= 0) return { problem: t('form.amountPositive') };
  if (value > MAX_YUAN) return { problem: t('form.amountTooBig', { max: MAX_YUAN.toLocaleString() }) };
  const fen = Math.round(value * 100);
  if (Math.abs(fen - value * 100) > 1e-6) return { problem: t('form.amountCents') };
  return { fen };
}

/** A reason typed into a form, or its problem: empty or too long. */
export function checkReason(raw: string): string | null {
  const text = raw.trim();
  if (text === '') return t('form.reasonMissing');
  if (text.length > MAX_REASON) return t('form.reasonTooLong', { max: MAX_REASON });
  return null;
}

/** A problem of a form by the field it is about (`amount`, `reason`, `shares`, …; `form` for the rest). */
export type Problems = Record<string, string>;

/**
 * Sends a target command stamped with the product's time; a refusal comes back as a problem
 * placed by the field the API names (its first path segment), in the page's language.
 */
export async function send(
  document: Parameters<typeof command>[0],
  input: Record<string, unknown>,
  fields: Record<string, string> = {},
): Promise<{ ok: true; position: string } | { ok: false; problems: Problems }> {
  let outcome: CommandOutcome;
  try {
    outcome = await command(document, { ...input, at: productNow().toISOString() });
  } catch (error) {
    return { ok: false, problems: { form: error instanceof Error ? error.message : String(error) } };
  }
  if (outcome.ok) return { ok: true, position: outcome.position };
  const key = outcome.fieldPath[0] ?? '';
  const field = fields[key] ?? 'form';
  const text =
    field === 'form' && outcome.field
      ? `${outcome.field}${colon()}${outcome.reason}`
      : outcome.reason || outcome.message;
  return { ok: false, problems: { [field]: text } };
}

const RULES: Record<string, MessageKey> = {
  sameMonth: 'targets.rule.sameMonth',
  history: 'targets.rule.history',
  rankDefault: 'targets.rule.rankDefault',
};
/** The rule a baseline used, in the page's language. */
export const ruleKey = (rule: string): MessageKey => RULES[rule] ?? 'targets.rule.history';

const RULES_SHORT: Record<string, MessageKey> = {
  sameMonth: 'targets.ruleShort.sameMonth',
  history: 'targets.ruleShort.history',
  rankDefault: 'targets.ruleShort.rankDefault',
};
/** The rule a baseline used, in a few words. */
export const ruleShortKey = (rule: string): MessageKey => RULES_SHORT[rule] ?? 'targets.ruleShort.history';

/** A fresh request id. */
export const requestId = (employeeId: string, period: string): string =>
  `adj-${employeeId}-${period}-${crypto.randomUUID().slice(0, 8)}`;
