import { parseArgs } from 'node:util';
import { DEFAULT_DEMO_SEED, type DemoSeedParameters } from './demoSeed.ts';

/** Seed flags of `pnpm start` and `pnpm cli seed`, with their environment fallbacks. */
export function seedParameters(
  argv: string[],
  env: NodeJS.ProcessEnv,
): { enabled: boolean; parameters: DemoSeedParameters } {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    options: {
      size: { type: 'string' },
      employees: { type: 'string' },
      weeks: { type: 'string' },
      seed: { type: 'string' },
      'no-seed': { type: 'boolean' },
    },
    allowPositionals: true,
    strict: true,
  });
  const envSeed = env.SEED?.trim();
  const off = values['no-seed'] === true || envSeed === 'off' || envSeed === 'false' || envSeed === '0';
  const int = (name: string, text: string | undefined, fallback: number, min: number) => {
    if (text === undefined || text.trim() === '') return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < min)
      throw new Error(`${name} must be a whole number of at least ${min}, got "${text}"`);
    return n;
  };
  return {
    enabled: !off,
    parameters: {
      employees: int(
        '--size (SEED_SIZE)',
        values.size ?? values.employees ?? env.SEED_SIZE,
        DEFAULT_DEMO_SEED.employees,
        1,
      ),
      weeks: int('--weeks (SEED_WEEKS)', values.weeks ?? env.SEED_WEEKS, DEFAULT_DEMO_SEED.weeks, 1),
      seed: int('--seed (SEED)', values.seed ?? (off ? undefined : envSeed), DEFAULT_DEMO_SEED.seed, 0),
      ...(DEFAULT_DEMO_SEED.retentionProgramme ? { retentionProgramme: true } : {}),
      ...(DEFAULT_DEMO_SEED.judgedByProduct ? { judgedByProduct: true } : {}),
      ...(DEFAULT_DEMO_SEED.successionPlanning ? { successionPlanning: true } : {}),
    },
  };
}
