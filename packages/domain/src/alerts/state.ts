import type { AlertKind } from './events.ts';

/** One alert, folded from `alert-<alertId>`. */
export interface AlertState {
  readonly raised: { readonly kind: AlertKind; readonly employeeId: string } | null;
  readonly acknowledged: { readonly by: string; readonly at: string } | null;
}

export const initialAlertState: AlertState = { raised: null, acknowledged: null };
