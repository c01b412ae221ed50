import type { CandidateRecord, RequirementCheck } from '@trackrecord/domain';
import type { ColumnType, Insertable, Selectable } from 'kysely';
import type { Json } from '../evaluations/table.ts';

type PositionColumn = ColumnType<string, number | string, number | string>;

/**
 * `read.eligibility`: per active person and next level (one per continuing track of the
 * ladder), the verdict with every requirement met or unmet, its gap and growth task in English
 * and Chinese; the candidate record it was judged on, the ladder version, and the position.
 */
export interface EligibilityTable {
  employee_id: string;
  track: string;
  from_level: string;
  to_level: string;
  eligible: boolean;
  /** Requirements met, and all of them. */
  met: number;
  required: number;
  /** `RequirementCheck[]`: requirement, met, actual value, text and task (bilingual). */
  checks: Json<RequirementCheck[]>;
  summary_en: string;
  summary_zh: string;
  candidate: Json<CandidateRecord>;
  /** `YYYY-MM`: the latest month ended when it was judged, whose score and KPIs count. */
  evaluated_month: string;
  ladder_id: string;
  ladder_version: number;
  ladder_source: 'published' | 'default';
  position: PositionColumn;
}
export type EligibilityRow = Selectable<EligibilityTable>;
export type NewEligibilityRow = Insertable<EligibilityTable>;

export interface EligibilityDb {
  eligibility: EligibilityTable;
}
