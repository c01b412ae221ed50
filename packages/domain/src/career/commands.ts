import { z } from 'zod';
import { id } from '../core/schemas.ts';
import type { CommandsOf } from '../core/types.ts';
import { LEVEL_IDS, TRACK_IDS } from '../policy/ladder.ts';
import { EmployeeHired, EmployeeLeft, EmployeeTransferred, ProbationFailed, RankChanged } from './events.ts';

/** A track of the career ladder (policy/ladder.ts); stored events keep the looser `id`. */
const trackId = id.refine((v) => (TRACK_IDS as readonly string[]).includes(v), {
  message: `must be a track of the career ladder (${TRACK_IDS.join(', ')})`,
});
/** A level of the career ladder (policy/ladder.ts). */
const levelId = id.refine((v) => (LEVEL_IDS as readonly string[]).includes(v), {
  message: `must be a level of the career ladder (${LEVEL_IDS.join(', ')})`,
});

/** Command data schemas: what the API, the importer and the webhooks validate against. */
export const HireEmployeeData = EmployeeHired.schema.extend({ level: levelId, track: trackId });
export const TransferEmployeeData = EmployeeTransferred.schema.omit({ fromBranchId: true, fromTeamId: true });
export const ChangeRankData = RankChanged.schema.extend({
  fromLevel: levelId,
  toLevel: levelId,
  track: trackId,
});
export const PassProbationData = z.object({ employeeId: EmployeeHired.schema.shape.employeeId });
export const FailProbationData = ProbationFailed.schema.omit({ at: true });
export const RecordDepartureData = EmployeeLeft.schema;
/** HR redacts a departed person's personal fields at their request, saying why. */
export const RedactPersonalDataData = z.object({
  employeeId: EmployeeHired.schema.shape.employeeId,
  reason: z
    .string()
    .trim()
    .min(1, 'must say why (the person’s request)')
    .max(2000, 'must be at most 2000 characters'),
});

export const careerCommandSchemas = {
  HireEmployee: HireEmployeeData,
  TransferEmployee: TransferEmployeeData,
  ChangeRank: ChangeRankData,
  PassProbation: PassProbationData,
  FailProbation: FailProbationData,
  RecordDeparture: RecordDepartureData,
  RedactPersonalData: RedactPersonalDataData,
} as const;

export type CareerCommand = CommandsOf<typeof careerCommandSchemas>;
