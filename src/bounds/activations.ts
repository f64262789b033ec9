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

/** auto_LiRPA's tangent-point tables (BoundSShaped.precompute_relaxation): grid step and size (x_limit 500 / step + 5). */
const TABLE_STEP = 0.01;
const TABLE_SIZE = 50005;

/**
 * The bisection auto_LiRPA runs for one table entry, in float64: from 0 outward (direction ∓1, doubled until
 * `valid`), then 100 halvings keeping the valid end. `valid` holds on a half-line from the far side, so the
 * result is the valid tangent point nearest 0, to the last bit.
 */
function bisectTangentPoint(valid: (d: number) => boolean, direction: number): number {
  let far = direction;
  while (!valid(far) && Number.isFinite(far)) far *= 2;
  let near = 0;
  for (let i = 0; i < 100; i++) {
    const mid = (far + near) / 2;
    if (valid(mid)) far = mid;
    else near = mid;
  }
  return far;
}

/**
 * A lazily filled table of tangent points, as auto_LiRPA's for an end x ≥ 0 of the interval: entry i is for the
 * grid point g = 0.01·i, and x is looked up at i = max(0, trunc(x / 0.01)) + 1, a grid point above x (null past
 * the table's end, where auto_LiRPA falls back to the interval's own end). `lowerSide`: the tangent at d ≤ 0
 * lying below f up to g (for an upper end u = x); else the tangent at d ≥ 0 lying above f down to −g (for a
 * lower end l = −x). auto_LiRPA computes the same entries by the same bisection; ours are float64 and exact to
 * the last bits, so each line is checked on the real function at the grid point.
 */
function tangentTable(f: (x: number) => number, df: (x: number) => number, lowerSide: boolean): (x: number) => number | null {
  const points = new Float64Array(TABLE_SIZE).fill(Number.NaN);
  return (x) => {
    const i = Math.max(0, Math.trunc(x / TABLE_STEP)) + 1;
    if (!(i < TABLE_SIZE)) return null;
    let d = points[i]!;
    if (Number.isNaN(d)) {
      const g = lowerSide ? TABLE_STEP * i : -TABLE_STEP * i;
      const fg = f(g);
      d = lowerSide ? bisectTangentPoint((t) => df(t) * (g - t) + f(t) <= fg, -1) : bisectTangentPoint((t) => df(t) * (g - t) + f(t) >= fg, 1);
      points[i] = d;
    }
    return d;
  };
}

/**
 * auto_LiRPA 0.7.1's CROWN relaxation of an S-shaped f (convex below 0, concave above, f(−x) = 2f(0) − f(x):
 * BoundSShaped.bound_relax_impl, non-optimised, smoothness enhancement on). m = (l + u)/2.
 * - l ≥ 0: the chord below, the tangent at m above; u ≤ 0: the tangent at m below, the chord above.
 * - l < 0 < u, lower line: the tangent at m if m ≤ d_l (d_l from the table for u: the tangent at d_l stays below
 *   f up to a grid point above u; l itself past the table), else the chord if its slope is below f′(l), else the
 *   tangent at d_l. The upper line mirrors it with d_u from the table for −l (u past the table) and f′(u).
 * - auto_LiRPA clamps the chord's denominator u − l to 1e-8, which puts a chord above a convex piece below f;
 *   intervals narrower than that (or unbounded) get the constant lines f(l) and f(u) instead (f is
 *   nondecreasing), at most f′·1e-8 looser per element.
 * Every line is below (above) f on [l, u] in exact arithmetic; the float64 evaluation of lines and tangent points
 * is covered by the engine's slack on relaxations (propagate.ts) and the rule's relError.
 */
function sShapedRelax(f: (x: number) => number, df: (x: number) => number) {
  const belowUpTo = tangentTable(f, df, true);
  const aboveDownTo = tangentTable(f, df, false);
  const tangent = (d: number): readonly [number, number] => {
    const k = df(d);
    return [k, f(d) - k * d];
  };
  return (l: number, u: number): readonly [number, number, number, number] => {
    const fl = f(l);
    const fu = f(u);
    if (!(u - l >= 1e-8 && u - l < Number.POSITIVE_INFINITY)) return [0, fl, 0, fu];
    const k = (fu - fl) / (u - l);
    const chord: readonly [number, number] = [k, fl - k * l];
    const m = (l + u) / 2;
    const mid = tangent(m);
    if (l >= 0) return [chord[0], chord[1], mid[0], mid[1]];
    if (u <= 0) return [mid[0], mid[1], chord[0], chord[1]];
    const dl = belowUpTo(u) ?? l;
    const du = aboveDownTo(-l) ?? u;
    const lower = dl >= m ? mid : k < df(l) ? chord : tangent(dl);
    const upper = du < m ? mid : k < df(u) ? chord : tangent(du);
    return [lower[0], lower[1], upper[0], upper[1]];
  };
}

const sigmoidF = (x: number) => 1 / (1 + Math.exp(-x));
const tanhF = (x: number) => Math.tanh(x);
// built once: each keeps its tangent-point tables across calls
const sigmoidRelax = sShapedRelax(sigmoidF, (x) => {
  const s = sigmoidF(x);
  return s * (1 - s);
});
const tanhRelax = sShapedRelax(tanhF, (x) => {
  const t = Math.tanh(x);
  return 1 - t * t;
});

/**
 * sigmoid as the op computes it, 1 / (1 + exp(−x)) in float64 then rounded to the dtype: exp, + and / each within
 * a float64 ulp or so, the store one rounding of the dtype.
 */
export const sigmoidBound: ActivationRule = {
  kind: "activation",
  f: sigmoidF,
  relax: (l, u) => relaxEach(l, u, sigmoidRelax),
  relError: (u) => u + 16 * 2 ** -53,
  absError: 2 ** -149,
  sparse: false,
};

/** tanh as the op computes it, Math.tanh in float64 then rounded to the dtype. */
export const tanhBound: ActivationRule = {
  kind: "activation",
  f: tanhF,
  relax: (l, u) => relaxEach(l, u, tanhRelax),
  relError: (u) => u + 16 * 2 ** -53,
  absError: 2 ** -149,
  sparse: false,
};
