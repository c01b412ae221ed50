import type { EventStore } from '@trackrecord/eventstore';
import { type DomainCommand, dispatch } from '../commands/bus.ts';

/**
 * A team of `size` reps (the first leads the others) in branch `b-<team>`, each with a March
 * 2026 target, one sale and one payment that month, written through the command bus like any
 * other command.
 */
export async function seedTeam(store: EventStore, team: string, size: number): Promise<void> {
  const at = new Date('2026-03-15T09:00:00Z');
  let n = 0;
  const run = (command: Omit<DomainCommand, 'metadata'>) => {
    const commandId = `seed-${team}-${n++}`;
    const metadata = { commandId, at: at.toISOString(), actor: 'system:test', source: 'test' };
    return dispatch(store, { ...command, metadata } as DomainCommand, {
      commandId,
      at,
      actor: metadata.actor,
      source: metadata.source,
    });
  };
  const id = (i: number) => `${team}-${String(i).padStart(4, '0')}`;
  for (let i = 0; i < size; i++) {
    await run({
      type: 'HireEmployee',
      data: {
        employeeId: id(i),
        name: `${team} ${String(i).padStart(4, '0')}`,
        branchId: `b-${team}`,
        teamId: team,
        regionId: 'east',
        managerId: i === 0 ? null : id(0),
        level: i === 0 ? 'sales_supervisor' : 'sales_representative',
        track: 'sales_management',
        hiredAt: '2026-01-05',
        probationEnd: null,
        recruitingFit: 70,
      },
    });
  }
  await Promise.all(
    Array.from({ length: size }, async (_, i) => {
      await run({
        type: 'CloseSale',
        data: {
          saleId: `sale-${id(i)}`,
          employeeId: id(i),
          amount: 100_000 + i * 1_000,
          grossMargin: 0.3,
          productLine: i % 2 ? 'crm' : 'erp',
          customerId: `k-${id(i)}`,
          customerType: 'smb',
          channel: 'direct',
          newCustomer: true,
          cycleDays: 12,
          closedAt: '2026-03-10T09:00:00Z',
        },
      });
      await run({
        type: 'SetTarget',
        data: {
          subjectId: id(i),
          subjectKind: 'employee',
          period: '2026-03',
          amount: 150_000,
          basis: 'team average',
          setBy: 'hr',
          at: '2026-03-01T08:00:00Z',
        },
      });
      await run({
        type: 'CollectPayment',
        data: {
          paymentId: `pay-${id(i)}`,
          saleId: `sale-${id(i)}`,
          amount: 50_000,
          collectedAt: '2026-03-12T09:00:00Z',
        },
      });
    }),
  );
}

/**
 * A team manager's overview: members with their KPI facts, commission, manager and the overview
 * figures (latest score and trend, target light, eligibility, risk band), batched by dataloaders.
 */
export const TEAM_OVERVIEW_QUERY = `query TeamOverview($team: String!) {
  team(id: $team) {
    id
    members {
      id name level probation
      kpis(months: { from: "2026-01", to: "2026-03" }) { month salesAmount deals collected collectionRate followUps }
      commission(month: "2026-03") { collected commission payments }
      manager { id name }
      compositeScore scoreMonth scoreTrend monthToDateScore monthToDateMonth targetLight eligible riskBand
    }
  }
}`;
