import { commissionCommandSchemas } from '@trackrecord/domain';
import { commandMutations } from './mutations.ts';

commandMutations(commissionCommandSchemas, {
  CloseCommissionPeriod:
    'Close (lock) commission payout months up to and including `month` (HR or finance): one statement per person is drawn for each month closed; anything recorded later about a locked month is paid in the first open month as an adjustment. The month must have ended.',
});
