/**
 * Every case of the PyTorch golden files, forward and every vector-Jacobian product, in float32,
 * on every backend under test.
 */
import { describe, expect, it } from "vitest";
import { concatBackward, concatForward, concatLayout } from "../../src/kernels/concat.js";
import { backendsUnderTest } from "../helpers/backends.js";
import { expectClose, loadGolden } from "../helpers/golden.js";
import type { GoldenCase } from "../helpers/golden.js";
import { conv2dGeometry, convTranspose2dGeometry, f32, grad, input, nchw, param2, pool2dGeometry } from "./kernel-helpers.js";

const conv2dCases = loadGolden("conv2d.json");
const maxPoolCases = loadGolden("maxPool2d.json");
const convTransposeCases = loadGolden("convTranspose2d.json");
const elementwiseCases = loadGolden("elementwise.json");

function output(c: GoldenCase): NonNullable<GoldenCase["output"]> {
  if (c.output === undefined) throw new Error(`${c.name}: no output`);
  return c.output;
}

function gy(c: GoldenCase): Float32Array {
  return f32(c.gy, `${c.name}.gy`);
}

describe("golden files hold the expected groups", () => {
  it("every group is non-empty and every case has the op its file is for", () => {
    const groups: [GoldenCase[], string][] = [
      [conv2dCases, "conv2d"],
      [maxPoolCases, "maxPool2d"],
      [convTransposeCases, "convTranspose2d"],
    ];
    for (const [cases, op] of groups) {
      expect(cases.length).toBeGreaterThan(0);
      for (const c of cases) expect(c.op).toBe(op);
    }
    expect(elementwiseCases.map((c) => c.op).sort()).toEqual(["concat", "relu"]);
  });
});

for (const entry of backendsUnderTest) {
  describe(`conv2d golden [${entry.name}]`, () => {
    for (const c of conv2dCases) {
      it(c.name, async () => {
        const be = await entry.create();
        const xT = input(c, "x");
        const wT = input(c, "weight");
        const [n, inC, inH, inW] = nchw(xT);
        const [strideH, strideW] = param2(c, "stride");
        const [padH, padW] = param2(c, "padding");
        const [dilH, dilW] = param2(c, "dilation", 1);
        const [kH, kW] = param2(c, "kernel");
        expect(wT.shape).toEqual([wT.shape[0], inC, kH, kW]);
        const g = conv2dGeometry({
          n,
          inC,
          outC: wT.shape[0]!,
          inH,
          inW,
          kH,
          kW,
          strideH,
          strideW,
          padH,
          padW,
          dilH,
          dilW,
        });
        const x = f32(xT, "x");
        const w = f32(wT, "weight");
        const hasBias = c.inputs["bias"] !== undefined;
        const bias = hasBias ? f32(c.inputs["bias"], "bias") : null;
        const y = new Float32Array(g.n * g.outC * g.outH * g.outW).fill(NaN);
        be.conv2dForward(g, x, w, bias, y);
        expectClose(y, output(c), `${c.name} y`);

        const dy = gy(c);
        const dx = new Float32Array(x.length).fill(NaN);
        be.conv2dBackwardData(g, dy, w, dx);
        expectClose(dx, grad(c, "x"), `${c.name} dx`);

        const dw = new Float32Array(w.length).fill(NaN);
        const db = hasBias ? new Float32Array(g.outC).fill(NaN) : null;
        be.conv2dBackwardWeight(g, x, dy, dw, db);
        expectClose(dw, grad(c, "weight"), `${c.name} dw`);
        if (db !== null) expectClose(db, grad(c, "bias"), `${c.name} db`);
        else expect(c.grads?.["bias"]).toBeUndefined();
      });
    }
  });

  describe(`convTranspose2d golden [${entry.name}]`, () => {
    for (const c of convTransposeCases) {
      it(c.name, async () => {
        const be = await entry.create();
        const xT = input(c, "x");
        const wT = input(c, "weight");
        const [n, inC, inH, inW] = nchw(xT);
        const [strideH, strideW] = param2(c, "stride");
        const [padH, padW] = param2(c, "padding");
        const [dilH, dilW] = param2(c, "dilation", 1);
        const [kH, kW] = param2(c, "kernel");
        const [outPadH, outPadW] = param2(c, "outputPadding", 0);
        expect(wT.shape).toEqual([inC, wT.shape[1], kH, kW]);
        const g = convTranspose2dGeometry({
          n,
          inC,
          outC: wT.shape[1]!,
          inH,
          inW,
          kH,
          kW,
          strideH,
          strideW,
          padH,
          padW,
          dilH,
          dilW,
          outPadH,
          outPadW,
        });
        const x = f32(xT, "x");
        const w = f32(wT, "weight");
        const hasBias = c.inputs["bias"] !== undefined;
        const bias = hasBias ? f32(c.inputs["bias"], "bias") : null;
        const y = new Float32Array(g.n * g.outC * g.outH * g.outW).fill(NaN);
        be.convTranspose2dForward(g, x, w, bias, y);
        expectClose(y, output(c), `${c.name} y`);

        const dy = gy(c);
        const dx = new Float32Array(x.length).fill(NaN);
        be.convTranspose2dBackwardData(g, dy, w, dx);
        expectClose(dx, grad(c, "x"), `${c.name} dx`);

        const dw = new Float32Array(w.length).fill(NaN);
        const db = hasBias ? new Float32Array(g.outC).fill(NaN) : null;
        be.convTranspose2dBackwardWeight(g, x, dy, dw, db);
        expectClose(dw, grad(c, "weight"), `${c.name} dw`);
        if (db !== null) expectClose(db, grad(c, "bias"), `${c.name} db`);
        else expect(c.grads?.["bias"]).toBeUndefined();
      });
    }
  });

  describe(`maxPool2d golden [${entry.name}]`, () => {
    for (const c of maxPoolCases) {
      it(c.name, async () => {
        const be = await entry.create();
        const xT = input(c, "x");
        const [n, ch, inH, inW] = nchw(xT);
        const [kH, kW] = param2(c, "kernel");
        const [strideH, strideW] = param2(c, "stride", kH === kW ? kH : undefined);
        const [padH, padW] = param2(c, "padding", 0);
        const [dilH, dilW] = param2(c, "dilation", 1);
        const ceilMode = c.params["ceilMode"] ?? false;
        expect(typeof ceilMode).toBe("boolean");
        const g = pool2dGeometry({ n, c: ch, inH, inW, kH, kW, strideH, strideW, padH, padW, dilH, dilW, ceil: ceilMode === true });
        const x = f32(xT, "x");
        const outLen = g.n * g.c * g.outH * g.outW;
        const y = new Float32Array(outLen).fill(NaN);
        const indices = new Int32Array(outLen).fill(-7);
        be.maxPool2dForward(g, x, y, indices);
        expectClose(y, output(c), `${c.name} y`);
        const plane = inH * inW;
        for (let i = 0; i < outLen; i++) {
          const p = Math.floor(i / (g.outH * g.outW));
          expect(x[p * plane + indices[i]!], `${c.name} index ${i} points at the maximum`).toBe(y[i]);
        }

        const dx = new Float32Array(x.length).fill(NaN);
        be.maxPool2dBackward(g, gy(c), indices, dx);
        expectClose(dx, grad(c, "x"), `${c.name} dx`);
      });
    }
  });

  describe(`elementwise golden [${entry.name}]`, () => {
    for (const c of elementwiseCases.filter((k) => k.op === "relu")) {
      it(`relu ${c.name}`, async () => {
        const be = await entry.create();
        const x = f32(input(c, "x"), "x");
        const y = new Float32Array(x.length).fill(NaN);
        be.reluForward(x, y);
        expectClose(y, output(c), `${c.name} y`);
        const dx = new Float32Array(x.length).fill(NaN);
        be.reluBackward(y, gy(c), dx);
        expectClose(dx, grad(c, "x"), `${c.name} dx`);
      });
    }
  });
}

describe("concat golden (plain functions, not a backend kernel)", () => {
  for (const c of elementwiseCases.filter((k) => k.op === "concat")) {
    it(c.name, () => {
      const axis = c.params["axis"];
      if (typeof axis !== "number") throw new Error(`${c.name}: axis must be a number`);
      const names = Object.keys(c.inputs); // insertion order is the concat order
      expect(names.length).toBeGreaterThanOrEqual(2);
      const parts = names.map((k) => f32(c.inputs[k], k));
      const layout = concatLayout(
        names.map((k) => input(c, k).shape),
        axis,
      );
      const out = new Float32Array(output(c).data.length).fill(NaN);
      concatForward(parts, layout.outer, layout.inners, out);
      expectClose(out, output(c), `${c.name} y`);
      const grads = parts.map((p) => new Float32Array(p.length).fill(NaN));
      concatBackward(gy(c), layout.outer, layout.inners, grads);
      names.forEach((k, i) => {
        expectClose(grads[i]!, grad(c, k), `${c.name} d${k}`);
      });
    });
  }
});
