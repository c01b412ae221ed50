import { alertCommandSchemas } from '@trackrecord/domain';
import { commandMutations } from './mutations.ts';

commandMutations(alertCommandSchemas, {
  RaiseAlert:
    'Raise an alert about a person for those who must act (HR, the manager, the mentor, the employee), with the evidence it rests on. The platform raises its own through reactors; idempotent by alert id.',
  AcknowledgeAlert: 'Acknowledge an alert as one of those who must act, optionally saying what was done.',
});
