import { describe, expect, it } from 'vitest';
import { activityDecider } from './activity/decide.ts';
import { employeeDecider } from './career/decide.ts';
import { toEmployeeContext } from './career/state.ts';
import { parseCommand } from './commandCatalog.ts';
import { DomainError } from './core/errors.ts';
import type { Decider, EmployeeContext } from './core/types.ts';
import { mentorshipDecider } from './mentoring/decide.ts';
import { COURSE_IDS } from './policy/courses.ts';
import { reviewDecider } from './promotion/decide.ts';
import { saleDecider } from './sales/decide.ts';
import { simulateCommands } from './simulator/commands.ts';
import { simulationConfig } from './simulator/config.ts';
import { streamOf } from './streams.ts';
import { targetDecider } from './targets/decide.ts';
import { enrollmentDecider } from './training/decide.ts';

/**
 * The deciders' rules against the company simulator: every simulated command must pass schema
 * validation and its decider. An in-memory stand-in for the API's command bus: streams are
 * lists of events, contexts are loaded the way the bus loads them (see streams.ts and each
 * decide.ts).
 */
describe('a simulated company passes every rule', () => {
  it('validates and decides every command of 40 employees over 30 weeks', () => {
    const streams = new Map<string, unknown[]>();
    const courses: ReadonlySet<string> = new Set(COURSE_IDS);
    const run = <C, E, S, Ctx>(stream: string, decider: Decider<C, E, S, Ctx>, command: C, context: Ctx) => {
      const history = (streams.get(stream) ?? []) as E[];
      const state = history.reduce(decider.evolve, decider.initialState);
      streams.set(stream, [...history, ...decider.decide(command, state, context)]);
    };
    const employee = (employeeId: string): EmployeeContext => {
      const history = (streams.get(`employee-${employeeId}`) ?? []) as Parameters<
        typeof employeeDecider.evolve
      >[1][];
      return toEmployeeContext(
        employeeId,
        history.reduce(employeeDecider.evolve, employeeDecider.initialState),
      );
    };
    let count = 0;
    const refused: string[] = [];
    for (const simulated of simulateCommands(simulationConfig({ seed: 7, employees: 40, weeks: 30 }))) {
      const command = parseCommand(simulated);
      const stream = streamOf(command);
      try {
        switch (command.type) {
          case 'HireEmployee':
          case 'TransferEmployee':
          case 'ChangeRank':
          case 'PassProbation':
          case 'FailProbation':
          case 'RecordDeparture':
            run(stream, employeeDecider, command, undefined);
            break;
          case 'CloseSale':
            run(stream, saleDecider, command, { employee: employee(command.data.employeeId) });
            break;
          case 'ReverseSale':
          case 'CorrectSale':
          case 'CollectPayment':
            run(stream, saleDecider, command, {});
            break;
          case 'CreditCollaboration':
            run(stream, activityDecider, command, {
              employee: employee(command.data.employeeId),
              helped: employee(command.data.helpedEmployeeId),
            });
            break;
          case 'CreateOpportunity':
          case 'GiveDemo':
          case 'LogFollowUp':
          case 'RecordCustomerRetention':
          case 'RecordCustomerChurn':
          case 'RecordCustomerFeedback':
          case 'RecordExpense':
          case 'GiveFeedback360':
          case 'RecordAttendance':
          case 'AnswerSatisfactionPulse':
            run(stream, activityDecider, command, { employee: employee(command.data.employeeId) });
            break;
          case 'AssignCourse':
          case 'StartCourse':
          case 'CompleteCourse':
            run(stream, enrollmentDecider, command, {
              employee: employee(command.data.employeeId),
              courseKnown: courses.has(command.data.courseId),
            });
            break;
          case 'AssignMentor':
          case 'RecordMentorTask':
          case 'RateMentor':
            run(stream, mentorshipDecider, command, {
              mentee: employee(command.data.menteeId),
              mentor: employee(command.data.mentorId),
            });
            break;
          case 'SetTarget':
          case 'RequestTargetAdjustment':
          case 'ApproveTargetAdjustment':
          case 'RejectTargetAdjustment':
          case 'SplitTeamTarget':
            run(stream, targetDecider, command, undefined);
            break;
          case 'Nominate':
            run(stream, reviewDecider, command, { candidate: employee(command.data.employeeId) });
            break;
          case 'OpenReview':
          case 'CastVote':
          case 'DecidePromotion':
            run(stream, reviewDecider, command, {});
            break;
          default:
            throw new Error(`the simulator does not issue ${command.type}`);
        }
      } catch (error) {
        const reason = error instanceof DomainError ? `${error.code} ${error.message}` : String(error);
        refused.push(`${command.type}: ${reason.replace(/emp-\d+/g, '…')}`);
      }
      count++;
    }
    // Every command the simulator issues is accepted (a mentor replaced mid-week only does
    // tasks from the day they were assigned).
    expect([...new Set(refused)]).toEqual([]);
    expect(count).toBeGreaterThan(1000);
  });
});
