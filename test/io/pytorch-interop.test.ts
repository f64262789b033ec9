// The path docs/pytorch-interop.md describes: PyTorch state_dict (safetensors) → UNet2 → same outputs as PyTorch.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readSafetensors, writeSafetensors } from "../../src/io/index.js";
import { createUNet2 } from "../../src/nn/unet2.js";
import { tensor } from "../../src/tensor/tensor.js";
import { expectClose, goldenDir } from "../helpers/golden.js";
import { bitsOf } from "./helpers.js";

describe("PyTorch interop", () => {
  it("loads the PyTorch state_dict into createUNet2 and reproduces PyTorch's y", async () => {
    const { tensors, metadata } = await readSafetensors(`${goldenDir}unet2_pytorch.safetensors`);
    expect(metadata).toMatchObject({ inC: "3", outC: "2", baseC: "8", inH: "16", inW: "24" });
    const model = createUNet2({ inC: 3, outC: 2, inH: 16, inW: 24, config: { baseC: 8 } });
    model.loadStateDict(Object.fromEntries(tensors));

    const io = (await readSafetensors(`${goldenDir}unet2_pytorch_io.safetensors`)).tensors;
    const x = tensor([3, 16, 24], io.get("x")!.data);
    const y = model.forward(x);
    expect(y.shape).toEqual(io.get("y")!.shape);
    expectClose(y.data, io.get("y")!.data, "y");
  });

  it("reproduces PyTorch's gradients for its gy: grad.x and every grad.<param>", async () => {
    const model = createUNet2({ inC: 3, outC: 2, inH: 16, inW: 24, config: { baseC: 8 } });
    model.loadStateDict(Object.fromEntries((await readSafetensors(`${goldenDir}unet2_pytorch.safetensors`)).tensors));
    const io = (await readSafetensors(`${goldenDir}unet2_pytorch_io.safetensors`)).tensors;
    const x = tensor([3, 16, 24], io.get("x")!.data);
    const { grads, dx } = model.backward(x, tensor([2, 16, 24], io.get("gy")!.data));
    expectClose(dx.data, io.get("grad.x")!.data, "grad.x");
    const gradNames = [...io.keys()].filter((k) => k.startsWith("grad.") && k !== "grad.x");
    expect(gradNames.map((k) => k.slice(5)).sort()).toEqual(Object.keys(grads).sort());
    for (const name of gradNames) {
      const got = grads[name.slice(5) as keyof typeof grads];
      expect(got.shape, name).toEqual(io.get(name)!.shape);
      expectClose(got.data, io.get(name)!.data, name);
    }
  });

  it("saves stateDict() and loads it back bit for bit", async () => {
    const dir = mkdtempSync(join(tmpdir(), "shapeproof-interop-"));
    try {
      const model = createUNet2({ inC: 3, outC: 2, inH: 16, inW: 24, config: { baseC: 8 }, seed: 5 });
      const path = join(dir, "unet2.safetensors");
      await writeSafetensors(path, model.stateDict(), { inC: "3", outC: "2", baseC: "8", inH: "16", inW: "24" });
      const other = createUNet2({ inC: 3, outC: 2, inH: 16, inW: 24, config: { baseC: 8 }, seed: 6 });
      expect(bitsOf(other.stateDict()["down1_1.weight"].data)).not.toEqual(bitsOf(model.stateDict()["down1_1.weight"].data));
      other.loadStateDict(Object.fromEntries((await readSafetensors(path)).tensors));
      const want = model.stateDict();
      const got = other.stateDict();
      for (const name of Object.keys(want) as (keyof typeof want)[]) expect(bitsOf(got[name].data), name).toEqual(bitsOf(want[name].data));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
