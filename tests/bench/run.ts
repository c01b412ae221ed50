/**
 * `pnpm bench <name>` runs `tests/bench/<name>.ts`. Every benchmark prints what it measures
 * with units as it goes and, as its last line, one JSON object `{"bench": name, "metrics": {...}}`.
 * `--record` also writes that result, dated and with the load average, at the top of the table
 * in docs/benchmarks.md.
 */
import { readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && !['run.ts', 'support.ts'].includes(f) && !f.endsWith('.spec.ts'))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();
const record = process.argv.indexOf('--record');
if (record !== -1) {
  process.argv.splice(record, 1);
  process.env.BENCH_RECORD = '1';
}
process.env.BENCH_LOAD_AT_START = String(loadavg()[0]);
const name = process.argv[2];
if (!name || !available.includes(name)) {
  console.error(
    `usage: pnpm bench <name> [--record]\n${name ? `unknown benchmark "${name}". ` : ''}available: ${available.join(', ')}`,
  );
  process.exit(2);
}
process.argv.splice(2, 1);
await import(pathToFileURL(path.join(here, `${name}.ts`)).href);
