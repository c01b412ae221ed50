import { error } from '@sveltejs/kit';
import { query } from '$lib/api/client.ts';
import { STATEMENT } from '$lib/api/documents.ts';
import type { PageLoad } from './$types';

/** One person's locked statement of a month (a manager gets the totals; the API says so for the lines). */
export const load: PageLoad = ({ params }) => {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(params.month)) error(404, `not a month: ${params.month}`);
  return {
    employeeId: params.employeeId,
    month: params.month,
    statement: query(STATEMENT, { id: params.employeeId, month: params.month }, { partial: true }).then(
      (d) => d.commissionStatement,
    ),
  };
};
