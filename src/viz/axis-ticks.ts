/** Tick values and their labels for plot axes. */

/**
 * "Nice" ticks covering [lo, hi]: multiples of a step of 1, 2 or 5 × 10^k chosen so there are about `target`
 * intervals. Returns the ticks inside [lo, hi] and the step (used to format them).
 */
export function niceTicks(lo: number, hi: number, target = 4): { readonly ticks: number[]; readonly step: number } {
  const span = hi - lo;
  if (!(span > 0) || !Number.isFinite(span)) return { ticks: Number.isFinite(lo) ? [lo] : [], step: 1 };
  const raw = span / target;
  const pow = 10 ** Math.floor(Math.log10(raw));
  // toPrecision drops the binary noise of m × 10^k (5 × 1e-6 is 4.9999…e-6).
  const step = [1, 2, 5, 10].map((m) => Number((m * pow).toPrecision(12))).find((s) => s >= raw * 0.7) ?? 10 * pow;
  const ticks: number[] = [];
  // Integer multiples of the step, rounded to 12 digits (3 × 0.2 is 0.6000000000000001); + 0 turns −0 into 0.
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) ticks.push(Number((k * step).toPrecision(12)) + 0);
  return { ticks, step };
}

/** Decimal places that show multiples of `step` exactly (0.05 → 2, 20 → 0). */
function decimalsFor(step: number): number {
  for (let d = 0; d <= 20; d++) if (Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) < 1e-6) return d;
  return 20;
}

/**
 * A short label for tick `value` on an axis whose ticks are `step` apart: fixed point (0.05, 0.1, 12) when
 * that is at most 6 characters, else exponent form without "+" or a trailing ".0" (1e-3, 2.5e4).
 */
export function formatTick(value: number, step: number): string {
  if (Math.abs(value) < step * 1e-9) return "0";
  const fixed = value.toFixed(decimalsFor(step));
  if (fixed.length <= 6) return fixed;
  const digits = Math.max(0, Math.min(6, Math.floor(Math.log10(Math.abs(value))) - Math.floor(Math.log10(step))));
  return value
    .toExponential(digits)
    .replace(/\.?0+e/, "e")
    .replace("e+", "e");
}

/** Label for 10^d on a log axis: 0.01, 0.1, 1, 10, 100, 1000, else 1e-3, 1e4. */
export function formatPowerOfTen(d: number): string {
  return d >= -2 && d <= 3 ? (10 ** d).toFixed(Math.max(0, -d)) : `1e${d}`;
}
