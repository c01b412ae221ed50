import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { employeeDecider } from './career/decide.ts';
import type { CareerEvent } from './career/events.ts';
import { allEvents, currentVersion, parseEvent } from './catalog.ts';
import { DomainError } from './core/errors.ts';

describe('event catalog', () => {
  it('has one definition per event type', () => {
    const types = allEvents.map((d) => d.type);
    expect(new Set(types).size).toBe(types.length);
    expect(types).toEqual(
      expect.arrayContaining([
        'EmployeeHired',
        'SaleClosed',
        'PaymentCollected',
        'CourseCompleted',
        'MentorTaskDone',
        'PromotionDecided',
        'ScoringPolicyPublished',
      ]),
    );
  });

  it('upcasts SaleClosed v1 (amount as yuan text, no channel) to v2', () => {
    const v1 = {
      saleId: 's1',
      employeeId: 'e1',
      amountYuan: '12345.67',
      grossMargin: 0.3,
      productLine: 'software',
      customerId: 'c1',
      closedAt: '2025-12-01T10:00:00Z',
    };
    expect(currentVersion('SaleClosed')).toBe(2);
    expect(parseEvent('SaleClosed', 1, v1)).toEqual({
      type: 'SaleClosed',
      data: {
        saleId: 's1',
        employeeId: 'e1',
        amount: 1_234_567,
        grossMargin: 0.3,
        productLine: 'software',
        customerId: 'c1',
        customerType: 'smb',
        channel: 'direct',
        newCustomer: false,
        cycleDays: 0,
        closedAt: '2025-12-01T10:00:00Z',
      },
    });
  });

  it('names the type, version and field of invalid stored data', () => {
    expect(() =>
      parseEvent('PaymentCollected', 1, {
        paymentId: 'p',
        saleId: 's',
        employeeId: 'e',
        amount: -5,
        collectedAt: '2026-01-01',
      }),
    ).toThrow(/PaymentCollected v1: amount: must be greater than 0/);
    expect(() => parseEvent('Nope', 1, {})).toThrow(DomainError);
    expect(() => parseEvent('SaleClosed', 3, {})).toThrow(/schema version 3 is not known \(current is 2\)/);
  });

  it('property: every stored v1 SaleClosed upcasts to a valid v2', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000_00 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim().length > 0),
        (fen, margin, customer) => {
          const amountYuan = `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
          const parsed = parseEvent('SaleClosed', 1, {
            saleId: 's',
            employeeId: 'e',
            amountYuan,
            grossMargin: margin,
            productLine: 'p',
            customerId: customer,
            closedAt: '2025-01-01',
          });
          expect(parsed.type === 'SaleClosed' && parsed.data.amount).toBe(fen);
        },
      ),
    );
  });

  it('property: evolve is deterministic', () => {
    const hired: CareerEvent = {
      type: 'EmployeeHired',
      data: {
        employeeId: 'e',
        name: 'n',
        branchId: 'b',
        teamId: 't',
        regionId: 'r',
        managerId: null,
        level: 'l0',
        track: 'sales',
        hiredAt: '2026-01-01',
        probationEnd: '2026-04-01',
        recruitingFit: 70,
      },
    };
    const step = fc.oneof(
      fc.constantFrom<CareerEvent>({ type: 'ProbationPassed', data: { employeeId: 'e', at: '2026-04-01' } }),
      fc.string({ minLength: 1, maxLength: 5 }).map<CareerEvent>((level) => ({
        type: 'RankChanged',
        data: {
          employeeId: 'e',
          fromLevel: 'x',
          toLevel: level,
          track: 'sales',
          reason: 'promotion',
          reviewId: null,
          effectiveAt: '2026-05-01',
        },
      })),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 20 }), (events) => {
        const history = [hired, ...events];
        const once = history.reduce(employeeDecider.evolve, employeeDecider.initialState);
        const twice = history.reduce(employeeDecider.evolve, employeeDecider.initialState);
        expect(once).toEqual(twice);
      }),
    );
  });
});
