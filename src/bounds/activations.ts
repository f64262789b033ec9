import type { ActivationRule, Relaxation, UnboundableRule } from "./rule.js";

/** Per-element lines of a relaxation, filled by `each(i, l, u)` returning [lowerSlope, lowerIntercept, upperSlope, upperIntercept]. */
function relaxEach(l: Float64Array, u: Float64Array, each: (l: number, u: number) => readonly [number, number, number, number]): Relaxation {
  const n = l.length;
  const r = {
    lowerSlope: new Float64Array(n),
    lowerIntercept: new Float64Array(n),
    upperSlope: new Float64Array(n),
    upperIntercept: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const [a, b, c, d] = each(l[i]!, u[i]!);
    r.lowerSlope[i] = a;
    r.lowerIntercept[i] = b;
    r.upperSlope[i] = c;
    r.upperIntercept[i] = d;
  }
  return r;
}

/**
 * leaky ReLU (α = 0: ReLU) as auto_LiRPA's default ("adaptive") CROWN relaxation: on an unstable element the
 * upper line is the chord from (l, αl) to (u, u); the lower line is y = x when the chord's slope exceeds 1/2
 * (u > −l for ReLU), else y = αx. Stable elements are exact.
 */
function leakyRelax(alpha: number) {
  return (l: number, u: number): readonly [number, number, number, number] => {
    if (l >= 0) return [1, 0, 1, 0];
    if (u <= 0) return [alpha, 0, alpha, 0];
    const slope = (u - alpha * l) / (u - l);
    const intercept = -l * slope + alpha * l;
    const lower = slope > 0.5 ? 1 : alpha;
    return [lower, 0, slope, intercept];
  };
}

/** ReLU: exact in every float format (max(x, 0) rounds nothing). */
export const reluBound: ActivationRule = {
  kind: "activation",
  f: (x) => (x > 0 ? x : 0),
  relax: (l, u) => relaxEach(l, u, leakyRelax(0)),
  relError: () => 0,
  absError: 0,
  sparse: true,
};

/** leaky ReLU with slope α in [0, 1] (nondecreasing, convex): x·α is one rounding (of a float64 product, then to the dtype). */
export function leakyReluBound(alpha: number): ActivationRule | UnboundableRule {
  if (!(alpha >= 0 && alpha <= 1)) return { kind: "unboundable", reason: `its negative slope must be in [0, 1] for the relaxation, got ${alpha}` };
  return {
    kind: "activation",
    f: (x) => (x > 0 ? x : x * alpha),
    relax: (l, u) => relaxEach(l, u, leakyRelax(alpha)),
    relError: (u) => u + 2 ** -52,
    absError: 2 ** -149,
    sparse: true,
  };
}

/**
 * The CROWN relaxation (Zhang et al. 2018) of an S-shaped f (convex below 0, concave above): on the concave side
 * the chord below and the tangent at the midpoint above, mirrored on the convex side; across 0, the tangent
 * through the far endpoint when one exists in the opposite half, else the chord (which is then valid).
 */
function sShapedRelax(f: (x: number) => number, df: (x: number) => number) {
  const tangent = (d: number): readonly [number, number] => [df(d), f(d) - df(d) * d];
  return (l: number, u: number): readonly [number, number, number, number] => {
    const fl = f(l);
    const fu = f(u);
    if (!(u - l > 1e-12)) return [0, fl, 0, fu]; // a point (or nearly): f is nondecreasing
    const k = (fu - fl) / (u - l);
    const chord: readonly [number, number] = [k, fl - k * l];
    if (l >= 0) {
      const t = tangent((l + u) / 2);
      return [chord[0], chord[1], t[0], t[1]];
    }
    if (u <= 0) {
      const t = tangent((l + u) / 2);
      return [t[0], t[1], chord[0], chord[1]];
    }
    // upper: the tangent at d in [0, u] whose line passes above (l, f(l)); g(0) ≤ 0 always (convex side)
    const above = (d: number) => f(d) + df(d) * (l - d) - fl;
    let upper = chord;
    if (above(u) >= 0) {
      let lo = 0;
      let hi = u;
      for (let i = 0; i < 60; i++) {
        const mid = (lo + hi) / 2;
        if (above(mid) >= 0) hi = mid;
        else lo = mid;
      }
      upper = tangent(hi);
    }
    // lower: the tangent at d in [l, 0] whose line passes below (u, f(u)); it does at d = 0 (concave side)
    const below = (d: number) => f(d) + df(d) * (u - d) - fu;
    let lower = chord;
    if (below(l) <= 0) {
      let lo = l;
      let hi = 0;
      for (let i = 0; i < 60; i++) {
        const mid = (lo + hi) / 2;
        if (below(mid) <= 0) lo = mid;
        else hi = mid;
      }
      lower = tangent(lo);
    }
    return [lower[0], lower[1], upper[0], upper[1]];
  };
}

const sigmoidF = (x: number) => 1 / (1 + Math.exp(-x));
const tanhF = (x: number) => Math.tanh(x);

/**
 * sigmoid as the op computes it, 1 / (1 + exp(−x)) in float64 then rounded to the dtype: exp, + and / each within
 * a float64 ulp or so, the store one rounding of the dtype.
 */
export const sigmoidBound: ActivationRule = {
  kind: "activation",
  f: sigmoidF,
  relax: (l, u) =>
    relaxEach(
      l,
      u,
      sShapedRelax(sigmoidF, (x) => {
        const s = sigmoidF(x);
        return s * (1 - s);
      }),
    ),
  relError: (u) => u + 16 * 2 ** -53,
  absError: 2 ** -149,
  sparse: false,
};

/** tanh as the op computes it, Math.tanh in float64 then rounded to the dtype. */
export const tanhBound: ActivationRule = {
  kind: "activation",
  f: tanhF,
  relax: (l, u) =>
    relaxEach(
      l,
      u,
      sShapedRelax(tanhF, (x) => {
        const t = Math.tanh(x);
        return 1 - t * t;
      }),
    ),
  relError: (u) => u + 16 * 2 ** -53,
  absError: 2 ** -149,
  sparse: false,
};
