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

/**
 * A tensor read after the `tidy` that made it returned without it (its block of WebAssembly memory was freed):
 * return it from the function, or `keep` it, to use it afterwards. No copy of its elements was ever made.
 */
export class ReleasedTensorError extends Error {
  override name = "ReleasedTensorError";

  constructor(tensor: string) {
    super(`${tensor} was released when the tidy() that made it returned: return it from the function or keep() it to use it afterwards`);
  }
}
