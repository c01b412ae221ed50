import { z } from 'zod';
import type { CommandsOf } from '../core/types.ts';
import { EmployeeHired, EmployeeLeft, EmployeeTransferred, ProbationFailed, RankChanged } from './events.ts';

/** Command data schemas: what the API, the importer and the webhooks validate against. */
export const HireEmployeeData = EmployeeHired.schema;
export const TransferEmployeeData = EmployeeTransferred.schema.omit({ fromBranchId: true, fromTeamId: true });
export const ChangeRankData = RankChanged.schema;
export const PassProbationData = z.object({ employeeId: EmployeeHired.schema.shape.employeeId });
export const FailProbationData = ProbationFailed.schema.omit({ at: true });
export const RecordDepartureData = EmployeeLeft.schema;

export const careerCommandSchemas = {
  HireEmployee: HireEmployeeData,
  TransferEmployee: TransferEmployeeData,
  ChangeRank: ChangeRankData,
  PassProbation: PassProbationData,
  FailProbation: FailProbationData,
  RecordDeparture: RecordDepartureData,
} as const;

export type CareerCommand = CommandsOf<typeof careerCommandSchemas>;
