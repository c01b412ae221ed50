import { describe, expect, it } from 'vitest';
import { domainCommandSchemas, isCommandType, parseCommand } from './commandCatalog.ts';
import { DomainError } from './core/errors.ts';
import { streamOf } from './streams.ts';

const metadata = { commandId: 'cmd-1', at: '2026-03-10T08:00:00+08:00', actor: 'system:erp', source: 'erp' };
const payment = { paymentId: 'p1', saleId: 's1', amount: 600_000, collectedAt: '2026-03-10' };

/** The error a command with this type and data is refused with, or null when it is accepted. */
const problem = (type: string, data: unknown, meta: unknown = metadata) => {
  try {
    parseCommand({ type, data, metadata: meta });
    return null;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return `${error.code} ${error.message}`;
  }
};

describe('command catalog: validating input before anything is decided', () => {
  it('accepts a valid command, stripping unknown fields', () => {
    expect(parseCommand({ type: 'CollectPayment', data: { ...payment, extra: 1 }, metadata })).toEqual({
      type: 'CollectPayment',
      data: payment,
      metadata,
    });
  });
  it('refuses an amount ≤ 0 and money that is not whole fen', () => {
    expect(problem('CollectPayment', { ...payment, amount: 0 })).toBe(
      'VALIDATION CollectPayment: amount: must be greater than 0',
    );
    expect(problem('CollectPayment', { ...payment, amount: -5 })).toBe(
      'VALIDATION CollectPayment: amount: must be greater than 0',
    );
    expect(
      problem('RecordExpense', {
        employeeId: 'e1',
        expenseId: 'x',
        amount: 0.5,
        category: 'c',
        at: '2026-03-01',
      }),
    ).toBe('VALIDATION RecordExpense: amount: must be whole fen');
    expect(
      problem('SetTarget', {
        subjectId: 'e1',
        subjectKind: 'employee',
        period: '2026-03',
        amount: 0,
        basis: 'b',
        setBy: 'm',
        at: '2026-03-01',
      }),
    ).toMatch(/SetTarget: amount: must be greater than 0/);
  });
  it('refuses ratings out of range', () => {
    const at = '2026-03-01';
    expect(problem('RateMentor', { menteeId: 'n', mentorId: 'm', rating: 10.5, at })).toBe(
      'VALIDATION RateMentor: rating: must be from 0 to 10',
    );
    expect(problem('RecordCustomerFeedback', { employeeId: 'e', customerId: 'c', rating: 0, at })).toBe(
      'VALIDATION RecordCustomerFeedback: rating: must be from 1 to 5',
    );
    expect(problem('GiveFeedback360', { employeeId: 'e', from: 'peer', rating: 5.5, at })).toBe(
      'VALIDATION GiveFeedback360: rating: must be from 1 to 5',
    );
    expect(problem('CompleteCourse', { employeeId: 'e', courseId: 'c', testScore: -1, at })).toBe(
      'VALIDATION CompleteCourse: testScore: must be from 0 to 100',
    );
    expect(problem('AnswerSatisfactionPulse', { employeeId: 'e', score: 11, at })).toBe(
      'VALIDATION AnswerSatisfactionPulse: score: must be from 0 to 10',
    );
  });
  it('names every problem, in the data and in the metadata', () => {
    expect(problem('CollectPayment', { saleId: ' ', amount: 1 }, { ...metadata, at: 'now' })).toBe(
      'VALIDATION CollectPayment: paymentId: Invalid input: expected string, received undefined; saleId: must not be empty; collectedAt: must be an ISO 8601 date or date-time; metadata.at: must be an ISO 8601 date or date-time',
    );
  });
  it('refuses an unknown command type', () => {
    expect(problem('DoWhatever', {})).toBe('VALIDATION unknown command "DoWhatever"');
    expect(isCommandType('CloseSale')).toBe(true);
    expect(isCommandType('hasOwnProperty')).toBe(false);
  });
  it('routes every command to its stream', () => {
    const parsed = parseCommand({ type: 'CollectPayment', data: payment, metadata });
    expect(streamOf(parsed)).toBe('sale-s1');
    const at = '2026-03-31T23:00:00Z';
    expect(
      streamOf(
        parseCommand({ type: 'LogFollowUp', data: { employeeId: 'e1', customerId: 'c', at }, metadata }),
      ),
    ).toBe('activity-e1-2026-03');
    expect(
      streamOf(
        parseCommand({
          type: 'StartCourse',
          data: { employeeId: 'e1', courseId: 'strategic-selling', at },
          metadata,
        }),
      ),
    ).toBe('enrollment-e1-strategic-selling');
    expect(streamOf(parseCommand({ type: 'PassProbation', data: { employeeId: 'e1' }, metadata }))).toBe(
      'employee-e1',
    );
    expect(
      streamOf(
        parseCommand({
          type: 'RateMentor',
          data: { menteeId: 'n1', mentorId: 'm', rating: 7, at },
          metadata,
        }),
      ),
    ).toBe('mentorship-n1');
    expect(
      streamOf(
        parseCommand({
          type: 'SplitTeamTarget',
          data: {
            teamId: 't1',
            period: '2026-04',
            teamAmount: 1,
            strategy: 'equal',
            shares: [{ employeeId: 'a', amount: 1 }],
            at,
          },
          metadata,
        }),
      ),
    ).toBe('target-t1-2026-04');
    expect(
      streamOf(
        parseCommand({
          type: 'CastVote',
          data: { reviewId: 'r9', memberId: 'c', vote: 'reject', at },
          metadata,
        }),
      ),
    ).toBe('review-r9');
  });
  it('knows every command the issue names', () => {
    expect(Object.keys(domainCommandSchemas)).toEqual(
      expect.arrayContaining([
        'HireEmployee',
        'TransferEmployee',
        'ChangeRank',
        'PassProbation',
        'FailProbation',
        'RecordDeparture',
        'CloseSale',
        'ReverseSale',
        'CorrectSale',
        'CollectPayment',
        'RecordExpense',
        'CreateOpportunity',
        'GiveDemo',
        'LogFollowUp',
        'RecordCustomerRetention',
        'RecordCustomerChurn',
        'RecordCustomerFeedback',
        'AssignCourse',
        'StartCourse',
        'CompleteCourse',
        'AssignMentor',
        'RecordMentorTask',
        'RateMentor',
        'CreditCollaboration',
        'GiveFeedback360',
        'RecordAttendance',
        'AnswerSatisfactionPulse',
        'SetTarget',
        'RequestTargetAdjustment',
        'ApproveTargetAdjustment',
        'RejectTargetAdjustment',
        'SplitTeamTarget',
        'Nominate',
        'OpenReview',
        'CastVote',
        'DecidePromotion',
      ]),
    );
  });
});
