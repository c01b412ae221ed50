import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { type DemoPersonas, demoPersonas } from '../seed/demoSeed.ts';

type UnitManager = { unitId: string; employeeId: string };

const UnitManagerRef = builder.objectRef<UnitManager>('DemoUnitManager').implement({
  description: 'A team or branch of the demo company and the employee who manages it.',
  fields: (t) => ({
    unitId: t.exposeString('unitId', { description: 'The team or branch id.' }),
    employeeId: t.exposeString('employeeId', { description: 'Its manager’s employee id.' }),
  }),
});

const DemoPersonasRef = builder.objectRef<DemoPersonas>('DemoPersonas').implement({
  description:
    'Who the demo sign-in personas are in the demo company (employee ids), as of the demo’s latest today: signing in as a manager, the committee member or a mentor is signing in as that employee.',
  fields: (t) => ({
    committeeMemberId: t.string({
      nullable: true,
      description: 'An employee who sits on the open review committees and manages no candidate.',
      resolve: (p) => p.committeeMemberId,
    }),
    mentorId: t.string({
      nullable: true,
      description: 'An employee mentoring someone.',
      resolve: (p) => p.mentorId,
    }),
    teamManagers: t.field({
      type: [UnitManagerRef],
      description: 'Each team and its manager (the team’s lead).',
      resolve: (p) => Object.entries(p.teamManagers).map(([unitId, employeeId]) => ({ unitId, employeeId })),
    }),
    branchManagers: t.field({
      type: [UnitManagerRef],
      description: 'Each branch and its manager (the lead of its first team).',
      resolve: (p) =>
        Object.entries(p.branchManagers).map(([unitId, employeeId]) => ({ unitId, employeeId })),
    }),
  }),
});

builder.queryField('demoPersonas', (t) =>
  t.field({
    type: DemoPersonasRef,
    nullable: true,
    description:
      'The demo company’s personas (read from the `demo-seed` stream); null when the store holds no living demo.',
    resolve: (_root, _args, ctx: Context) => demoPersonas(ctx.store),
  }),
);
