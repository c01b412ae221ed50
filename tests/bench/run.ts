/**
 * `pnpm bench <name>` runs `tests/bench/<name>.ts`. Every benchmark prints what it measures
 * with units as it goes and, as its last line, one JSON object `{"bench": name, "metrics": {...}}`.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && !['run.ts', 'support.ts'].includes(f) && !f.endsWith('.spec.ts'))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();
const name = process.argv[2];
if (!name || !available.includes(name)) {
  console.error(
    `usage: pnpm bench <name>\n${name ? `unknown benchmark "${name}". ` : ''}available: ${available.join(', ')}`,
  );
  process.exit(2);
}
process.argv.splice(2, 1);
await import(pathToFileURL(path.join(here, `${name}.ts`)).href);
