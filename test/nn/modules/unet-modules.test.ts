/** The depth-L and classic U-Nets as Modules built from layers: PyTorch names, buffers, modes, the tape. */
import { describe, expect, it } from "vitest";
import { ModuleDict, ModuleList } from "../../../src/nn/containers.js";
import { Linear } from "../../../src/nn/layers/linear.js";
import { createUNet } from "../../../src/nn/unet.js";
import { randn } from "../../../src/tensor/tensor.js";

describe("ModuleList and ModuleDict", () => {
  it("name their children by index and by key, as PyTorch's containers do", () => {
    const list = new ModuleList([new Linear(2, 3), new Linear(3, 1)]);
    expect(list.namedParameters().map(([n]) => n)).toEqual(["0.weight", "0.bias", "1.weight", "1.bias"]);
    expect(list.length).toBe(2);
    const dict = new ModuleDict({ encoder: new Linear(2, 3), decoder: new Linear(3, 2) });
    expect(dict.keys()).toEqual(["encoder", "decoder"]);
    expect(dict.namedParameters().map(([n]) => n)).toEqual(["encoder.weight", "encoder.bias", "decoder.weight", "decoder.bias"]);
  });
});

describe("UNet as a Module", () => {
  it("registers every tensor under its PyTorch name; parameters and buffers match params and stateDict", () => {
    const unet = createUNet({ inC: 1, outC: 2, depth: 2, baseC: 4, batchNorm: true, inH: 16, inW: 16 });
    const names = unet.namedParameters().map(([n]) => n);
    expect(new Set(names)).toEqual(new Set(Object.keys(unet.params)));
    expect(names).toContain("down.0.conv1.weight");
    expect(names).toContain("down.0.bn1.weight");
    expect(names).toContain("up.1.upconv.bias");
    const withBuffers = [...names, ...unet.namedBuffers().map(([n]) => n)];
    expect(new Set(withBuffers)).toEqual(new Set(Object.keys(unet.stateDict())));
    expect(unet.parameters().every((p) => p.requiresGrad)).toBe(true);
  });

  it("eval() reaches the batch norms; the tape's gradients equal the explicit UNet.backward's", () => {
    const unet = createUNet({ inC: 1, outC: 2, depth: 1, baseC: 4, batchNorm: true, inH: 8, inW: 8 });
    unet.eval();
    expect(unet.namedModules().every(([, m]) => !m.training)).toBe(true);
    unet.train();
    const x = randn([2, 1, 8, 8], { seed: 0 });
    const gy = randn([2, 2, 8, 8], { seed: 1 });
    const { output, trace } = unet.forwardTraced(x);
    output.backward(gy);
    const spec = unet.backward(x, gy, { trace }).grads as unknown as Record<string, { data: ArrayLike<number> }>;
    for (const [name, p] of unet.namedParameters()) {
      expect(p.grad, name).not.toBeNull();
      const want = Array.from(spec[name]!.data);
      Array.from(p.grad!.data).forEach((v, i) => {
        expect(Math.abs(v - want[i]!), `${name}[${i}]`).toBeLessThanOrEqual(1e-5 + 1e-5 * Math.abs(want[i]!));
      });
    }
  });
});
