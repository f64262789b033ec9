import { formatPowerOfTen, formatTick, niceTicks } from "./axis-ticks.js";
import { createRaster, drawLine, encodePng, type Rgba } from "./raster.js";
import { drawText, textHeight, textWidth } from "./text.js";

/** lossCurvePng's image size, y scale and colours. */
export interface LossCurveOptions {
  /** Image size in pixels (defaults 640 × 360). */
  readonly width?: number;
  readonly height?: number;
  /** y axis scale; default "log" when every finite loss is > 0, else "linear". */
  readonly yScale?: "log" | "linear";
  /** Curve colour, RGBA (default blue). */
  readonly color?: Rgba;
  /** Training steps per point (e.g. the window of a windowed mean); x labels show `index × stepsPerPoint` (default 1). */
  readonly stepsPerPoint?: number;
  /** Axis titles (defaults "step" and "loss"; "" for none). Only characters of the bitmap font (`fontCharacters`). */
  readonly xTitle?: string;
  readonly yTitle?: string;
}

/** Colours used by `lossCurvePng` (exported so callers and tests can find the parts). */
export const lossCurveColors = {
  background: [255, 255, 255, 255],
  axis: [0, 0, 0, 255],
  grid: [225, 225, 225, 255],
  curve: [31, 119, 180, 255],
  text: [0, 0, 0, 255],
} as const satisfies Record<string, Rgba>;

/**
 * Margin between the image border and the plot area, in pixels: room for 6-character y labels left of the
 * 5-px ticks, the y title above, and the x labels plus the x title below.
 */
export const lossCurveMargin = { left: 44, right: 8, top: 12, bottom: 23 } as const;

const tickLength = 5;
/** Gap between a tick's end and its label. */
const labelGap = 2;

/**
 * A line plot of `losses` against step: white background, black axes with labelled tick marks, light grid lines
 * at each y tick, and the curve drawn with Bresenham lines. y ticks on a log scale: powers of ten when it spans
 * three or more (labels 0.01, 0.1, 1, 1e-3 …), 1, 2 and 5 × 10^d when it spans a decade; otherwise "nice"
 * values (multiples of 1, 2 or 5 × 10^k). x ticks: nice whole step numbers, point i being step
 * `i × stepsPerPoint`. Titles: y at the top-left, x centred below. Labels that would overlap are skipped.
 * Non-finite values (and ≤ 0 on a log scale) leave gaps. Returns PNG (RGBA) bytes.
 */
export function lossCurvePng(losses: readonly number[], options: LossCurveOptions = {}): Uint8Array {
  const { width = 640, height = 360, color = lossCurveColors.curve, stepsPerPoint = 1, xTitle = "step", yTitle = "loss" } = options;
  const m = lossCurveMargin;
  if (width < m.left + m.right + 2 || height < m.top + m.bottom + 2) {
    throw new RangeError(
      `lossCurvePng: ${width}x${height} is too small for the axes (need at least ${m.left + m.right + 2}x${m.top + m.bottom + 2})`,
    );
  }
  if (!(stepsPerPoint > 0) || !Number.isFinite(stepsPerPoint)) {
    throw new RangeError(`lossCurvePng: stepsPerPoint must be a positive finite number, got ${stepsPerPoint}`);
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

  // y ticks as (position in plotted units, label).
  const yTicks: { readonly at: number; readonly label: string }[] = [];
  if (yScale === "log" && Math.floor(hi) - Math.ceil(lo) >= 2) {
    for (let d = Math.ceil(lo); d <= Math.floor(hi); d++) yTicks.push({ at: d, label: formatPowerOfTen(d) });
  } else if (yScale === "log" && hi - lo >= 1) {
    // One or two powers of ten alone leave the scale hard to read: add 2 and 5 × 10^d.
    for (let d = Math.floor(lo); d <= Math.ceil(hi); d++) {
      for (const k of [1, 2, 5]) {
        const at = d + Math.log10(k);
        if (at >= lo - 1e-9 && at <= hi + 1e-9) yTicks.push({ at, label: k === 1 ? formatPowerOfTen(d) : formatTick(k * 10 ** d, 10 ** d) });
      }
    }
  } else if (yScale === "log") {
    // Less than a decade: nice values of the loss itself, placed at their logarithm.
    const { ticks, step } = niceTicks(10 ** lo, 10 ** hi);
    for (const t of ticks) if (t > 0) yTicks.push({ at: Math.log10(t), label: formatTick(t, step) });
  } else {
    const { ticks, step } = niceTicks(lo, hi);
    for (const t of ticks) yTicks.push({ at: t, label: formatTick(t, step) });
  }
  let lastLabelTop = Infinity; // labels are drawn bottom-up; one that would overlap the previous is skipped
  for (const { at, label } of yTicks) {
    const y = Math.round(py(at));
    drawLine(r, left + 1, y, right, y, lossCurveColors.grid);
    drawLine(r, left - tickLength, y, left, y, lossCurveColors.axis);
    const labelTop = Math.min(Math.max(y - (textHeight >> 1), 0), height - textHeight);
    if (labelTop + textHeight < lastLabelTop) {
      drawText(r, left - tickLength - labelGap - textWidth(label), labelTop, label, lossCurveColors.text);
      lastLabelTop = labelTop;
    }
  }

  // x ticks at whole steps; the last point is step (n − 1) × stepsPerPoint.
  const lastStep = Math.max(0, losses.length - 1) * stepsPerPoint;
  const xTicks = niceTicks(0, lastStep).ticks.filter((s) => Number.isInteger(s));
  let lastLabelEnd = -Infinity;
  for (const s of xTicks) {
    const x = Math.round(lastStep > 0 ? left + (s / lastStep) * (right - left) : left);
    drawLine(r, x, bottom, x, bottom + tickLength, lossCurveColors.axis);
    const label = String(s);
    const w = textWidth(label);
    const labelLeft = Math.min(Math.max(x - (w >> 1), 0), width - w);
    if (labelLeft > lastLabelEnd + 2) {
      drawText(r, labelLeft, bottom + tickLength + labelGap, label, lossCurveColors.text);
      lastLabelEnd = labelLeft + w;
    }
  }
  drawLine(r, left, top, left, bottom, lossCurveColors.axis);
  drawLine(r, left, bottom, right, bottom, lossCurveColors.axis);
  drawText(r, 2, 1, yTitle, lossCurveColors.text);
  drawText(r, Math.round((left + right - textWidth(xTitle)) / 2), bottom + tickLength + 2 * labelGap + textHeight, xTitle, lossCurveColors.text);

  for (let i = 0; i < ys.length; i++) {
    const y = ys[i]!;
    if (Number.isNaN(y)) continue;
    const prev = i > 0 ? ys[i - 1]! : NaN;
    if (Number.isNaN(prev)) drawLine(r, px(i), py(y), px(i), py(y), color);
    else drawLine(r, px(i - 1), py(prev), px(i), py(y), color);
  }
  return encodePng(r);
}
