import type { Shape } from "../../types/tensor/shape.js";
import type { ShapeText } from "../../types/tensor/shape-text.js";

/** `[2, 3]`: the runtime twin of `ShapeText`. */
export function formatShape<S extends Shape>(shape: S): ShapeText<S> {
  return `[${shape.join(", ")}]` as ShapeText<S>;
}
