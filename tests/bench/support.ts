import pg from 'pg';

/** The server benchmarks run on: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else the machine's. */
export function benchServerUrl(): string {
  return (
    process.env.BENCH_DATABASE_URL ||
    process.env.TEST_DATABASE_URL ||
    'postgres://postgres@127.0.0.1:5432/postgres'
  );
}

/** Drops and creates a database for one benchmark; returns its URL. */
export async function freshDatabase(name: string): Promise<string> {
  const adminUrl = benchServerUrl();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabase(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: benchServerUrl() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** Runs `fn` and returns how many units per second it did. */
export async function rate(units: number, fn: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return units / seconds;
}

export function printResult(bench: string, metrics: Record<string, number>): void {
  const rounded = Object.fromEntries(
    Object.entries(metrics).map(([k, v]) => [k, Number.isInteger(v) ? v : Math.round(v * 1000) / 1000]),
  );
  console.log(JSON.stringify({ bench, metrics: rounded }));
}

export const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
