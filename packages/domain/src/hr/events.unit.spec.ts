import { describe, expect, it } from 'vitest';
import { parseEvent } from '../catalog.ts';
import type { ExamplesOf } from '../core/spec.ts';
import { itParsesEveryExample } from '../eventExamples.ts';
import type { HrEvent } from './events.ts';

const examples: ExamplesOf<HrEvent> = {
  AttendanceRecorded: {
    employeeId: 'e1',
    month: '2026-03',
    workingDays: 22,
    daysPresent: 20,
    lateArrivals: 2,
    earlyLeaves: 1,
    at: '2026-04-01',
  },
  SatisfactionPulseAnswered: { employeeId: 'e1', score: 6, at: '2026-03-15' },
  InterventionRecorded: {
    employeeId: 'e1',
    kind: 'career_talk',
    note: 'talked through the path to supervisor',
    recordedBy: 'm1',
    at: '2026-03-20T10:00:00Z',
  },
};

describe('HR events', () => {
  itParsesEveryExample(examples);
  it('refuses an intervention of an unknown kind or without a note', () => {
    expect(() =>
      parseEvent('InterventionRecorded', 1, { ...examples.InterventionRecorded, kind: 'bonus' }),
    ).toThrow(/^InterventionRecorded v1: kind: /);
    expect(() =>
      parseEvent('InterventionRecorded', 1, { ...examples.InterventionRecorded, note: '' }),
    ).toThrow(/^InterventionRecorded v1: note: must say what was done$/);
  });
  it('refuses malformed months, day counts and pulse scores', () => {
    expect(() =>
      parseEvent('AttendanceRecorded', 1, { ...examples.AttendanceRecorded, month: '2026-13' }),
    ).toThrow(/^AttendanceRecorded v1: month: must be a month as YYYY-MM$/);
    expect(() =>
      parseEvent('AttendanceRecorded', 1, { ...examples.AttendanceRecorded, lateArrivals: -1 }),
    ).toThrow(/^AttendanceRecorded v1: lateArrivals: must not be negative$/);
    expect(() =>
      parseEvent('SatisfactionPulseAnswered', 1, { ...examples.SatisfactionPulseAnswered, score: 10.5 }),
    ).toThrow(/^SatisfactionPulseAnswered v1: score: must be from 0 to 10$/);
  });
});
