/**
 * docs/bounds.md claims CROWN is auto_LiRPA's compute_bounds(method="CROWN"): IBP for the first linear layer,
 * CROWN on the unstable pre-activations only (sparse intermediate bounds), the adaptive lower slope, the chord
 * above, and the output intersected with IBP. reference-crown.ts is an independent float64 implementation of those
 * definitions for (leaky) ReLU MLPs. On float64 models the engine's own rounding terms are ~1e-9 of the magnitudes,
 * so the two must agree to that: never tighter than the reference, and looser by the slack alone.
 */
import { describe, expect, it } from "vitest";
import type { Shape } from "../../types/tensor/shape.js";
import { bounds } from "../../src/bounds/index.js";
import { leakyRelu, relu } from "../../src/ops/index.js";
import { linear } from "../../src/ops/linalg/index.js";
import { createRng } from "../../src/random.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { type Dense, referenceCrown } from "./reference-crown.js";

type T = Tensor<Shape, "float64">;
const lin = linear as unknown as (x: T, w: T, b: T) => T;
const reluAny = relu as unknown as (x: T) => T;
const leakyAny = leakyRelu as unknown as (x: T, o: { negativeSlope: number }) => T;

function mlp(seed: number) {
  const r = createRng(seed);
  const sizes = [2 + r.int(5)];
  const depth = 2 + r.int(4);
  for (let k = 0; k < depth; k++) sizes.push(k === depth - 1 ? 1 + r.int(3) : 2 + r.int(10));
  const layers: Dense[] = [];
  for (let k = 0; k < depth; k++) {
    const inn = sizes[k]!;
    const out = sizes[k + 1]!;
    const w = Float64Array.from({ length: out * inn }, () => r.normal() / Math.sqrt(inn));
    layers.push({ in: inn, out, w, b: Float64Array.from({ length: out }, () => r.normal() * 0.3) });
  }
  const alpha = r.uniform() < 0.5 ? 0 : 0.2;
  const center = Float64Array.from({ length: sizes[0]! }, () => r.normal());
  const epsilon = [0.01, 0.1, 0.5, 2][r.int(4)]!;
  return { sizes, layers, alpha, center, epsilon };
}

describe("CROWN equals an independent CROWN written from auto_LiRPA's definitions (float64 MLPs)", () => {
  for (let seed = 0; seed < 40; seed++) {
    const m = mlp(seed);
    it(`MLP ${m.sizes.join("-")}, ${m.alpha === 0 ? "relu" : "leakyRelu 0.2"}, ε ${m.epsilon}`, () => {
      const lower = m.center.map((v) => v - m.epsilon);
      const upper = m.center.map((v) => v + m.epsilon);
      const ref = referenceCrown(m.layers, m.alpha, { lower, upper });
      const params = m.layers.map((d) => ({ w: Tensor.wrap([d.out, d.in], "float64", d.w) as T, b: Tensor.wrap([d.out], "float64", d.b) as T }));
      const act = m.alpha === 0 ? reluAny : (x: T) => leakyAny(x, { negativeSlope: m.alpha });
      const f = (x: T) => params.reduce((v, p, k) => (k < params.length - 1 ? act(lin(v, p.w, p.b)) : lin(v, p.w, p.b)), x);
      const shape = [1, m.sizes[0]!] as Shape;
      const box = { lower: Tensor.wrap(shape, "float64", lower) as T, upper: Tensor.wrap(shape, "float64", upper) as T };
      const got = bounds(f, box, { method: "crown" });
      for (let o = 0; o < got.lower.data.length; o++) {
        const l = ref.crown.lower[o]!;
        const u = ref.crown.upper[o]!;
        const slack = 1e-7 * (1 + Math.abs(l) + Math.abs(u)) + 1e-5 * (u - l);
        // never tighter (beyond float64 noise), looser by the engine's slack only
        expect(got.lower.data[o]!).toBeLessThanOrEqual(l + 1e-12 * (1 + Math.abs(l)));
        expect(got.upper.data[o]!).toBeGreaterThanOrEqual(u - 1e-12 * (1 + Math.abs(u)));
        expect(l - got.lower.data[o]!).toBeLessThanOrEqual(slack);
        expect(got.upper.data[o]! - u).toBeLessThanOrEqual(slack);
      }
    });
  }
});
