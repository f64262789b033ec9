/**
 * The WebAssembly backend's fused attention (attentionForward / attentionBackward: operands copied in once, the
 * scores never leaving WebAssembly memory) against the op's own steps on the same backend: the same kernels in
 * the same order, so every output and gradient must be bit for bit the same. Sizes that tile take the fused path
 * (counted, so a path that silently declined would fail here); sizes that do not tile decline and still agree.
 */
import { afterAll, describe, expect, it } from "vitest";
import { currentBackend, useBackend } from "../../src/backend.js";
import type { KernelBackend } from "../../src/kernels/backend.js";
import { scaledDotProductAttention } from "../../src/ops/linalg/attention.js";
import { packedSelfAttention } from "../../src/ops/linalg/packed-attention.js";
import { randn, type Tensor, tensor } from "../../src/tensor/tensor.js";
import type { DType, Shape } from "../../types/tensor/shape.js";
import { fusedVariant } from "./fused-variant.js";
import { sharedWasmBackend } from "./shared-backends.js";

type AnyTensor = Tensor<Shape, DType>;
/** Every output and gradient of one attention call, as float32 bits (NaN compared by bits too). */
function run(backend: KernelBackend, call: () => { y: AnyTensor; grads: () => AnyTensor[] }, seed: number): Uint32Array[] {
  const before = useBackend(backend);
  try {
    const { y, grads } = call();
    y.backward(randn(y.shape as number[], { seed }) as AnyTensor);
    return [y, ...grads()].map((t) => new Uint32Array(Float32Array.from(t.data).buffer));
  } finally {
    useBackend(before);
  }
}

interface Case {
  readonly name: string;
  /** Fused calls expected: both, none (sizes that do not tile), or the forward only (a mask that wants its gradient, dS itself). */
  readonly tiles: boolean | "forward";
  readonly call: () => { y: AnyTensor; grads: () => AnyTensor[] };
}

const leaf = (shape: number[], seed: number, requiresGrad = true): AnyTensor => randn(shape, { seed, requiresGrad }) as AnyTensor;

function sdpa(
  b: number,
  h: number,
  l: number,
  s: number,
  e: number,
  ev: number,
  wants: readonly boolean[],
): () => { y: AnyTensor; grads: () => AnyTensor[] } {
  return () => {
    const [q, k, v] = [leaf([b, h, l, e], 1, wants[0]), leaf([b, h, s, e], 2, wants[1]), leaf([b, h, s, ev], 3, wants[2])];
    const y = scaledDotProductAttention(q, k, v, { scale: 0.37 }) as AnyTensor;
    return { y, grads: () => [q, k, v].filter((t) => t.grad !== null).map((t) => t.grad as AnyTensor) };
  };
}

/** Batch axes that broadcast: q (2, 1, L, E) against k, v (1, 3, S, ·): products read repeated matrices by index. */
function broadcastBatch(): { y: AnyTensor; grads: () => AnyTensor[] } {
  const [q, k, v] = [leaf([2, 1, 8, 4], 11), leaf([1, 3, 16, 4], 12), leaf([1, 3, 16, 8], 13)];
  const y = scaledDotProductAttention(q, k, v) as AnyTensor;
  return { y, grads: () => [q.grad as AnyTensor, k.grad as AnyTensor, v.grad as AnyTensor] };
}

/**
 * A causal or masked attention: the fused forward runs the op's own mask step on the scores where the backend holds
 * them; the backward reads the mask only through P, so it fuses too, unless the mask wants its own gradient (dS).
 */
function masked(kind: "causal" | "mask" | "mask with grad"): () => { y: AnyTensor; grads: () => AnyTensor[] } {
  return () => {
    const [q, k, v] = [leaf([1, 2, 8, 4], 14), leaf([1, 2, 8, 4], 15), leaf([1, 2, 8, 8], 16)];
    const mask = kind === "causal" ? null : leaf([8, 8], 17, kind === "mask with grad");
    const y = scaledDotProductAttention(q, k, v, mask === null ? { isCausal: true } : { attnMask: mask }) as AnyTensor;
    return { y, grads: () => [q, k, v, ...(mask === null ? [] : [mask])].filter((t) => t.grad !== null).map((t) => t.grad as AnyTensor) };
  };
}

function packed(b: number, t: number, e: number, heads: number): () => { y: AnyTensor; grads: () => AnyTensor[] } {
  return () => {
    const qkv = leaf([b, t, 3 * e], 4);
    const y = packedSelfAttention(qkv, heads, null, 1 / Math.sqrt(e / heads));
    return { y, grads: () => [qkv.grad as AnyTensor] };
  };
}

/** A query whose every score is -inf (q holds +inf where every key is negative): its row is 0, as `_safe_softmax`. */
function blockedQuery(): { y: AnyTensor; grads: () => AnyTensor[] } {
  const [l, s, e] = [4, 8, 4];
  const qData = Float32Array.from(randn([l * e], { seed: 5 }).data);
  qData[e] = Number.POSITIVE_INFINITY; // query 1, column 0
  const kData = Float32Array.from(randn([s * e], { seed: 6 }).data);
  for (let j = 0; j < s; j++) kData[j * e] = -0.5 - Math.abs(kData[j * e]!);
  const q = tensor([1, 1, l, e], qData, { requiresGrad: true }) as AnyTensor;
  const k = tensor([1, 1, s, e], kData, { requiresGrad: true }) as AnyTensor;
  const v = leaf([1, 1, s, e], 7);
  const y = scaledDotProductAttention(q, k, v) as AnyTensor;
  return { y, grads: () => [q.grad as AnyTensor, k.grad as AnyTensor, v.grad as AnyTensor] };
}

const cases: Case[] = [
  { name: "SDPA 2x3 heads, L 8, S 16, E 5, Ev 7", tiles: true, call: sdpa(2, 3, 8, 16, 5, 7, [true, true, true]) },
  { name: "SDPA, only V's gradient", tiles: true, call: sdpa(1, 2, 4, 8, 3, 6, [false, false, true]) },
  { name: "SDPA, only Q's gradient", tiles: true, call: sdpa(1, 2, 12, 8, 3, 6, [true, false, false]) },
  { name: "SDPA, only K's gradient", tiles: true, call: sdpa(1, 2, 12, 24, 3, 6, [false, true, false]) },
  { name: "packed self-attention, 4 heads of 16, T 16", tiles: true, call: packed(2, 16, 64, 4) },
  { name: "packed self-attention, T 32 (a transformer's head width)", tiles: true, call: packed(1, 32, 128, 2) },
  { name: "a query that sees no key", tiles: true, call: blockedQuery },
  { name: "batch axes that broadcast", tiles: true, call: broadcastBatch },
  { name: "causal", tiles: true, call: masked("causal") },
  { name: "an additive mask", tiles: true, call: masked("mask") },
  { name: "a mask that wants its gradient: the op's own backward", tiles: "forward", call: masked("mask with grad") },
  { name: "L 5 (not a multiple of 4): the op's own steps", tiles: false, call: sdpa(1, 2, 5, 8, 3, 4, [true, true, true]) },
  { name: "S 12 (not a multiple of 8): the op's own steps", tiles: false, call: packed(2, 12, 24, 2) },
];

for (const threads of [1, 2]) {
  describe(`fused attention on wasm ${threads} thread(s) is the op's own steps, bit for bit`, () => {
    const before = currentBackend();
    afterAll(() => {
      useBackend(before);
    });
    for (const c of cases) {
      it(c.name, async () => {
        const wasm = await sharedWasmBackend(threads);
        const names = ["attentionForward", "attentionBackward"] as const;
        const counted = fusedVariant(wasm, names, false);
        const fused = run(counted.backend, c.call, 9);
        const own = run(fusedVariant(wasm, names, true).backend, c.call, 9);
        const expected = c.tiles === "forward" ? [1, 0] : c.tiles ? [1, 1] : [0, 0];
        expect(counted.fused).toEqual({ attentionForward: expected[0], attentionBackward: expected[1] });
        expect(fused.length).toBe(own.length);
        for (let i = 0; i < own.length; i++) expect(fused[i]).toEqual(own[i]);
      });
    }
    it("a query that sees no key gets 0", async () => {
      const wasm = await sharedWasmBackend(threads);
      const before = useBackend(wasm);
      try {
        const { y } = blockedQuery();
        const row = y.data.subarray(4, 8);
        expect(Array.from(row)).toEqual([0, 0, 0, 0]);
        expect(Array.from(y.data.subarray(0, 4)).every((x) => Number.isFinite(x) && x !== 0)).toBe(true);
      } finally {
        useBackend(before);
      }
    });
  });
}
