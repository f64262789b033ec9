import { type DecodedPng, decode as decodePng } from "fast-png";
import { describe, expect, it } from "vitest";
import {
  createRaster,
  drawText,
  imageStripPng,
  lossCurveColors,
  lossCurveMargin,
  lossCurvePng,
  stripLabelBand,
  tensorPanel,
  textHeight,
  textWidth,
} from "../../src/viz/index.js";
import { tensor } from "../../src/tensor/tensor.js";

function decode(bytes: Uint8Array): DecodedPng {
  expect(bytes).toBeInstanceOf(Uint8Array);
  expect(Array.from(bytes.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  const png = decodePng(bytes);
  expect([png.channels, png.depth]).toEqual([4, 8]);
  return png;
}

function pixel(png: DecodedPng, x: number, y: number): number[] {
  const i = (y * png.width + x) * 4;
  return Array.from(png.data.subarray(i, i + 4));
}

describe("imageStripPng", () => {
  // 2×3 panels: input (min-max mapped), truth (0/1), prediction.
  const input = { data: new Float32Array([-1, 0, 1, 1, 1, 3]), height: 2, width: 3 };
  const truth = { data: new Float32Array([0, 1, 1, 0, 0, 1]), height: 2, width: 3, range: "unit" as const };
  const pred = { data: new Float32Array([0.25, 2, -5, 0.5, 0.75, 1]), height: 2, width: 3, range: "unit" as const };

  it("lays panels out side by side, upscaled, with 2-px separators", () => {
    const png = decode(imageStripPng([input, truth, pred], { scale: 4 }));
    expect(png.width).toBe(3 * 12 + 2 * 2);
    expect(png.height).toBe(8);
    // input: min -1 → 0, max 3 → 255, 0 → 64 (round(255/4)), 1 → 128.
    expect(pixel(png, 0, 0)).toEqual([0, 0, 0, 255]);
    expect(pixel(png, 3, 3)).toEqual([0, 0, 0, 255]);
    expect(pixel(png, 4, 0)).toEqual([64, 64, 64, 255]);
    expect(pixel(png, 11, 7)).toEqual([255, 255, 255, 255]);
    expect(pixel(png, 8, 0)).toEqual([128, 128, 128, 255]);
    // separator (red by default) at x = 12, 13.
    expect(pixel(png, 12, 5)).toEqual([255, 0, 0, 255]);
    expect(pixel(png, 13, 0)).toEqual([255, 0, 0, 255]);
    // truth starts at x = 14.
    expect(pixel(png, 14, 0)).toEqual([0, 0, 0, 255]);
    expect(pixel(png, 18, 0)).toEqual([255, 255, 255, 255]);
    // prediction starts at x = 28; "unit" clamps 2 → 255 and −5 → 0, 0.25 → 64.
    expect(pixel(png, 28, 0)).toEqual([64, 64, 64, 255]);
    expect(pixel(png, 32, 0)).toEqual([255, 255, 255, 255]);
    expect(pixel(png, 36, 0)).toEqual([0, 0, 0, 255]);
    expect(pixel(png, 39, 7)).toEqual([255, 255, 255, 255]);
  });
  it("pads shorter panels and honours scale 1 / custom separator", () => {
    const tall = { data: new Float32Array([0, 1, 0, 1]), height: 4, width: 1 };
    const png = decode(imageStripPng([input, tall], { separator: 1, separatorColor: [0, 255, 0, 255] }));
    expect([png.width, png.height]).toEqual([3 + 1 + 1, 4]);
    expect(pixel(png, 0, 3)).toEqual([0, 255, 0, 255]);
    expect(pixel(png, 3, 0)).toEqual([0, 255, 0, 255]);
    expect(pixel(png, 4, 1)).toEqual([255, 255, 255, 255]);
  });
  it("takes panels from tensors", () => {
    const t = tensor([2, 1, 2, 2], [0, 1, 2, 3, 4, 5, 6, 7]);
    const p = tensorPanel(t, 1);
    expect(Array.from(p.data)).toEqual([4, 5, 6, 7]);
    expect([p.height, p.width]).toEqual([2, 2]);
  });
  it("captions each panel in a band above the strip", () => {
    const labels = ["input", "truth", "prediction"];
    const png = decode(imageStripPng([input, truth, pred], { scale: 12, separator: 4, labels }));
    expect(stripLabelBand).toBe(textHeight + 4);
    expect([png.width, png.height]).toEqual([3 * 36 + 2 * 4, 24 + stripLabelBand]);
    // The panels move down by the band; the band itself is white except for the captions.
    expect(pixel(png, 0, stripLabelBand)).toEqual([0, 0, 0, 255]);
    expect(pixel(png, 12, stripLabelBand)).toEqual([64, 64, 64, 255]);
    expect(pixel(png, 36, stripLabelBand)).toEqual([255, 0, 0, 255]);
    const ref = createRaster(png.width, png.height, [255, 255, 255, 255]);
    labels.forEach((text, i) => {
      drawText(ref, i * 40 + Math.max(0, (36 - textWidth(text)) >> 1), 2, text, [0, 0, 0, 255]);
    });
    let ink = 0;
    for (let y = 0; y < stripLabelBand; y++) {
      for (let x = 0; x < png.width; x++) {
        const i = (y * png.width + x) * 4;
        expect(pixel(png, x, y), `(${x}, ${y})`).toEqual(Array.from(ref.data.subarray(i, i + 4)));
        if (ref.data[i] === 0) ink++;
      }
    }
    expect(ink).toBeGreaterThan(50);
    expect(() => imageStripPng([input, truth], { labels: ["input"] })).toThrow(/got 1 labels for 2 panels/);
  });
  it("rejects inconsistent panels", () => {
    expect(() => imageStripPng([{ data: new Float32Array(5), height: 2, width: 3 }])).toThrow(/panel 0 has 5 values but 2x3 needs 6/);
    expect(() => imageStripPng([])).toThrow(/at least one panel/);
  });
});

describe("lossCurvePng", () => {
  const losses = Array.from({ length: 200 }, (_, i) => 2 * Math.exp(-i / 40) + 0.05);

  it("has the requested size, axes and a curve", () => {
    const png = decode(lossCurvePng(losses, { width: 320, height: 200 }));
    expect([png.width, png.height]).toEqual([320, 200]);
    const count = (c: readonly number[]): number => {
      let n = 0;
      for (let i = 0; i < png.data.length; i += 4) if (c.every((v, k) => png.data[i + k] === v)) n++;
      return n;
    };
    const bottom = 200 - 1 - lossCurveMargin.bottom;
    expect(pixel(png, lossCurveMargin.left, 100)).toEqual([...lossCurveColors.axis]);
    expect(pixel(png, 160, bottom)).toEqual([...lossCurveColors.axis]);
    expect(pixel(png, 2, 2)).toEqual([...lossCurveColors.background]);
    expect(count(lossCurveColors.curve)).toBeGreaterThan(250);
    // Tick marks below the x axis.
    expect(pixel(png, lossCurveMargin.left, bottom + 5)).toEqual([...lossCurveColors.axis]);
    // The first loss is the maximum: the curve starts at the top-left of the plot area.
    expect(pixel(png, lossCurveMargin.left, lossCurveMargin.top)).toEqual([...lossCurveColors.curve]);
    // The last loss is the minimum: the curve ends at the bottom-right of the plot area.
    expect(pixel(png, 320 - 1 - lossCurveMargin.right, bottom)).toEqual([...lossCurveColors.curve]);
  });
  it("log and linear scales place the midpoint differently", () => {
    const l = [100, 10, 1];
    // 160 wide (was 100 before the labels widened the left margin): the steep first segment must not reach midX.
    const log = decode(lossCurvePng(l, { width: 160, height: 100, yScale: "log" }));
    const lin = decode(lossCurvePng(l, { width: 160, height: 100, yScale: "linear" }));
    const midX = Math.round((lossCurveMargin.left + 159 - lossCurveMargin.right) / 2);
    const rowOfCurve = (png: DecodedPng): number => {
      for (let y = 0; y < png.height; y++) if (pixel(png, midX, y).join() === lossCurveColors.curve.join()) return y;
      return -1;
    };
    const top = lossCurveMargin.top;
    const bottom = 99 - lossCurveMargin.bottom;
    expect(rowOfCurve(log)).toBe(Math.round((top + bottom) / 2));
    // linear: 10 is 10% of the way up from 1 to 100.
    expect(Math.abs(rowOfCurve(lin) - (bottom - (9 / 99) * (bottom - top)))).toBeLessThanOrEqual(1);
  });
  it("labels the ticks and the axes", () => {
    const width = 320;
    const height = 200;
    const png = decode(lossCurvePng(losses, { width, height, stepsPerPoint: 5 }));
    const m = lossCurveMargin;
    const bottom = height - 1 - m.bottom;
    const right = width - 1 - m.right;
    /** Whether the image's pixels in the box of `text` drawn at (x, y) are exactly that text on white. */
    const showsText = (text: string, x: number, y: number): boolean => {
      const ref = createRaster(width, height, lossCurveColors.background);
      drawText(ref, x, y, text, lossCurveColors.text);
      for (let py = y; py < y + textHeight; py++) {
        for (let px = x; px < x + textWidth(text); px++) {
          const i = (py * width + px) * 4;
          if (pixel(png, px, py).join() !== Array.from(ref.data.subarray(i, i + 4)).join()) return false;
        }
      }
      return true;
    };
    // Log scale from 2.05 down to ~0.064 (1.5 decades): ticks at 1, 2 and 5 × 10^d, right-aligned left of the ticks.
    const lo = Math.log10(Math.min(...losses));
    const hi = Math.log10(Math.max(...losses));
    const rowOf = (v: number): number => Math.round(bottom - ((Math.log10(v) - lo) / (hi - lo)) * (bottom - m.top));
    const yLabel = (text: string, v: number): boolean => showsText(text, m.left - 7 - textWidth(text), rowOf(v) - 3);
    expect(yLabel("0.1", 0.1)).toBe(true);
    expect(yLabel("0.2", 0.2)).toBe(true);
    expect(yLabel("0.5", 0.5)).toBe(true);
    expect(yLabel("1", 1)).toBe(true);
    expect(yLabel("2", 2)).toBe(true);
    expect(yLabel("0.3", 0.1)).toBe(false); // the comparison can fail
    // x: 200 points × 5 steps = steps 0..995, nice ticks every 200 steps, labels centred under the ticks.
    const xLabel = (text: string, s: number): boolean =>
      showsText(text, Math.round(m.left + (s / 995) * (right - m.left)) - (textWidth(text) >> 1), bottom + 7);
    expect(xLabel("0", 0)).toBe(true);
    expect(xLabel("200", 200)).toBe(true);
    expect(xLabel("800", 800)).toBe(true);
    expect(pixel(png, Math.round(m.left + (400 / 995) * (right - m.left)), bottom + 5)).toEqual([...lossCurveColors.axis]);
    // Titles: "loss" top-left, "step" centred under the x labels.
    expect(showsText("loss", 2, 1)).toBe(true);
    expect(showsText("step", Math.round((m.left + right - textWidth("step")) / 2), bottom + 16)).toBe(true);
  });
  it("rejects bad stepsPerPoint and titles the font cannot draw", () => {
    expect(() => lossCurvePng([1, 2], { stepsPerPoint: 0 })).toThrow(/stepsPerPoint must be a positive finite number, got 0/);
    expect(() => lossCurvePng([1, 2], { yTitle: "Loss" })).toThrow(/character "L"/);
  });
  it("copes with empty, constant and non-finite series", () => {
    for (const l of [[], [1], [1, 1, 1], [1, NaN, 0.5, Infinity, 0.2], [0, -1, 2]]) {
      const png = decode(lossCurvePng(l, { width: 64, height: 48 }));
      expect([png.width, png.height]).toEqual([64, 48]);
    }
    expect(() => lossCurvePng([1], { width: 10, height: 10 })).toThrow(/too small/);
  });
});
