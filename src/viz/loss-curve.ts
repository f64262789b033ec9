import { createRaster, drawLine, encodePng, type Rgba } from "./raster.js";

export interface LossCurveOptions {
  /** Image size in pixels (defaults 640 × 360). */
  readonly width?: number;
  readonly height?: number;
  /** y axis scale; default "log" when every finite loss is > 0, else "linear". */
  readonly yScale?: "log" | "linear";
  /** Curve colour, RGBA (default blue). */
  readonly color?: Rgba;
}

/** Colours used by `lossCurvePng` (exported so callers and tests can find the parts). */
export const lossCurveColors = {
  background: [255, 255, 255, 255],
  axis: [0, 0, 0, 255],
  grid: [225, 225, 225, 255],
  curve: [31, 119, 180, 255],
} as const satisfies Record<string, Rgba>;

/** Margin between the image border and the plot area, in pixels. */
export const lossCurveMargin = { left: 24, right: 8, top: 8, bottom: 20 } as const;

/**
 * A line plot of `losses` against step: white background, black axes with tick marks (5 on each axis, with light
 * grid lines at each y tick; log scale ticks at powers of ten when the range spans at least one decade), and
 * the curve drawn with Bresenham lines. Non-finite values (and ≤ 0 on a log scale) leave gaps. No text.
 * Returns PNG (RGBA) bytes.
 */
export function lossCurvePng(losses: readonly number[], options: LossCurveOptions = {}): Uint8Array {
  const { width = 640, height = 360, color = lossCurveColors.curve } = options;
  const m = lossCurveMargin;
  if (width < m.left + m.right + 2 || height < m.top + m.bottom + 2) {
    throw new RangeError(`lossCurvePng: ${width}x${height} is too small for the axes (need at least ${m.left + m.right + 2}x${m.top + m.bottom + 2})`);
  }
  const finite = losses.filter((v) => Number.isFinite(v));
  const yScale = options.yScale ?? (finite.length > 0 && finite.every((v) => v > 0) ? "log" : "linear");
  const f = yScale === "log" ? (v: number): number => (v > 0 ? Math.log10(v) : NaN) : (v: number): number => v;
  const ys = losses.map((v) => (Number.isFinite(v) ? f(v) : NaN));
  const valid = ys.filter((v) => !Number.isNaN(v));
  let lo = valid.length > 0 ? Math.min(...valid) : 0;
  let hi = valid.length > 0 ? Math.max(...valid) : 1;
  if (hi - lo < 1e-12) {
    lo -= 0.5;
    hi += 0.5;
  }

  const r = createRaster(width, height, lossCurveColors.background);
  const left = m.left;
  const right = width - 1 - m.right;
  const top = m.top;
  const bottom = height - 1 - m.bottom;
  const px = (i: number): number => left + (losses.length > 1 ? (i / (losses.length - 1)) * (right - left) : 0);
  const py = (v: number): number => bottom - ((v - lo) / (hi - lo)) * (bottom - top);

  // y ticks: powers of ten on a log scale spanning a decade, else 5 evenly spaced.
  const yTicks: number[] = [];
  if (yScale === "log" && hi - lo >= 1) {
    for (let d = Math.ceil(lo); d <= Math.floor(hi); d++) yTicks.push(d);
  } else {
    for (let k = 0; k <= 4; k++) yTicks.push(lo + ((hi - lo) * k) / 4);
  }
  for (const t of yTicks) {
    const y = py(t);
    drawLine(r, left + 1, y, right, y, lossCurveColors.grid);
    drawLine(r, left - 5, y, left, y, lossCurveColors.axis);
  }
  for (let k = 0; k <= 4; k++) {
    const x = left + ((right - left) * k) / 4;
    drawLine(r, x, bottom, x, bottom + 5, lossCurveColors.axis);
  }
  drawLine(r, left, top, left, bottom, lossCurveColors.axis);
  drawLine(r, left, bottom, right, bottom, lossCurveColors.axis);

  for (let i = 0; i < ys.length; i++) {
    const y = ys[i]!;
    if (Number.isNaN(y)) continue;
    const prev = i > 0 ? ys[i - 1]! : NaN;
    if (Number.isNaN(prev)) drawLine(r, px(i), py(y), px(i), py(y), color);
    else drawLine(r, px(i - 1), py(prev), px(i), py(y), color);
  }
  return encodePng(r);
}
