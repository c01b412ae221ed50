import type { Language } from './i18n/refusals.ts';

/** A text in both of the product's languages. */
export interface Bilingual {
  readonly en: string;
  readonly zh: string;
}

/**
 * An error whose message is meant for the client (a bad argument, a refused read). Production
 * masks every other unexpected error; these keep their message. Given in both languages, the
 * request's language is answered (`Accept-Language`, see `localiseClientErrors` in server.ts),
 * and `field` names the argument as a person knows it.
 */
export class ClientError extends Error {
  override readonly name = 'ClientError';
  readonly zh: string | undefined;
  readonly field: Bilingual | undefined;
  constructor(message: string | Bilingual, options: { field?: Bilingual } = {}) {
    super(typeof message === 'string' ? message : message.en);
    this.zh = typeof message === 'string' ? undefined : message.zh;
    this.field = options.field;
  }

  /** The message in `language` (English when no Chinese was given). */
  messageIn(language: Language): string {
    return language === 'zh' && this.zh !== undefined ? this.zh : this.message;
  }
}

/**
 * A bad argument of a query: "first (page size): must be a whole number from 1 to 100, got 500"
 * / "first（每页条数）：须为 1 到 100 之间的整数，收到 500". `name` is the argument as the API
 * spells it, `label` as a person knows it.
 */
export function badArgument(name: string, label: Bilingual, problem: Bilingual): ClientError {
  return new ClientError(
    { en: `${name} (${label.en}): ${problem.en}`, zh: `${name}（${label.zh}）：${problem.zh}` },
    { field: label },
  );
}
