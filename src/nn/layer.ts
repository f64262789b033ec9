import type { ApplyShapeFn, ShapeFn } from "../../types/nn/shape-fn.js";
import type { DType, Shape } from "../../types/tensor/shape.js";
import type { ShapedResult, ShapeGuard } from "../ops/result.js";
import type { Tensor } from "../tensor/tensor.js";
import { Module } from "./module.js";

/**
 * A module with one tensor in and one out whose output shape is a type-level function of its input shape (F).
 * `forward` is typed once here for every layer: the rule's message is reported at x, and a refused call's result
 * is `Tensor<Shape, D>`. Subclasses implement `run` (the untyped forward, which throws the same messages).
 */
export abstract class Layer<F extends ShapeFn> extends Module {
  /** The shape rule, for the type checker only (Sequential folds it over its layers). */
  declare readonly shapeFn: F;

  /** The layer applied to x: its output shape is the layer's shape rule applied to x's, checked by the compiler. */
  forward<XS extends Shape, D extends DType>(x: Tensor<XS, D> & ShapeGuard<ApplyShapeFn<F, XS>>): ShapedResult<ApplyShapeFn<F, XS>, D> {
    return this.run(x as Tensor<Shape, D>) as ShapedResult<ApplyShapeFn<F, XS>, D>;
  }

  /** The forward on a tensor of any shape; the ops inside check the shape at run time with the compiler's sentences. */
  abstract run<D extends DType>(x: Tensor<Shape, D>): Tensor<Shape, D>;
}
