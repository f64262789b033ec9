import { describe, expect, it } from "vitest";
import { DTypeError, ShapeError } from "../../src/errors.js";
import { parseSafetensors, SafetensorsError, serializeSafetensors } from "../../src/io/index.js";
import { createUNet } from "../../src/nn/unet.js";
import { createUNet2 } from "../../src/nn/unet2.js";
import { batchNorm2d, createBatchNorm2d } from "../../src/ops/batch-norm2d.js";
import { conv2d } from "../../src/ops/conv2d.js";
import { maxPool2d } from "../../src/ops/max-pool2d.js";
import { MAX_ELEMENTS } from "../../src/tensor/element-limit.js";
import { full, ones, randn, Tensor, tensor, zeros } from "../../src/tensor/tensor.js";
import { mse } from "../../src/train/losses/mse.js";
import { adam } from "../../src/train/optimizers/adam.js";
import { adamw } from "../../src/train/optimizers/adamw.js";
import { sgd } from "../../src/train/optimizers/sgd.js";

/** A call with a value the types were bypassed for (what JavaScript callers and casts can do). */
const bypass = <T>(value: unknown): T => value as T;

/** Runs `call` and returns how long it took to throw, failing if it did not throw `match`. */
function throwsFast(call: () => unknown, match: RegExp): number {
  const start = performance.now();
  expect(call).toThrow(match);
  return performance.now() - start;
}

// Issue 15, item 5: sizes were not checked before allocating (V8's RangeError naming no op, 16 GiB requests, hangs).
describe("one element limit (2^30 per tensor), checked before allocating, naming the op and the size", () => {
  it("is 2^30", () => {
    expect(MAX_ELEMENTS).toBe(1073741824);
  });

  it("tensor constructors", () => {
    const ms = throwsFast(
      () => zeros([1e6, 1e6]),
      /^zeros: shape \[1000000, 1000000\] would have 1000000000000 elements, more than the limit of 2\^30 \(1073741824\) per tensor$/,
    );
    throwsFast(() => zeros([65536, 65536]), /^zeros: shape \[65536, 65536\] would have 4294967296 elements/);
    throwsFast(() => ones([65536, 65536], { dtype: "float64" }), /^ones: .*4294967296 elements/);
    throwsFast(() => randn([40000, 40000], { seed: 1 }), /^randn: .*1600000000 elements/);
    expect(() => Tensor.wrap([65536, 65536], "float32", new Float32Array(0))).toThrow(/^Tensor.wrap: shape \[65536, 65536\] would have/);
    expect(ms).toBeLessThan(1000);
  });

  it("op outputs: conv2d with padding 1e6 or 16000", () => {
    const x = zeros([1, 3, 8, 8]);
    const w = zeros([1, 3, 1, 1]);
    throwsFast(() => conv2d(x, w, null, { padding: 1e6 }), /^conv2d: the result would have 4000032000064 elements, more than the limit/);
    const ms = throwsFast(() => conv2d(x, zeros([3, 3, 1, 1]), null, { padding: 16000 }), /^conv2d: the result would have 3073536192 elements/);
    expect(ms).toBeLessThan(1000);
  });

  it("module construction: createBatchNorm2d(1e12), createUNet2 with baseC 8000", () => {
    throwsFast(() => createBatchNorm2d(1e12), /^batchNorm2d: each parameter \(num_features\) would have 1000000000000 elements/);
    const before = process.memoryUsage().arrayBuffers;
    const ms = throwsFast(
      () => createUNet2({ inC: 1, outC: 1, inH: 16, inW: 16, config: { baseC: 8000 } }),
      /^UNet2: down2_1\.weight would have 1152000000 elements, more than the limit/,
    );
    expect(ms).toBeLessThan(1000);
    // nothing of its 576M-element first weights was allocated (generous: under 200 MB more array memory)
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(200e6);
  });
});

// Issue 15, item 6: "float16" made a tensor labelled float16 over a Float32Array; createUNet2 accepted it.
describe("dtype strings are checked where a caller passes one", () => {
  const float16 = bypass<"float32">("float16");
  it.each([
    ["zeros", () => zeros([2, 2], { dtype: float16 })],
    ["tensor", () => tensor([2], [1, 2], { dtype: float16 })],
    ["randn", () => randn([2], { seed: 0, dtype: float16 })],
    ["batchNorm2d", () => createBatchNorm2d(2, { dtype: float16 })],
    ["UNet2", () => createUNet2({ inC: 1, outC: 1, inH: 16, inW: 16, dtype: float16 })],
    ["UNet", () => createUNet({ inC: 1, outC: 1, depth: 1, baseC: 2, inH: 8, inW: 8, dtype: float16 })],
  ])("%s", (op, call) => {
    expect(call).toThrow(DTypeError);
    expect(call).toThrow(new RegExp(`^${op}: options.dtype must be one of "float32", "float64", got "float16"$`));
  });

  it("Tensor.wrap", () => {
    expect(() => Tensor.wrap([1], bypass<"float32">("float16"), new Float32Array(1))).toThrow(
      /^Tensor.wrap: dtype must be one of "float32", "float64", got "float16"$/,
    );
  });
});

// Issue 15, item 8: the writer wrote what readers reject; an invalid `unsupported` acted like "skip".
describe("the writer writes only what readers accept", () => {
  const t = { shape: [1], data: new Float32Array([1]) };
  it("rejects lone surrogates in names and metadata", () => {
    expect(() => serializeSafetensors({ "w\uD800": t })).toThrow(/^cannot serialize tensor "w\\ud800": it holds a lone UTF-16 surrogate/);
    expect(() => serializeSafetensors({ w: t }, { k: "\uDC00" })).toThrow(/^cannot serialize __metadata__\["k"\]: it holds a lone UTF-16 surrogate/);
    expect(() => serializeSafetensors({ w: t }, { "\uD800": "v" })).toThrow(SafetensorsError);
    // a surrogate pair is a character: written and read back
    const back = parseSafetensors(serializeSafetensors({ "w\u{1F600}": t }, { k: "\u{1F600}" }));
    expect([...back.tensors.keys()]).toEqual(["w\u{1F600}"]);
    expect(back.metadata).toEqual({ k: "\u{1F600}" });
  });

  it('rejects unsupported: "ignore", listing the valid values', () => {
    const file = serializeSafetensors({ w: t });
    expect(() => parseSafetensors(file, { unsupported: bypass<"skip">("ignore") })).toThrow(
      /^options.unsupported must be one of "error", "skip", got string "ignore"$/,
    );
  });
});

// Issue 15, item 9.
describe("small ones", () => {
  const x = full([1, 1, 4, 4], 1);

  it("maxPool2d needs options with a kernel (PyTorch's kernel_size has no default)", () => {
    expect(() => maxPool2d(x, bypass<never>(undefined))).toThrow(new ShapeError("maxPool2d: options { kernel, ... } are required, got undefined"));
    expect(() => maxPool2d(x, bypass<never>({}))).toThrow(/^maxPool2d: options.kernel is required/);
    // stride: null is PyTorch's stride=None: the kernel
    expect(maxPool2d(x, { kernel: 2, stride: bypass<number>(null) }).shape).toEqual([1, 1, 2, 2]);
  });

  it("conv2d's stride: null is an error naming the option", () => {
    expect(() => conv2d(x, ones([1, 1, 1, 1]), null, { stride: bypass<never>(null) })).toThrow(
      /^conv2d: stride must be a number or \[h, w\], got null$/,
    );
  });

  it("batchNorm2d needs { training }", () => {
    const state = createBatchNorm2d(1);
    expect(() => batchNorm2d(x, state, bypass<never>(undefined))).toThrow(/^batchNorm2d: options \{ training \} are required, got undefined$/);
    expect(() => batchNorm2d(x, state, bypass<never>({}))).toThrow(/^batchNorm2d: options.training must be true or false, got undefined$/);
  });

  it("tensor(shape, null) names the argument", () => {
    expect(() => tensor([2], bypass<never>(null))).toThrow(/^tensor: data must be an array or typed array of numbers, got null$/);
    expect(() => zeros(bypass<never>(null))).toThrow(/^zeros: shape must be an array of dims, got null$/);
  });

  it("optimizers reject unknown options and non-finite learning rates, also set later", () => {
    const p = zeros([2]).requireGrad();
    expect(() => adam([p], bypass<never>({ betas: [0.9, 0.99] }))).toThrow(/^adam: .*betas/);
    expect(() => adamw([p], bypass<never>({ lr: 1e-3, amsgrad: true }))).toThrow(/^adamw: .*amsgrad/);
    expect(() => sgd([p], bypass<never>({ lr: 0.1, momentun: 0.9 }))).toThrow(/^sgd: .*momentun/);
    expect(() => sgd([p], bypass<never>(undefined))).toThrow(/^sgd: options \{ lr, .* \} are required, got undefined$/);
    for (const lr of [NaN, Infinity, -1]) expect(() => sgd([p], { lr })).toThrow(RangeError);
    const opt = sgd([p], { lr: 0.1 });
    expect(() => {
      opt.lr = NaN;
    }).toThrow(/^sgd: lr must be a finite number ≥ 0, got NaN$/);
    expect(opt.lr).toBe(0.1);
    p.grad = ones([2]);
    opt.step();
    expect([...p.data]).toEqual([-0.1, -0.1].map(Math.fround));
  });

  it("mse, .grad and sgd.step reject mixed float32 and float64", () => {
    expect(() => mse(zeros([2]), bypass<never>(zeros([2], { dtype: "float64" })))).toThrow(DTypeError);
    const p = zeros([2]);
    const opt = sgd([p], { lr: 0.1 });
    // refused where it is assigned, so step() never sees it (as PyTorch's .grad setter)
    expect(() => {
      p.grad = bypass<never>(ones([2], { dtype: "float64" }));
    }).toThrow(new DTypeError(".grad: a float64 gradient for a float32 tensor"));
    expect(p.grad).toBeNull();
    opt.step();
    expect([...p.data]).toEqual([0, 0]);
    expect(() => opt.step(bypass<never>([ones([2], { dtype: "float64" })]))).toThrow(DTypeError);
  });
});
