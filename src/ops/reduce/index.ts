// Reductions (PyTorch semantics, typed shapes, recorded on the tape).
export type {
  ArgmaxOptionNames,
  ArgmaxOptions,
  ReduceOptionNames,
  ReduceOptions,
  ReduceShape,
  VarOptionNames,
  VarOptions,
} from "../../../types/ops/reduce/index.js";
export { amax } from "./amax.js";
export { amin } from "./amin.js";
export { argmax } from "./argmax.js";
export { logSoftmax } from "./log-softmax.js";
export { logsumexp } from "./logsumexp.js";
export { mean } from "./mean.js";
export { argmaxOptionNames, planReduce, reduceOptionNames, varOptionNames, type ReducePlan } from "./plan.js";
export { softmax } from "./softmax.js";
export { sum } from "./sum.js";
export { var, variance } from "./var.js";
