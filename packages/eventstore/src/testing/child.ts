import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

export interface CompiledChild {
  /** The script to run with `node <file> …` (no TypeScript loader needed). */
  readonly file: string;
  remove(): Promise<void>;
}

/**
 * A test's child process (`*.child.ts`), compiled once into one JavaScript file that plain
 * `node` runs: the workspace's TypeScript bundled, every package of node_modules left for node
 * to load from where it is installed. A crash test starts and kills its child a dozen times;
 * through `node --import tsx` every start spent about 2.5 s of CPU (7-8 s at load 8) loading
 * hundreds of modules through the loader before the child did anything, compiled about 0.7 s.
 * The child runs the same code, from the same sources, as the product does.
 */
export async function compileChild(entry: string): Promise<CompiledChild> {
  const dir = await mkdtemp(path.join(tmpdir(), 'trackrecord-child-'));
  const file = path.join(dir, `${path.basename(entry, '.ts')}.mjs`);
  await build({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    plugins: [packagesWhereInstalled, sourceLocations],
  });
  return { file, remove: () => rm(dir, { recursive: true, force: true }) };
}

const INNER = Symbol('resolving');

/** Bare imports of packages from node_modules: external, by their resolved path (pnpm keeps them apart). */
const packagesWhereInstalled: Plugin = {
  name: 'packages-where-installed',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === INNER || args.path.startsWith('@trackrecord/')) return undefined;
      if (isBuiltin(args.path)) return { external: true };
      const resolved = await b.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: INNER,
      });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      return { path: resolved.path, external: true };
    });
  },
};

/**
 * `import.meta.url` of a workspace source stays that source's URL in the bundle, so what it
 * resolves relative to itself (a `createRequire`, the repository root) is found as under tsx.
 */
const sourceLocations: Plugin = {
  name: 'source-locations',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const source = await readFile(args.path, 'utf8');
      const url = JSON.stringify(pathToFileURL(args.path).href);
      return { contents: source.replaceAll('import.meta.url', url), loader: 'ts' };
    });
  },
};
