import type { DType, Shape } from "../../../types/tensor/shape.js";
import { record } from "../../autograd/graph.js";
import type { BoundRule } from "../../bounds/rule.js";
import { allocate, type Tensor } from "../../tensor/tensor.js";
import { broadcastRows } from "./kernel.js";
import { type AnyArray, asComputed, type Operand, planBinary, wrapOut } from "./operand.js";

/** One row of a binary op's loop over the broadcast output: elements `o .. o + n - 1`, a at `ia` stepping `sa`, b at `ib` stepping `sb`. */
export type BinaryRow = (o: number, n: number, ia: number, sa: number, ib: number, sb: number) => void;

/** What a gradient row may read: both operands' data and the forward output. */
export interface BinaryData {
  readonly a: AnyArray;
  readonly b: AnyArray;
  readonly out: AnyArray;
}

/**
 * The gradient of one operand at the output's shape (the engine sums broadcast axes): `row(d, g, x)` writes
 * into `d` from the incoming gradient `g`. `reads` names the operands its row walks: "ab" both (`ia, sa, ib, sb`
 * as in the forward), "a" or "b" that one alone (its offset and step come first).
 */
export interface BinaryGrad {
  readonly reads: "a" | "b" | "ab";
  readonly row: (d: AnyArray, g: AnyArray, x: BinaryData) => BinaryRow;
}

/**
 * The body every broadcasting binary op with per-operand gradients shares: planBinary's checks (the compiler's
 * sentences), the forward row loop `forward(out, ad, bd)` over the broadcast output, and the tape record whose VJP
 * runs `gradA`/`gradB` for the operands that need a gradient.
 */
export function binaryOp(
  op: string,
  a: unknown,
  b: unknown,
  forward: (out: AnyArray, ad: AnyArray, bd: AnyArray) => BinaryRow,
  gradA: BinaryGrad,
  gradB: BinaryGrad,
  /** The op's bound rule, given the operands as the forward computed with them (asComputed). */
  bound?: (a: Operand, b: Operand) => BoundRule,
): Tensor<Shape, DType> {
  const p = planBinary(op, a, b);
  const { shape, dtype, size } = p;
  const aShape = p.a.shape;
  const bShape = p.b.shape;
  const out = allocate(dtype, size);
  const x: BinaryData = { a: p.a.data, b: p.b.data, out };
  broadcastRows(shape, aShape, bShape, null, forward(out, x.a, x.b));
  const y = wrapOut(shape, dtype, out);
  const gradient = (grad: BinaryGrad, g: AnyArray): Tensor<Shape, DType> => {
    const d = allocate(dtype, size);
    const first = grad.reads === "b" ? bShape : aShape;
    broadcastRows(shape, first, grad.reads === "ab" ? bShape : null, null, grad.row(d, g, x));
    return wrapOut(shape, dtype, d);
  };
  return record(
    op,
    y,
    [p.a.tensor, p.b.tensor],
    (gy, needsGrad) => {
      const g = gy.data;
      return [needsGrad[0] ? gradient(gradA, g) : null, needsGrad[1] ? gradient(gradB, g) : null];
    },
    bound && (() => bound(asComputed(a as Operand, p.a), asComputed(b as Operand, p.b))),
  );
}

/**
 * maximum's and minimum's gradient for one operand (PyTorch's): 0 where the other operand is chosen, gy/2 where
 * a = b (split evenly), and gy otherwise, so the full gy goes to both where a NaN is involved. The operand gets 0
 * where a < b when `zeroWhereABelow`, else where a > b.
 */
export function tieGrad(zeroWhereABelow: boolean): BinaryGrad {
  return {
    reads: "ab",
    row:
      (d, g, { a: ad, b: bd }) =>
      (o, n, ia, sa, ib, sb) => {
        for (let j = 0; j < n; j++, ia += sa, ib += sb) {
          const x = ad[ia]!;
          const v = bd[ib]!;
          d[o + j] = x === v ? g[o + j]! / 2 : (zeroWhereABelow ? x < v : x > v) ? 0 : g[o + j]!;
        }
      },
  };
}
