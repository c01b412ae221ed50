import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
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

export function printResult(bench: string, metrics: Record<string, number | boolean>): void {
  const rounded = Object.fromEntries(
    Object.entries(metrics).map(([k, v]) => [
      k,
      typeof v === 'boolean' || Number.isInteger(v) ? v : Math.round(v * 1000) / 1000,
    ]),
  );
  if (process.env.BENCH_RECORD) recordResult(bench, rounded);
  console.log(JSON.stringify({ bench, metrics: rounded }));
}

/** The benchmarks' one dated table. */
export const BENCHMARKS_TABLE = new URL('../../docs/benchmarks.md', import.meta.url);
/** The 1-minute load average when the benchmark started (`pnpm bench` sets it). */
const loadAtStart = Number(process.env.BENCH_LOAD_AT_START ?? Number.NaN);

/**
 * One row of the benchmarks table for a result: the date, the benchmark, its metrics as
 * printed, and the 1-minute load average at its start and end.
 */
export function benchmarkRow(
  bench: string,
  metrics: Record<string, number | boolean>,
  date: string,
  load: readonly [number, number],
): string {
  const figures = Object.entries(metrics)
    .map(
      ([k, v]) =>
        `${k} ${typeof v === 'boolean' ? v : v.toLocaleString('en-US', { maximumFractionDigits: 3 })}`,
    )
    .join(', ');
  const [start, end] = load.map((l) => (Number.isFinite(l) ? l.toFixed(1) : '?'));
  return `| ${date} | \`${bench}\` (recorded) | ${figures} | ${start}–${end} |`;
}

/** Puts a result at the top of the table (newest first), under its header. */
export function insertRow(markdown: string, row: string): string {
  const lines = markdown.split('\n');
  const header = lines.findIndex((l) => l.startsWith('| date |'));
  if (header === -1 || !lines[header + 1]?.startsWith('| ---')) {
    throw new Error('docs/benchmarks.md has no table with a "| date |" header');
  }
  lines.splice(header + 2, 0, row);
  return lines.join('\n');
}

/** `BENCH_RECORD=1` (`pnpm bench <name> --record`): the result goes into docs/benchmarks.md. */
function recordResult(bench: string, metrics: Record<string, number | boolean>): void {
  const date = new Date().toISOString().slice(0, 10);
  const row = benchmarkRow(bench, metrics, date, [loadAtStart, loadavg()[0] ?? Number.NaN]);
  writeFileSync(BENCHMARKS_TABLE, insertRow(readFileSync(BENCHMARKS_TABLE, 'utf8'), row));
  console.log(`recorded in docs/benchmarks.md: ${row}`);
}

export const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
