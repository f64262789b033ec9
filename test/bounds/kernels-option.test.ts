/**
 * `kernels: "direct"`: bounds that cover the float32 forward with convolutions as direct sums (the JS backend and
 * WebAssembly with `winograd: "never"`) — sound there, and tighter than the default "any" on 3x3 convs, whose
 * Winograd paths carry a far larger error bound.
 */
import { describe, expect, it } from "vitest";
import { bounds } from "../../src/bounds/index.js";
import { BoundsError } from "../../src/bounds/errors.js";
import { createUNet2 } from "../../src/nn/unet2.js";
import { createRng } from "../../src/random.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { backendsUnderTest } from "../helpers/backends.js";
import { sharedWasmBackend } from "../wasm/shared-backends.js";
import { type BoundsCase, boxAround, boxTensors, collectPointsOnWasm, expectSound, meanWidth } from "./soundness.js";
import type { T } from "./untyped.js";

const net = createUNet2({ inC: 1, outC: 2, inH: 16, inW: 16, config: { baseC: 4 }, seed: 41 });
const unet: BoundsCase = { name: "UNet2", inputShape: [1, 1, 16, 16], forward: (x) => net.forward(x as Tensor<[1, 1, 16, 16]>) as T };
const r = createRng(42);
const box = boxAround(
  Float32Array.from({ length: 256 }, () => r.uniformIn(-1, 1)),
  0.002,
);
const t = boxTensors(box, unet.inputShape);

describe('bounds(…, { kernels: "direct" })', () => {
  it("is sound for the direct-sum forwards and tighter than the default", async () => {
    const direct = [bounds(unet.forward, t, { method: "ibp", kernels: "direct" }), bounds(unet.forward, t, { method: "crown", kernels: "direct" })];
    const any = [bounds(unet.forward, t, { method: "ibp" }), bounds(unet.forward, t, { method: "crown", kernels: "any" })];
    for (const i of [0, 1]) {
      expect(meanWidth(direct[i]!)).toBeLessThan(meanWidth(any[i]!));
      for (let j = 0; j < direct[i]!.lower.data.length; j++) {
        expect(direct[i]!.lower.data[j]).toBeGreaterThanOrEqual(any[i]!.lower.data[j]!);
        expect(direct[i]!.upper.data[j]).toBeLessThanOrEqual(any[i]!.upper.data[j]!);
      }
    }
    const points = await collectPointsOnWasm(unet, box, 10_000, 43);
    const directBackends = [
      backendsUnderTest.find((b) => b.name === "js")!,
      { name: "wasm 1 thread, winograd never", create: () => sharedWasmBackend(1, "never") },
      { name: "wasm 2 threads, winograd never", create: () => sharedWasmBackend(2, "never") },
    ];
    const margin = await expectSound(unet, points, direct, directBackends);
    console.log(
      `bounds/kernels direct: mean width ibp ${meanWidth(direct[0]!).toPrecision(4)} (any: ${meanWidth(any[0]!).toPrecision(4)}), crown ${meanWidth(direct[1]!).toPrecision(4)} (any: ${meanWidth(any[1]!).toPrecision(4)}); ${margin.points} points x ${margin.backends} backends, tightest margin ${margin.min.toExponential(2)}`,
    );
  });

  it("rejects another value, naming it", () => {
    expect(() => bounds(unet.forward, t, { kernels: "winograd" as "any" })).toThrow(BoundsError);
    expect(() => bounds(unet.forward, t, { kernels: "winograd" as "any" })).toThrow(/kernels must be "any" or "direct", got winograd/);
  });
});
