// Messages of the typed ops that are not about one axis's size (those live in types/tensor/messages.ts
// and types/messages/shape.ts). Each is written once more as a value in src/ops/messages.ts, whose
// return type is this type, so the compiler checks the two read the same.

/** Two tensors of one call with different element types: `"conv2d: weight must be float32 like x, got float64"`. */
export type DTypeMismatch<
  Op extends string,
  Arg extends string,
  Ref extends string,
  Expected extends string,
  Got extends string,
> = `${Op}: ${Arg} must be ${Expected} like ${Ref}, got ${Got}`;

/** `concat([])`: PyTorch's "expected a non-empty list of Tensors". */
export type NoTensors<Op extends string> = `${Op}: needs at least one tensor`;

/** An option key the op does not take, e.g. PyTorch's snake_case `ceil_mode` for `ceilMode`; Known lists them all. */
export type UnknownOption<Op extends string, Key extends string, Known extends string> = `${Op}: unknown option ${Key}; the options are ${Known}`;

/**
 * A tensor argument whose shape type is `never`, which only an earlier error produces (tsc would otherwise report
 * the argument against `never`, naming no op): `"conv2d: x has shape never (an earlier error?)"`.
 */
export type NeverShape<Op extends string, Arg extends string> = `${Op}: ${Arg} has shape never (an earlier error?)`;
