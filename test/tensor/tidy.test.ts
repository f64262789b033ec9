/**
 * `tidy` and tensors kept in WebAssembly memory between ops (src/tensor/tidy.ts, src/tensor/resident.ts): inside
 * tidy the WebAssembly backend's op outputs stay in its memory, the next op reads them there, and what tidy does not
 * return is freed. Every result must be bit for bit what the same program gives outside tidy (the same kernels run;
 * only where their operands lie changes), a freed tensor must refuse to be read, and memory must not grow over steps.
 */
import { describe, expect, it } from "vitest";
import { useBackend } from "../../src/backend.js";
import { ReleasedTensorError } from "../../src/errors.js";
import { jsBackend } from "../../src/kernels/js-backend.js";
import { TransformerEncoderLayer } from "../../src/nn/layers/transformer.js";
import { createUNet2 } from "../../src/nn/unet2.js";
import { add } from "../../src/ops/elementwise/add.js";
import { conv2d } from "../../src/ops/conv2d.js";
import { conv2dRelu } from "../../src/ops/conv2d-relu.js";
import { concat } from "../../src/ops/concat.js";
import { linear } from "../../src/ops/linalg/linear.js";
import { maxPool2d } from "../../src/ops/max-pool2d.js";
import { relu } from "../../src/ops/relu.js";
import { softmax } from "../../src/ops/reduce/softmax.js";
import { randn, Tensor, zeros } from "../../src/tensor/tensor.js";
import { keep, tidy } from "../../src/tensor/tidy.js";
import { mse } from "../../src/train/losses/mse.js";
import { adam } from "../../src/train/optimizers/adam.js";
import { createWasmBackend } from "../../src/wasm/index.js";
import { collectionCounts } from "../helpers/gc-fixture.js";
import { type ResidentWasmBackend, onWasm } from "../helpers/on-wasm.js";

type AnyTensor = Tensor<number[]>;

const bits = (t: { readonly data: ArrayLike<number> }): number[] => Array.from(new Uint32Array(Float32Array.from(t.data).buffer));

/** A small program over every op that keeps its output resident: linear, relu, softmax, add, conv, pool, concat. */
function program(x: AnyTensor, w1: AnyTensor, b1: AnyTensor, img: AnyTensor, k: AnyTensor): AnyTensor[] {
  const h = relu(linear(x, w1, b1) as AnyTensor);
  const s = softmax(h, -1) as AnyTensor;
  const sum = add(h, s) as AnyTensor;
  const c = conv2dRelu(img, k, null, { padding: 1 }) as AnyTensor;
  const p = maxPool2d(c, { kernel: 2 }) as AnyTensor;
  const joined = concat([p, p], 1) as AnyTensor;
  return [h, s, sum, c, p, joined];
}

function inputs(): AnyTensor[] {
  return [
    randn([32, 48], { seed: 1 }),
    randn([40, 48], { seed: 2 }),
    randn([40], { seed: 3 }),
    randn([1, 8, 20, 20], { seed: 4 }),
    randn([16, 8, 3, 3], { seed: 5 }),
  ] as AnyTensor[];
}

describe.each([1, 2])("tidy on the wasm backend, %i thread(s)", (threads) => {
  it("keeps op outputs in WebAssembly memory and gives the bits the same ops give outside", async () => {
    const be = await onWasm(threads);
    const [x, w1, b1, img, k] = inputs() as [AnyTensor, AnyTensor, AnyTensor, AnyTensor, AnyTensor];
    const outside = program(x, w1, b1, img, k);
    const inside = tidy(() => program(x, w1, b1, img, k));
    for (const t of inside) expect(t.isResident).toBe(true);
    expect(be.residentBlocks).toBeGreaterThanOrEqual(inside.length);
    inside.forEach((t, i) => {
      expect(t.shape).toEqual(outside[i]!.shape);
      expect(bits(t)).toEqual(bits(outside[i]!));
    });
    for (const t of outside) expect(t.isResident).toBe(false);
  });

  it("frees what it does not return: reading it throws, what it returns and what was read stay usable", async () => {
    const be = await onWasm(threads);
    const before = be.residentBlocks;
    const [x, w1, b1] = inputs() as [AnyTensor, AnyTensor, AnyTensor];
    let hidden: AnyTensor | null = null;
    let read: AnyTensor | null = null;
    let kept: AnyTensor | null = null;
    const { y } = tidy(() => {
      hidden = linear(x, w1, b1) as AnyTensor;
      read = relu(hidden);
      expect(read.data.length).toBe(32 * 40); // copied out once: usable after
      kept = keep(relu(hidden));
      return { y: relu(read) };
    });
    expect(hidden!.isResident).toBe(false);
    expect(() => hidden!.data).toThrow(ReleasedTensorError);
    expect(() => hidden!.data).toThrow(/Tensor<\[32, 40\], float32> was released when the tidy\(\) that made it returned/);
    expect(read!.data.length).toBe(32 * 40);
    expect(kept!.isResident).toBe(true);
    expect(y.isResident).toBe(true);
    expect(Array.from(y.data)).toEqual(Array.from(relu(relu(linear(x, w1, b1) as AnyTensor)).data));
    // the blocks still held: kept's and y's (read's was freed with the rest: its elements live in its JS array)
    expect(be.residentBlocks - before).toBe(2);
  });

  it("an op reading a freed tensor fails with the same error, and nothing else changes", async () => {
    await onWasm(threads);
    const [x, w1, b1] = inputs() as [AnyTensor, AnyTensor, AnyTensor];
    let h: AnyTensor | null = null;
    tidy(() => {
      h = linear(x, w1, b1) as AnyTensor;
      return null;
    });
    expect(() => relu(h!)).toThrow(ReleasedTensorError);
  });

  it("nested: the inner tidy's result belongs to the outer one", async () => {
    await onWasm(threads);
    const [x, w1, b1] = inputs() as [AnyTensor, AnyTensor, AnyTensor];
    let inner: AnyTensor | null = null;
    const out = tidy(() => {
      inner = tidy(() => linear(x, w1, b1) as AnyTensor);
      expect(inner.isResident).toBe(true);
      return relu(inner);
    });
    expect(() => inner!.data).toThrow(ReleasedTensorError);
    expect(out.isResident).toBe(true);
  });

  it("frees what it made when fn throws, and refuses an async fn", async () => {
    const be = await onWasm(threads);
    const before = be.residentBlocks;
    const [x, w1, b1] = inputs() as [AnyTensor, AnyTensor, AnyTensor];
    expect(() =>
      tidy(() => {
        linear(x, w1, b1);
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(be.residentBlocks).toBe(before);
    expect(() => tidy(async () => linear(x, w1, b1))).toThrow(/tidy: fn must be synchronous/);
    expect(be.residentBlocks).toBe(before);
  });

  it("a backward inside tidy gives outside's gradients; after it, the tape's saved tensors are gone", async () => {
    await onWasm(threads);
    const run = () => {
      const [x, w1, b1, img, k] = inputs() as [AnyTensor, AnyTensor, AnyTensor, AnyTensor, AnyTensor];
      for (const t of [w1, b1, k]) t.requireGrad();
      const outs = program(x, w1, b1, img, k);
      const loss = outs.reduce((acc, t) => add(acc, mse(t, zeros(t.shape) as AnyTensor) as AnyTensor) as AnyTensor, zeros([]) as AnyTensor);
      loss.backward();
      return [loss, w1.grad!, b1.grad!, k.grad!];
    };
    const outside = run();
    const inside = tidy(run);
    for (let i = 0; i < inside.length; i++) expect(bits(inside[i]!)).toEqual(bits(outside[i]!));
    const [x, w1, b1] = inputs() as [AnyTensor, AnyTensor, AnyTensor];
    w1.requireGrad();
    // the inner relu's output, which the outer relu's gradient needs, was freed with the rest
    const y = tidy(() => relu(relu(linear(x, w1, b1) as AnyTensor)));
    expect(() => y.backward(randn(y.shape, { seed: 9 }) as AnyTensor)).toThrow(ReleasedTensorError);
    expect(w1.grad).toBeNull();
  });

  it("a transformer layer trained in tidy matches one trained outside, holds no block between steps, and stops growing", async () => {
    const be = await onWasm(threads);
    const make = () => {
      const model = new TransformerEncoderLayer(32, 4, { dimFeedforward: 64, dropout: 0, seed: 3 });
      return { model, optimizer: adam(model.parameters(), { lr: 1e-2 }) };
    };
    const x = randn([2, 16, 32], { seed: 4 });
    const target = randn([2, 16, 32], { seed: 5 });
    const step = (w: ReturnType<typeof make>): number => {
      w.optimizer.zeroGrad();
      const loss = mse(w.model.forward(x), target);
      loss.backward();
      w.optimizer.step();
      return loss.item();
    };
    const plain = make();
    const tidied = make();
    const before = be.residentBlocks;
    const sizes: number[] = [];
    for (let i = 0; i < 5; i++) {
      expect(tidy(() => step(tidied))).toBe(step(plain));
      expect(be.residentBlocks).toBe(before);
      sizes.push(be.residentBytes);
    }
    expect(sizes[4]).toBe(sizes[1]);
    const a: readonly { readonly data: ArrayLike<number> }[] = plain.model.parameters();
    const b: readonly { readonly data: ArrayLike<number> }[] = tidied.model.parameters();
    expect(b.length).toBe(a.length);
    for (let i = 0; i < a.length; i++) expect(bits(b[i]!)).toEqual(bits(a[i]!));
  });

  it("UNet2's explicit backward in tidy gives outside's gradients", async () => {
    await onWasm(threads);
    // 32 x 32 and 16 x 16 planes: Winograd F(4x4)'s tiles fill their rows, so it writes resident outputs in place
    const model = createUNet2({ inC: 3, outC: 2, inH: 32, inW: 32, config: { baseC: 8 }, seed: 1 });
    const x = randn([1, 3, 32, 32], { seed: 2 });
    const dy = randn([1, 2, 32, 32], { seed: 3 });
    const run = () => {
      const { output, trace } = model.forwardTraced(x);
      const { grads, dx } = model.backward(x, dy, { trace });
      return [output, dx, ...Object.values(grads as Record<string, AnyTensor>)] as AnyTensor[];
    };
    const outside = run();
    const inside = tidy(run);
    expect(inside[0]!.isResident).toBe(true);
    for (let i = 0; i < inside.length; i++) expect(bits(inside[i]!)).toEqual(bits(outside[i]!));
  });

  it("an empty batch's gradients are zeros inside tidy too", async () => {
    await onWasm(threads);
    const x = randn([0, 3, 6, 6], { seed: 1, requiresGrad: true }) as AnyTensor;
    const w = randn([4, 3, 3, 3], { seed: 2, requiresGrad: true }) as AnyTensor;
    const b = randn([4], { seed: 3, requiresGrad: true }) as AnyTensor;
    tidy(() => {
      const y = conv2d(x, w, b, { padding: 1 }) as AnyTensor;
      y.backward(zeros(y.shape) as AnyTensor);
      return null;
    });
    expect(Array.from(w.grad!.data).every((v) => v === 0)).toBe(true);
    expect(Array.from(b.grad!.data).every((v) => v === 0)).toBe(true);
  });
});

describe("returned tensors", () => {
  it("keep their blocks while held and give them back once collected", () => {
    const { whileHeld, afterCollection } = collectionCounts(new URL("./fixtures/resident-collected.ts", import.meta.url));
    expect(whileHeld).toBe(20);
    expect(afterCollection).toBe(0);
  });
});

describe("Tensor.resident", () => {
  it("takes a block once: a second tensor over it, or one over a freed block, is refused", async () => {
    const be = await onWasm(2);
    const heap = be.residentHeap!;
    const block = heap.allocBlock(6)!;
    const t = Tensor.resident([2, 3], block);
    expect(() => Tensor.resident([6], block)).toThrow("Tensor.resident: the block belongs to another tensor or was freed");
    expect(() => Tensor.resident([3], heap.allocBlock(6)!)).toThrow(/Tensor\.resident: data has 6 elements but shape \[3\] needs 3/);
    const freed = heap.allocBlock(4)!;
    heap.free(freed);
    expect(() => Tensor.resident([4], freed)).toThrow("Tensor.resident: the block belongs to another tensor or was freed");
    expect(t.isResident).toBe(true);
  });
});

describe("what tidy leaves alone", () => {
  it("the JS backend and float64 make no resident tensor", async () => {
    useBackend(jsBackend);
    const [x, w1, b1] = inputs() as [AnyTensor, AnyTensor, AnyTensor];
    expect(tidy(() => linear(x, w1, b1) as AnyTensor).isResident).toBe(false);
    await onWasm(2);
    const x64 = randn([4, 8], { seed: 1, dtype: "float64" });
    const w64 = randn([3, 8], { seed: 2, dtype: "float64" });
    expect(tidy(() => linear(x64, w64)).isResident).toBe(false);
  });

  it("a resident tensor read by another backend is copied out, with its values", async () => {
    await onWasm(2);
    const [x, w1, b1] = inputs() as [AnyTensor, AnyTensor, AnyTensor];
    const y = tidy(() => linear(x, w1, b1) as AnyTensor);
    const want = linear(x, w1, b1) as AnyTensor;
    useBackend(jsBackend);
    expect(Array.from((relu(y) as AnyTensor).data)).toEqual(Array.from((relu(want) as AnyTensor).data));
    expect(y.isResident).toBe(false);
  });

  it("closing the backend copies its live tensors out", async () => {
    const be = (await createWasmBackend({ threads: 2 })) as ResidentWasmBackend;
    useBackend(be);
    const [x, w1, b1] = inputs() as [AnyTensor, AnyTensor, AnyTensor];
    const y = tidy(() => linear(x, w1, b1) as AnyTensor);
    const want = Array.from((linear(x, w1, b1) as AnyTensor).data);
    be.close();
    useBackend(jsBackend);
    expect(Array.from(y.data)).toEqual(want);
    expect(tidy(() => linear(x, w1, b1) as AnyTensor).isResident).toBe(false);
  });

  it("past residentBytes an op's output is a JS array, with the same values", async () => {
    const be = (await createWasmBackend({ threads: 1, residentBytes: 1024 })) as ResidentWasmBackend;
    useBackend(be);
    try {
      const [x, w1, b1] = inputs() as [AnyTensor, AnyTensor, AnyTensor];
      const [small, large] = tidy(() => [relu(b1) as AnyTensor, linear(x, w1, b1) as AnyTensor]);
      expect(small!.isResident).toBe(true);
      expect(large!.isResident).toBe(false);
      expect(bits(large!)).toEqual(bits(linear(x, w1, b1) as AnyTensor));
      await expect(createWasmBackend({ residentBytes: -1 })).rejects.toThrow(/residentBytes must be a whole number of bytes, got -1/);
    } finally {
      be.close();
    }
  });
});
