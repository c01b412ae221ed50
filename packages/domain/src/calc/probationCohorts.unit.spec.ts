import { describe, expect, it } from 'vitest';
import { addCalendarMonths, type ProbationNewcomer, probationCohorts } from './probationCohorts.ts';

const newcomer = (p: Partial<ProbationNewcomer> & Pick<ProbationNewcomer, 'employeeId' | 'hiredAt'>) => ({
  probation: 'on_probation' as const,
  leftAt: null,
  mentorId: 'm1',
  mentorTasks: { due: 0, done: 0 },
  bestScore: null,
  ...p,
});

describe('probation cohorts', () => {
  // asOf 2026-07-15: hires of January have had 6 months, hires of April 3 months, of June neither.
  const people: ProbationNewcomer[] = [
    newcomer({
      employeeId: 'a',
      hiredAt: '2026-01-05',
      probation: 'passed',
      mentorTasks: { due: 36, done: 30 },
      bestScore: 82,
    }),
    // Failed and left on 2026-03-20: gone at 3 months (2026-04-12).
    newcomer({
      employeeId: 'b',
      hiredAt: '2026-01-12',
      probation: 'failed',
      leftAt: '2026-03-20T10:00:00Z',
      mentorTasks: { due: 30, done: 15 },
      bestScore: 64.5,
    }),
    // Passed, left on 2026-07-06, exactly 6 months after hire: gone at 6 months.
    newcomer({
      employeeId: 'c',
      hiredAt: '2026-01-06',
      probation: 'passed',
      leftAt: '2026-07-06',
      mentorId: 'm2',
      mentorTasks: { due: 36, done: 36 },
      bestScore: 80,
    }),
    // April hire: 3 months elapsed on 2026-07-15 (hired 2026-04-15), 6 not.
    newcomer({ employeeId: 'd', hiredAt: '2026-04-15', mentorId: 'm2', mentorTasks: { due: 24, done: 18 } }),
    // June hire: no mentor, too recent for any retention figure.
    newcomer({ employeeId: 'e', hiredAt: '2026-06-30', mentorId: null, bestScore: 40 }),
  ];

  it('adds calendar months, clamping the day to the month’s last', () => {
    expect(addCalendarMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addCalendarMonths('2026-11-15', 3)).toBe('2027-02-15');
  });

  it('groups by hire quarter with pass rate, retention on elapsed windows only, tasks and mastery, each with n', () => {
    const [q1, q2] = probationCohorts(people, { by: 'hire_quarter', asOf: '2026-07-15' });
    expect(q1).toEqual({
      key: '2026-Q1',
      people: 3,
      passed: 2,
      failed: 1,
      onProbation: 0,
      passRate: { n: 3, count: 2, rate: 2 / 3 },
      // a and c stayed 3 months; b left before.
      retained3m: { n: 3, count: 2, rate: 2 / 3 },
      // c left on the day 6 months after hire: gone.
      retained6m: { n: 3, count: 1, rate: 1 / 3 },
      mentorTasks: { n: 102, count: 81, rate: 81 / 102 },
      // 82 and 80 reach 80; 64.5 does not.
      skillMastery: { n: 3, count: 2, rate: 2 / 3 },
    });
    expect(q2).toMatchObject({
      key: '2026-Q2',
      people: 2,
      onProbation: 2,
      passRate: { n: 0, count: 0, rate: null },
      retained3m: { n: 1, count: 1, rate: 1 },
      retained6m: { n: 0, count: 0, rate: null },
      mentorTasks: { n: 24, count: 18, rate: 0.75 },
      skillMastery: { n: 1, count: 0, rate: 0 },
    });
  });

  it('groups by mentor, newcomers without one under none', () => {
    const byMentor = probationCohorts(people, { by: 'mentor', asOf: '2026-07-15' });
    expect(byMentor.map((g) => [g.key, g.people, g.mentorTasks.rate])).toEqual([
      ['m1', 2, 45 / 66],
      ['m2', 2, 54 / 60],
      ['none', 1, null],
    ]);
  });

  it('groups by hire month, and a stated mastery score moves the mastery share', () => {
    const byMonth = probationCohorts(people, { by: 'hire_month', asOf: '2026-07-15', masteryScore: 60 });
    expect(byMonth.map((g) => [g.key, g.skillMastery.count, g.skillMastery.n])).toEqual([
      ['2026-01', 3, 3],
      ['2026-04', 0, 0],
      ['2026-06', 0, 1],
    ]);
  });
});
