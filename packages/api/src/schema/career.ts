import { careerCommandSchemas } from '@trackrecord/domain';
import { commandMutations } from './mutations.ts';

commandMutations(careerCommandSchemas, {
  HireEmployee: 'Hire an employee into a branch and team at a ladder level.',
  TransferEmployee: 'Move an employee to another branch or team.',
  ChangeRank: 'Change the ladder level of an employee (promotion, demotion or correction).',
  PassProbation: 'Confirm a newcomer at the end of probation (试用期).',
  FailProbation: 'End a probation unsuccessfully, with the reason.',
  RecordDeparture: 'Record that an employee left, voluntarily or not.',
  RedactPersonalData:
    "Redact a departed person's personal fields (name, free-text notes about them) at their request, with the reason. HR only; refused for someone still employed. Business facts stay, so decisions about them still replay (docs/privacy.md).",
});
