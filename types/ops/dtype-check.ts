import type { DType } from "../tensor/shape.js";
import type { DTypeMismatch } from "./messages.js";

/**
 * `true` when an argument's dtype Got can be the reference's Expected, else the message. The dtypes are
 * compared boxed (`{ d: Got } extends { d: Expected }`): a conditional on a bare type parameter would stay
 * deferred in generic code, while the boxed one resolves, so `conv2d(x: Tensor<S, D>, w: Tensor<W, D>)` with
 * a generic D passes. A union dtype (not known until run time) passes when it overlaps either way.
 */
export type DTypeCheck<Op extends string, Arg extends string, Ref extends string, Expected extends DType, Got extends DType> = {
  d: Got;
} extends { d: Expected }
  ? true
  : { d: Expected } extends { d: Got }
    ? true
    : DTypeMismatch<Op, Arg, Ref, Expected, Got>;
