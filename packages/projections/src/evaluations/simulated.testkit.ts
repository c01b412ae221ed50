import {
  activityDecider,
  COMPANY_A_SCORING_POLICY,
  COURSE_IDS,
  currentVersion,
  DEFAULT_SCORING_POLICY,
  DEFAULT_SIMULATION_POLICIES,
  type Decider,
  DomainError,
  type DomainEvent,
  type EmployeeContext,
  employeeDecider,
  enrollmentDecider,
  mentorshipDecider,
  parseCommand,
  retentionDataset,
  reviewDecider,
  type ScoringPolicy,
  type SimulationConfig,
  saleDecider,
  simulateCommands,
  simulateFacts,
  simulationConfig,
  streamOf,
  targetDecider,
  toEmployeeContext,
  trainRetentionModel,
  weekOf,
} from '@trackrecord/domain';
import { type EventStore, newEventId } from '@trackrecord/eventstore';

/**
 * A simulated company as events in a real store, for the agreement test and the benchmark:
 * the simulator's commands validated and decided in memory the way the API's command bus does
 * (streams and contexts as in streams.ts and each decide.ts), then appended week by week.
 * (To be replaced by the domain's in-memory decider and the store's multi-stream append.)
 */
export type Decided = { stream: string; week: number; events: DomainEvent[] };

/** The command bus in memory: each simulated command validated and decided on its stream. */
export function decideSimulation(config: SimulationConfig): {
  decided: Decided[];
  commands: number;
  refused: number;
} {
  let commands = 0;
  let refused = 0;
  const states = new Map<string, unknown>();
  const courses: ReadonlySet<string> = new Set(COURSE_IDS);
  const out: Decided[] = [];
  const run = <C, E, S, Ctx>(stream: string, decider: Decider<C, E, S, Ctx>, command: C, context: Ctx) => {
    const current = (states.has(stream) ? states.get(stream) : decider.initialState) as S;
    const events = decider.decide(command, current, context);
    states.set(stream, events.reduce(decider.evolve, current));
    return events;
  };
  const employee = (employeeId: string): EmployeeContext =>
    toEmployeeContext(
      employeeId,
      (states.get(`employee-${employeeId}`) ?? employeeDecider.initialState) as Parameters<
        typeof toEmployeeContext
      >[1],
    );
  for (const simulated of simulateCommands(config)) {
    const command = parseCommand(simulated);
    const stream = streamOf(command);
    commands++;
    let events: readonly unknown[];
    try {
      switch (command.type) {
        case 'HireEmployee':
        case 'TransferEmployee':
        case 'ChangeRank':
        case 'PassProbation':
        case 'FailProbation':
        case 'RecordDeparture':
          events = run(stream, employeeDecider, command, undefined);
          break;
        case 'CloseSale':
          events = run(stream, saleDecider, command, { employee: employee(command.data.employeeId) });
          break;
        case 'ReverseSale':
        case 'CorrectSale':
        case 'CollectPayment':
          events = run(stream, saleDecider, command, {});
          break;
        case 'CreditCollaboration':
          events = run(stream, activityDecider, command, {
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
          events = run(stream, activityDecider, command, { employee: employee(command.data.employeeId) });
          break;
        case 'AssignCourse':
        case 'StartCourse':
        case 'CompleteCourse':
          events = run(stream, enrollmentDecider, command, {
            employee: employee(command.data.employeeId),
            courseKnown: courses.has(command.data.courseId),
          });
          break;
        case 'AssignMentor':
        case 'RecordMentorTask':
        case 'RateMentor':
          events = run(stream, mentorshipDecider, command, {
            mentee: employee(command.data.menteeId),
            mentor: employee(command.data.mentorId),
          });
          break;
        case 'SetTarget':
        case 'RequestTargetAdjustment':
        case 'ApproveTargetAdjustment':
        case 'RejectTargetAdjustment':
        case 'SplitTeamTarget':
          events = run(stream, targetDecider, command, undefined);
          break;
        case 'Nominate':
          events = run(stream, reviewDecider, command, { candidate: employee(command.data.employeeId) });
          break;
        case 'OpenReview':
        case 'CastVote':
        case 'DecidePromotion':
          events = run(stream, reviewDecider, command, {});
          break;
        default:
          throw new Error(`the simulator does not issue ${command.type}`);
      }
    } catch (error) {
      // Known simulator issue: a replaced mentor's task emitted later the same week is refused.
      if (error instanceof DomainError) {
        refused++;
        continue;
      }
      throw error;
    }
    out.push({ stream, week: weekOf(command.metadata.at), events: events as DomainEvent[] });
  }
  return { decided: out, commands, refused };
}

/** HR republishes the scoring policy (juniors weighted like company A) after this week. */
export const POLICY_WEEK = 13;
/** A retention model trained on another simulated company is published after this week. */
export const MODEL_WEEK = 20;

/** Policies published mid-stream, as the policy module's events, inserted after their week. */
export function withPolicies(decided: Decided[]): Decided[] {
  const scoring: ScoringPolicy = {
    ...DEFAULT_SCORING_POLICY,
    version: 2,
    name: 'Demo composite score, juniors weighted like company A',
    weightsByRank: {
      ...DEFAULT_SCORING_POLICY.weightsByRank,
      sales_representative: COMPANY_A_SCORING_POLICY.weightsByRank.sales_representative,
    },
  };
  const data = retentionDataset(
    simulateFacts(simulationConfig({ seed: 3, employees: 150, weeks: 52 }), DEFAULT_SIMULATION_POLICIES),
    { horizonWeeks: 12 },
  );
  const model = { ...trainRetentionModel(data.rows, { horizonWeeks: 12, id: 'retention-demo' }) };
  const first = decided[0]?.week ?? 0;
  const out: Decided[] = [];
  for (const d of decided) {
    const last = out[out.length - 1];
    if (last && last.week === first + POLICY_WEEK && d.week > last.week) {
      out.push({
        stream: 'policy-scoring-demo',
        week: last.week,
        events: [{ type: 'ScoringPolicyPublished', data: { policy: scoring } }],
      });
    }
    if (last && last.week === first + MODEL_WEEK && d.week > last.week) {
      out.push({
        stream: 'policy-retention-demo',
        week: last.week,
        events: [{ type: 'RetentionModelPublished', data: { model } }],
      });
    }
    out.push(d);
  }
  return out;
}

const APPEND_CONCURRENCY = 4;

/** Appends week by week, each stream's events of the week in one call, so $all keeps the weeks' order. */
export async function appendAll(store: EventStore, decided: Decided[]): Promise<number> {
  let appended = 0;
  let i = 0;
  while (i < decided.length) {
    const week = decided[i]?.week;
    const byStream = new Map<string, DomainEvent[]>();
    for (; i < decided.length && decided[i]?.week === week; i++) {
      const d = decided[i] as Decided;
      const list = byStream.get(d.stream) ?? [];
      list.push(...d.events);
      byStream.set(d.stream, list);
    }
    // Streams of one week are independent: append them a few at a time, in order of first event.
    const pending = [...byStream].filter(([, events]) => events.length > 0);
    const appendOne = async ([stream, events]: [string, DomainEvent[]]) => {
      await store.appendToStream(
        stream,
        events.map((e) => ({
          id: newEventId(),
          type: e.type,
          schemaVersion: currentVersion(e.type),
          data: e.data as never,
        })),
      );
      appended += events.length;
    };
    for (let k = 0; k < pending.length; k += APPEND_CONCURRENCY) {
      await Promise.all(pending.slice(k, k + APPEND_CONCURRENCY).map(appendOne));
    }
  }
  return appended;
}
