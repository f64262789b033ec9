import { describe, expect, it } from "vitest";
import { bounds } from "../../src/bounds/index.js";
import { createUNet } from "../../src/nn/unet.js";
import { createUNet2 } from "../../src/nn/unet2.js";
import { createRng } from "../../src/random.js";
import { randomModel } from "./random-model.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { type BoundsCase, boxAround, boxTensors, collectPointsOnWasm, expectSound, meanWidth } from "./soundness.js";
import type { T } from "./untyped.js";

async function check(c: BoundsCase, epsilon: number, seed: number, log: string) {
  const n = c.inputShape.reduce((a, b) => a * b, 1);
  const r = createRng(seed);
  const box = boxAround(
    Float32Array.from({ length: n }, () => r.uniformIn(-1, 1)),
    epsilon,
  );
  const t = boxTensors(box, c.inputShape);
  const ibp = bounds(c.forward, t, { method: "ibp" });
  const crown = bounds(c.forward, t, { method: "crown" });
  const points = await collectPointsOnWasm(c, box, 10_000, seed + 1);
  const margin = await expectSound(c, points, [ibp, crown]);
  for (let i = 0; i < ibp.lower.data.length; i++) {
    expect(crown.lower.data[i]).toBeGreaterThanOrEqual(ibp.lower.data[i]!);
    expect(crown.upper.data[i]).toBeLessThanOrEqual(ibp.upper.data[i]!);
  }
  console.log(
    `bounds/models ${log}: ${margin.points} points x ${margin.backends} backends, tightest margin ${margin.min.toExponential(2)}; mean width ibp ${meanWidth(ibp).toPrecision(4)}, crown ${meanWidth(crown).toPrecision(4)}`,
  );
  return { ibp, crown };
}

describe("bounds of random small models contain every float32 forward; CROWN is at least as tight as IBP", () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    const m = randomModel(seed);
    it(`${m.name}: ${m.layers}`, async () => {
      await check(m, 0.1, 50 + seed, `${m.name} (${m.layers})`);
    });
  }
});

describe("the U-Nets end to end", () => {
  it("UNet2 (inC 1, baseC 4, 16x16): sound on every backend, CROWN tighter than IBP", async () => {
    const net = createUNet2({ inC: 1, outC: 2, inH: 16, inW: 16, config: { baseC: 4 }, seed: 3 });
    const c: BoundsCase = { name: "UNet2", inputShape: [1, 1, 16, 16], forward: (x) => net.forward(x as Tensor<[1, 1, 16, 16]>) as T };
    const { ibp, crown } = await check(c, 0.002, 70, "UNet2 baseC 4, 16x16, eps 0.002");
    expect(meanWidth(crown)).toBeLessThan(meanWidth(ibp));
  });

  it("UNet depth 2 (eval, 8x8): sound on every backend, CROWN tighter than IBP", async () => {
    const net = createUNet({ depth: 2, inC: 1, outC: 2, inH: 8, inW: 8, baseC: 4, seed: 5 });
    net.eval();
    const forward = net.forward as unknown as (x: T) => T;
    const c: BoundsCase = { name: "UNet depth 2", inputShape: [1, 1, 8, 8], forward: (x) => forward.call(net, x) };
    const { ibp, crown } = await check(c, 0.01, 80, "UNet depth 2, baseC 4, 8x8, eps 0.01");
    expect(meanWidth(crown)).toBeLessThan(meanWidth(ibp));
  });
});
