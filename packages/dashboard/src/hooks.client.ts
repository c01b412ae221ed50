import type { ClientInit } from '@sveltejs/kit';
import { syncClock } from '$lib/api/clock.ts';

/** Before the first page: the product's clock, so "today" is the product's from the start. */
export const init: ClientInit = async () => {
  await syncClock();
};
