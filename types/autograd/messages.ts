// Messages of the tape. Each is written once more as a value in src/autograd/messages.ts, whose return type is
// this type, so the compiler checks the two read the same.

/** `backward()` without `gy` on a tensor that is not one element (PyTorch: "grad can be implicitly created only for scalar outputs"). */
export type ImplicitGradNeedsOneElement<Shape extends string> =
  `backward: gy may be omitted only for a one-element tensor, got shape ${Shape}; pass gy of that shape`;

/** `backward()` on a tensor that no op recorded and that is not a leaf requiring grad. */
export type NoGradFn = "backward: this tensor does not require grad and has no grad_fn; make a leaf with requiresGrad: true";

/** A second backward through nodes whose saved tensors were already released (PyTorch's ERR_BACKWARD_TWICE). */
export type BackwardTwice<Op extends string> =
  `backward: trying to backward through ${Op} a second time, after its saved tensors were freed; pass { retainGraph: true } to the first backward`;

/** A VJP returned a gradient that cannot be summed to its input's shape (a bug in an op, reported like PyTorch's "invalid gradient"). */
export type InvalidGradient<
  Op extends string,
  Index extends number,
  Got extends string,
  Want extends string,
> = `backward: ${Op} returned an invalid gradient at index ${Index}: got shape ${Got}, expected ${Want} or a shape that broadcasts to it`;

/** Only leaves (tensors no op made) can be switched to requiring grad. */
export type NotALeaf = "requireGrad: only a leaf tensor can change requiresGrad; call detach() first";
