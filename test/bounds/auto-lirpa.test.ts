import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Shape } from "../../types/tensor/shape.js";
import { sigmoidBound, tanhBound } from "../../src/bounds/activations.js";
import { bounds } from "../../src/bounds/index.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { goldenDir, type GoldenTensor } from "../helpers/golden.js";
import { ops, type T } from "./untyped.js";

/** test/golden/bounds.json (see test/golden/README.md): models, boxes and auto_LiRPA's IBP and CROWN bounds. */
interface Layer {
  readonly type: "linear" | "conv2d" | "convTranspose2d" | "relu" | "sigmoid" | "tanh" | "flatten";
  readonly weight?: GoldenTensor;
  readonly bias?: GoldenTensor;
  readonly stride?: [number, number];
  readonly padding?: [number, number];
  readonly dilation?: [number, number];
  readonly outputPadding?: [number, number];
}
interface Pair {
  readonly lower: GoldenTensor;
  readonly upper: GoldenTensor;
}
interface Box extends Pair {
  readonly ibp: Pair;
  readonly crown: Pair;
}
interface Case {
  readonly name: string;
  readonly inputShape: number[];
  readonly layers: Layer[];
  readonly boxes: Box[];
}

/** auto_LiRPA's CROWN lines of one activation on each interval [lower[i], upper[i]]. */
interface Lines {
  readonly activation: "sigmoid" | "tanh";
  readonly lower: number[];
  readonly upper: number[];
  readonly lowerSlope: number[];
  readonly lowerIntercept: number[];
  readonly upperSlope: number[];
  readonly upperIntercept: number[];
}

const file: { source: string; cases: Case[]; relaxations: Lines[] } = JSON.parse(readFileSync(join(goldenDir, "bounds.json"), "utf8"));
const f32 = (t: GoldenTensor): T => Tensor.wrap(t.shape as Shape, "float32", Float32Array.from(t.data));

function build(layers: readonly Layer[]): (x: T) => T {
  const steps = layers.map((l): ((x: T) => T) => {
    const w = l.weight ? f32(l.weight) : null;
    const b = l.bias ? f32(l.bias) : null;
    switch (l.type) {
      case "linear":
        return (x) => ops.linear(x, w!, b);
      case "conv2d":
        return (x) => ops.conv2d(x, w!, b, { stride: l.stride!, padding: l.padding!, dilation: l.dilation! });
      case "convTranspose2d":
        return (x) =>
          ops.convTranspose2d(x, w!, b, { stride: l.stride!, padding: l.padding!, dilation: l.dilation!, outputPadding: l.outputPadding! });
      case "relu":
        return ops.relu;
      case "sigmoid":
        return ops.sigmoid;
      case "tanh":
        return ops.tanh;
      case "flatten":
        return (x) => ops.flatten(x, 1);
      default:
        throw new Error(`bounds.json: unknown layer type ${JSON.stringify(l.type)}`);
    }
  });
  return (x) => steps.reduce((h, f) => f(h), x);
}

describe(`bounds against auto_LiRPA (${file.source})`, () => {
  for (const c of file.cases) {
    it(c.name, () => {
      const model = build(c.layers);
      for (const box of c.boxes) {
        const input = { lower: f32(box.lower), upper: f32(box.upper) };
        const ibp = bounds(model, input, { method: "ibp" });
        const crown = bounds(model, input, { method: "crown" });
        const n = ibp.lower.data.length;
        let worstIbp = 0;
        let worstCrown = 0;
        for (let i = 0; i < n; i++) {
          // IBP is the same computation: ours contains theirs (float64, exact model) and exceeds it only by the
          // float32 rounding terms, far below 1e-4 of the magnitudes here
          const [l, u] = [box.ibp.lower.data[i]!, box.ibp.upper.data[i]!];
          const scale = 1e-4 * (1 + Math.abs(l) + Math.abs(u));
          expect(ibp.lower.data[i]).toBeLessThanOrEqual(l + 1e-9 * scale);
          expect(ibp.upper.data[i]).toBeGreaterThanOrEqual(u - 1e-9 * scale);
          expect(l - ibp.lower.data[i]!).toBeLessThan(scale);
          expect(ibp.upper.data[i]! - u).toBeLessThan(scale);
          worstIbp = Math.max(worstIbp, l - ibp.lower.data[i]!, ibp.upper.data[i]! - u);
          // CROWN: the same relaxation and intermediate bounds, so the widths agree within 1%, plus what float32
          // rounding costs (measured on IBP, which differs from theirs by nothing else)
          const want = box.crown.upper.data[i]! - box.crown.lower.data[i]!;
          const got = crown.upper.data[i]! - crown.lower.data[i]!;
          const rounding = l - ibp.lower.data[i]! + (ibp.upper.data[i]! - u);
          expect(Math.abs(got - want)).toBeLessThanOrEqual(0.01 * want + 2 * rounding);
          worstCrown = Math.max(worstCrown, Math.abs(got - want) / want);
        }
        console.log(
          `bounds/auto_LiRPA ${c.name}: ${n} outputs; IBP at most ${worstIbp.toExponential(2)} outside theirs; CROWN widths within ${(100 * worstCrown).toFixed(4)}%`,
        );
      }
    });
  }
});

describe("sigmoid and tanh relaxations against auto_LiRPA's bound_relax", () => {
  const rules = { sigmoid: sigmoidBound, tanh: tanhBound };
  for (const want of file.relaxations) {
    it(`${want.activation}: the same lines on ${want.lower.length} intervals`, () => {
      const got = rules[want.activation].relax(Float64Array.from(want.lower), Float64Array.from(want.upper));
      let worst = 0;
      for (let i = 0; i < want.lower.length; i++) {
        // each line compared by its values at both ends of the interval (what a bound uses), float64 roundoff apart
        for (const x of [want.lower[i]!, want.upper[i]!]) {
          const lowerGap = Math.abs(got.lowerSlope[i]! * x + got.lowerIntercept[i]! - (want.lowerSlope[i]! * x + want.lowerIntercept[i]!));
          const upperGap = Math.abs(got.upperSlope[i]! * x + got.upperIntercept[i]! - (want.upperSlope[i]! * x + want.upperIntercept[i]!));
          expect(Math.max(lowerGap, upperGap)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(x)));
          worst = Math.max(worst, lowerGap, upperGap);
        }
      }
      console.log(`bounds/auto_LiRPA ${want.activation} relaxation: lines at most ${worst.toExponential(2)} apart at the interval ends`);
    });
  }
});
