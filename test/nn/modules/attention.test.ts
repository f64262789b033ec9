/**
 * MultiheadAttention's masks and TransformerEncoderLayer's post-norm path (models.json covers pre-norm and the
 * unmasked and causal calls): each checked against the same computation written with the module's own parts.
 */
import { describe, expect, it } from "vitest";
import { causalMask, MultiheadAttention } from "../../../src/nn/layers/attention.js";
import { TransformerEncoderLayer } from "../../../src/nn/layers/transformer.js";
import { add } from "../../../src/ops/elementwise/add.js";
import { gelu } from "../../../src/ops/elementwise/gelu.js";
import { relu } from "../../../src/ops/relu.js";
import { type Tensor, randn, tensor } from "../../../src/tensor/tensor.js";
import type { Shape } from "../../../types/tensor/shape.js";

type F32 = Tensor<Shape, "float32">;

function expectNear(got: ArrayLike<number>, want: ArrayLike<number>): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!), `element ${i}`).toBeLessThanOrEqual(1e-6 + 1e-5 * Math.abs(want[i]!));
}

describe("MultiheadAttention's three paths agree", () => {
  it("with the weights (products written out), packed self-attention, and key/value given apart: outputs and every gradient", () => {
    const mask = add(causalMask(5), randn([5, 5], { seed: 9 })) as F32;
    const run = (path: "weights" | "packed" | "apart"): Float64Array[] => {
      const mha = new MultiheadAttention(8, 2, { seed: 4 });
      const x = randn([2, 5, 8], { seed: 1, requiresGrad: true }) as F32;
      // "apart": the same values in three tensors, so the packed path cannot be taken
      const kv = path === "apart" ? (add(x, 0) as F32) : x;
      const [y] = mha.run(x, kv, kv, { attnMask: mask, needWeights: path === "weights" });
      y.backward(randn([2, 5, 8], { seed: 2 }));
      return [y.data, x.grad!.data, ...mha.parameters().map((p) => p.grad!.data)].map((d) => Float64Array.from(d));
    };
    const want = run("weights");
    for (const path of ["packed", "apart"] as const) {
      const got = run(path);
      expect(got.length).toBe(want.length);
      for (const [k, w] of want.entries()) expectNear(got[k]!, w);
    }
  });
});

describe("MultiheadAttention masks", () => {
  const mha = new MultiheadAttention(8, 2, { seed: 4 });
  const x = randn([2, 5, 8], { seed: 1 }) as F32;

  it("a key padding mask equals an additive -Infinity mask on those keys; padded keys get zero weight", () => {
    const padding = tensor([2, 5], [0, 0, 0, 1, 1, 0, 0, 0, 0, 1]) as F32;
    const additive = tensor(
      [2, 1, 1, 5],
      Array.from(padding.data, (v) => (v !== 0 ? Number.NEGATIVE_INFINITY : 0)),
    ) as F32;
    const [byPadding, weights] = mha.run(x, x, x, { keyPaddingMask: padding });
    const [byMask] = mha.run(x, x, x, { attnMask: additive });
    expectNear(byPadding.data, byMask.data);
    // Head-averaged weights (B, T, S): batch 0 never attends to keys 3, 4; batch 1 never to key 4.
    for (let t = 0; t < 5; t++) {
      expect(weights!.at(0, t, 3)).toBe(0);
      expect(weights!.at(0, t, 4)).toBe(0);
      expect(weights!.at(1, t, 4)).toBe(0);
      let total = 0;
      for (let s = 0; s < 5; s++) total += weights!.at(1, t, s);
      expect(total).toBeCloseTo(1, 6);
    }
  });

  it("a fully padded sequence: 0 through attention without weights (its output is out_proj's bias), NaN with them, as PyTorch", () => {
    const own = new MultiheadAttention(8, 2, { seed: 5 });
    own.outProj.bias!.data.set(randn([8], { seed: 6 }).data);
    const padding = tensor([2, 5], [0, 0, 0, 1, 0, 1, 1, 1, 1, 1]) as F32;
    const xg = randn([2, 5, 8], { seed: 1, requiresGrad: true }) as F32;
    const [packed] = own.run(xg, xg, xg, { keyPaddingMask: padding, needWeights: false });
    const bias = own.outProj.bias!.data;
    for (let t = 0; t < 5; t++) for (let e = 0; e < 8; e++) expect(packed.at(1, t, e)).toBe(bias[e]);
    // sequence 0 is the same through the path that returns weights; sequence 1 is NaN there (torch.softmax of -inf)
    const [withWeights] = own.run(x, x, x, { keyPaddingMask: padding, needWeights: true });
    expectNear(packed.data.subarray(0, 40), withWeights.data.subarray(0, 40));
    expect(Array.from(withWeights.data.subarray(40)).every(Number.isNaN)).toBe(true);
    packed.backward(randn([2, 5, 8], { seed: 3 }));
    expect(Array.from(xg.grad!.data).every(Number.isFinite)).toBe(true);
    expect(own.parameters().every((p) => Array.from(p.grad!.data).every(Number.isFinite))).toBe(true);
  });

  it("a per-head (B·heads, T, S) mask equals the (T, S) mask repeated for every batch and head", () => {
    const mask = causalMask(5);
    const repeated = tensor([4, 5, 5], [...mask.data, ...mask.data, ...mask.data, ...mask.data]) as F32;
    expectNear(mha.run(x, x, x, { attnMask: repeated })[0].data, mha.run(x, x, x, { attnMask: mask as F32 })[0].data);
  });

  it("a causal mask makes query i independent of keys after i", () => {
    const y = mha.run(x, x, x, { attnMask: causalMask(5) as F32 })[0];
    const changed = tensor(
      [2, 5, 8],
      Array.from(x.data, (v, i) => (Math.floor(i / 8) % 5 === 4 ? v + 1 : v)),
    ) as F32;
    const z = mha.run(changed, changed, changed, { attnMask: causalMask(5) as F32 })[0];
    // Rows 0-3 of each batch are unchanged; row 4 changes.
    for (let b = 0; b < 2; b++) for (let t = 0; t < 4; t++) for (let e = 0; e < 8; e++) expect(z.at(b, t, e)).toBeCloseTo(y.at(b, t, e), 6);
    expect(z.at(0, 4, 0)).not.toBeCloseTo(y.at(0, 4, 0), 6);
  });
});

describe("TransformerEncoderLayer, post-norm (normFirst false, PyTorch's default)", () => {
  it("is norm2(h + ff(h)) with h = norm1(x + sa(x)), and its gradients reach every parameter", () => {
    const layer = new TransformerEncoderLayer(8, 2, { dimFeedforward: 16, dropout: 0, activation: "gelu", seed: 2 });
    const x = randn([2, 5, 8], { seed: 3 }) as F32;
    const sa = (t: F32): F32 => layer.selfAttn.run(t, t, t)[0];
    const ff = (t: F32): F32 => layer.linear2.run(gelu(layer.linear1.run(t)));
    const h = layer.norm1.run(add(x, sa(x)) as F32);
    const want = layer.norm2.run(add(h, ff(h)) as F32);
    const y = layer.run(x);
    expectNear(y.data, want.data);
    layer.zeroGrad();
    y.backward(randn([2, 5, 8], { seed: 5 }) as F32);
    for (const [name, p] of layer.namedParameters()) expect(p.grad, name).not.toBeNull();
  });

  it("with relu (linear1 and relu as one op): the output and every gradient of the written-out layer", () => {
    const run = (written: boolean): Float64Array[] => {
      const layer = new TransformerEncoderLayer(8, 2, { dimFeedforward: 16, dropout: 0, seed: 2 });
      const x = randn([2, 5, 8], { seed: 3, requiresGrad: true }) as F32;
      const sa = (t: F32): F32 => layer.selfAttn.run(t, t, t)[0];
      const ff = (t: F32): F32 => layer.linear2.run(relu(layer.linear1.run(t)));
      const h = written ? layer.norm1.run(add(x, sa(x)) as F32) : x;
      const y = written ? layer.norm2.run(add(h, ff(h)) as F32) : layer.run(x);
      y.backward(randn([2, 5, 8], { seed: 5 }) as F32);
      return [y.data, x.grad!.data, ...layer.parameters().map((p) => p.grad!.data)].map((d) => Float64Array.from(d));
    };
    const want = run(true);
    const got = run(false);
    expect(got.length).toBe(want.length);
    for (const [k, w] of want.entries()) expectNear(got[k]!, w);
  });
});
