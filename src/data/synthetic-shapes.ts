import { checkShape, Tensor, allocate } from "../tensor/tensor.js";
import { type Rng, createRng } from "../random.js";

/** What syntheticShapes draws: the batch and image sizes, the seed. */
export interface SyntheticShapesOptions<N extends number, H extends number, W extends number> {
  /** Number of images. */
  readonly n: N;
  readonly height: H;
  readonly width: W;
  /** Same seed → same images and masks. */
  readonly seed: number;
  /** Shapes per image are uniform in [minShapes, maxShapes]; defaults 1 and 3. */
  readonly minShapes?: number;
  readonly maxShapes?: number;
  /** Standard deviation of the additive Gaussian pixel noise (default 0.06). */
  readonly noise?: number;
  /**
   * Distractors (default true): a smooth background gradient and thin bright line segments that are *not*
   * foreground, so the mask is not a global intensity threshold (a thin bright line looks like a shape pixel by
   * intensity; only its 1-px width gives it away).
   */
  readonly distractors?: boolean;
}

/** A batch of synthetic images with their segmentation masks. */
export interface SyntheticShapes<N extends number, H extends number, W extends number> {
  /** Grayscale images in [0, 1], `(N, 1, H, W)`. */
  readonly images: Tensor<[N, 1, H, W]>;
  /** Binary masks (1 = inside some shape), `(N, 1, H, W)`. */
  readonly masks: Tensor<[N, 1, H, W]>;
}

/**
 * A seeded binary-segmentation set: each image is a noisy background with 1–3 (by default) filled, possibly
 * overlapping ellipses (rotated) and axis-aligned rectangles of random size, position and intensity; the mask
 * marks the union of the shapes. Shapes are always brighter than the local background (by 0.2–0.6) but, with
 * distractors, not brighter than every background pixel.
 */
export function syntheticShapes<const N extends number, const H extends number, const W extends number>(
  options: SyntheticShapesOptions<N, H, W>,
): SyntheticShapes<N, H, W> {
  const { n, height, width, seed, minShapes = 1, maxShapes = 3, noise = 0.06, distractors = true } = options;
  checkShape("syntheticShapes", [n, 1, height, width]);
  if (!Number.isSafeInteger(minShapes) || minShapes < 0 || !Number.isSafeInteger(maxShapes) || maxShapes < minShapes) {
    throw new RangeError(`syntheticShapes: need integers 0 ≤ minShapes ≤ maxShapes, got ${minShapes} and ${maxShapes}`);
  }
  if (!(noise >= 0)) throw new RangeError(`syntheticShapes: noise must be ≥ 0, got ${noise}`);
  const rng = createRng(seed);
  const plane = height * width;
  const images = allocate("float32", n * plane);
  const masks = allocate("float32", n * plane);
  for (let i = 0; i < n; i++) {
    drawImage(rng, images.subarray(i * plane, (i + 1) * plane), masks.subarray(i * plane, (i + 1) * plane), {
      height,
      width,
      shapes: minShapes + rng.int(maxShapes - minShapes + 1),
      noise,
      distractors,
    });
  }
  const shape: [N, 1, H, W] = [n, 1, height, width];
  return { images: Tensor.wrap(shape, "float32", images), masks: Tensor.wrap([...shape], "float32", masks) };
}

interface DrawSpec {
  readonly height: number;
  readonly width: number;
  readonly shapes: number;
  readonly noise: number;
  readonly distractors: boolean;
}

function drawImage(rng: Rng, img: Float32Array, mask: Float32Array, spec: DrawSpec): void {
  const { height: h, width: w } = spec;
  // Background: a base level plus (with distractors) a linear gradient across the image.
  const base = rng.uniformIn(0.1, 0.35);
  const tilt = spec.distractors ? rng.uniformIn(0, 0.25) : 0;
  const angle = rng.uniformIn(0, 2 * Math.PI);
  const gx = Math.cos(angle) * tilt;
  const gy = Math.sin(angle) * tilt;
  const background = (y: number, x: number): number => base + gx * (x / Math.max(w - 1, 1) - 0.5) + gy * (y / Math.max(h - 1, 1) - 0.5);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) img[y * w + x] = background(y, x);

  const short = Math.min(h, w);
  for (let s = 0; s < spec.shapes; s++) {
    const contrast = rng.uniformIn(0.2, 0.6);
    const cy = rng.uniformIn(0.1 * h, 0.9 * h);
    const cx = rng.uniformIn(0.1 * w, 0.9 * w);
    const inside = rng.uniform() < 0.5 ? ellipse(rng, cy, cx, short) : rectangle(rng, cy, cx, short);
    let area = 0;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        if (!inside(y + 0.5, x + 0.5)) continue;
        img[y * w + x] = background(y, x) + contrast;
        mask[y * w + x] = 1;
        area++;
      }
    }
    // A shape that fell (almost) outside the frame leaves no mark: place a small ellipse at the centre
    // of the frame so every requested shape is visible.
    if (area === 0) {
      const cy2 = h / 2;
      const cx2 = w / 2;
      const r = Math.max(1, short / 8);
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const dy = y + 0.5 - cy2;
          const dx = x + 0.5 - cx2;
          if (dy * dy + dx * dx > r * r) continue;
          img[y * w + x] = background(y, x) + contrast;
          mask[y * w + x] = 1;
        }
      }
    }
  }

  if (spec.distractors) {
    // Thin bright segments (1 px, not foreground): as bright as shapes, but no area.
    const lines = 1 + rng.int(3);
    for (let l = 0; l < lines; l++) {
      const level = rng.uniformIn(0.2, 0.6);
      let y0 = rng.uniformIn(0, h);
      let x0 = rng.uniformIn(0, w);
      const len = rng.uniformIn(0.3, 0.8) * short;
      const a = rng.uniformIn(0, Math.PI);
      const steps = Math.ceil(len);
      for (let k = 0; k <= steps; k++) {
        const yi = Math.floor(y0);
        const xi = Math.floor(x0);
        if (yi >= 0 && yi < h && xi >= 0 && xi < w && mask[yi * w + xi] === 0) img[yi * w + xi] = background(yi, xi) + level;
        y0 += Math.sin(a);
        x0 += Math.cos(a);
      }
    }
  }

  for (let i = 0; i < img.length; i++) {
    const v = img[i]! + spec.noise * rng.normal();
    img[i] = v < 0 ? 0 : v > 1 ? 1 : v;
  }
}

type Inside = (y: number, x: number) => boolean;

function ellipse(rng: Rng, cy: number, cx: number, short: number): Inside {
  const ry = rng.uniformIn(0.08, 0.25) * short;
  const rx = rng.uniformIn(0.08, 0.25) * short;
  const theta = rng.uniformIn(0, Math.PI);
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  return (y, x) => {
    const dy = y - cy;
    const dx = x - cx;
    const u = (c * dx + s * dy) / rx;
    const v = (-s * dx + c * dy) / ry;
    return u * u + v * v <= 1;
  };
}

function rectangle(rng: Rng, cy: number, cx: number, short: number): Inside {
  const hh = rng.uniformIn(0.08, 0.25) * short;
  const hw = rng.uniformIn(0.08, 0.25) * short;
  return (y, x) => Math.abs(y - cy) <= hh && Math.abs(x - cx) <= hw;
}
