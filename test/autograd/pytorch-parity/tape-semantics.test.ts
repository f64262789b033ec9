/**
 * The tape's rules against PyTorch's, through real ops: accumulation across backwards, retainGraph, freed graphs,
 * a leaf in two graphs, a wrong gy, detach, noGrad, requireGrad on a non-leaf, .grad of a non-leaf. Expected
 * gradients are PyTorch's from fixtures/compositions.json (k backwards give k times them); the rest are relations
 * between runs, so no number is written here.
 */
import { describe, expect, it } from "vitest";
import { enableGrad, isGradEnabled, noGrad } from "../../../src/autograd/grad-mode.js";
import { record } from "../../../src/autograd/graph.js";
import { backwardTwice, implicitGradNeedsOneElement, noGradFn, notALeaf } from "../../../src/autograd/messages.js";
import { DTypeError, ShapeError } from "../../../src/errors.js";
import { add, exp, mul } from "../../../src/ops/elementwise/index.js";
import { sum } from "../../../src/ops/reduce/index.js";
import { reshape } from "../../../src/ops/shape/index.js";
import { formatShape } from "../../../src/tensor/format-shape.js";
import { tensor } from "../../../src/tensor/tensor.js";
import type { DType } from "../../../types/tensor/shape.js";
import {
  type AnyTensor,
  type Expected,
  type FixtureTensor,
  decode,
  expectMatches,
  fixtureTensor,
  forward,
  type Program,
  loadPrograms,
  programInputs,
} from "./program.js";

const dtype: DType = "float64";
const tol = 1e-10;
// Programs with a gy (any output size) and finite gradients: the first 40 of the file.
const programs = loadPrograms("compositions.json")
  .filter((c) => c.gy !== null)
  .slice(0, 40);

function scaled(t: FixtureTensor, k: number): FixtureTensor {
  return { shape: t.shape, data: t.data.map((v) => decode(v) * k) };
}

/** Every input's .grad is k times PyTorch's (k = 0: none yet). */
function expectGrads(c: Program, inputs: Readonly<Record<string, AnyTensor>>, want: Expected, k: number, label: string): void {
  for (const [name, x] of Object.entries(inputs)) {
    const w = want.grads[name];
    if (w === undefined || w === null || k === 0) {
      expect(x.grad, `${c.name} ${label}: ${name}`).toBeNull();
      continue;
    }
    expect(x.grad, `${c.name} ${label}: ${name}`).not.toBeNull();
    expectMatches(x.grad!.data, scaled(w, k), `${c.name} ${label}: grad ${name}`, tol, tol);
  }
}

function gyOf(c: Program): AnyTensor {
  return fixtureTensor(c.gy!, dtype);
}

/** The name of the op that made `t` (its grad_fn), for the freed-graph message. */
function opName(t: AnyTensor): string {
  return t.gradFn!.name;
}

describe("tape semantics through real ops (PyTorch's rules)", () => {
  it("has programs to run", () => expect(programs.length).toBe(40));

  for (const c of programs) {
    const want = c.want[dtype];
    it(`${c.name}: two graphs over the same leaves accumulate, .grad = null restarts`, () => {
      const inputs = programInputs(c, dtype);
      const y1 = forward(c, dtype, inputs).output;
      const y2 = forward(c, dtype, inputs).output;
      y1.backward(gyOf(c));
      expectGrads(c, inputs, want, 1, "after one graph");
      y2.backward(gyOf(c));
      expectGrads(c, inputs, want, 2, "after both graphs");
      for (const x of Object.values(inputs)) x.grad = null;
      forward(c, dtype, inputs).output.backward(gyOf(c));
      expectGrads(c, inputs, want, 1, "after zeroing");
    });

    it(`${c.name}: two graphs joined by add reach each leaf twice`, () => {
      const inputs = programInputs(c, dtype);
      const y = add(forward(c, dtype, inputs).output, forward(c, dtype, inputs).output) as AnyTensor;
      y.backward(gyOf(c));
      expectGrads(c, inputs, want, 2, "joined");
    });

    it(`${c.name}: retainGraph keeps the graph for another backward; without it, a third one throws and changes nothing`, () => {
      const inputs = programInputs(c, dtype);
      const y = forward(c, dtype, inputs).output;
      y.backward(gyOf(c), { retainGraph: true });
      y.backward(gyOf(c), { retainGraph: true });
      expectGrads(c, inputs, want, 2, "after two retained");
      y.backward(gyOf(c));
      expectGrads(c, inputs, want, 3, "after the releasing one");
      expect(() => y.backward(gyOf(c))).toThrow(new ShapeError(backwardTwice(opName(y))));
      expectGrads(c, inputs, want, 3, "after the refused one");
    });

    it(`${c.name}: a gy of the wrong shape or dtype, or none for a tensor of many elements, throws and leaves the graph and .grad as they were`, () => {
      const inputs = programInputs(c, dtype);
      const y = forward(c, dtype, inputs).output;
      const wrongShape = tensor([y.size + 1], new Float64Array(y.size + 1), { dtype }) as AnyTensor;
      expect(() => y.backward(wrongShape)).toThrow(
        new ShapeError(`backward: gy must have the tensor's shape ${formatShape(y.shape)}, got ${formatShape(wrongShape.shape)}`),
      );
      const wrongDType = fixtureTensor(c.gy!, "float32");
      expect(() => y.backward(wrongDType)).toThrow(DTypeError);
      expect(() => y.backward(wrongDType)).toThrow(/^backward: gy must be float64 like the tensor, got float32$/);
      if (y.size !== 1) expect(() => y.backward()).toThrow(new ShapeError(implicitGradNeedsOneElement(formatShape(y.shape))));
      expectGrads(c, inputs, want, 0, "after the refused calls");
      y.backward(gyOf(c));
      expectGrads(c, inputs, want, 1, "after the good call");
    });

    it(`${c.name}: the same program under noGrad records nothing; detached inputs get no gradient`, () => {
      const inputs = programInputs(c, dtype);
      const y = noGrad(() => forward(c, dtype, inputs).output);
      expect(y.requiresGrad).toBe(false);
      expect(y.gradFn).toBeNull();
      expect(() => y.backward(gyOf(c))).toThrow(new ShapeError(noGradFn));
      const detached = Object.fromEntries(Object.entries(inputs).map(([k, x]) => [k, x.detach()]));
      const z = forward(c, dtype, detached).output;
      expect(z.requiresGrad).toBe(false);
      // the detached tensors share the data: same forward
      expectMatches(z.data, c.want[dtype].output, `${c.name} detached output`, tol, tol);
      expectGrads(c, inputs, want, 0, "nothing reached the originals");
    });
  }

  it("the first gradient a leaf gets is its own copy, not gy nor another leaf's", () => {
    const x = tensor([2, 3], [1, 2, 3, 4, 5, 6], { dtype, requiresGrad: true });
    const w = tensor([6], [1, 2, 3, 4, 5, 6], { dtype, requiresGrad: true });
    const gy = tensor([6], [1, -1, 2, -2, 3, -3], { dtype });
    // reshape passes gy through as a view; add gives gy to both sides
    add(reshape(x, [6]), w).backward(gy);
    const xGrad = Array.from(x.grad!.data);
    const wGrad = Array.from(w.grad!.data);
    expect(xGrad).toEqual(Array.from(gy.data));
    expect(wGrad).toEqual(Array.from(gy.data));
    gy.data.fill(7);
    x.grad!.data.fill(9);
    expect(Array.from(w.grad!.data)).toEqual(wGrad);
    // a leaf that is the root: .grad is a copy of gy
    const leaf = tensor([2], [1, 2], { dtype, requiresGrad: true });
    const g = tensor([2], [3, 4], { dtype });
    leaf.backward(g);
    g.data.fill(0);
    expect(leaf.grad!.data[0]).not.toBe(0);
  });

  // Regression: the engine added each contribution to a leaf's .grad as soon as its edge was reached, so a backward
  // that later failed on a freed node left .grad with part of the leaf's gradient added. PyTorch sums a leaf's
  // contributions before adding them (one AccumulateGrad per leaf) and leaves .grad as it was here, in both orders.
  for (const order of ["freed branch first", "freed branch last"] as const) {
    it(`a backward that fails on a freed node changes no .grad (${order})`, () => {
      const x = tensor([3], [0.5, -1, 2], { dtype, requiresGrad: true });
      const h = exp(x);
      sum(h).backward();
      const before = Array.from(x.grad!.data);
      const fresh = sum(mul(x, x)) as AnyTensor;
      const freed = sum(h);
      const y = (order === "freed branch first" ? add(freed, fresh) : add(fresh, freed)) as AnyTensor;
      expect(() => y.backward()).toThrow(new ShapeError(backwardTwice("exp")));
      expect(Array.from(x.grad!.data)).toEqual(before);
    });
  }

  // A deliberate difference: PyTorch updates a leaf whose every contribution arrived before the failing node (y
  // here: its AccumulateGrad runs before exp's node throws); here a failed backward changes no .grad at all.
  it("a backward that fails on a freed node changes no .grad, even of a leaf whose gradient was complete", () => {
    const x = tensor([3], [0.5, -1, 2], { dtype, requiresGrad: true });
    const y = tensor([3], [1, 2, 3], { dtype, requiresGrad: true });
    const h = exp(x);
    sum(h).backward();
    const before = Array.from(x.grad!.data);
    expect(() => sum(mul(h, y)).backward()).toThrow(new ShapeError(backwardTwice("exp")));
    expect(y.grad).toBeNull();
    expect(Array.from(x.grad!.data)).toEqual(before);
  });

  it("a backward that fails on an op's invalid gradient changes no .grad", () => {
    const a = tensor([2], [1, 2], { dtype, requiresGrad: true });
    const b = tensor([2], [3, 4], { dtype, requiresGrad: true });
    // an op recorded from outside (as autograd.Function) whose VJP returns a wrong shape for b
    const y = record("bad", tensor([2], [0, 0], { dtype }) as AnyTensor, [a, b], (gy) => [gy, tensor([3], [1, 1, 1], { dtype }) as AnyTensor]);
    expect(() => y.backward(tensor([2], [1, 1], { dtype }))).toThrow(ShapeError);
    expect(a.grad).toBeNull();
    expect(b.grad).toBeNull();
  });

  it("a freed graph: backward from an intermediate after the output's backward throws; with retainGraph it works", () => {
    const x = tensor([3], [0.5, -1, 2], { dtype, requiresGrad: true });
    const h = exp(x);
    const y = sum(mul(h, h));
    y.backward(undefined, { retainGraph: true });
    const once = Array.from(x.grad!.data);
    x.grad = null;
    h.backward(tensor([3], [1, 1, 1], { dtype }));
    const viaH = Array.from(x.grad!.data);
    x.grad = null;
    // h's node was released by its own backward: y's graph now fails at exp, changing nothing
    expect(() => y.backward()).toThrow(new ShapeError(backwardTwice("exp")));
    expect(x.grad).toBeNull();
    expect(once).not.toEqual(viaH);
  });

  it("requireGrad(false) on a non-leaf throws; requireGrad(true) there is a no-op; .grad of a non-leaf stays null", () => {
    const x = tensor([2], [1, 2], { dtype, requiresGrad: true });
    const y = mul(x, 3) as AnyTensor;
    expect(() => y.requireGrad(false)).toThrow(new ShapeError(notALeaf));
    expect(y.requireGrad(true)).toBe(y);
    expect(y.requiresGrad).toBe(true);
    sum(y).backward();
    expect(y.grad).toBeNull(); // PyTorch: None (with a warning), as no retain_grad
    expect(x.grad).not.toBeNull();
  });

  it("a detached tensor made a leaf of its own gets gradients apart from the original", () => {
    const x = tensor([2], [1, 2], { dtype, requiresGrad: true });
    const h = exp(x);
    const d = h.detach().requireGrad();
    expect(d.isLeaf).toBe(true);
    sum(mul(d, h)).backward();
    expect(Array.from(d.grad!.data)).toEqual(Array.from(h.data));
    // x's gradient came only through h (d is a constant to it): h * exp(x) = exp(x)²
    expect(Array.from(x.grad!.data)).toEqual(Array.from(h.data, (v) => v * v));
  });

  it("noGrad restores the mode after a throw, and enableGrad inside it records", () => {
    const x = tensor([2], [1, 2], { dtype, requiresGrad: true });
    expect(() =>
      noGrad(() => {
        throw new Error("inside");
      }),
    ).toThrow("inside");
    expect(isGradEnabled()).toBe(true);
    const y = noGrad(() => enableGrad(() => exp(x)));
    expect(y.gradFn?.name).toBe("exp");
    const z = noGrad(() => exp(x));
    expect(z.gradFn).toBeNull();
  });

  it("a deep chain (20,000 ops) runs backward without overflowing the stack", () => {
    const x = tensor([1], [1], { dtype, requiresGrad: true });
    let y: AnyTensor = x;
    for (let i = 0; i < 20000; i++) y = add(y, x) as AnyTensor;
    y.backward();
    expect(x.grad!.data[0]).toBe(20001);
  });

  it("the comparison fails on a wrong value, a NaN where PyTorch has none, a wrong infinity and a wrong sign of zero", () => {
    const want: FixtureTensor = { shape: [4], data: [1, "NaN", "Infinity", "-0"] };
    expect(() => expectMatches([1, Number.NaN, Number.POSITIVE_INFINITY, -0], want, "ok", tol, tol, true)).not.toThrow();
    expect(() => expectMatches([1.001, Number.NaN, Number.POSITIVE_INFINITY, -0], want, "value", tol, tol)).toThrow();
    expect(() => expectMatches([1, 0, Number.POSITIVE_INFINITY, -0], want, "nan", tol, tol)).toThrow();
    expect(() => expectMatches([1, Number.NaN, Number.NEGATIVE_INFINITY, -0], want, "inf", tol, tol)).toThrow();
    expect(() => expectMatches([1, Number.NaN, Number.POSITIVE_INFINITY, 0], want, "zero", tol, tol, true)).toThrow();
  });
});
