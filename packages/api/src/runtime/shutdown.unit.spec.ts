import { describe, expect, it } from 'vitest';
import { runShutdown, shutdownGraceMs } from './shutdown.ts';

/**
 * Stopping is bounded (SIGTERM once took 45–90 s): stopping runs every step
 * within the grace period; a step that never finishes (a projection in a transaction that does
 * not end, a client holding its connection) is left behind, and the essential last step (the
 * embedded PostgreSQL) still runs.
 */
describe('shutdown', () => {
  it('leaves a step that never finishes behind and still runs the essential one', async () => {
    const ran: string[] = [];
    const lines: string[] = [];
    const late = await runShutdown(
      [
        { name: 'the HTTP server', run: async () => void ran.push('server') },
        { name: 'the projections', run: () => new Promise<void>(() => ran.push('projections')) },
        { name: 'the read-model pool', run: () => new Promise<void>(() => ran.push('pool')) },
        { name: 'the database', run: async () => void ran.push('database'), essential: true },
      ],
      200,
      (line) => lines.push(line),
    );
    expect(ran).toContain('server');
    expect(ran).toContain('database');
    expect(late).toContain('the projections');
    expect(lines.join('\n')).toMatch(/the projections did not finish within \d+ ms; going on without it/);
  });

  it('reads SHUTDOWN_GRACE_MS and names a bad value', () => {
    expect(shutdownGraceMs({})).toBe(5_000);
    expect(shutdownGraceMs({ SHUTDOWN_GRACE_MS: '2000' })).toBe(2_000);
    expect(() => shutdownGraceMs({ SHUTDOWN_GRACE_MS: 'soon' })).toThrow(/SHUTDOWN_GRACE_MS must be/);
  });
});
