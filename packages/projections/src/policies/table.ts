import type { ColumnType, Selectable } from 'kysely';
import type { POLICY_KINDS } from './project.ts';

type BigintColumn = ColumnType<string, number | string, number | string>;

/**
 * `read.policies`: one row per published version of a policy document (scoring policy, ladder,
 * commission plan, retention model), as its `…Published` event in `policy-<id>` carries it.
 */
export interface PoliciesTable {
  policy_id: string;
  version: number;
  /** scoringPolicy | ladder | commissionPlan | retentionModel | coursePolicy | targetPolicy | probationPolicy | fieldRules */
  kind: (typeof POLICY_KINDS)[keyof typeof POLICY_KINDS];
  /** The event that published it, e.g. `LadderPublished`. */
  event_type: keyof typeof POLICY_KINDS;
  name: string;
  document: ColumnType<unknown, string, string>;
  /** Business time of the publication (the command's time in the event id), ISO. */
  published_at: string;
  published_by: string | null;
  /** The branch this version is the variant of (scoring policy, ladder); null: headquarters. */
  branch_id: string | null;
  /** The branch's variant was withdrawn (its branch judged by the headquarters default again). */
  withdrawn: boolean;
  position: BigintColumn;
}
export type PolicyRow = Selectable<PoliciesTable>;

export interface PoliciesDb {
  policies: PoliciesTable;
}
