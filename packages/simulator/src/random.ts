import { validation } from '@trackrecord/domain';
/**
 * A small seeded pseudo-random number generator (sfc32, seeded through splitmix32) and the
 * distributions the simulator needs. The domain never calls `Math.random`: randomness arrives
 * as a `Random` built from a seed, so every run with the same seed is identical.
 */
export type Random = {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Uniform float in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** Standard normal N(0, 1) (Box–Muller). */
  normal(): number;
  /** Poisson-distributed count with mean lambda (Knuth for small, normal approximation for large). */
  poisson(lambda: number): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** A new, independent generator derived from this one (for per-person streams). */
  fork(): Random;
};

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** Creates a deterministic generator from a 32-bit integer seed. */
export function createRandom(seed: number): Random {
  const init = splitmix32(seed);
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  const nextU32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  // Discard the first outputs, as recommended for sfc32.
  for (let i = 0; i < 12; i++) nextU32();
  let spareNormal: number | undefined;

  const next = () => nextU32() / 4294967296;
  const random: Random = {
    next,
    int: (n) => Math.floor(next() * n),
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    chance: (p) => next() < p,
    normal: () => {
      if (spareNormal !== undefined) {
        const value = spareNormal;
        spareNormal = undefined;
        return value;
      }
      let u = 0;
      while (u === 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spareNormal = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    poisson: (lambda) => {
      if (lambda <= 0) return 0;
      if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * random.normal()));
      const limit = Math.exp(-lambda);
      let k = 0;
      let p = next();
      while (p > limit) {
        k++;
        p *= next();
      }
      return k;
    },
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw validation('pick from an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
    fork: () => createRandom(nextU32()),
  };
  return random;
}
