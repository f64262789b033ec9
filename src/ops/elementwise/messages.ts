import type { ClampNeedsBound, DropoutProbability, GeluApproximate, NeedsTensor, NotAnOperand } from "../../../types/ops/elementwise/messages.js";

// Runtime twins of types/ops/elementwise/messages.ts: each return type IS the message type.

export function needsTensor<Op extends string>(op: Op): NeedsTensor<Op> {
  return `${op}: a or b must be a tensor, got two numbers`;
}

export function dropoutProbability<P extends number | string>(p: P): DropoutProbability<P> {
  return `dropout: p must be between 0 and 1, got ${p}`;
}

export const clampNeedsBound: ClampNeedsBound = "clamp: at least one of min and max must be given";

export function geluApproximate<Got extends string>(got: Got): GeluApproximate<Got> {
  return `gelu: approximate must be "none" or "tanh", got ${got}`;
}

export function notAnOperand<Op extends string, Arg extends string, Got extends string>(op: Op, arg: Arg, got: Got): NotAnOperand<Op, Arg, Got> {
  return `${op}: ${arg} must be a tensor or a number, got ${got}`;
}
