import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

/**
 * "No English on a Chinese page": the dashboard's two message files
 * (packages/dashboard/messages/en.json and zh-CN.json), and a check of a page's visible text
 * against them, for the persona journeys (tests/e2e/journeys).
 */
export const MESSAGES_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../packages/dashboard/messages',
);

type Table = Record<string, string>;

const readTable = (file: string): Table =>
  JSON.parse(readFileSync(path.join(MESSAGES_DIR, file), 'utf8')) as Table;

let dictionaries: { en: Table; zh: Table } | undefined;
/** The English and Chinese dictionaries of the dashboard, keyed alike. */
export function loadDictionaries(): { en: Table; zh: Table } {
  dictionaries ??= { en: readTable('en.json'), zh: readTable('zh-CN.json') };
  return dictionaries;
}

/**
 * What a person reads on the page: rendered text, plus labels that only show as a hint. Text
 * people wrote themselves (an intervention's note, marked `data-user-text`) is left out: it is
 * in whatever language its author wrote it, not the page's.
 */
export async function visibleText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const written = [...document.querySelectorAll<HTMLElement>('[data-user-text]')]
      // biome-ignore lint/performance/useDomNodeTextContent: the visible text is the point
      .map((element) => element.innerText.replace(/\s+/g, ' ').trim())
      .filter((text) => text.length > 0);
    const withoutWritten = (text: string) => written.reduce((t, w) => t.split(w).join(' '), text);
    // innerText, not textContent: only what is rendered (hidden elements and closed menus excluded).
    // biome-ignore lint/performance/useDomNodeTextContent: the visible text is the point
    const texts = document.body.innerText.split('\n');
    for (const element of document.querySelectorAll<HTMLElement>(
      '[placeholder], [title], [aria-label], img[alt]',
    )) {
      if (!element.checkVisibility()) continue;
      for (const attribute of ['placeholder', 'title', 'aria-label', 'alt']) {
        const value = element.getAttribute(attribute);
        if (value) texts.push(value);
      }
    }
    texts.push(document.title);
    return texts.map((t) => withoutWritten(t.replace(/\s+/g, ' ')).trim()).filter((t) => t.length > 0);
  });
}

/*
 * The journeys' stricter reading (tests/e2e/journeys): besides the dictionary's messages and
 * fragments, every identifier and every other word in Latin letters (English from the server,
 * pinyin names) on a Chinese page, and ids where names belong.
 */

const WORD = /[A-Za-z][A-Za-z'’]*[A-Za-z]/g;

/** What to look for: whole messages and fragments, and single English words. */
interface Needles {
  phrases: string[];
  words: Set<string>;
}

let needles: Needles | undefined;
function englishNeedles(): Needles {
  if (needles) return needles;
  const { en, zh } = loadDictionaries();
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
  // File formats named on the import page.
  'excel',
  'utf',
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

/** What a person reads on the page (`visibleText`) and the choices of every list, as one text. */
export async function readableText(page: Page): Promise<string> {
  const options = await page.locator('select option').allTextContents();
  return [...(await visibleText(page)), ...options].join('\n');
}

/** The English on a Chinese page (empty when there is none). */
export async function englishOn(page: Page, allowed: Iterable<string> = []): Promise<string[]> {
  return findEnglish(await readableText(page), allowed);
}
