/**
 * layerNorm's and groupNorm's interval bounds (they have no running state: they always normalise with the row's
 * own statistics), row by row over `inner` elements (a group's channels × spatial for groupNorm; `param(r, j)` is
 * the index of element j of row r into weight and bias): d_j = x_j − mean(x) is linear, so its interval is exact
 * ((1 − 1/n)·x_j minus the mean of the others); var = mean(d²) lies between the means of min d² and max d²;
 * s = 1/sqrt(var + eps) between the matching ends; y = d·s·w + b by interval products.
 * Float error: the forward computes mean, variance, s, h and y in float64 and rounds y once to the dtype; with
 * M = max|x| over the row, |h̃ − h| ≤ 2⁻⁴⁰·n·(1 + M²/eps)·M·s_max covers every float64 rounding (far above their
 * actual size), and u·(|h|·|w| + |b|) the final rounding. Whatever the row, |h| ≤ √n (d_j² ≤ Σ d² = n·var; the
 * float64 forward's h to n + 5 roundings), which caps h when that error term is large.
 */
export function normInterval(
  l: Float64Array,
  u: Float64Array,
  rows: number,
  inner: number,
  w: ArrayLike<number> | null,
  b: ArrayLike<number> | null,
  eps: number,
  unit: number,
  param: (r: number, j: number) => number = (_r, j) => j,
): { lower: Float64Array; upper: Float64Array } {
  const lower = new Float64Array(l.length);
  const upper = new Float64Array(l.length);
  const n = inner;
  const dl = new Float64Array(n);
  const du = new Float64Array(n);
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    let sl = 0;
    let su = 0;
    let M = 0;
    for (let j = 0; j < n; j++) {
      sl += l[base + j]!;
      su += u[base + j]!;
      M = Math.max(M, Math.abs(l[base + j]!), Math.abs(u[base + j]!));
    }
    let varLo = 0;
    let varHi = 0;
    for (let j = 0; j < n; j++) {
      const lj = l[base + j]!;
      const uj = u[base + j]!;
      dl[j] = (1 - 1 / n) * lj - (su - uj) / n;
      du[j] = (1 - 1 / n) * uj - (sl - lj) / n;
      const a = dl[j]! * dl[j]!;
      const c = du[j]! * du[j]!;
      varLo += dl[j]! > 0 || du[j]! < 0 ? Math.min(a, c) : 0;
      varHi += Math.max(a, c);
    }
    // the float64 sums above are off by far less than this relative widening
    varLo = Math.max(0, (varLo / n) * (1 - 2 ** -40));
    varHi = (varHi / n) * (1 + 2 ** -40);
    const sLo = (1 / Math.sqrt(varHi + eps)) * (1 - 2 ** -40);
    const sHi = (1 / Math.sqrt(varLo + eps)) * (1 + 2 ** -40);
    const f64Error = 2 ** -40 * n * (1 + (M * M) / eps) * (2 * M + 1) * sHi;
    for (let j = 0; j < n; j++) {
      const dLo = dl[j]! - 2 ** -40 * n * M;
      const dHi = du[j]! + 2 ** -40 * n * M;
      // (inputs of 1e6 make the error term alone 1e14: the cap √n is then far tighter)
      const hCap = Math.sqrt(n) * (1 + 2 ** -40 * (n + 8));
      let hLo = Math.max(-hCap, Math.min(dLo * sLo, dLo * sHi) - f64Error);
      let hHi = Math.min(hCap, Math.max(dHi * sLo, dHi * sHi) + f64Error);
      const wj = w === null ? 1 : w[param(r, j)]!;
      const bj = b === null ? 0 : b[param(r, j)]!;
      if (wj < 0) [hLo, hHi] = [hHi, hLo];
      const yLo = hLo * wj + bj;
      const yHi = hHi * wj + bj;
      const hMax = Math.max(Math.abs(hLo), Math.abs(hHi));
      const e = unit * (hMax * Math.abs(wj) + Math.abs(bj)) * (1 + 2 ** -20) + 2 ** -149;
      lower[base + j] = yLo - e;
      upper[base + j] = yHi + e;
    }
  }
  return { lower, upper };
}
