import type { Kysely } from 'kysely';
import type { Database } from '../database.ts';
import type { PolicyRow } from './table.ts';

/** The latest published version of every policy id, by id. */
export async function latestPolicies(db: Kysely<Database>): Promise<PolicyRow[]> {
  return db
    .withSchema('read')
    .selectFrom('policies')
    .selectAll()
    .distinctOn('policy_id')
    .orderBy('policy_id')
    .orderBy('version', 'desc')
    .execute();
}

/** Every published version of one policy id, oldest first; empty when unknown. */
export async function policyVersionRows(db: Kysely<Database>, policyId: string): Promise<PolicyRow[]> {
  return db
    .withSchema('read')
    .selectFrom('policies')
    .selectAll()
    .where('policy_id', '=', policyId)
    .orderBy('version')
    .execute();
}
