/**
 * moveToBackend (src/tensor/move-to-backend.ts, `Module.moveToBackend`): float32 parameters moved into the
 * WebAssembly backend's memory stay there through training steps (forward, backward, the optimizers: nothing on that
 * path reads `data`) and train to the same bits as parameters left in JS memory; their gradients are kept there too,
 * freed when zeroed unless `.grad` handed them out (then copied out first); the first `data` read copies one back
 * out, frees its block and keeps writes; nothing moves that must not.
 */
import { describe, expect, it } from "vitest";
import { useBackend } from "../../src/backend.js";
import { jsBackend } from "../../src/kernels/js-backend.js";
import { ReLU } from "../../src/nn/layers/activations.js";
import { Linear } from "../../src/nn/layers/linear.js";
import { sequential } from "../../src/nn/sequential.js";
import { relu } from "../../src/ops/relu.js";
import { moveToBackend } from "../../src/tensor/move-to-backend.js";
import { randn } from "../../src/tensor/tensor.js";
import { tidy } from "../../src/tensor/tidy.js";
import { mse } from "../../src/train/losses/mse.js";
import { adam } from "../../src/train/optimizers/adam.js";
import { sgd } from "../../src/train/optimizers/sgd.js";
import { createWasmBackend } from "../../src/wasm/index.js";
import { onWasm } from "../helpers/on-wasm.js";

const bits = (a: ArrayLike<number>): number[] => Array.from(new Uint32Array(Float32Array.from(a).buffer));

/** 64 -> 256 -> 8: the first weight is large enough for the backend's Adam kernel, the rest take the JS loops. */
function mlp() {
  return sequential(new Linear(64, 256, { seed: 11 }), new ReLU(), new Linear(256, 8, { seed: 12 }));
}

type Model = ReturnType<typeof mlp>;
const optimizers = {
  adam: (m: Model) => adam(m.parameters(), { lr: 1e-2 }),
  sgd: (m: Model) => sgd(m.parameters(), { lr: 1e-2, momentum: 0.9 }),
} as const;

describe("moveToBackend", () => {
  for (const threads of [1, 2]) {
    for (const name of ["adam", "sgd"] as const) {
      it(`trains to the same bits with its parameters kept in WebAssembly memory (${name}, ${threads} thread${threads > 1 ? "s" : ""})`, async () => {
        const be = await onWasm(threads);
        const x = randn([32, 64], { seed: 13 });
        const target = randn([32, 8], { seed: 14 });
        const moved = mlp().moveToBackend();
        const inJs = mlp();
        expect(moved.parameters().every((p) => p.isResident)).toBe(true);
        expect(inJs.parameters().some((p) => p.isResident)).toBe(false);
        const runs = [moved, inJs].map((model) => ({ model, optimizer: optimizers[name](model), losses: [] as number[] }));
        let blocksAfterSecond = 0;
        for (let step = 0; step < 4; step++) {
          for (const r of runs) {
            r.losses.push(
              tidy(() => {
                r.optimizer.zeroGrad();
                const loss = mse(r.model.forward(x), target);
                loss.backward();
                r.optimizer.step();
                return loss.data[0]!;
              }),
            );
          }
          if (step === 1) blocksAfterSecond = be.residentBlocks;
        }
        // no step read a moved parameter's data, and no step left a block behind
        expect(moved.parameters().every((p) => p.isResident)).toBe(true);
        expect(be.residentBlocks).toBe(blocksAfterSecond);
        expect(bits(runs[0]!.losses)).toEqual(bits(runs[1]!.losses));
        const params = (m: Model) => m.parameters().map((p) => bits(p.data));
        expect(params(moved)).toEqual(params(inJs));
      });
    }
  }

  it("keeps a moved parameter's gradient in WebAssembly memory: accumulated there, freed when zeroed, readable once handed out", async () => {
    const be = await onWasm(1);
    const x = randn([32, 64], { seed: 13 });
    const target = randn([32, 8], { seed: 14 });
    const moved = mlp().moveToBackend();
    const inJs = mlp();
    const backward = (m: Model) => tidy(() => mse(m.forward(x), target).backward());
    const blocks = be.residentBlocks;
    // two backwards without zeroing: the second adds to the first where it lies, g + g = 2g exactly
    backward(moved);
    backward(moved);
    backward(inJs);
    const twice = inJs.parameters().map((p) => bits(p.grad!.data.map((v) => 2 * v)));
    const nParams = moved.parameters().length;
    expect(be.residentBlocks, "one block per gradient").toBe(blocks + nParams);
    const grads = moved.parameters().map((p) => p.grad!);
    expect(grads.every((g) => g.isResident)).toBe(true);
    expect(inJs.parameters().some((p) => p.grad!.isResident)).toBe(false);
    // zeroing frees the blocks; the gradients handed out above were copied out first and keep their values
    adam(moved.parameters()).zeroGrad();
    expect(be.residentBlocks).toBe(blocks);
    expect(grads.some((g) => g.isResident)).toBe(false);
    expect(grads.map((g) => bits(g.data))).toEqual(twice);
    // a gradient nobody read through .grad is freed without a copy, and gone for good
    backward(moved);
    expect(be.residentBlocks).toBe(blocks + nParams);
    moved.zeroGrad();
    expect(be.residentBlocks).toBe(blocks);
    expect(moved.parameters().every((p) => p.grad === null && p.isResident)).toBe(true);
    // a moved tensor assigned as a gradient is the caller's: zeroing copies it out rather than freeing it
    const mine = randn(moved.parameters()[0]!.shape, { seed: 25 });
    const values = bits(mine.data);
    moveToBackend([mine]);
    moved.parameters()[0]!.grad = mine;
    moved.zeroGrad();
    expect(mine.isResident).toBe(false);
    expect(bits(mine.data)).toEqual(values);
  });

  it("stays in WebAssembly memory through a step given explicit gradients (their shapes checked without reading data)", async () => {
    await onWasm(2);
    const w = randn([128, 128], { seed: 21 });
    const b = randn([128], { seed: 22 });
    expect(moveToBackend([w, b])).toBe(2);
    const optimizer = adam([w, b] as const, { lr: 1e-2 });
    optimizer.step([randn([128, 128], { seed: 23 }), randn([128], { seed: 24 })]);
    expect([w.isResident, b.isResident]).toEqual([true, true]);
  });

  it("copies a tensor back out on the first data read: its block is freed, writes are kept, and it can move again", async () => {
    const be = await onWasm(2);
    const t = randn([16, 32], { seed: 15 });
    const values = Float32Array.from(t.data);
    const before = be.residentBlocks;
    expect(moveToBackend([t])).toBe(1);
    expect(t.isResident).toBe(true);
    expect(be.residentBlocks).toBe(before + 1);
    const d = t.data;
    expect(t.isResident).toBe(false);
    expect(be.residentBlocks).toBe(before);
    expect(bits(d)).toEqual(bits(values));
    d[0] = -5;
    expect(t.data[0]).toBe(-5);
    expect(relu(t).data[0]).toBe(0);
    expect(moveToBackend([t])).toBe(1);
    expect(t.isResident).toBe(true);
    expect(relu(t).data[1]).toBe(Math.max(0, values[1]!));
    expect(t.data[0]).toBe(-5);
  });

  it("moves nothing that must stay: float64, a tensor already moved, an op's output inside tidy, anything on the JS backend", async () => {
    await onWasm(1);
    const f64 = randn([8], { seed: 16, dtype: "float64" });
    expect(moveToBackend([f64])).toBe(0);
    expect(f64.isResident).toBe(false);
    const t = randn([8], { seed: 17 });
    expect(moveToBackend([t, t])).toBe(1);
    expect(moveToBackend([t])).toBe(0);
    tidy(() => {
      const y = relu(randn([4, 4], { seed: 18 }));
      expect(y.isResident).toBe(true);
      expect(moveToBackend([y])).toBe(0);
    });
    useBackend(jsBackend);
    const onJs = randn([8], { seed: 19 });
    expect(moveToBackend([onJs])).toBe(0);
    expect(onJs.isResident).toBe(false);
  });

  it("keeps a moved tensor's elements when its backend closes", async () => {
    const be = await createWasmBackend({ threads: 1 });
    useBackend(be);
    const t = randn([64], { seed: 20 });
    const values = Float32Array.from(t.data);
    expect(moveToBackend([t])).toBe(1);
    be.close();
    useBackend(jsBackend);
    expect(bits(t.data)).toEqual(bits(values));
  });
});
