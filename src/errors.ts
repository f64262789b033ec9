/** Thrown by the runtime shape checks; its message is the same text the type level shows. */
export class ShapeError extends Error {
  override name = "ShapeError";

  constructor(message: string) {
    super(message);
  }
}

/**
 * Two tensors of one call with different element types (`"conv2d: weight must be float32 like x, got float64"`),
 * the runtime twin of DTypeCheck. A ShapeError too, so `instanceof ShapeError` still catches every argument
 * mistake; `instanceof DTypeError` (or `name === "DTypeError"`) tells a dtype mismatch apart.
 */
export class DTypeError extends ShapeError {
  override name = "DTypeError";
}
