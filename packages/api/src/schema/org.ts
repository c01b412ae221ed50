import { ORG_UNIT_KINDS, orgCommandSchemas } from '@trackrecord/domain';
import { type OrgUnitRow, orgUnitRows } from '@trackrecord/projections';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { commandMutations } from './mutations.ts';
import { enumFor } from './zodInput.ts';

commandMutations(orgCommandSchemas, {
  NameOrgUnit:
    'Name (or rename) a region, branch or team, in Chinese and in the form English pages show. Naming it again with the same names appends nothing.',
});

const OrgUnit = builder.objectRef<OrgUnitRow>('OrgUnit').implement({
  description: 'A region (大区), branch (分公司) or team (销售组) with its names.',
  fields: (t) => ({
    kind: t.expose('kind', {
      type: enumFor(ORG_UNIT_KINDS, 'OrgUnitKind'),
      description: 'region, branch or team.',
    }),
    id: t.exposeString('id', { description: 'The unit’s id, as people’s regionId, branchId and teamId.' }),
    nameZh: t.exposeString('name_zh', { description: 'The name in Chinese, e.g. 华东一区.' }),
    nameEn: t.exposeString('name_en', { description: 'The name on English pages, e.g. East China 1.' }),
  }),
});

builder.queryField('orgUnits', (t) =>
  t.field({
    type: [OrgUnit],
    description:
      'Every named region, branch and team. Names are not confidential: every signed-in viewer sees all of them, so pages can show names instead of ids.',
    resolve: (_root, _args, ctx: Context) => orgUnitRows(ctx.db),
  }),
);
