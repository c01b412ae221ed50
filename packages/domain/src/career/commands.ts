import { z } from 'zod';
import type { Command } from '../core/types.ts';
import { EmployeeHired, EmployeeLeft, EmployeeTransferred, ProbationFailed, RankChanged } from './events.ts';

/** Command data schemas: what the API, the importer and the webhooks validate against. */
export const HireEmployeeData = EmployeeHired.schema;
export const TransferEmployeeData = EmployeeTransferred.schema.omit({ fromBranchId: true, fromTeamId: true });
export const ChangeRankData = RankChanged.schema;
export const PassProbationData = z.object({ employeeId: EmployeeHired.schema.shape.employeeId });
export const FailProbationData = ProbationFailed.schema.omit({ at: true });
export const RecordDepartureData = EmployeeLeft.schema;

export type CareerCommand =
  | Command<'HireEmployee', z.infer<typeof HireEmployeeData>>
  | Command<'TransferEmployee', z.infer<typeof TransferEmployeeData>>
  | Command<'ChangeRank', z.infer<typeof ChangeRankData>>
  | Command<'PassProbation', z.infer<typeof PassProbationData>>
  | Command<'FailProbation', z.infer<typeof FailProbationData>>
  | Command<'RecordDeparture', z.infer<typeof RecordDepartureData>>;

export const careerCommandSchemas = {
  HireEmployee: HireEmployeeData,
  TransferEmployee: TransferEmployeeData,
  ChangeRank: ChangeRankData,
  PassProbation: PassProbationData,
  FailProbation: FailProbationData,
  RecordDeparture: RecordDepartureData,
} as const;
