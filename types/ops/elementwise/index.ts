// Public types of the elementwise ops (pure types).
export type { BinaryChecks, BinaryDType, BinaryGuard, BinaryOperand, BinaryShape, OperandDType, OperandShape, TensorLike } from "./binary.js";
export type { WhereAGuard, WhereBGuard, WhereCondShape, WhereDType, WhereShape } from "./where.js";
export type {
  ClampGuard,
  ClampOptionNames,
  ClampOptions,
  DropoutGuard,
  DropoutOptionNames,
  DropoutOptions,
  EluOptionNames,
  EluOptions,
  GeluOptionNames,
  GeluOptions,
  LeakyReluOptionNames,
  LeakyReluOptions,
  ProbabilityCheck,
  SoftplusOptionNames,
  SoftplusOptions,
} from "./options.js";
export type { ClampNeedsBound, DropoutProbability, GeluApproximate, NeedsTensor, NotAnOperand } from "./messages.js";
