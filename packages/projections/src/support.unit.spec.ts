import { describe, expect, it } from 'vitest';
import { businessClock, rawBusinessTime } from './support.ts';

describe('business clock of the projections', () => {
  it('reads the business time each event type declares in the catalog', () => {
    expect(rawBusinessTime({ type: 'SaleClosed', data: { closedAt: '2024-05-31T10:00:00Z' } })).toBe(
      '2024-05-31T10:00:00Z',
    );
    expect(rawBusinessTime({ type: 'EmployeeHired', data: { hiredAt: '2024-03-01' } })).toBe('2024-03-01');
    expect(
      rawBusinessTime({ type: 'DemoSeedStarted', data: { at: '2026-12-01T10:00:00Z' } }),
    ).toBeUndefined();
    expect(rawBusinessTime({ type: 'NotAnEvent', data: { at: '2026-12-01T10:00:00Z' } })).toBeUndefined();
  });
  it('moves to the latest business time of a batch, compared as instants, kept as written', () => {
    const batch = [
      { type: 'SaleClosed', data: { closedAt: '2024-05-31T23:30:00+08:00' } },
      { type: 'CourseCompleted', data: { at: '2024-05-31T16:00:00Z' } },
      { type: 'DemoSeedCompleted', data: { at: '2026-12-01T10:00:00Z' } },
      { type: 'ScoringPolicyPublished', data: { policy: {} } },
    ];
    expect(businessClock('', batch)).toBe('2024-05-31T16:00:00Z');
    expect(businessClock('2024-06-01', batch)).toBe('2024-06-01');
    expect(businessClock('2024-05-01', [])).toBe('2024-05-01');
    expect(businessClock('', [])).toBe('');
  });
});
