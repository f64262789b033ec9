import type { BackwardTwice, ImplicitGradNeedsOneElement, InvalidGradient, NoGradFn, NotALeaf } from "../../types/autograd/messages.js";

// Runtime twins of types/autograd/messages.ts: each return type IS the message type.

export function implicitGradNeedsOneElement<Shape extends string>(shape: Shape): ImplicitGradNeedsOneElement<Shape> {
  return `backward: gy may be omitted only for a one-element tensor, got shape ${shape}; pass gy of that shape`;
}

export const noGradFn: NoGradFn = "backward: this tensor does not require grad and has no grad_fn; make a leaf with requiresGrad: true";

export function backwardTwice<Op extends string>(op: Op): BackwardTwice<Op> {
  return `backward: trying to backward through ${op} a second time, after its saved tensors were freed; pass { retainGraph: true } to the first backward`;
}

export function invalidGradient<Op extends string, Index extends number, Got extends string, Want extends string>(
  op: Op,
  index: Index,
  got: Got,
  want: Want,
): InvalidGradient<Op, Index, Got, Want> {
  return `backward: ${op} returned an invalid gradient at index ${index}: got shape ${got}, expected ${want} or a shape that broadcasts to it`;
}

export const notALeaf: NotALeaf = "requireGrad: only a leaf tensor can change requiresGrad; call detach() first";
