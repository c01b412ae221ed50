import { describe, expect, it } from 'vitest';
import { interventionLandmark, type LandmarkPerson } from './interventionLandmark.ts';
import { newcombe95, wilson95 } from './stats.ts';

// Everyone first flagged in the week of Monday 5 January 2026: the landmark (14 days) is
// 19 January, the end of the 90-day follow-up 5 April.
const FLAG = '2026-01-05';
const person = (personId: string, p: Partial<LandmarkPerson> = {}): LandmarkPerson => ({
  personId,
  firstFlag: FLAG,
  interventions: [],
  leftOn: null,
  ...p,
});
const asOf = '2026-06-10';

describe('interventionLandmark', () => {
  it('leaves out people who left on or before the landmark day: day 13 and 14 out, day 15 in', () => {
    const o = interventionLandmark(
      [
        person('d13', { leftOn: '2026-01-18', interventions: ['2026-01-10'] }),
        person('d14', { leftOn: '2026-01-19T17:00:00Z' }),
        person('d15', { leftOn: '2026-01-20' }),
      ],
      { asOf },
    );
    expect(o.leftBeforeGraceEnd).toBe(2);
    expect(o.intervened.people).toBe(0);
    expect(o.notIntervened).toMatchObject({ people: 1, stayed: 0 });
  });

  it('counts an intervention from the flag day to the landmark day; one after it leaves the person without one', () => {
    const o = interventionLandmark(
      [
        person('day0', { interventions: ['2026-01-05T09:00:00Z'] }),
        person('day14', { interventions: ['2026-01-19T10:00:00Z'] }),
        person('day15', { interventions: ['2026-01-20T10:00:00Z'] }),
        // The first of several decides; order of the list does not matter.
        person('twice', { interventions: ['2026-02-20', '2026-01-12'] }),
      ],
      { asOf },
    );
    expect(o.intervened).toMatchObject({ people: 3, stayed: 3 });
    expect(o.notIntervened).toMatchObject({ people: 1, stayed: 1 });
    expect(o.intervenedAfterGrace).toBe(1);
  });

  it('leaves out people intervened on before their first flag', () => {
    const o = interventionLandmark([person('early', { interventions: ['2026-01-04', '2026-01-07'] })], {
      asOf,
    });
    expect(o).toMatchObject({
      intervenedBeforeFlag: 1,
      intervened: { people: 0 },
      notIntervened: { people: 0 },
    });
  });

  it('stayed means employed after day 90: leaving on day 90 is leaving, on day 91 staying', () => {
    const o = interventionLandmark(
      [person('d90', { leftOn: '2026-04-05' }), person('d91', { leftOn: '2026-04-06' }), person('here')],
      { asOf },
    );
    expect(o.notIntervened).toMatchObject({ people: 3, stayed: 2 });
  });

  it('leaves out people whose follow-up ends after the day it is read on (censored), and states the period compared', () => {
    const o = interventionLandmark(
      [
        person('ends-on-asOf', { firstFlag: '2026-03-12' }), // + 90 = 10 June
        person('ends-after', { firstFlag: '2026-03-16' }), // + 90 = 14 June
        person('left-early-but-recent', { firstFlag: '2026-03-16', leftOn: '2026-03-20' }),
        person('first'),
      ],
      { asOf },
    );
    expect(o.tooRecent).toBe(2);
    expect(o.notIntervened.people).toBe(2);
    expect([o.flaggedFrom, o.flaggedTo]).toEqual([FLAG, '2026-03-12']);
  });

  it('states the difference with Newcombe’s interval only when both groups reach the minimum', () => {
    // Intervened: 6, of whom i1 left on 1 March → 5 stayed. Without: 6, n1–n3 left → 3 stayed.
    const people = [
      ...['i1', 'i2', 'i3', 'i4', 'i5', 'i6'].map((id) =>
        person(id, { interventions: ['2026-01-12'], leftOn: id === 'i1' ? '2026-03-01' : null }),
      ),
      ...['n1', 'n2', 'n3', 'n4', 'n5', 'n6'].map((id, k) =>
        person(id, { leftOn: k < 3 ? '2026-02-01' : k === 3 ? '2026-05-01' : null }),
      ),
    ];
    const o = interventionLandmark(people, { asOf, minimumPerGroup: 6 });
    expect(o.intervened).toEqual({ people: 6, stayed: 5, retention: 5 / 6, interval: wilson95(5, 6) });
    expect(o.notIntervened).toMatchObject({ people: 6, stayed: 3, retention: 0.5 });
    expect(o.difference).toBeCloseTo(5 / 6 - 3 / 6, 12);
    expect(o.differenceInterval).toEqual(newcombe95(5, 6, 3, 6));
    // Newcombe by hand: Wilson(5/6) = [0.4365, 0.9699], Wilson(3/6) = [0.1876, 0.8124];
    // lower = 1/3 − √((5/6 − 0.4365)² + (0.8124 − 0.5)²) ≈ −0.172, upper = 1/3 + √((0.9699 − 5/6)² + (0.5 − 0.1876)²) ≈ 0.674.
    expect(o.differenceInterval?.[0]).toBeCloseTo(-0.172, 3);
    expect(o.differenceInterval?.[1]).toBeCloseTo(0.674, 3);
    const strict = interventionLandmark(people, { asOf, minimumPerGroup: 7 });
    expect(strict).toMatchObject({ difference: null, differenceInterval: null });
  });

  it('refuses a grace window as long as the follow-up, and days that are not whole', () => {
    expect(() => interventionLandmark([], { asOf, graceDays: 90, followUpDays: 90 })).toThrow(/graceDays/);
    expect(() => interventionLandmark([], { asOf, followUpDays: 3 })).toThrow(/followUpDays/);
    expect(() => interventionLandmark([], { asOf, graceDays: 1.5 })).toThrow(/graceDays/);
  });
});
