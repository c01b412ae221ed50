import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from './dashboard.ts';

/**
 * "No English on a Chinese page": the dashboard's two dictionaries, read from their source
 * (packages/dashboard/src/lib/i18n.svelte.ts), and a check of a page's visible text against
 * every English message that a Chinese page must not show.
 */
export const I18N_SOURCE = path.join(ROOT, 'packages/dashboard/src/lib/i18n.svelte.ts');

type Table = Record<string, string>;

/** The object literal that starts at `marker` in `source`, evaluated (it holds only string literals). */
function table(source: string, marker: RegExp): Table {
  const start = source.search(marker);
  if (start < 0) throw new Error(`no ${marker} in ${I18N_SOURCE}`);
  const open = source.indexOf('{', start + source.slice(start).search(/=\s*\{/));
  let depth = 0;
  let quote: string | null = null;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) {
      return new Function(`return (${source.slice(open, i + 1)});`)() as Table;
    }
  }
  throw new Error(`unterminated table at ${marker}`);
}

let dictionaries: { en: Table; zh: Table } | undefined;
/** The English and Chinese dictionaries of the dashboard, keyed alike. */
export function loadDictionaries(): { en: Table; zh: Table } {
  if (!dictionaries) {
    const source = readFileSync(I18N_SOURCE, 'utf8');
    dictionaries = { en: table(source, /\bconst en\b/), zh: table(source, /\bconst zh\b/) };
  }
  return dictionaries;
}

export interface EnglishProbe {
  key: string;
  value: string;
  pattern: RegExp;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The English messages a Chinese page must not show: longer than a couple of characters, with
 * letters, and not used as such by the Chinese dictionary (a brand, "KPI", "GraphiQL" stay).
 * A message with placeholders matches with anything in their place; each fixed part must still
 * hold a word of three letters or more to be worth a probe.
 */
export function englishProbes(): EnglishProbe[] {
  const { en, zh } = loadDictionaries();
  const zhValues = Object.values(zh).map((z) => z.replace(/\{\w+\}/g, ' '));
  const probes: EnglishProbe[] = [];
  for (const [key, value] of Object.entries(en)) {
    if (zh[key] === value) continue;
    const parts = value.split(/\{\w+\}/);
    const literal = parts.join(' ').trim();
    if (literal.replace(/[^A-Za-z]/g, '').length <= 2) continue;
    if (!/[A-Za-z]{3}/.test(literal)) continue;
    if (zhValues.some((z) => parts.every((p) => p.trim() === '' || z.includes(p.trim())))) continue;
    const body = parts.map((p) => escapeRegExp(p.replace(/\s+/g, ' '))).join('.+?');
    const left = /^[A-Za-z0-9]/.test(value) ? '(?<![A-Za-z0-9])' : '';
    const right = /[A-Za-z0-9]$/.test(value) ? '(?![A-Za-z0-9])' : '';
    probes.push({ key, value, pattern: new RegExp(`${left}${body}${right}`) });
  }
  return probes;
}

/** What a person reads on the page: rendered text, plus labels that only show as a hint. */
export async function visibleText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
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
    return texts.map((t) => t.replace(/\s+/g, ' ').trim()).filter((t) => t.length > 0);
  });
}

export interface EnglishLeftover {
  key: string;
  english: string;
  line: string;
}

/**
 * Every English dictionary message found on `page` (which should be showing Chinese), with the
 * line it was found in. Empty means the page speaks Chinese as far as the dictionary can tell.
 */
export async function englishOnPage(page: Page): Promise<EnglishLeftover[]> {
  const lines = await visibleText(page);
  const found: EnglishLeftover[] = [];
  for (const probe of englishProbes()) {
    const line = lines.find((l) => probe.pattern.test(l));
    if (line) found.push({ key: probe.key, english: probe.value, line: line.slice(0, 200) });
  }
  return found;
}

/** Readable report of leftovers for an assertion message. */
export function describeLeftovers(where: string, leftovers: readonly EnglishLeftover[]): string {
  return leftovers.map((l) => `${where}: ${l.key} = "${l.english}" in "${l.line}"`).join('\n');
}

/**
 * Lines that read as English sentences although no dictionary message matched (text the API
 * sent in English, an event type, a formula): three or more Latin words in a row, or a
 * CamelCase identifier. Ids (`emp-000004`, `branch-1`) and two-word romanised names do not count.
 */
export async function latinPhrasesOnPage(page: Page): Promise<string[]> {
  const lines = await visibleText(page);
  const phrase = /(?:\b[A-Za-z][a-z]+\b[ ,;:]+){2,}\b[A-Za-z][a-z]+\b/;
  const camel = /\b[A-Z][a-z]+(?:[A-Z][a-z]+)+\b/;
  return [...new Set(lines.filter((l) => phrase.test(l) || camel.test(l)).map((l) => l.slice(0, 200)))];
}
