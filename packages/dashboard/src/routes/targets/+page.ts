import { optionalQuery, query } from '$lib/api/client.ts';
import {
  BUSINESS_MONTH,
  lastMonths,
  ORGANISATION,
  type PersonRow,
  type PersonTarget,
  SALES_TOTALS,
  TEAM_MEMBERS_TARGETS,
  TEAM_TARGETS,
  type TeamTarget,
} from '$lib/api/documents.ts';
import { nextMonth } from '$lib/months.ts';
import type { PageLoad } from './$types';

export type Member = PersonRow & { nameEn?: string | null; target: PersonTarget | null };

/**
 * The month the page opens on: the current business month (`businessMonth`: the month of the
 * latest business time the read models have seen, where the demo's targets are set), else the
 * latest month with sales in the viewer's scope.
 */
async function openingMonth(): Promise<string> {
  const { businessMonth } = await query(BUSINESS_MONTH);
  if (businessMonth) return businessMonth;
  return latestSalesMonth();
}

/** The latest month with sales in the viewer's scope (the seeded company may end in the past). */
async function latestSalesMonth(): Promise<string> {
  const months = lastMonths(24);
  const { salesTotals } = await query(SALES_TOTALS, {
    months,
    groupBy: ['MONTH'],
  });
  const active = salesTotals
    .map((r) => r.group.month ?? '')
    .filter(Boolean)
    .sort();
  return active.at(-1) ?? months.to;
}

/** Team targets of a period (`?period=`), a team's members (`?team=`) and one member's plan (`?person=`). */
export const load: PageLoad = async ({ url }) => {
  const wanted = url.searchParams.get('period');
  const period = wanted && /^\d{4}-\d{2}$/.test(wanted) ? wanted : await openingMonth();
  const organisation = query(ORGANISATION).then((d) => d.organisation);
  const teamIds = organisation.then((branches) =>
    branches.flatMap((b) => b.teams.map((t) => ({ id: t.id, branchId: b.id }))),
  );
  const members = async (teamId: string) =>
    (await query(TEAM_MEMBERS_TARGETS, { id: teamId, period }, { partial: true })).team?.members ?? [];
  const teamTargets = optionalQuery(TEAM_TARGETS, { period }).then(async (d) => {
    if (d && d.teamTargets.length > 0) return { fromContract: true, rows: d.teamTargets };
    // No team target set for the period (or none served): sum the members' targets of the
    // period, team by team, and say so.
    const rows: TeamTarget[] = [];
    for (const team of await teamIds) {
      const list = (await members(team.id)).filter((m) => m.target);
      if (list.length === 0) continue;
      const amount = list.reduce((n, m) => n + (m.target?.amount ?? 0), 0);
      const achieved = list.reduce((n, m) => n + (m.target?.achieved ?? 0), 0);
      const count = (light: string) => list.filter((m) => m.target?.light === light).length;
      const attainment = amount > 0 ? achieved / amount : 0;
      rows.push({
        teamId: team.id,
        name: null,
        branchId: team.branchId,
        period,
        amount,
        achieved,
        attainment,
        // No team light without the API's team target: the members' lights are counted instead.
        light: null as unknown as TeamTarget['light'],
        members: list.length,
        red: count('red'),
        yellow: count('yellow'),
        green: count('green'),
      });
    }
    return { fromContract: false, rows };
  });
  const team = url.searchParams.get('team') ?? (await teamIds)[0]?.id ?? null;
  return {
    period,
    /** The month after: where a manager plans targets not set yet. */
    nextPeriod: nextMonth(period),
    team,
    person: url.searchParams.get('person'),
    teamTargets,
    members: team ? members(team) : Promise.resolve([] as Member[]),
  };
};
