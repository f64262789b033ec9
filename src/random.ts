/**
 * Seeded pseudo-random numbers: xoshiro128** seeded through splitmix32, so every seed
 * (including 0) gives a well-mixed, reproducible stream on every platform.
 */
export interface Rng {
  /** Uniform in [0, 1), 32 bits of randomness. */
  uniform(): number;
  /** Uniform in [lo, hi). */
  uniformIn(lo: number, hi: number): number;
  /** Standard normal (Box-Muller). */
  normal(): number;
  /** Integer in [0, n). */
  int(n: number): number;
}

/** A seeded random generator (the same sequence for the same seed, on every platform). */
export function createRng(seed: number): Rng {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`createRng: seed must be a safe integer, got ${seed}`);
  let s = (seed >>> 0) ^ Math.floor(seed / 2 ** 32);
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
  let spare = NaN;
  return {
    uniform: () => next() / 4294967296,
    uniformIn: (lo, hi) => lo + (hi - lo) * (next() / 4294967296),
    int: (n) => Math.floor((next() / 4294967296) * n),
    normal: () => {
      if (!Number.isNaN(spare)) {
        const v = spare;
        spare = NaN;
        return v;
      }
      // 1 - u keeps the logarithm's argument in (0, 1].
      const r = Math.sqrt(-2 * Math.log(1 - next() / 4294967296));
      const theta = (2 * Math.PI * next()) / 4294967296;
      spare = r * Math.sin(theta);
      return r * Math.cos(theta);
    },
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
