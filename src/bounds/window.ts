/**
 * Spatial windows for CROWN's rows. A row of a linear bound that starts at one pixel is nonzero only in that
 * pixel's receptive field, so a chunk of rows from nearby pixels is kept, at each (1, C, H, W) node, over the
 * bounding window of its rows' support only (auto_LiRPA's "patches" idea, as one window per chunk): R rows of
 * C × (h1 − h0) × (w1 − w0) numbers. A node of another shape keeps whole rows (window null).
 */
import type { RowPool } from "./row-pool.js";

/** Rows h0 ≤ h < h1 and columns w0 ≤ w < w1 of every channel's plane; may reach past the plane (zero padding). */
export interface Window {
  readonly h0: number;
  readonly h1: number;
  readonly w0: number;
  readonly w1: number;
}

/** A node's planes: channels, height, width of a (1, C, H, W) shape; null for any other shape. */
export interface Planes {
  readonly C: number;
  readonly H: number;
  readonly W: number;
}

export function planesOf(shape: readonly number[]): Planes | null {
  return shape.length === 4 && shape[0] === 1 ? { C: shape[1]!, H: shape[2]!, W: shape[3]! } : null;
}

export const fullWindow = (p: Planes): Window => ({ h0: 0, h1: p.H, w0: 0, w1: p.W });

/** Numbers per row: C times the window's area (the whole node when there is no window). */
export function rowLength(p: Planes | null, win: Window | null, size: number): number {
  return p === null || win === null ? size : p.C * (win.h1 - win.h0) * (win.w1 - win.w0);
}

export const isFull = (p: Planes, w: Window): boolean => w.h0 === 0 && w.w0 === 0 && w.h1 === p.H && w.w1 === p.W;

export const union = (a: Window, b: Window): Window => ({
  h0: Math.min(a.h0, b.h0),
  h1: Math.max(a.h1, b.h1),
  w0: Math.min(a.w0, b.w0),
  w1: Math.max(a.w1, b.w1),
});

export const clip = (p: Planes, w: Window): Window => ({
  h0: Math.max(0, Math.min(p.H, w.h0)),
  h1: Math.max(0, Math.min(p.H, w.h1)),
  w0: Math.max(0, Math.min(p.W, w.w0)),
  w1: Math.max(0, Math.min(p.W, w.w1)),
});

/**
 * Calls run(windowOffset, planeOffset, length) for every row segment of one row: `windowOffset` into the row's
 * C × window numbers, `planeOffset` into the node's flat (C, H, W) index, `length` = the window's width. The
 * window must lie inside the planes.
 */
export function forEachRun(p: Planes, w: Window, run: (windowOffset: number, planeOffset: number, length: number) => void): void {
  const bh = w.h1 - w.h0;
  const bw = w.w1 - w.w0;
  if (bw <= 0) return;
  for (let c = 0; c < p.C; c++) {
    for (let h = 0; h < bh; h++) run((c * bh + h) * bw, (c * p.H + w.h0 + h) * p.W + w.w0, bw);
  }
}

/**
 * R rows laid out over window `from` copied into window `to` (zeros where `from` has none; numbers of `from`
 * outside `to` are dropped — the caller makes sure they are zero padding or that `to` covers `from`).
 */
export function rebase(rows: Float64Array, R: number, C: number, from: Window, to: Window, pool: RowPool): Float64Array {
  const fh = from.h1 - from.h0;
  const fw = from.w1 - from.w0;
  const th = to.h1 - to.h0;
  const tw = to.w1 - to.w0;
  const out = pool.f64(R * C * th * tw, true);
  const h0 = Math.max(from.h0, to.h0);
  const h1 = Math.min(from.h1, to.h1);
  const w0 = Math.max(from.w0, to.w0);
  const w1 = Math.min(from.w1, to.w1);
  if (h1 <= h0 || w1 <= w0) return out;
  const len = w1 - w0;
  for (let r = 0; r < R; r++) {
    for (let c = 0; c < C; c++) {
      const fBase = (r * C + c) * fh;
      const tBase = (r * C + c) * th;
      for (let h = h0; h < h1; h++) {
        const src = (fBase + h - from.h0) * fw + (w0 - from.w0);
        const dst = (tBase + h - to.h0) * tw + (w0 - to.w0);
        for (let j = 0; j < len; j++) out[dst + j] = rows[src + j]!;
      }
    }
  }
  return out;
}
