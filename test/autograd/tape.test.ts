/**
 * The tape itself, with ops written in the test through `record` (the same door every library op uses), so
 * these tests pin the engine's rules independently of any op: accumulation, fan-out, broadcast reduction on the
 * edge, release of saved tensors, grad mode, detach, and the errors PyTorch gives.
 */
import { describe, expect, it } from "vitest";
import { enableGrad, isGradEnabled, noGrad } from "../../src/autograd/grad-mode.js";
import { record } from "../../src/autograd/graph.js";
import { sumTo, sumsTo } from "../../src/autograd/sum-to.js";
import { ShapeError } from "../../src/errors.js";
import { allocate, type Tensor, tensor } from "../../src/tensor/tensor.js";
import type { DType, Shape } from "../../types/tensor/shape.js";

type AnyTensor = Tensor<Shape, DType>;

/** y = a * b elementwise, same shapes; VJP (gy * b, gy * a). */
function times(a: AnyTensor, b: AnyTensor): AnyTensor {
  const y = allocate(a.dtype, a.size);
  for (let i = 0; i < y.length; i++) y[i] = a.data[i]! * b.data[i]!;
  return record("times", tensorOf(a.shape, y, a.dtype), [a, b], (gy, needs) => [
    needs[0]
      ? tensorOf(
          a.shape,
          gy.data.map((g, i) => g * b.data[i]!),
          a.dtype,
        )
      : null,
    needs[1]
      ? tensorOf(
          a.shape,
          gy.data.map((g, i) => g * a.data[i]!),
          a.dtype,
        )
      : null,
  ]);
}

/** y = sum of all elements, shape []. */
function total(a: AnyTensor): AnyTensor {
  const y = allocate(a.dtype, 1);
  for (let i = 0; i < a.size; i++) y[0] = y[0]! + a.data[i]!;
  return record("total", tensorOf([], y, a.dtype), [a], (gy) => [tensorOf(a.shape, allocate(a.dtype, a.size).fill(gy.data[0]!), a.dtype)]);
}

/** y = a + b with b broadcast from the right; the VJP returns gy for both and leaves the reduction to the engine. */
function plusBroadcast(a: AnyTensor, b: AnyTensor): AnyTensor {
  const y = allocate(a.dtype, a.size);
  for (let i = 0; i < y.length; i++) y[i] = a.data[i]! + b.data[i % b.size]!;
  return record("plusBroadcast", tensorOf(a.shape, y, a.dtype), [a, b], (gy) => [gy, gy]);
}

function tensorOf(shape: readonly number[], data: ArrayLike<number>, dtype: DType): AnyTensor {
  return tensor([...shape] as [number], data, { dtype }) as AnyTensor;
}

const vec = (data: number[], requiresGrad = false): AnyTensor => tensor([data.length] as [number], data, { requiresGrad }) as AnyTensor;

describe("tape", () => {
  it("fills .grad on every leaf that requires grad, and none on the others", () => {
    const a = vec([1, 2, 3], true);
    const b = vec([4, 5, 6]);
    const loss = total(times(a, b));
    expect(loss.requiresGrad).toBe(true);
    expect(loss.isLeaf).toBe(false);
    loss.backward();
    expect(Array.from(a.grad!.data)).toEqual([4, 5, 6]);
    expect(b.grad).toBeNull();
    expect(b.requiresGrad).toBe(false);
  });

  it("accumulates across backward calls until .grad is set to null", () => {
    const a = vec([1, 2], true);
    total(times(a, a)).backward();
    total(times(a, a)).backward();
    expect(Array.from(a.grad!.data)).toEqual([4, 8]);
    a.grad = null;
    total(times(a, a)).backward();
    expect(Array.from(a.grad!.data)).toEqual([2, 4]);
  });

  it("sums gradients where a tensor feeds several ops (fan-out, diamond)", () => {
    const a = vec([1, 2, 3], true);
    const h = times(a, a); // a²
    const y = total(times(h, times(h, a))); // Σ a⁵
    y.backward();
    expect(Array.from(a.grad!.data)).toEqual([5, 80, 405]);
  });

  it("sums a broadcast gradient over the broadcast axes on the edge (PyTorch's sum_to)", () => {
    const a = tensor([2, 3], [1, 2, 3, 4, 5, 6], { requiresGrad: true });
    const b = tensor([3], [10, 20, 30], { requiresGrad: true });
    plusBroadcast(a as AnyTensor, b as AnyTensor).backward(tensor([2, 3], [1, 2, 3, 4, 5, 6]) as AnyTensor);
    expect(Array.from(b.grad!.data)).toEqual([5, 7, 9]);
    expect(b.grad!.shape).toEqual([3]);
    expect(Array.from(a.grad!.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("sumTo reduces leading axes and size-1 axes, keeping the target's shape", () => {
    const g = tensor(
      [2, 3, 4],
      Array.from({ length: 24 }, (_, i) => i),
    ) as AnyTensor;
    const toRow = sumTo(g, [1, 4]);
    expect(toRow.shape).toEqual([1, 4]);
    expect(Array.from(toRow.data)).toEqual([60, 66, 72, 78]);
    const toCol = sumTo(g, [3, 1]);
    expect(Array.from(toCol.data)).toEqual([60, 92, 124]);
    expect(Array.from(sumTo(g, []).data)).toEqual([276]);
    // a bias's gradient: the leading axis summed away, rows added column by column
    expect(Array.from(sumTo(g, [3, 4]).data)).toEqual(Array.from({ length: 12 }, (_, i) => 2 * i + 12));
    expect(Array.from(sumTo(g, [2, 1, 4]).data)).toEqual([12, 15, 18, 21, 48, 51, 54, 57]);
    expect(sumsTo([2, 3, 4], [5, 4])).toBe(false);
    expect(sumsTo([3], [2, 3])).toBe(false);
  });

  it("a VJP result that cannot be summed to its input is an error naming the op", () => {
    const a = vec([1, 2], true);
    const bad = record("badOp", vec([0, 0]), [a], () => [vec([1, 2, 3])]);
    expect(() => bad.backward(vec([1, 1]))).toThrow(
      new ShapeError("backward: badOp returned an invalid gradient at index 0: got shape [3], expected [2] or a shape that broadcasts to it"),
    );
  });

  it("frees saved tensors after backward; a second backward throws unless retainGraph", () => {
    const a = vec([1, 2], true);
    const y = total(times(a, a));
    y.backward(undefined, { retainGraph: true });
    expect(y.gradFn!.hasSavedTensors).toBe(true);
    y.backward();
    expect(y.gradFn!.hasSavedTensors).toBe(false);
    expect(Array.from(a.grad!.data)).toEqual([4, 8]);
    expect(() => y.backward()).toThrow(
      "backward: trying to backward through total a second time, after its saved tensors were freed; pass { retainGraph: true } to the first backward",
    );
  });

  it("noGrad records nothing; enableGrad turns recording back on inside it; VJPs run without recording", () => {
    const a = vec([1, 2], true);
    const inside = noGrad(() => {
      expect(isGradEnabled()).toBe(false);
      const again = enableGrad(() => times(a, a));
      expect(again.requiresGrad).toBe(true);
      return times(a, a);
    });
    expect(isGradEnabled()).toBe(true);
    expect(inside.requiresGrad).toBe(false);
    expect(inside.gradFn).toBeNull();
    let recordedInVjp: boolean | null = null;
    const y = record("probe", vec([0]), [a], (gy) => {
      recordedInVjp = times(a, a).requiresGrad;
      return [tensorOf([2], [gy.data[0]!, gy.data[0]!], "float32")];
    });
    y.backward();
    expect(recordedInVjp).toBe(false);
  });

  it("detach cuts the graph and shares the data", () => {
    const a = vec([1, 2], true);
    const h = times(a, a);
    const d = h.detach();
    expect(d.requiresGrad).toBe(false);
    expect(d.data).toBe(h.data);
    const y = total(times(h, d));
    y.backward();
    expect(Array.from(a.grad!.data)).toEqual([2, 16]); // d/da (a² · const a²) = 2a·a²
  });

  it("only leaves can be marked; a tensor without a graph cannot backward", () => {
    const a = vec([1, 2], true);
    const made = times(a, a);
    expect(made.requireGrad()).toBe(made); // it requires grad already: nothing changes, as PyTorch's requires_grad_(True)
    expect(() => made.requireGrad(false)).toThrow("requireGrad: only a leaf tensor can change requiresGrad; call detach() first");
    expect(() => vec([1]).backward()).toThrow("backward: this tensor does not require grad and has no grad_fn; make a leaf with requiresGrad: true");
  });

  it("backward on a leaf accumulates gy into its own .grad", () => {
    const a = vec([1, 2], true);
    a.backward(vec([3, 4]));
    expect(Array.from(a.grad!.data)).toEqual([3, 4]);
  });

  it("backward() without gy needs one element; gy must have the tensor's shape and dtype", () => {
    const a = vec([1, 2], true);
    const y = times(a, a);
    expect(() => y.backward()).toThrow("backward: gy may be omitted only for a one-element tensor, got shape [2]; pass gy of that shape");
    expect(() => y.backward(vec([1, 2, 3]))).toThrow("backward: gy must have the tensor's shape [2], got [3]");
    expect(() => y.backward(tensor([2], [1, 1], { dtype: "float64" }) as AnyTensor)).toThrow(
      "backward: gy must be float32 like the tensor, got float64",
    );
    y.backward(vec([1, 1]));
    expect(Array.from(a.grad!.data)).toEqual([2, 4]);
  });

  it("walks a 100,000-op chain without recursion", () => {
    const a = vec([1], true);
    let h = a;
    for (let i = 0; i < 100_000; i++) h = h.clone();
    h.backward();
    expect(Array.from(a.grad!.data)).toEqual([1]);
  });

  it("a branch that gets no gradient still lets the rest of the graph run", () => {
    const a = vec([2], true);
    const unused = record("zeroPath", vec([0]), [a], () => [null]);
    const y = total(times(times(a, a), unused));
    y.backward();
    // d/da (a² · u) with u recorded as having no gradient: only the a² path contributes, times u = 0.
    expect(Array.from(a.grad!.data)).toEqual([0]);
  });

  it("gradients keep the leaf's dtype", () => {
    const a = tensor([2], [1, 2], { dtype: "float64", requiresGrad: true }) as AnyTensor;
    total(times(a, a)).backward();
    expect(a.grad!.dtype).toBe("float64");
    expect(a.grad!.data).toBeInstanceOf(Float64Array);
  });
});
