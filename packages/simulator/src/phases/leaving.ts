import type { Person, World } from '../world.ts';

/** Forgets the departed: nothing refers to them any more except pending payments. */
export function forgetDeparted(w: World) {
  for (let i = w.people.length - 1; i >= 0; i--) if (!(w.people[i] as Person).active) w.people.splice(i, 1);
}
