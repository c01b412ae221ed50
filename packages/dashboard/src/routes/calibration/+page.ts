import { queryFresh } from '$lib/api/client.ts';
import { CALIBRATION } from '$lib/api/documents.ts';
import type { PageLoad } from './$types';

const ROUND = /^\d{4}-Q[1-4]$/;

/** A promotion round's calibration, read fresh; the round is in the URL (`?round=2026-Q2`), else the latest with nominations. */
export const load = (({ url }) => {
  const wanted = url.searchParams.get('round');
  const round = wanted && ROUND.test(wanted) ? wanted : null;
  return { round, calibration: queryFresh(CALIBRATION, { round }).then((d) => d.calibration) };
}) satisfies PageLoad;
