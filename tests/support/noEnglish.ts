import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

/**
 * "No English on a Chinese page", checked against the dashboard's own English dictionary:
 * a Chinese page must not show any English message (or a fragment of one between its
 * placeholders), nor any English word of the dictionary that the Chinese table does not use
 * itself (names such as "GraphQL" or "KPI" appear in both and are allowed).
 *
 * The dictionaries are read from the source of packages/dashboard/src/lib/i18n.svelte.ts (the
 * module uses Svelte runes, so it cannot be imported outside the dashboard build).
 */

const I18N = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../packages/dashboard/src/lib/i18n.svelte.ts',
);

function table(source: string, start: RegExp, end: RegExp): Record<string, string> {
  const from = source.search(start);
  if (from < 0) throw new Error(`noEnglish: no ${start} in ${I18N}; update tests/support/noEnglish.ts`);
  const open = source.indexOf('{', from);
  const rest = source.slice(open);
  const close = rest.search(end);
  if (close < 0) throw new Error(`noEnglish: no end ${end} after ${start} in ${I18N}`);
  // An object literal of string keys and string values (no TypeScript inside).
  return new Function(`return ${rest.slice(0, close + 2)};`)() as Record<string, string>;
}

export interface Dictionaries {
  en: Record<string, string>;
  zh: Record<string, string>;
}

let cached: Dictionaries | undefined;
export function dictionaries(): Dictionaries {
  if (cached) return cached;
  const source = readFileSync(I18N, 'utf8');
  cached = {
    en: table(source, /\bconst en\b[^=]*=\s*\{/, /\n\}( as const)?;/),
    zh: table(source, /\bconst zh\b[^=]*=\s*\{/, /\n\};/),
  };
  return cached;
}

const WORD = /[A-Za-z][A-Za-z'’]*[A-Za-z]/g;

/** What to look for: whole messages and fragments, and single English words. */
interface Needles {
  phrases: string[];
  words: Set<string>;
}

let needles: Needles | undefined;
function englishNeedles(): Needles {
  if (needles) return needles;
  const { en, zh } = dictionaries();
  const zhText = Object.values(zh).join('\n');
  const zhWords = new Set((zhText.match(WORD) ?? []).map((w) => w.toLowerCase()));
  const phrases = new Set<string>();
  const words = new Set<string>();
  for (const [key, value] of Object.entries(en)) {
    if (zh[key] === value) continue; // the same in both languages (brand, units)
    for (const fragment of value.split(/\{\w+\}/)) {
      const text = fragment.trim();
      // A fragment of two words or more is specific enough to be matched as a phrase.
      if (/[A-Za-z]+[ ,.'’-]+[A-Za-z]+/.test(text) && text.length >= 6 && !zhText.includes(text)) {
        phrases.add(text);
      }
    }
    for (const word of value.replace(/\{\w+\}/g, ' ').match(WORD) ?? []) {
      const lower = word.toLowerCase();
      if (lower.length >= 3 && !zhWords.has(lower)) words.add(lower);
    }
  }
  needles = { phrases: [...phrases].sort((a, b) => b.length - a.length), words };
  return needles;
}

/** Words allowed on a Chinese page even though the English dictionary has them. */
const ALLOWED = new Set([
  'track',
  'record',
  'graphql',
  'graphiql',
  'api',
  'kpi',
  'csv',
  'json',
  'url',
  'sse',
]);

/**
 * The English found in `text` (of a Chinese page), with a little context: each dictionary
 * phrase, each identifier (PromotionDecided, sales_representative, basic-selling-skills), and
 * each other word in Latin letters (English or pinyin) but the few names in ALLOWED.
 */
export function findEnglish(text: string, allowed: Iterable<string> = []): string[] {
  const { phrases, words } = englishNeedles();
  const allow = new Set([...ALLOWED, ...[...allowed].map((w) => w.toLowerCase())]);
  const found = new Set<string>();
  let rest = text;
  for (const phrase of phrases) {
    if (rest.includes(phrase)) {
      found.add(`“${phrase}”`);
      rest = rest.split(phrase).join(' ');
    }
  }
  const context = (at: number, length: number) =>
    rest
      .slice(Math.max(0, at - 20), at + length + 20)
      .replace(/\s+/g, ' ')
      .trim();
  // Identifiers meant for code, not people: event types (PromotionDecided), enum values
  // (sales_representative), slugs (basic-selling-skills).
  const IDENTIFIER = /\b(?:[A-Z][a-z]+){2,}\b|\b[a-z]+(?:_[a-z0-9]+)+\b|\b[a-z]+(?:-[a-z]+){2,}\b/g;
  for (const match of rest.matchAll(IDENTIFIER)) {
    if (!allow.has(match[0].toLowerCase())) found.add(`${match[0]} (an identifier)`);
  }
  rest = rest.replace(IDENTIFIER, ' ');
  // Every other word in Latin letters: an English word of the dictionary, or English or pinyin
  // from elsewhere (the server, the seed), which a Chinese reader should not meet either.
  const other = new Map<string, string>();
  for (const match of rest.matchAll(WORD)) {
    const word = match[0];
    const lower = word.toLowerCase();
    if (allow.has(lower)) continue;
    if (words.has(lower)) found.add(`${word} (in “${context(match.index ?? 0, word.length)}”)`);
    else if (!other.has(lower)) other.set(lower, `${word} (in “${context(match.index ?? 0, word.length)}”)`);
  }
  for (const text of other.values()) found.add(text);
  return [...found];
}

/** Ids where a name belongs: employees, branches, teams, regions, reviews (`branch-4`). */
export function findIds(text: string): string[] {
  return [...new Set(text.match(/\b(?:emp|employee|branch|team|region|review|rev)-[\w-]*\d\b/gi) ?? [])];
}

/**
 * Everything a person reads on the page: visible text, the options of every list, and the
 * titles, labels and placeholders of elements.
 */
export async function readableText(page: Page): Promise<string> {
  return page.evaluate(() => {
    // biome-ignore lint/performance/useDomNodeTextContent: what is rendered, not hidden text
    const parts = [document.title, document.body.innerText];
    for (const option of document.querySelectorAll('option')) parts.push(option.textContent ?? '');
    for (const element of document.querySelectorAll('[title], [aria-label], [placeholder], [alt]')) {
      for (const name of ['title', 'aria-label', 'placeholder', 'alt']) {
        const value = element.getAttribute(name);
        if (value) parts.push(value);
      }
    }
    return parts.join('\n');
  });
}

/** The English on a Chinese page (empty when there is none). */
export async function englishOn(page: Page, allowed: Iterable<string> = []): Promise<string[]> {
  return findEnglish(await readableText(page), allowed);
}
