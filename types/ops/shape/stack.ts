import type { Shape } from "../../tensor/shape.js";
import type { ShapeText } from "../../tensor/shape-text.js";
import type { Agree } from "../common.js";
import type { NoTensors } from "../messages.js";
import type { AllNumbers, InsertAt, NormalizeNewAxis } from "./common.js";
import type { StackShapeMismatch } from "./messages.js";

/**
 * The shape of `stack(tensors, dim)`: every tensor has the first's shape (a `number` size agrees with anything,
 * checked at run time), and a new axis of size `tensors.length` goes in at dim, in [-rank - 1, rank]. Messages in
 * the runtime's order (`stackShape`): no tensor, the new axis, then the first tensor whose shape differs, e.g.
 * "stack: tensor 1 has shape [2, 4] but tensor 0 has [2, 3]".
 */
export type StackShape<Op extends string, Shapes extends readonly Shape[], A extends number> = Shapes extends readonly []
  ? NoTensors<Op>
  : Shapes extends readonly [infer First extends Shape, ...infer Rest extends Shape[]]
    ? number extends First["length"]
      ? number[]
      : NormalizeNewAxis<Op, First["length"], A> extends infer K
        ? K extends string
          ? K
          : SameShapes<Op, First, Rest, [0]> extends infer M extends string
            ? M
            : number extends K
              ? AllNumbers<[0, ...First]>
              : InsertAt<First, K & number, Shapes["length"]>
        : never
    : number[];

/** The check reported at `tensors` (the axis is reported at `dim`): at least one, all of the first's shape. */
export type StackPartsCheck<Op extends string, Shapes extends readonly Shape[]> = Shapes extends readonly []
  ? NoTensors<Op>
  : Shapes extends readonly [infer First extends Shape, ...infer Rest extends Shape[]]
    ? number extends First["length"]
      ? true
      : SameShapes<Op, First, Rest, [0]>
    : true;

type SameShapes<Op extends string, First extends Shape, Rest extends readonly Shape[], I extends unknown[]> = Rest extends readonly [
  infer Next extends Shape,
  ...infer More extends Shape[],
]
  ? number extends Next["length"]
    ? SameShapes<Op, First, More, [...I, 0]>
    : Next["length"] extends First["length"]
      ? SameDims<First, Next, []> extends true
        ? SameShapes<Op, First, More, [...I, 0]>
        : StackShapeMismatch<Op, I["length"], ShapeText<Next>, ShapeText<First>>
      : StackShapeMismatch<Op, I["length"], ShapeText<Next>, ShapeText<First>>
  : true;

type SameDims<A extends Shape, B extends Shape, C extends unknown[]> = C["length"] extends A["length"]
  ? true
  : Agree<A[C["length"]], B[C["length"]]> extends true
    ? SameDims<A, B, [...C, 0]>
    : false;
