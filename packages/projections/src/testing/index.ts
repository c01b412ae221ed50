export { readModelChecksums, type TableChecksum } from './checksum.ts';
export {
  type AppendSimulatedOptions,
  appendSimulatedCompany,
  type SimulatedHistory,
} from './simulatedHistory.ts';
