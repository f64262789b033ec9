/**
 * Every case of the PyTorch golden files through the typed ops (shape checks, planning, backend dispatch,
 * result wrapping), forward and every vector-Jacobian product, in float32 and float64, on every backend
 * under test. test/kernels/golden.test.ts checks the kernels alone with geometry computed by the test; here
 * the ops compute it. Each unbatched (C, H, W) case also runs as a batch of two copies (N, C, H, W): outputs
 * and input gradients repeat per sample, parameter gradients double.
 */
import { afterAll, describe, expect, it } from "vitest";
import { currentBackend, useBackend } from "../../src/backend.js";
import { concat, concatBackward } from "../../src/ops/concat.js";
import { convTranspose2d, convTranspose2dBackward } from "../../src/ops/conv-transpose2d.js";
import { conv2d, conv2dBackward } from "../../src/ops/conv2d.js";
import { maxPool2dBackward, maxPool2dWithIndices } from "../../src/ops/max-pool2d.js";
import { relu, reluBackward } from "../../src/ops/relu.js";
import { type Tensor, tensor } from "../../src/tensor/tensor.js";
import type { DType } from "../../types/tensor/shape.js";
import { backendsUnderTest } from "../helpers/backends.js";
import { expectClose, type GoldenCase, type GoldenTensor, loadGolden } from "../helpers/golden.js";
import { grad, input, param2 } from "../kernels/kernel-helpers.js";

const dtypes: readonly DType[] = ["float32", "float64"];

/** How a golden case is run: as stored, or as a batch of two copies of an unbatched case. */
type Layout = "as stored" | "batch of 2";

interface Want {
  readonly shape: number[];
  readonly data: number[];
}

/** The golden tensor as the layout sees it: repeated along a new batch axis, or unchanged. */
function laidOut(t: GoldenTensor, layout: Layout): Want {
  return layout === "as stored" ? t : { shape: [2, ...t.shape], data: [...t.data, ...t.data] };
}

/** A parameter gradient sums over the batch: doubled for two copies. */
function summed(t: GoldenTensor, layout: Layout): Want {
  return layout === "as stored" ? t : { shape: t.shape, data: t.data.map((v) => 2 * v) };
}

function dynamic(t: Want, dtype: DType): Tensor<number[], DType> {
  return tensor<number[], DType>(t.shape, t.data, { dtype });
}

function expectTensor(got: Tensor<readonly number[], DType>, want: Want, label: string, dtype: DType): void {
  expect(got.shape, `${label} shape`).toEqual(want.shape);
  expect(got.dtype, `${label} dtype`).toBe(dtype);
  expectClose(got.data, want.data, label);
}

function layoutsOf(c: GoldenCase): Layout[] {
  return input(c, "x").shape.length === 3 ? ["as stored", "batch of 2"] : ["as stored"];
}

function output(c: GoldenCase): GoldenTensor {
  if (c.output === undefined) throw new Error(`${c.name}: no output`);
  return c.output;
}

function upstream(c: GoldenCase): GoldenTensor {
  if (c.gy === undefined) throw new Error(`${c.name}: no gy`);
  return c.gy;
}

const conv2dCases = loadGolden("conv2d.json");
const convTransposeCases = loadGolden("convTranspose2d.json");
const maxPoolCases = loadGolden("maxPool2d.json");
const elementwiseCases = loadGolden("elementwise.json");

const initial = currentBackend();
afterAll(() => {
  useBackend(initial);
});

for (const entry of backendsUnderTest) {
  const use = async (): Promise<void> => {
    useBackend(await entry.create());
  };

  describe(`conv2d / conv2dBackward golden through the ops [${entry.name}]`, () => {
    for (const c of conv2dCases)
      for (const layout of layoutsOf(c))
        for (const dtype of dtypes) {
          it(`${c.name} (${layout}, ${dtype})`, async () => {
            await use();
            const x = dynamic(laidOut(input(c, "x"), layout), dtype);
            const w = dynamic(input(c, "weight"), dtype);
            const b = c.inputs["bias"] === undefined ? null : dynamic(input(c, "bias"), dtype);
            const options = { stride: param2(c, "stride"), padding: param2(c, "padding"), dilation: param2(c, "dilation", 1) };
            expect(param2(c, "kernel")).toEqual(w.shape.slice(2));
            expectTensor(conv2d(x, w, b, options), laidOut(output(c), layout), `${c.name} y`, dtype);

            const dy = dynamic(laidOut(upstream(c), layout), dtype);
            const g = conv2dBackward(x, w, dy, options, { bias: b !== null });
            expectTensor(g.dx, laidOut(grad(c, "x"), layout), `${c.name} dx`, dtype);
            expectTensor(g.dWeight, summed(grad(c, "weight"), layout), `${c.name} dWeight`, dtype);
            if (b === null) expect(g.dBias).toBeNull();
            else expectTensor(g.dBias!, summed(grad(c, "bias"), layout), `${c.name} dBias`, dtype);
          });
        }
  });

  describe(`convTranspose2d / convTranspose2dBackward golden through the ops [${entry.name}]`, () => {
    for (const c of convTransposeCases)
      for (const layout of layoutsOf(c))
        for (const dtype of dtypes) {
          it(`${c.name} (${layout}, ${dtype})`, async () => {
            await use();
            const x = dynamic(laidOut(input(c, "x"), layout), dtype);
            const w = dynamic(input(c, "weight"), dtype);
            const b = c.inputs["bias"] === undefined ? null : dynamic(input(c, "bias"), dtype);
            const options = {
              stride: param2(c, "stride"),
              padding: param2(c, "padding"),
              outputPadding: param2(c, "outputPadding", 0),
              dilation: param2(c, "dilation", 1),
            };
            expect(param2(c, "kernel")).toEqual(w.shape.slice(2));
            expectTensor(convTranspose2d(x, w, b, options), laidOut(output(c), layout), `${c.name} y`, dtype);

            const dy = dynamic(laidOut(upstream(c), layout), dtype);
            const g = convTranspose2dBackward(x, w, dy, options, { bias: b !== null });
            expectTensor(g.dx, laidOut(grad(c, "x"), layout), `${c.name} dx`, dtype);
            expectTensor(g.dWeight, summed(grad(c, "weight"), layout), `${c.name} dWeight`, dtype);
            if (b === null) expect(g.dBias).toBeNull();
            else expectTensor(g.dBias!, summed(grad(c, "bias"), layout), `${c.name} dBias`, dtype);
          });
        }
  });

  describe(`maxPool2d / maxPool2dBackward golden through the ops [${entry.name}]`, () => {
    for (const c of maxPoolCases)
      for (const layout of layoutsOf(c))
        for (const dtype of dtypes) {
          it(`${c.name} (${layout}, ${dtype})`, async () => {
            await use();
            const x = dynamic(laidOut(input(c, "x"), layout), dtype);
            const ceilMode = c.params["ceilMode"] ?? false;
            if (typeof ceilMode !== "boolean") throw new Error(`${c.name}: ceilMode must be a boolean`);
            const kernel = param2(c, "kernel");
            const options = {
              kernel,
              // absent stride means the kernel, as in PyTorch
              stride: c.params["stride"] === undefined ? kernel : param2(c, "stride"),
              padding: param2(c, "padding", 0),
              dilation: param2(c, "dilation", 1),
              ceilMode,
            };
            const pooled = maxPool2dWithIndices(x, options);
            expectTensor(pooled.output, laidOut(output(c), layout), `${c.name} y`, dtype);
            const dx = maxPool2dBackward(dynamic(laidOut(upstream(c), layout), dtype), pooled.saved);
            expectTensor(dx, laidOut(grad(c, "x"), layout), `${c.name} dx`, dtype);
          });
        }
  });

  describe(`relu / concat golden through the ops [${entry.name}]`, () => {
    for (const c of elementwiseCases)
      for (const dtype of dtypes) {
        it(`${c.op} ${c.name} (${dtype})`, async () => {
          await use();
          const dy = dynamic(upstream(c), dtype);
          if (c.op === "relu") {
            const y = relu(dynamic(input(c, "x"), dtype));
            expectTensor(y, output(c), `${c.name} y`, dtype);
            expectTensor(reluBackward(dy, y), grad(c, "x"), `${c.name} dx`, dtype);
            return;
          }
          expect(c.op).toBe("concat");
          const axis = c.params["axis"];
          if (typeof axis !== "number") throw new Error(`${c.name}: axis must be a number`);
          const names = Object.keys(c.inputs); // insertion order is the concat order
          expect(names.length).toBeGreaterThanOrEqual(2);
          const parts = names.map((k) => dynamic(input(c, k), dtype));
          expectTensor(concat(parts, axis), output(c), `${c.name} y`, dtype);
          // a negative axis counts from the end, as torch.cat's dim
          expectTensor(concat(parts, axis - parts[0]!.shape.length), output(c), `${c.name} y (negative axis)`, dtype);
          const grads = concatBackward(dy, parts, axis);
          names.forEach((k, i) => {
            expectTensor(grads[i]!, grad(c, k), `${c.name} d${k}`, dtype);
          });
        });
      }
  });
}
