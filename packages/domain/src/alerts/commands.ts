import type { CommandsOf } from '../core/types.ts';
import { AlertAcknowledged, AlertRaised } from './events.ts';

export const alertCommandSchemas = {
  RaiseAlert: AlertRaised.schema,
  AcknowledgeAlert: AlertAcknowledged.schema,
} as const;

export type AlertCommand = CommandsOf<typeof alertCommandSchemas>;
