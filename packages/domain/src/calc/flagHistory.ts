import { businessTimeOf } from '../catalog.ts';
import { dateOf, weekOf, weekStartOf } from '../core/calendar.ts';
import { applyFactsEvent, emptyFactsState, type PositionedEvent } from './factsFold.ts';
import { modelRisk } from './retention.ts';
import { retentionFeaturesOf } from './retentionFeatures.ts';

/** A person's first flag under a published retention model. */
export type FirstFlag = {
  readonly personId: string;
  /** Monday of the first flagged week (the features are as of its end), ISO date. */
  readonly weekStart: string;
  readonly modelId: string;
  readonly modelVersion: number;
  readonly risk: number;
};

/**
 * The flag history in memory, as the evaluations projection keeps it (`retention_predictions`):
 * the events folded in global order, and whenever an event's business week lies after the
 * fold's clock week, every active person scored under the model in force as of the end of the
 * clock's week, before that event is folded. Keeps each person's first flag (any model), plus
 * the interventions and departures the landmark comparison (`interventionLandmark`) reads.
 */
export function createFlagHistory() {
  const state = emptyFactsState();
  const first = new Map<string, FirstFlag>();
  const interventions = new Map<string, string[]>();
  const left = new Map<string, string>();
  let weeksScored = 0;
  const score = (week: number) => {
    const inForce = state.global.retentionModel;
    if (!inForce) return;
    weeksScored++;
    const model = inForce.doc;
    for (const p of Object.values(state.people)) {
      if (!p.hired || !p.active || !p.retention || first.has(p.personId)) continue;
      const r = modelRisk(model, retentionFeaturesOf(p.retention, week));
      if (r.method !== 'model' || !r.flagged) continue;
      first.set(p.personId, {
        personId: p.personId,
        weekStart: weekStartOf(week),
        modelId: model.id,
        modelVersion: model.version,
        risk: r.risk,
      });
    }
  };
  return {
    apply(e: PositionedEvent): void {
      const clock = state.global.clock;
      const t = businessTimeOf(e.event.type, e.event.data);
      if (clock !== null && t !== undefined && weekOf(t) > weekOf(clock)) score(weekOf(clock));
      const ev = e.event;
      if (ev.type === 'InterventionRecorded') {
        const list = interventions.get(ev.data.employeeId) ?? [];
        list.push(dateOf(ev.data.at));
        interventions.set(ev.data.employeeId, list);
      } else if (ev.type === 'EmployeeLeft') left.set(ev.data.employeeId, dateOf(ev.data.leftAt));
      applyFactsEvent(state, e);
    },
    /** The latest business date folded (null before the first fact). */
    clock: (): string | null => state.global.clock,
    /** Weeks scored under a model so far. */
    weeksScored: () => weeksScored,
    firstFlags: (): ReadonlyMap<string, FirstFlag> => first,
    /** The flagged people as the landmark comparison takes them. */
    landmarkPeople: () =>
      [...first.values()].map((f) => ({
        personId: f.personId,
        firstFlag: f.weekStart,
        interventions: interventions.get(f.personId) ?? [],
        leftOn: left.get(f.personId) ?? null,
      })),
    /** Interventions on people never flagged. */
    unflaggedInterventions: () => [...interventions].filter(([id]) => !first.has(id)).length,
  };
}
export type FlagHistory = ReturnType<typeof createFlagHistory>;
