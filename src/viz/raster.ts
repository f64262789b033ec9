import { encode } from "fast-png";

/** An RGBA 8-bit image being drawn into. */
export interface Raster {
  readonly width: number;
  readonly height: number;
  /** Row-major RGBA bytes. */
  readonly data: Uint8Array;
}

export type Rgba = readonly [number, number, number, number];

export function createRaster(width: number, height: number, fill: Rgba): Raster {
  if (!Number.isSafeInteger(width) || width < 1 || !Number.isSafeInteger(height) || height < 1) {
    throw new RangeError(`png: image size must be positive integers, got ${width}x${height}`);
  }
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < data.length; i += 4) data.set(fill, i);
  return { width, height, data };
}

/** Sets one pixel; coordinates outside the raster are ignored. */
export function setPixel(r: Raster, x: number, y: number, color: Rgba): void {
  if (x < 0 || y < 0 || x >= r.width || y >= r.height) return;
  r.data.set(color, (y * r.width + x) * 4);
}

/** Bresenham's line from (x0, y0) to (x1, y1), endpoints included (rounded to pixels). */
export function drawLine(r: Raster, x0: number, y0: number, x1: number, y1: number, color: Rgba): void {
  let x = Math.round(x0);
  let y = Math.round(y0);
  const xe = Math.round(x1);
  const ye = Math.round(y1);
  const dx = Math.abs(xe - x);
  const dy = -Math.abs(ye - y);
  const sx = x < xe ? 1 : -1;
  const sy = y < ye ? 1 : -1;
  let err = dx + dy;
  for (;;) {
    setPixel(r, x, y, color);
    if (x === xe && y === ye) return;
    const e2 = 2 * err;
    if (e2 >= dy) {
      err += dy;
      x += sx;
    }
    if (e2 <= dx) {
      err += dx;
      y += sy;
    }
  }
}

/** Encodes the raster as an 8-bit RGBA PNG (fast-png: pure JavaScript, the same bytes in Node and browsers). */
export function encodePng(r: Raster): Uint8Array {
  return encode({ width: r.width, height: r.height, data: r.data, channels: 4, depth: 8 });
}
