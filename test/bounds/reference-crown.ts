/**
 * An independent CROWN for ReLU/leaky-ReLU MLPs in exact-ish float64, written from auto_LiRPA's definitions as
 * docs/bounds.md states them: the first linear layer by IBP (exact), every later pre-activation by IBP from the
 * previous bounds, then CROWN on its unstable elements only (l < 0 < u), the adaptive lower slope (1 when
 * u > −l·α-chord slope > 1/2, else α), the chord above; the output by CROWN intersected with IBP.
 */
export interface Dense {
  readonly w: Float64Array; // out × in, row-major
  readonly b: Float64Array;
  readonly out: number;
  readonly in: number;
}

export interface Interval {
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

const ibpDense = (d: Dense, x: Interval): Interval => {
  const lower = new Float64Array(d.out);
  const upper = new Float64Array(d.out);
  for (let o = 0; o < d.out; o++) {
    let lo = d.b[o]!;
    let hi = d.b[o]!;
    for (let i = 0; i < d.in; i++) {
      const a = d.w[o * d.in + i]!;
      lo += a > 0 ? a * x.lower[i]! : a * x.upper[i]!;
      hi += a > 0 ? a * x.upper[i]! : a * x.lower[i]!;
    }
    lower[o] = lo;
    upper[o] = hi;
  }
  return { lower, upper };
};

const act = (alpha: number) => (v: number) => (v > 0 ? v : alpha * v);

function relax(alpha: number, l: number, u: number): [number, number, number, number] {
  if (l >= 0) return [1, 0, 1, 0];
  if (u <= 0) return [alpha, 0, alpha, 0];
  const s = (u - alpha * l) / (u - l);
  return [s > 0.5 ? 1 : alpha, 0, s, alpha * l - s * l];
}

/** Lower bound of row `c` (over the pre-activation of layer `k`) by back-substitution to the input box. */
function backSubstitute(layers: readonly Dense[], pre: readonly Interval[], alpha: number, k: number, c: Float64Array, box: Interval): number {
  let lam = c;
  let bias = 0;
  for (let j = k; j >= 0; j--) {
    const d = layers[j]!;
    for (let o = 0; o < d.out; o++) bias += lam[o]! * d.b[o]!;
    const next = new Float64Array(d.in);
    for (let o = 0; o < d.out; o++) {
      const v = lam[o]!;
      if (v === 0) continue;
      for (let i = 0; i < d.in; i++) next[i] += v * d.w[o * d.in + i]!;
    }
    if (j === 0) {
      let s = bias;
      for (let i = 0; i < d.in; i++) s += next[i]! > 0 ? next[i]! * box.lower[i]! : next[i]! * box.upper[i]!;
      return s;
    }
    // through the activation after layer j − 1
    const p = pre[j - 1]!;
    for (let i = 0; i < d.in; i++) {
      const [ls, li, us, ui] = relax(alpha, p.lower[i]!, p.upper[i]!);
      const v = next[i]!;
      if (v > 0) {
        next[i] = v * ls;
        bias += v * li;
      } else {
        next[i] = v * us;
        bias += v * ui;
      }
    }
    lam = next;
  }
  return bias;
}

export function referenceCrown(layers: readonly Dense[], alpha: number, box: Interval): { ibp: Interval; crown: Interval } {
  const f = act(alpha);
  // IBP alone
  let x = box;
  const ibpPre: Interval[] = [];
  layers.forEach((d, k) => {
    const z = ibpDense(d, x);
    ibpPre.push(z);
    x = k < layers.length - 1 ? { lower: z.lower.map(f), upper: z.upper.map(f) } : z;
  });
  // CROWN's intermediate bounds
  const pre: Interval[] = [];
  x = box;
  for (let k = 0; k < layers.length - 1; k++) {
    const z = ibpDense(layers[k]!, x);
    if (k > 0) {
      for (let o = 0; o < layers[k]!.out; o++) {
        if (!(z.lower[o]! < 0 && z.upper[o]! > 0)) continue;
        const e = new Float64Array(layers[k]!.out);
        e[o] = 1;
        const lo = backSubstitute(layers, pre, alpha, k, e, box);
        e[o] = -1;
        const hi = -backSubstitute(layers, pre, alpha, k, e, box);
        z.lower[o] = lo;
        z.upper[o] = hi;
      }
    }
    pre.push(z);
    x = { lower: z.lower.map(f), upper: z.upper.map(f) };
  }
  const last = layers.length - 1;
  const outIbp = ibpPre[last]!;
  const n = layers[last]!.out;
  const lower = new Float64Array(n);
  const upper = new Float64Array(n);
  for (let o = 0; o < n; o++) {
    const e = new Float64Array(n);
    e[o] = 1;
    lower[o] = Math.max(backSubstitute(layers, pre, alpha, last, e, box), outIbp.lower[o]!);
    e[o] = -1;
    upper[o] = Math.min(-backSubstitute(layers, pre, alpha, last, e, box), outIbp.upper[o]!);
  }
  return { ibp: outIbp, crown: { lower, upper } };
}
