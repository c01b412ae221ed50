import {
  applyFactsEvent,
  createInMemoryDecider,
  createRetentionObserver,
  DEFAULT_TRAINING_EVERY_WEEKS,
  DomainError,
  type EligibilityResult,
  eligibilityOf,
  emptyFactsState,
  modelRisk,
  type PositionedEvent,
  type RetentionModel,
  retentionFeaturesOf,
  trainFromObserver,
  weekOf,
} from '@trackrecord/domain';
import { needsEvidencePosition, needsTraining, simulationCalendar, toCommand } from './commands.ts';
import type { SimFact } from './facts.ts';

/** A person the product's published retention model flags at the end of a week. */
export type ProductFlag = { readonly personId: string; readonly risk: number };

/**
 * The product in memory, as far as its retention flags go: the simulated facts become the
 * commands `simulateCommands` sends (same times, same order), decided by the domain's deciders
 * (`createInMemoryDecider`); a training request is served the way the product serves it (the
 * observer over every event so far, `trainFromObserver`, version 1, published with
 * `PublishTrainedRetentionModel`); and at each week's end the model in force scores every
 * active person from the read models' own fold (`applyFactsEvent`, `retentionFeaturesOf`,
 * `modelRisk`) — what the evaluations projection writes to its flag history for that week.
 * Pure: no I/O. The simulator's interventions phase acts on these flags.
 */
export function createProductInMemory(start: string, seed: number) {
  const calendar = simulationCalendar(start);
  const decider = createInMemoryDecider();
  const state = emptyFactsState();
  const events: PositionedEvent[] = [];
  let position = 0n;
  let n = 0;
  let today = -1;
  let k = 0;
  let model: RetentionModel | null = null;

  const decide = (command: unknown) => {
    const outcome = decider.decide(command as Parameters<typeof decider.decide>[0]);
    if (!outcome.ok || outcome.duplicate) return;
    for (const event of outcome.events) {
      const e = { position: ++position, event };
      events.push(e);
      applyFactsEvent(state, e);
    }
  };

  return {
    /** Takes one fact of the history, in the order the simulator yields them. */
    fact(f: SimFact): void {
      if (f.present) return;
      const day = f.week * 7 + f.day;
      k = day === today ? k + 1 : 0;
      today = day;
      n++;
      const metadata = {
        commandId: `product-${seed}-${n}`,
        at: calendar.at(f.week, f.day, k),
        actor: 'system:simulator',
        source: 'simulator',
      };
      const command = toCommand(f, metadata, calendar);
      if (needsEvidencePosition(command)) {
        const { needs: _, ...rest } = command;
        decide({ ...rest, data: { ...rest.data, evidencePosition: position.toString() } });
      } else if (needsTraining(command)) {
        const observer = createRetentionObserver({
          seed: command.data.seed,
          everyWeeks: DEFAULT_TRAINING_EVERY_WEEKS,
        });
        for (const e of events) observer.apply(e);
        try {
          const trained = trainFromObserver(observer, {
            id: command.data.modelId,
            version: 1,
            horizonDays: command.data.horizonDays,
            seed: command.data.seed,
          });
          model = trained;
          decide({
            type: 'PublishTrainedRetentionModel',
            data: { model: trained },
            metadata: command.metadata,
          });
        } catch (error) {
          // Too little history: the product publishes nothing and flags nobody.
          if (!(error instanceof DomainError)) throw error;
        }
      } else {
        decide(command);
      }
    },
    /** The people the model in force flags as of the end of simulated week `week` (its facts all taken). */
    flagsAt(week: number): ProductFlag[] {
      const inForce = state.global.retentionModel;
      if (!inForce) return [];
      const ordinal = weekOf(calendar.date(week));
      const flags: ProductFlag[] = [];
      for (const p of Object.values(state.people)) {
        if (!p.hired || !p.active || !p.retention) continue;
        const r = modelRisk(inForce.doc, retentionFeaturesOf(p.retention, ordinal));
        if (r.method === 'model' && r.flagged) flags.push({ personId: p.personId, risk: r.risk });
      }
      return flags;
    },
    /**
     * The product's eligibility verdicts for a person as its read models give them on `day` of
     * simulated `week` (the evaluated month is the latest ended by then), from the facts taken
     * so far; null when the product has no candidate record. Reads only: the clock is put back.
     */
    eligibilityAt(personId: string, week: number, day: number): EligibilityResult | null {
      const g = state.global;
      const saved = g.clock;
      const date = calendar.date(week, day).slice(0, 10);
      if (saved === null || date > saved) g.clock = date;
      try {
        return eligibilityOf(state, personId);
      } finally {
        g.clock = saved;
      }
    },
    /**
     * The scoring policy a person's month was stamped with (the one in force when the month
     * began, which scores it in the read models and in a replay); null for a month not folded.
     */
    scoringPolicyOfMonth(personId: string, month: string): { id: string; version: number } | null {
      const mf = state.people[personId]?.months[month];
      return mf ? { id: mf.policy.id, version: mf.policy.version } : null;
    },
    /** The model the product trained and published (null before, or when training was refused). */
    model: (): RetentionModel | null => model,
    /** Events decided so far. */
    events: (): readonly PositionedEvent[] => events,
  };
}
export type ProductInMemory = ReturnType<typeof createProductInMemory>;
