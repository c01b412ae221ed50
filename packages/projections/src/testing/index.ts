/** The projections' two ways of writing a batch, for `pnpm bench upsert` to compare. */
export { upsert, upsertValues } from '../support.ts';
export { readModelChecksums, type TableChecksum } from './checksum.ts';
export {
  type AppendSimulatedOptions,
  appendSimulatedCompany,
  type SimulatedHistory,
} from './simulatedHistory.ts';
