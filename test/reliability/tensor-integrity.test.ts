import { afterAll, describe, expect, it } from "vitest";
import { currentBackend, useBackend } from "../../src/backend.js";
import type { Conv2dGeometry } from "../../src/kernels/geometry.js";
import { conv2d } from "../../src/ops/conv2d.js";
import { relu } from "../../src/ops/relu.js";
import { maxPool2d } from "../../src/ops/max-pool2d.js";
import { add } from "../../src/ops/elementwise/add.js";
import { reshape } from "../../src/ops/shape/reshape.js";
import { exp } from "../../src/ops/elementwise/exp.js";
import { sum } from "../../src/ops/reduce/sum.js";
import { full, Tensor, tensor } from "../../src/tensor/tensor.js";
import { ShapeError } from "../../src/errors.js";
import { backendsUnderTest } from "../helpers/backends.js";

// Issue 15, item 4: a tensor's shape array was mutable and plain `{ shape, dtype, data }` objects passed as tensors;
// a 1x1 conv over an 8x8 tensor whose shape claimed 64 rows returned, on wasm, values an earlier call left in
// WebAssembly memory, on js NaNs.

const initial = currentBackend();
afterAll(() => {
  useBackend(initial);
});

/** An op called with a value the types were bypassed for (what JavaScript callers and casts can do). */
const bypass = <T>(value: unknown): T => value as T;

describe("a tensor cannot be changed after it is made", () => {
  it("freezes the shape array and the tensor's fields", () => {
    const x = tensor([1, 1, 8, 8], new Float32Array(64));
    expect(Object.isFrozen(x.shape)).toBe(true);
    expect(() => {
      (x.shape as unknown as number[])[2] = 64;
    }).toThrow(TypeError);
    expect(() => {
      Object.assign(x, { shape: [1, 1, 64, 8] });
    }).toThrow(TypeError);
    expect(() => {
      Object.assign(x, { data: new Float32Array(512) });
    }).toThrow(TypeError);
    expect(x.shape).toEqual([1, 1, 8, 8]);
    expect(x.data.length).toBe(64);
    // grad stays settable (optimizers zero it)
    x.grad = null;
    expect(x.grad).toBeNull();
  });

  it("does not share the caller's shape array", () => {
    const shape = [2, 3];
    const x = Tensor.wrap(shape, "float32", new Float32Array(6));
    shape[0] = 100;
    expect(x.shape).toEqual([2, 3]);
  });
});

describe("ops refuse look-alike tensors, naming the op and the argument", () => {
  const w = full([1, 1, 1, 1], 1);
  const lying = { shape: [1, 1, 64, 8], dtype: "float32", data: new Float32Array(64), grad: null };
  const prototypeFake: unknown = Object.create(Tensor.prototype, {
    shape: { value: lying.shape },
    dtype: { value: lying.dtype },
    data: { value: lying.data },
  });

  it.each([
    ["conv2d", "x", () => conv2d(bypass<never>(lying), w)],
    ["conv2d", "weight", () => conv2d(full([1, 1, 8, 8], 1), bypass<never>(lying))],
    ["conv2d", "x", () => conv2d(bypass<never>(prototypeFake), w)],
    ["relu", "x", () => relu(bypass<never>(lying))],
    ["maxPool2d", "x", () => maxPool2d(bypass<never>(lying), { kernel: 2 })],
    ["reshape", "x", () => reshape(bypass<never>(lying), [64])],
  ])("%s: %s", (op, arg, call) => {
    expect(call).toThrow(new TypeError(`${op}: ${arg} must be a Tensor, got a plain object (not made by tensor, zeros, ...)`));
  });

  it("elementwise ops too", () => {
    expect(() => add(bypass<Tensor<[2], "float32">>(lying), 1)).toThrow(/^add: a must be a tensor or a number/);
  });

  it("every other op through the tape's record, naming the input by position", () => {
    const honest = { shape: [2], dtype: "float32", data: new Float32Array(2) };
    expect(() => exp(bypass<never>(honest))).toThrow(
      new TypeError("exp: input 0 must be a Tensor, got a plain object (not made by tensor, zeros, ...)"),
    );
    expect(() => sum(bypass<never>(honest))).toThrow(/^sum: input 0 must be a Tensor/);
    // a lying one fails even earlier, when the op wraps its result
    expect(() => exp(bypass<never>(lying))).toThrow(ShapeError);
    expect(() => sum(bypass<never>(lying))).toThrow(TypeError);
  });
});

describe.each(backendsUnderTest)("the kernel boundary checks every array against its geometry ($name)", ({ create }) => {
  /** The issue's repro at the kernel: a 1x1 conv whose geometry claims 64 rows over an 8x8 input. */
  const geometry: Conv2dGeometry = {
    n: 1,
    inC: 1,
    inH: 64,
    inW: 8,
    outC: 1,
    outH: 64,
    outW: 8,
    kH: 1,
    kW: 1,
    strideH: 1,
    strideW: 1,
    padH: 0,
    padW: 0,
    dilH: 1,
    dilW: 1,
  };

  it("a lying geometry is a ShapeError before the kernel runs; honest calls before and after are right", async () => {
    useBackend(await create());
    // an earlier call leaves 1234.5 wherever the backend keeps its buffers
    const earlier = conv2d(full([1, 1, 64, 8], 1234.5), full([1, 1, 1, 1], 1));
    expect(earlier.data.every((v) => v === 1234.5)).toBe(true);
    const y = new Float32Array(512);
    const call = (): void => currentBackend().conv2dForward(geometry, new Float32Array(64).fill(2), new Float32Array([1]), null, y);
    expect(call).toThrow(new ShapeError("conv2dForward: x must have 512 elements (from the geometry), got 64"));
    expect(y.every((v) => v === 0)).toBe(true);
    expect(() => currentBackend().reluForward(new Float32Array(4), new Float32Array(8))).toThrow(/reluForward: y must have 4 elements/);
    expect(() =>
      currentBackend().conv2dForward({ ...geometry, inH: 8, outH: 8 }, new Float32Array(64), new Float64Array(1), null, new Float32Array(64)),
    ).toThrow(/conv2dForward: weight must be a Float32Array like the other float arrays, got Float64Array/);
    const later = conv2d(full([1, 1, 8, 8], 2), full([1, 1, 1, 1], 3));
    expect([...later.data]).toEqual(new Array<number>(64).fill(6));
  });

  it("matmul's index maps must name matrices the operands hold", async () => {
    useBackend(await create());
    const p = { batch: 2, m: 1, n: 1, k: 1, transA: false, transB: false, aIndex: new Int32Array([0, 5]), bIndex: null };
    expect(() => currentBackend().matmul!(p, new Float32Array(2), new Float32Array(2), null, new Float32Array(2))).toThrow(
      /matmul: a's batch index 1 names matrix 5, a holds 2/,
    );
  });
});

describe("the guard keeps backend identity", () => {
  it("currentBackend() is the same object after switching away and back", async () => {
    const before = currentBackend();
    const previous = useBackend(await backendsUnderTest[1]!.create());
    useBackend(previous);
    expect(currentBackend()).toBe(before);
    // a guarded backend passed back in is not wrapped twice
    useBackend(currentBackend());
    expect(currentBackend()).toBe(before);
  });
});
