import type { ConcatShape } from "../concat.js";
import type { Shape } from "../../tensor/shape.js";
import type { AxisCheck } from "./common.js";

/** The shape of `cat(tensors, dim)`: `concat`'s rule (`ConcatShape`) under the name cat. */
export type CatShape<Shapes extends readonly Shape[], A extends number> = ConcatShape<Shapes, A, "cat">;

/** The check reported at `dim`: the axis exists in the first tensor (no tensor at all is reported at `tensors`). */
export type CatDimCheck<Shapes extends readonly Shape[], A extends number, Op extends string = "cat"> = Shapes extends readonly [
  infer First extends Shape,
  ...Shape[],
]
  ? AxisCheck<Op, First["length"], A>
  : true;
