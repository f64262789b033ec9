/**
 * A seeded synthetic digits set: the glyphs 0-9 of shapeproof's 5×7 plot font (src/viz/bitmap-font.ts), each
 * rendered into a `size`×`size` gray image through a random affine map — scale, rotation, shear, shift — with a
 * random stroke thickness, contrast, background level and Gaussian pixel noise. An MNIST stand-in that needs no
 * download: the same seed always gives the same images.
 */
import { createRng, type Rng } from "../../src/random.js";
import { allocate, Tensor } from "../../src/tensor/tensor.js";
import { glyph, glyphHeight, glyphWidth } from "../../src/viz/bitmap-font.js";

export interface DigitsOptions<N extends number, S extends number> {
  /** Number of images. */
  readonly n: N;
  /** Height and width in pixels. */
  readonly size: S;
  readonly seed: number;
  /** Standard deviation of the pixel noise (default 0.12). */
  readonly noise?: number;
}

export interface Digits<N extends number, S extends number> {
  /** Images in [0, 1], `(N, 1, S, S)`: light ink on a dark background. */
  readonly images: Tensor<[N, 1, S, S]>;
  /** The digit of each image, 0-9, as whole numbers in a float tensor (what `crossEntropy` takes). */
  readonly labels: Tensor<[N]>;
}

/** A stroke piece in glyph units (the glyph centred on (0, 0)): from (x0, y0) to (x1, y1). */
type Segment = readonly [x0: number, y0: number, x1: number, y1: number];

/**
 * Each digit's glyph as strokes: a segment between every pair of 8-neighbouring ink cells (a diagonal only where
 * the two cells that would bridge it are blank, so corners stay sharp), and a point for an isolated cell.
 */
const strokes: readonly (readonly Segment[])[] = Array.from({ length: 10 }, (_, d) => {
  const rows = glyph(String(d));
  if (rows === undefined) throw new Error(`digits: the bitmap font has no glyph for ${d}`);
  const inkAt = (x: number, y: number): boolean => rows[y]?.[x] === true;
  const at = (x: number, y: number): [number, number] => [x + 0.5 - glyphWidth / 2, y + 0.5 - glyphHeight / 2];
  const out: Segment[] = [];
  for (let y = 0; y < glyphHeight; y++) {
    for (let x = 0; x < glyphWidth; x++) {
      if (!inkAt(x, y)) continue;
      const neighbours: [number, number][] = [];
      if (inkAt(x + 1, y)) neighbours.push([x + 1, y]);
      if (inkAt(x, y + 1)) neighbours.push([x, y + 1]);
      if (inkAt(x + 1, y + 1) && !inkAt(x + 1, y) && !inkAt(x, y + 1)) neighbours.push([x + 1, y + 1]);
      if (inkAt(x - 1, y + 1) && !inkAt(x - 1, y) && !inkAt(x, y + 1)) neighbours.push([x - 1, y + 1]);
      const [x0, y0] = at(x, y);
      if (neighbours.length === 0) out.push([x0, y0, x0, y0]);
      for (const [nx, ny] of neighbours) out.push([x0, y0, ...at(nx, ny)]);
    }
  }
  return out;
});

/** Squared distance from (px, py) to the segment s. */
function segmentDistance2(px: number, py: number, s: Segment): number {
  const [x0, y0, x1, y1] = s;
  const vx = x1 - x0;
  const vy = y1 - y0;
  const len2 = vx * vx + vy * vy;
  const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, ((px - x0) * vx + (py - y0) * vy) / len2));
  const ex = px - x0 - t * vx;
  const ey = py - y0 - t * vy;
  return ex * ex + ey * ey;
}

/** Each image's digit is drawn uniformly from 0-9. */
export function syntheticDigits<const N extends number, const S extends number>(options: DigitsOptions<N, S>): Digits<N, S> {
  const { n, size, seed, noise = 0.12 } = options;
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`syntheticDigits: n must be an integer ≥ 0, got ${n}`);
  if (!Number.isSafeInteger(size) || size < 8) throw new RangeError(`syntheticDigits: size must be an integer ≥ 8, got ${size}`);
  const rng = createRng(seed);
  const plane = size * size;
  const images = allocate("float32", n * plane);
  const labels = allocate("float32", n);
  for (let i = 0; i < n; i++) {
    const digit = rng.int(10);
    labels[i] = digit;
    drawDigit(rng, digit, size, noise, images.subarray(i * plane, (i + 1) * plane));
  }
  return { images: Tensor.wrap([n, 1, size, size], "float32", images), labels: Tensor.wrap([n], "float32", labels) };
}

function drawDigit(rng: Rng, digit: number, size: number, noise: number, out: Float32Array): void {
  // Glyph units per pixel: the 7-cell-high glyph spans about 70% of the image at scale 1.
  const scale = rng.uniformIn(0.8, 1.15) * ((0.7 * size) / glyphHeight);
  const aspect = rng.uniformIn(0.85, 1.15);
  const angle = rng.uniformIn(-0.2, 0.2); // about ±11°
  const shear = rng.uniformIn(-0.25, 0.25);
  const cx = size / 2 + rng.uniformIn(-0.12, 0.12) * size;
  const cy = size / 2 + rng.uniformIn(-0.08, 0.08) * size;
  // Half the stroke width in glyph units: 0.5 is the font's own one-cell stroke.
  const halfStroke = rng.uniformIn(0.3, 0.65);
  const ink = rng.uniformIn(0.6, 1);
  const background = rng.uniformIn(0, 0.25);
  // Pixel → glyph coordinates: the inverse of (scale, aspect, shear, rotation) about the centre.
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const sx = scale * aspect;
  const sy = scale;
  const segments = strokes[digit]!;
  const pixelInGlyph = 1 / scale;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const dx = px + 0.5 - cx;
      const dy = py + 0.5 - cy;
      // Undo rotation, then shear, then scale.
      const rx = cos * dx + sin * dy;
      const ry = -sin * dx + cos * dy;
      const gy = ry / sy;
      const gx = (rx - shear * ry) / sx;
      // Distance to the nearest stroke; the pen is a disc of radius halfStroke.
      let best = Infinity;
      for (const segment of segments) best = Math.min(best, segmentDistance2(gx, gy, segment));
      // Antialiased edge one pixel wide.
      const coverage = Math.min(1, Math.max(0, 0.5 - (Math.sqrt(best) - halfStroke) / pixelInGlyph));
      const v = background + (ink - background) * coverage + noise * rng.normal();
      out[py * size + px] = v < 0 ? 0 : v > 1 ? 1 : v;
    }
  }
}
