import {
  COMPANY_A_SCORING_POLICY,
  createInMemoryDecider,
  currentVersion,
  DEFAULT_LADDER,
  DEFAULT_SCORING_POLICY,
  type DomainEvent,
  type ScoringPolicy,
  trainRetentionModel,
  weekOf,
} from '@trackrecord/domain';
import { type EventStore, newEventId } from '@trackrecord/eventstore';
import {
  DEFAULT_SIMULATION_POLICIES,
  needsEvidencePosition,
  retentionDataset,
  type SimulationConfig,
  simulateCommands,
  simulateFacts,
  simulationConfig,
  withEvidencePosition,
} from '@trackrecord/simulator';

/**
 * A simulated company as events in a real store, for the agreement test and the benchmark:
 * the simulator's commands validated and decided in memory the way the API's command bus does
 * (streams and contexts as in streams.ts and each decide.ts), then appended week by week.
 * (To be replaced by the domain's in-memory decider and the store's multi-stream append.)
 */
export type Decided = { stream: string; week: number; events: DomainEvent[] };

/**
 * The command bus in memory (the domain's routing table and deciders, `createInMemoryDecider`):
 * each simulated command validated and decided on its stream. A promotion decision's evidence
 * position is the number of events decided before it (the in-memory head).
 */
export function decideSimulation(config: SimulationConfig): {
  decided: Decided[];
  commands: number;
  refused: number;
} {
  let commands = 0;
  let refused = 0;
  let events = 0;
  const decider = createInMemoryDecider();
  const out: Decided[] = [];
  for (const simulated of simulateCommands(config)) {
    commands++;
    const command = needsEvidencePosition(simulated) ? withEvidencePosition(simulated, events) : simulated;
    const outcome = decider.decide(command);
    if (!outcome.ok) {
      refused++;
      continue;
    }
    events += outcome.events.length;
    out.push({ stream: outcome.stream, week: weekOf(command.metadata.at), events: [...outcome.events] });
  }
  return { decided: out, commands, refused };
}

/** HR republishes the scoring policy (juniors weighted like company A) after this week. */
export const POLICY_WEEK = 13;
/** A retention model trained on another simulated company is published after this week. */
export const MODEL_WEEK = 20;

/**
 * After this week branch-1 gets its own scoring policy (weighted like company A at every rank)
 * and branch-2 its own ladder; branch-1's variant is withdrawn after `VARIANT_WITHDRAWN_WEEK`.
 */
export const VARIANT_WEEK = 8;
export const VARIANT_WITHDRAWN_WEEK = 18;

/** Policies published mid-stream, as the policy module's events, inserted after their week. */
export function withPolicies(decided: Decided[]): Decided[] {
  const branchScoring: ScoringPolicy = {
    ...COMPANY_A_SCORING_POLICY,
    id: 'scoring-branch-1',
    version: 1,
    name: 'Branch 1 variant, weighted like company A',
    weightsByRank: Object.fromEntries(
      Object.keys(DEFAULT_SCORING_POLICY.weightsByRank).map((rank) => [
        rank,
        COMPANY_A_SCORING_POLICY.weightsByRank.sales_representative,
      ]),
    ) as ScoringPolicy['weightsByRank'],
  };
  const branchLadder = { ...DEFAULT_LADDER, id: 'ladder-branch-2', version: 1, name: 'Branch 2 ladder' };
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
  const model = { ...trainRetentionModel(data.rows, { horizonDays: 84, id: 'retention-demo' }) };
  const first = decided[0]?.week ?? 0;
  const out: Decided[] = [];
  for (const d of decided) {
    const last = out[out.length - 1];
    if (last && last.week === first + VARIANT_WEEK && d.week > last.week) {
      out.push(
        {
          stream: 'policy-scoring-branch-1',
          week: last.week,
          events: [{ type: 'ScoringPolicyPublished', data: { policy: branchScoring, branchId: 'branch-1' } }],
        },
        {
          stream: 'policy-ladder-branch-2',
          week: last.week,
          events: [{ type: 'LadderPublished', data: { ladder: branchLadder, branchId: 'branch-2' } }],
        },
      );
    }
    if (last && last.week === first + VARIANT_WITHDRAWN_WEEK && d.week > last.week) {
      out.push({
        stream: 'policy-scoring-branch-1',
        week: last.week,
        events: [
          {
            type: 'PolicyVariantWithdrawn',
            data: {
              policyId: 'scoring-branch-1',
              kind: 'scoring',
              branchId: 'branch-1',
              version: 1,
              reason: 'branch 1 back on the headquarters default',
            },
          },
        ],
      });
    }
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
