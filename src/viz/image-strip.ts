import { createRaster, encodePng, type Rgba } from "./raster.js";
import { drawText, textHeight, textWidth } from "./text.js";

/** How a panel's values become gray levels: `"minmax"` stretches [min, max] to black…white; `"unit"` clamps [0, 1]. */
export type GrayRange = "minmax" | "unit";

/** One grayscale image of a strip: its values, height and width. */
export interface Panel {
  /** Row-major `height × width` values (e.g. one channel of a `(1, H, W)` image). */
  readonly data: ArrayLike<number>;
  readonly height: number;
  readonly width: number;
  /** Overrides the strip's `range` for this panel. */
  readonly range?: GrayRange;
}

/** How imageStripPng draws its panels: upscaling, gray range, separator width. */
export interface ImageStripOptions {
  /** Integer upscaling factor, nearest neighbour (default 1). */
  readonly scale?: number;
  /** Default `"minmax"`. A constant panel maps to black under "minmax". */
  readonly range?: GrayRange;
  /** Separator width in output pixels (default 2). */
  readonly separator?: number;
  /** Separator (and padding below shorter panels) colour, RGBA; default red `[255, 0, 0, 255]`. */
  readonly separatorColor?: Rgba;
  /**
   * One caption per panel (e.g. "input", "truth", "prediction"), drawn in black, centred above its panel in a
   * white band of `stripLabelBand` pixels added on top. Only characters of the bitmap font (`fontCharacters`).
   */
  readonly labels?: readonly string[];
}

/** Height of the caption band `labels` adds above the panels: the 7-px font with 2 px above and below. */
export const stripLabelBand = textHeight + 4;

/** The 0…255 gray level `value` gets in a panel whose values span [lo, hi] (non-finite values → 0). */
export function grayLevel(value: number, lo: number, hi: number): number {
  if (!Number.isFinite(value)) return 0;
  const t = hi > lo ? (value - lo) / (hi - lo) : 0;
  return Math.round(255 * Math.min(1, Math.max(0, t)));
}

/**
 * Panels side by side (e.g. input | truth | prediction), each mapped to grayscale, upscaled by `scale`, with a
 * `separator`-pixel coloured bar between neighbours; panels shorter than the tallest are padded below with the
 * separator colour. With `labels`, a caption band on top. Returns PNG (RGBA) bytes.
 */
export function imageStripPng(panels: readonly Panel[], options: ImageStripOptions = {}): Uint8Array {
  const { scale = 1, range = "minmax", separator = 2, separatorColor = [255, 0, 0, 255], labels } = options;
  if (panels.length === 0) throw new RangeError("imageStripPng: need at least one panel");
  if (!Number.isSafeInteger(scale) || scale < 1) throw new RangeError(`imageStripPng: scale must be an integer ≥ 1, got ${scale}`);
  if (!Number.isSafeInteger(separator) || separator < 0) {
    throw new RangeError(`imageStripPng: separator must be an integer ≥ 0, got ${separator}`);
  }
  panels.forEach((p, i) => {
    if (!Number.isSafeInteger(p.height) || !Number.isSafeInteger(p.width) || p.height < 1 || p.width < 1) {
      throw new RangeError(`imageStripPng: panel ${i} size must be positive integers, got ${p.height}x${p.width}`);
    }
    if (p.data.length !== p.height * p.width) {
      throw new RangeError(`imageStripPng: panel ${i} has ${p.data.length} values but ${p.height}x${p.width} needs ${p.height * p.width}`);
    }
  });
  if (labels !== undefined && labels.length !== panels.length) {
    throw new RangeError(`imageStripPng: got ${labels.length} labels for ${panels.length} panels; need one per panel`);
  }
  const band = labels === undefined ? 0 : stripLabelBand;
  const outH = Math.max(...panels.map((p) => p.height)) * scale + band;
  const outW = panels.reduce((sum, p) => sum + p.width * scale, 0) + separator * (panels.length - 1);
  const raster = createRaster(outW, outH, separatorColor);
  if (labels !== undefined) {
    raster.data.fill(255, 0, outW * band * 4);
    let x = 0;
    panels.forEach((p, i) => {
      const w = p.width * scale;
      drawText(raster, x + Math.max(0, (w - textWidth(labels[i]!)) >> 1), 2, labels[i]!, [0, 0, 0, 255]);
      x += w + separator;
    });
  }
  let x0 = 0;
  for (const p of panels) {
    let lo = 0;
    let hi = 1;
    if ((p.range ?? range) === "minmax") {
      lo = Infinity;
      hi = -Infinity;
      for (let i = 0; i < p.data.length; i++) {
        const v = p.data[i]!;
        if (!Number.isFinite(v)) continue;
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    for (let y = 0; y < p.height * scale; y++) {
      for (let x = 0; x < p.width * scale; x++) {
        const g = grayLevel(p.data[Math.floor(y / scale) * p.width + Math.floor(x / scale)]!, lo, hi);
        raster.data.set([g, g, g, 255], ((band + y) * outW + x0 + x) * 4);
      }
    }
    x0 += p.width * scale + separator;
  }
  return encodePng(raster);
}

/**
 * One channel of one image of a `(N, C, H, W)` tensor (or of a `(C, H, W)` tensor, `index` 0) as a panel,
 * without copying.
 */
export function tensorPanel(
  t: { readonly shape: readonly number[]; readonly data: Float32Array | Float64Array },
  index = 0,
  channel = 0,
  range?: GrayRange,
): Panel {
  const s = t.shape;
  if (s.length !== 3 && s.length !== 4) throw new RangeError(`tensorPanel: need a (C, H, W) or (N, C, H, W) tensor, got [${s.join(", ")}]`);
  const [n, c, h, w] = s.length === 4 ? [s[0]!, s[1]!, s[2]!, s[3]!] : [1, s[0]!, s[1]!, s[2]!];
  if (!Number.isInteger(index) || index < 0 || index >= n) throw new RangeError(`tensorPanel: index ${index} out of range for ${n} images`);
  if (!Number.isInteger(channel) || channel < 0 || channel >= c)
    throw new RangeError(`tensorPanel: channel ${channel} out of range for ${c} channels`);
  const start = (index * c + channel) * h * w;
  return { data: t.data.subarray(start, start + h * w), height: h, width: w, ...(range === undefined ? {} : { range }) };
}
