/** One step of stopping the process (close the server, stop the runners, close pools, …). */
export interface ShutdownStep {
  readonly name: string;
  run(): Promise<void>;
  /** Run even when the grace period is used up (stopping the embedded PostgreSQL). */
  readonly essential?: boolean;
}

/** Default of `SHUTDOWN_GRACE_MS`: how long stopping may take in all. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 5_000;

/** `SHUTDOWN_GRACE_MS` from the environment, checked. */
export function shutdownGraceMs(env: NodeJS.ProcessEnv): number {
  const text = env.SHUTDOWN_GRACE_MS?.trim();
  if (!text) return DEFAULT_SHUTDOWN_GRACE_MS;
  const ms = Number(text);
  if (!Number.isInteger(ms) || ms < 100 || ms > 600_000) {
    throw new Error(
      `SHUTDOWN_GRACE_MS must be a whole number of milliseconds from 100 to 600000, got "${text}"`,
    );
  }
  return ms;
}

/**
 * Runs the steps in order within `graceMs` in all: a step that has not finished when its share
 * of the time is up (at most half of the grace period, never past the deadline) is left behind
 * and the next one runs, so a projection stuck in a long transaction or a client holding a
 * connection cannot keep the process alive. Essential steps run even after the deadline, with a
 * share of their own. Resolves with the steps that did not finish in time.
 */
export async function runShutdown(
  steps: readonly ShutdownStep[],
  graceMs: number,
  log: (line: string) => void = () => {},
): Promise<string[]> {
  const deadline = Date.now() + graceMs;
  const late: string[] = [];
  for (const step of steps) {
    const left = deadline - Date.now();
    if (left <= 0 && !step.essential) {
      late.push(step.name);
      continue;
    }
    const share = Math.max(left > 0 ? Math.min(left, graceMs / 2) : graceMs / 2, 50);
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      step.run().then(
        () => 'done' as const,
        (error: unknown) => {
          log(`stopping: ${step.name} failed: ${error instanceof Error ? error.message : String(error)}`);
          return 'done' as const;
        },
      ),
      new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), share);
      }),
    ]);
    clearTimeout(timer);
    if (outcome === 'late') {
      late.push(step.name);
      log(`stopping: ${step.name} did not finish within ${Math.round(share)} ms; going on without it`);
    }
  }
  return late;
}
