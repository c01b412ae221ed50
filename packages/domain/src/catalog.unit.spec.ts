import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { activityDecider } from './activity/decide.ts';
import type { ActivityEvent } from './activity/events.ts';
import { alertEvents } from './alerts/events.ts';
import { employeeDecider } from './career/decide.ts';
import { careerEvents } from './career/events.ts';
import {
  allEvents,
  businessTimeFields,
  businessTimeOf,
  currentVersion,
  eventCatalog,
  eventDefinition,
  isEventType,
  parseEvent,
} from './catalog.ts';
import { commissionEvents } from './commission/events.ts';
import { catalogOf, defineEvent } from './core/catalog.ts';
import { DomainError } from './core/errors.ts';
import { id } from './core/schemas.ts';
import type { Decider } from './core/types.ts';
import { demoSeedEvents } from './demoSeed/events.ts';
import { hrEvents } from './hr/events.ts';
import { mentorshipDecider } from './mentoring/decide.ts';
import { mentoringEvents } from './mentoring/events.ts';
import { orgEvents } from './org/events.ts';
import { policyEvents } from './policy/events.ts';
import { reviewDecider } from './promotion/decide.ts';
import { calibrationEvents, promotionEvents } from './promotion/events.ts';
import { saleDecider } from './sales/decide.ts';
import { salesEvents } from './sales/events.ts';
import { targetDecider } from './targets/decide.ts';
import { targetEvents } from './targets/events.ts';
import { enrollmentDecider } from './training/decide.ts';
import { trainingActivityEvents, trainingEvents } from './training/events.ts';
import { userEvents } from './users/events.ts';

describe('event catalog', () => {
  it('holds every module’s events once, keyed by their type', () => {
    const modules = [
      careerEvents,
      salesEvents,
      trainingEvents,
      trainingActivityEvents,
      mentoringEvents,
      hrEvents,
      targetEvents,
      promotionEvents,
      calibrationEvents,
      policyEvents,
      alertEvents,
      orgEvents,
      commissionEvents,
      userEvents,
      demoSeedEvents,
    ];
    const types = modules.flatMap((m) => m.map((d) => d.type));
    expect(new Set(types).size).toBe(types.length);
    expect(Object.keys(eventCatalog).sort()).toEqual([...types].sort());
    for (const [type, definition] of Object.entries(eventCatalog)) expect(definition.type).toBe(type);
    expect(allEvents).toHaveLength(types.length);
  });
  it('answers by type: definition, current version, membership', () => {
    expect(eventDefinition('CourseCompleted')).toBe(eventCatalog.CourseCompleted);
    expect(currentVersion('SaleClosed')).toBe(2);
    expect(currentVersion('CourseCompleted')).toBe(1);
    expect(isEventType('MentorTaskDone')).toBe(true);
    expect(isEventType('toString')).toBe(false);
    expect(() => eventDefinition('Nope')).toThrow(
      new DomainError('VALIDATION', 'unknown event type "Nope"', { type: 'Nope' }),
    );
  });
  it('refuses an event type defined twice', () => {
    const a = defineEvent('Twice', z.object({ id }));
    expect(() => catalogOf([a, a])).toThrow(/event Twice is defined twice/);
  });
  it('refuses, when a module loads, a version without the upcasters to reach it', () => {
    expect(() => defineEvent('Gap', z.object({ id }), { version: 3, upcasters: { 1: (d) => d } })).toThrow(
      /event Gap: no upcaster from version 2 to 3/,
    );
  });
  it('chains upcasters one version at a time and validates the result', () => {
    const chained = defineEvent('Chained', z.object({ name: z.string(), size: z.number() }), {
      version: 3,
      upcasters: {
        1: (d) => ({ ...z.object({ title: z.string() }).parse(d), name: 'x' }),
        2: (d) => ({ ...z.looseObject({ name: z.string() }).parse(d), size: 1 }),
      },
    });
    expect(chained.upcast(1, { title: 't' })).toEqual({ title: 't', name: 'x', size: 1 });
    expect(chained.upcast(3, { name: 'n', size: 2 })).toEqual({ name: 'n', size: 2 });
    expect(() => chained.upcast(1, { nope: true })).toThrow(/^Chained v1: cannot upcast to v2: title: /);
  });
  it('is typed by the union: parseEvent narrows by type', () => {
    const event = parseEvent('ProbationPassed', 1, { employeeId: 'e1', at: '2026-04-01' });
    if (event.type !== 'ProbationPassed') throw new Error('wrong type');
    expect(event.data.employeeId).toBe('e1');
  });
});

describe('business time', () => {
  it('is declared for every event type of the catalog, and for nothing else', () => {
    expect(Object.keys(businessTimeFields).sort()).toEqual(Object.keys(eventCatalog).sort());
    for (const [type, field] of Object.entries(businessTimeFields)) {
      if (field === null) continue;
      const shape = (eventCatalog[type as keyof typeof eventCatalog].schema as z.ZodObject).shape;
      expect(Object.keys(shape), `${type}.${field}`).toContain(field);
    }
  });
  it('reads the declared field of each type, as written', () => {
    expect(businessTimeOf('SaleClosed', { closedAt: '2024-05-31T23:30:00+08:00', at: '2020-01-01' })).toBe(
      '2024-05-31T23:30:00+08:00',
    );
    expect(businessTimeOf('EmployeeHired', { hiredAt: '2024-03-01' })).toBe('2024-03-01');
    expect(businessTimeOf('SaleReversed', { reversedAt: '2024-06-02T10:00:00Z' })).toBe(
      '2024-06-02T10:00:00Z',
    );
    expect(businessTimeOf('EmployeeLeft', { leftAt: '2024-07-01' })).toBe('2024-07-01');
    expect(businessTimeOf('RankChanged', { effectiveAt: '2024-08-01' })).toBe('2024-08-01');
    expect(businessTimeOf('CourseCompleted', { at: '2024-05-02T09:00:00Z' })).toBe('2024-05-02T09:00:00Z');
  });
  it('is undefined for types that declare none, a missing field, or a field that is not a date', () => {
    expect(businessTimeOf('DemoSeedStarted', { at: '2026-12-01T10:00:00Z' })).toBeUndefined();
    expect(businessTimeOf('ScoringPolicyPublished', { policy: {} })).toBeUndefined();
    expect(businessTimeOf('SaleClosed', { at: '2024-05-31T00:00:00Z' })).toBeUndefined();
    expect(businessTimeOf('SaleClosed', { closedAt: 'yesterday' })).toBeUndefined();
    expect(businessTimeOf('SaleClosed', { closedAt: 20240531 })).toBeUndefined();
    expect(businessTimeOf('SaleClosed', null)).toBeUndefined();
  });
  it('refuses a type that is not in the catalog', () => {
    expect(() => businessTimeOf('Nope', { at: '2024-05-31T00:00:00Z' })).toThrow(
      new DomainError('VALIDATION', 'unknown event type "Nope"', { type: 'Nope' }),
    );
    expect(() => businessTimeOf('toString', {})).toThrow(/unknown event type "toString"/);
  });
});

/**
 * Property: evolve is a pure fold. Folding the same history twice gives equal states, and
 * folding never changes a state it was given (each intermediate state stays as it was).
 */
function evolveIsPure<E, S>(name: string, decider: Decider<never, E, S, never>, events: readonly E[]) {
  it(`property: ${name}.evolve is deterministic and leaves earlier states untouched`, () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...events), { maxLength: 25 }), (history) => {
        const snapshots: S[] = [];
        const states: S[] = [];
        let state = decider.initialState;
        for (const event of history) {
          states.push(state);
          snapshots.push(structuredClone(state));
          state = decider.evolve(state, event);
        }
        expect(history.reduce(decider.evolve, decider.initialState)).toEqual(state);
        expect(states).toEqual(snapshots);
      }),
    );
  });
}

const at = '2026-03-02T10:00:00Z';
describe('evolve', () => {
  evolveIsPure('employee', employeeDecider, [
    {
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
    },
    { type: 'ProbationPassed', data: { employeeId: 'e', at } },
    { type: 'ProbationFailed', data: { employeeId: 'e', reason: 'r', at } },
    {
      type: 'RankChanged',
      data: {
        employeeId: 'e',
        fromLevel: 'l0',
        toLevel: 'l1',
        track: 's',
        reason: 'promotion',
        reviewId: null,
        effectiveAt: at,
      },
    },
    {
      type: 'EmployeeTransferred',
      data: {
        employeeId: 'e',
        fromBranchId: 'b',
        fromTeamId: 't',
        toBranchId: 'b2',
        toTeamId: 't2',
        managerId: null,
        effectiveAt: at,
      },
    },
    { type: 'EmployeeLeft', data: { employeeId: 'e', voluntary: true, reason: 'r', leftAt: at } },
  ]);
  evolveIsPure('sale', saleDecider, [
    {
      type: 'SaleClosed',
      data: {
        saleId: 's',
        employeeId: 'e',
        amount: 100,
        grossMargin: 0.2,
        productLine: 'p',
        customerId: 'c',
        customerType: 'smb',
        channel: 'direct',
        newCustomer: false,
        cycleDays: 3,
        closedAt: at,
      },
    },
    {
      type: 'PaymentCollected',
      data: { paymentId: 'p1', saleId: 's', employeeId: 'e', amount: 10, collectedAt: at },
    },
    {
      type: 'PaymentCollected',
      data: { paymentId: 'p2', saleId: 's', employeeId: 'e', amount: 20, collectedAt: at },
    },
    {
      type: 'SaleCorrected',
      data: { saleId: 's', employeeId: 'e', amount: 90, grossMargin: 0.2, reason: 'r', correctedAt: at },
    },
    { type: 'SaleReversed', data: { saleId: 's', employeeId: 'e', reason: 'r', reversedAt: at } },
  ]);
  const activity: ActivityEvent[] = [
    { type: 'OpportunityCreated', data: { employeeId: 'e', opportunityId: 'o1', customerId: 'c', at } },
    {
      type: 'ExpenseRecorded',
      data: { employeeId: 'e', expenseId: 'x1', amount: 5, category: 'travel', at },
    },
    { type: 'DemoGiven', data: { employeeId: 'e', customerId: 'c', at } },
    { type: 'SatisfactionPulseAnswered', data: { employeeId: 'e', score: 3, at } },
  ];
  evolveIsPure('activity', activityDecider, activity);
  evolveIsPure('enrollment', enrollmentDecider, [
    { type: 'CourseAssigned', data: { employeeId: 'e', courseId: 'c', assignedBy: 'h', at } },
    { type: 'CourseStarted', data: { employeeId: 'e', courseId: 'c', at } },
    { type: 'CourseCompleted', data: { employeeId: 'e', courseId: 'c', testScore: 80, at } },
  ]);
  evolveIsPure('mentorship', mentorshipDecider, [
    { type: 'MentorAssigned', data: { menteeId: 'n', mentorId: 'm1', at } },
    { type: 'MentorAssigned', data: { menteeId: 'n', mentorId: 'm2', at } },
    {
      type: 'MentorTaskDone',
      data: { menteeId: 'n', mentorId: 'm1', task: 'performance_talk', notes: '', at },
    },
    { type: 'MentorRated', data: { menteeId: 'n', mentorId: 'm1', rating: 5, at } },
  ]);
  const subject = { subjectId: 'e', subjectKind: 'employee' as const, period: '2026-03' };
  evolveIsPure('target', targetDecider, [
    { type: 'TargetSet', data: { ...subject, amount: 100, basis: 'b', setBy: 'm', at } },
    {
      type: 'TargetAdjustmentRequested',
      data: { ...subject, requestId: 'q1', requestedAmount: 90, reason: 'r', at },
    },
    {
      type: 'TargetAdjustmentApproved',
      data: { ...subject, requestId: 'q1', approvedAmount: 95, approvedBy: 'm', at },
    },
    {
      type: 'TargetAdjustmentRejected',
      data: { ...subject, requestId: 'q2', reason: 'r', rejectedBy: 'm', at },
    },
    {
      type: 'TeamTargetSplit',
      data: {
        teamId: 'e',
        period: '2026-03',
        teamAmount: 3,
        strategy: 'equal',
        shares: [{ employeeId: 'a', amount: 3 }],
        at,
      },
    },
  ]);
  evolveIsPure('review', reviewDecider, [
    {
      type: 'PromotionNominated',
      data: {
        reviewId: 'r',
        employeeId: 'e',
        fromLevel: 'a',
        toLevel: 'b',
        track: 't',
        score: 91,
        reason: 'threshold_reached',
        nominatedBy: 's',
        at,
      },
    },
    { type: 'ReviewOpened', data: { reviewId: 'r', committee: ['c1', 'c2'], quorum: 1, at } },
    { type: 'VoteCast', data: { reviewId: 'r', memberId: 'c1', vote: 'approve', at } },
    {
      type: 'PromotionDecided',
      data: {
        reviewId: 'r',
        employeeId: 'e',
        toLevel: 'b',
        outcome: 'approved',
        rationale: 'r',
        evidencePosition: '1',
        policyVersions: {},
        evidence: { score: null, scoreMonth: null, eligible: null },
        override: null,
        decidedBy: 'c1',
        at,
      },
    },
  ]);
});
