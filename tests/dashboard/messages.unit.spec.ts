import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventCatalog } from '@trackrecord/domain';
import { projections } from '@trackrecord/projections';
import { describe, expect, it } from 'vitest';

/**
 * The dashboard's message files (packages/dashboard/messages/*.json): every language has the
 * same keys with the same placeholders, and every key is used by the dashboard's source.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MESSAGES = path.join(ROOT, 'packages/dashboard/messages');

type Table = Record<string, string>;

/**
 * Keys the dashboard builds from an id at run time instead of naming them whole: the prefix, and
 * where it is built. A key under one of these counts as used when the id after the prefix is one
 * the product names: a string literal or an object key in the product's source, or a value of an
 * enum of the GraphQL schema (the id of a reactor's checkpoint, `reactor:platform`, is built from
 * its parts, so each part counts). A prefix listed here must really be built by the dashboard,
 * or the spec fails.
 */
const DYNAMIC: Record<string, string> = {
  // label(prefix, id) and labelOr(prefix, id, fallback): ids from the API.
  level: 'label',
  track: 'label',
  status: 'label',
  probation: 'label',
  role: 'label; AppShell, the forbidden page, PersonaPicker',
  roleDesc: 'PersonaPicker',
  eventType: 'label',
  eventSource: 'label',
  customerType: 'label; analytics Breakdown',
  nominationReason: 'label; Vote, reviews page',
  policyKind: 'label; policy Editor, audit Scrubber',
  course: 'label',
  kpiName: 'label',
  policyName: 'label, labelOr',
  policySource: 'label',
  readModel: 'label',
  productLine: 'label',
  fitBand: 'label; analytics Insights',
  behaviour: 'label; analytics Insights',
  interventionKind: 'label; person Interventions',
  // t(`prefix.${id}`)
  nav: 'AppShell and the forbidden page: the pages of PAGE_PATHS',
  light: 'overview, person target, targets pages',
  risk: 'overview, person risk',
  alertKind: 'alerts Inbox, PersonAlerts',
  alertState: 'alerts Inbox, PersonAlerts',
  'alerts.evidence': 'alerts Inbox',
  actor: 'alerts Inbox',
  'feedback.from': 'person Feedback',
  group: 'analytics Trend',
  leaderboard: 'analytics Leaderboard',
  metric: 'analytics Trend',
  method: 'analytics Trend',
  'lineage.kind': 'person Lineage',
  'lineage.step': 'lineage LineagePath: one message per kind of step',
  lineage: 'person Lineage, audit CorrectedDecisions: the correction (reversed, corrected, refunded)',
  'calibration.band': 'calibration NineBox',
  'calibration.outcome': 'calibration NineBox',
  'calibration.by': 'calibration Groups',
  'calibration.group': 'calibration Groups',
  'calibration.warning': 'calibration Groups',
  'policy.threshold': 'policy Editor, policy problems',
  policyField: 'policy problems',
  'fieldRules.field': 'policy FieldRulesEditor, policy problems: the protected fields',
  'fieldRules.role': 'policy FieldRulesEditor: the roles',
  requirement: 'policy Editor',
  coefficient: 'targets Planner',
  'targets.estimate': 'targets Planner',
  strategy: 'targets Split',
  'targets.basis': 'targets Split',
  'probationDecision.variant': 'person Probation',
  probationPolicy: 'policy problems: the probation policy figures',
  'training.state': 'person Training',
  reviewState: 'Vote, reviews page',
  vote: 'Vote: the vote cast (approve, reject, abstain)',
  'vote.against': 'Vote, audit Replay',
  override: 'Vote, audit Replay',
  outcome: 'Vote, reviews page, audit Replay and DecisionPicker',
  cause: 'audit Replay',
  'audit.row': 'audit Replay',
};

const readTable = (file: string): Table =>
  JSON.parse(readFileSync(path.join(MESSAGES, file), 'utf8')) as Table;

/** The text of every file under `dir` whose name passes `keep`. */
function sources(dir: string, keep: (file: string) => boolean): string {
  const texts: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (entry.isFile() && !file.includes('node_modules') && keep(file))
      texts.push(readFileSync(file, 'utf8'));
  }
  return texts.join('\n');
}

/**
 * A message's form for a count (`<key>#one`: English's singular), written only by the languages
 * that have the form; `t` picks it by `Intl.PluralRules`.
 */
const PLURAL_FORM = /#(zero|one|two|few|many)$/;
const baseOf = (key: string) => key.replace(PLURAL_FORM, '');

/** Keys one table has and the other lacks (forms for a count aside). */
function keyDifferences(a: Table, b: Table): { onlyA: string[]; onlyB: string[] } {
  const general = (t: Table) => Object.keys(t).filter((k) => !PLURAL_FORM.test(k));
  return {
    onlyA: general(a).filter((k) => !(k in b)),
    onlyB: general(b).filter((k) => !(k in a)),
  };
}

/** Forms for a count without their message, or naming other placeholders than it. */
function formProblems(table: Table): string[] {
  return Object.keys(table)
    .filter((k) => PLURAL_FORM.test(k))
    .filter(
      (k) => !(baseOf(k) in table) || placeholders(table[k] ?? '') !== placeholders(table[baseOf(k)] ?? ''),
    )
    .map((k) => `${k}: [${placeholders(table[k] ?? '')}] / [${placeholders(table[baseOf(k)] ?? '')}]`);
}

const placeholders = (message: string) => [...new Set(message.match(/\{\w+\}/g) ?? [])].sort().join(' ');

/** Keys whose messages name different placeholders in the two tables, with both sets. */
function placeholderDifferences(a: Table, b: Table): string[] {
  return Object.keys(a)
    .filter((k) => k in b && placeholders(a[k] ?? '') !== placeholders(b[k] ?? ''))
    .map((k) => `${k}: [${placeholders(a[k] ?? '')}] / [${placeholders(b[k] ?? '')}]`);
}

const quoted = (text: string, s: string) => [`'${s}'`, `"${s}"`, `\`${s}\``].some((q) => text.includes(q));

/** The ids `product` (source text) names: its string literals and object keys. */
function namedIds(product: string): Set<string> {
  const ids = new Set<string>();
  for (const m of product.matchAll(/'([^'\n]*)'|"([^"\n]*)"|`([^`$\n]*)`/g))
    ids.add(m[1] ?? m[2] ?? m[3] ?? '');
  for (const m of product.matchAll(/([\w-]+)\s*:/g)) ids.add(m[1] ?? '');
  return ids;
}

/** The values of the enums of a GraphQL schema. */
function enumValues(schema: string): Set<string> {
  const blocks = [...schema.matchAll(/\benum\s+\w+\s*\{([^}]*)\}/g)].map((m) => m[1] ?? '');
  const values = blocks.map((b) => b.replace(/"""[\s\S]*?"""|"[^"\n]*"|#.*$/gm, ' '));
  return new Set(values.flatMap((b) => b.match(/\b\w+\b/g) ?? []));
}

/**
 * Keys of `table` the dashboard's `source` does not use: not named whole as a string literal,
 * and not under a `dynamic` prefix with an id of `known` (the ids the product names).
 */
function unusedKeys(table: Table, source: string, known: Set<string>, dynamic: readonly string[]): string[] {
  // A form for a count is used where its message is.
  return Object.keys(table).filter((form) => {
    const key = baseOf(form);
    if (quoted(source, key)) return false;
    const prefix = dynamic.filter((p) => key.startsWith(`${p}.`)).sort((x, y) => y.length - x.length)[0];
    if (prefix === undefined) return true;
    return !key
      .slice(prefix.length + 1)
      .split(':')
      .every((part) => known.has(part));
  });
}

/** Prefixes of `dynamic` the dashboard's `source` never builds a key from. */
function unbuiltPrefixes(source: string, dynamic: readonly string[]): string[] {
  return dynamic.filter(
    (p) =>
      !source.includes(`\`${p}.\${`) &&
      !source.includes(`label('${p}'`) &&
      !source.includes(`labelOr('${p}'`),
  );
}

describe('the check itself', () => {
  it('finds a key of one language only, a placeholder of one language only, and an unused key', () => {
    expect(keyDifferences({ a: 'A', b: 'B' }, { a: '甲', c: '丙' })).toEqual({ onlyA: ['b'], onlyB: ['c'] });
    expect(placeholderDifferences({ n: '{count} people', m: '{a}{b}' }, { n: '人', m: '{b}{a}' })).toEqual([
      'n: [{count}] / []',
    ]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: dashboard source, as text
    const source = "t('x.used'); label('level', id); t(`light.${v}`)";
    const table = { 'x.used': '', 'x.gone': '', 'level.senior': '', 'level.retired': '', 'light.red': '' };
    const known = namedIds("level = 'senior'; const lights = { red: 1 }; // retired");
    expect(unusedKeys(table, source, known, ['level', 'light'])).toEqual(['x.gone', 'level.retired']);
    const schema = 'enum Light {\n  """The worst."""\n  RED\n  GREEN # fine\n}\ntype X {\n  y: Int\n}';
    expect([...enumValues(schema)]).toEqual(['RED', 'GREEN']);
    expect(unbuiltPrefixes(source, ['level', 'light', 'risk'])).toEqual(['risk']);
  });
});

describe('the dashboard messages', () => {
  const en = readTable('en.json');
  const zh = readTable('zh-CN.json');

  it('has one file per language: English and Chinese', () => {
    expect(readdirSync(MESSAGES).sort()).toEqual(['en.json', 'zh-CN.json']);
  });

  it('has the same keys in English and Chinese, each with a message', () => {
    expect(keyDifferences(en, zh)).toEqual({ onlyA: [], onlyB: [] });
    const empty = Object.entries({ ...en, ...zh }).filter(
      ([, v]) => typeof v !== 'string' || v.trim() === '',
    );
    expect(empty).toEqual([]);
  });

  it('names every event type of the catalogue, as the timeline and the audit show them', () => {
    const missing = Object.keys(eventCatalog).filter((type) => !en[`eventType.${type}`]);
    expect(missing).toEqual([]);
  });

  it('names the same placeholders in both languages', () => {
    expect(placeholderDifferences(en, zh)).toEqual([]);
  });

  it('writes a form for a count only beside its message, with the same placeholders', () => {
    expect(
      formProblems({
        a: '{n} nominations',
        'a#one': '{n} nomination',
        'b#one': 'x',
        c: '{n}',
        'c#one': 'one',
      }),
    ).toEqual(['b#one: [] / []', 'c#one: [] / [{n}]']);
    expect(formProblems(en)).toEqual([]);
    expect(formProblems(zh)).toEqual([]);
  });

  it('uses every key in the dashboard, and builds every listed prefix', () => {
    const dashboard = sources(path.join(ROOT, 'packages/dashboard/src'), (f) => /\.(ts|svelte)$/.test(f));
    const product = sources(
      path.join(ROOT, 'packages'),
      (f) => /\/src\/.*\.(ts|svelte)$/.test(f) && !f.includes('.spec.'),
    );
    const schema = readFileSync(path.join(ROOT, 'packages/api/schema.graphql'), 'utf8');
    const known = new Set([...namedIds(product), ...enumValues(schema)]);
    const dynamic = Object.keys(DYNAMIC);
    expect(unbuiltPrefixes(dashboard, dynamic)).toEqual([]);
    expect(unusedKeys(en, dashboard, known, dynamic)).toEqual([]);
  });
});

describe('read model names', () => {
  const en = readTable('en.json');
  const zh = readTable('zh-CN.json');
  it('names every read model and the reactor in both languages (the audit page lists them)', () => {
    const names = [...projections.map((p) => p.name), 'reactor:platform'];
    const unnamed = names.filter((n) => !en[`readModel.${n}`] || !zh[`readModel.${n}`]);
    expect(unnamed).toEqual([]);
  });
});
