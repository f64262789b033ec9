// Messages of the elementwise ops. Each is written once more as a value in src/ops/elementwise/messages.ts, whose
// return type is this type, so the compiler checks the two read the same. Broadcast and dtype mismatches reuse
// `CannotBroadcast` (types/tensor/messages.ts) and `DTypeMismatch` (types/ops/messages.ts).

/** A binary op given two plain numbers: `"add: a or b must be a tensor, got two numbers"`. */
export type NeedsTensor<Op extends string> = `${Op}: a or b must be a tensor, got two numbers`;

/** `dropout(x, { p: 1.5 })`: PyTorch's "dropout probability has to be between 0 and 1". */
export type DropoutProbability<P extends number | string> = `dropout: p must be between 0 and 1, got ${P}`;

/** `clamp(x, {})`: PyTorch's "At least one of 'min' or 'max' must not be None". */
export type ClampNeedsBound = "clamp: at least one of min and max must be given";

/** `gelu(x, { approximate })` with a value other than "none" or "tanh" (run time only: the option's type rules it out). */
export type GeluApproximate<Got extends string> = `gelu: approximate must be "none" or "tanh", got ${Got}`;

/** An operand that is neither a tensor nor a number (run time only: the parameter types rule it out). */
export type NotAnOperand<Op extends string, Arg extends string, Got extends string> = `${Op}: ${Arg} must be a tensor or a number, got ${Got}`;
