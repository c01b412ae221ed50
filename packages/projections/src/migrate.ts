import { runMigrations } from '@trackrecord/eventstore';
import type { Migration } from 'kysely';
import * as projections from './migrations/2026112201_projections.ts';
import * as people from './migrations/2026112202_people.ts';
import * as kpiFacts from './migrations/2026112203_kpi_facts.ts';
import * as commission from './migrations/2026112204_commission.ts';
import * as kpiFactsCollected from './migrations/2026112210_kpi_facts_collected.ts';
import * as evaluations from './migrations/2026112211_evaluations.ts';

/** Listed, not discovered, so migrations work from any working directory. */
const migrations: Record<string, Migration> = {
  '2026112201_projections': projections,
  '2026112202_people': people,
  '2026112203_kpi_facts': kpiFacts,
  '2026112204_commission': commission,
  '2026112210_kpi_facts_collected': kpiFactsCollected,
  '2026112211_evaluations': evaluations,
};

/** Brings the read-model schema (`read`) and the runner's bookkeeping (`projections`) up to date. */
export function migrateReadModels(connectionString: string): Promise<string[]> {
  return runMigrations(connectionString, 'projections', migrations, 'read-model');
}
