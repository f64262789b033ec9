export { type AdamOptions, type AdamParamState, adam } from "./adam.js";
export { adamw } from "./adamw.js";
export type { AnyTensor, GradsFor, Optimizer, ParamRecord, Params, ParamsOf, StateOf } from "./common.js";
export { type SgdOptions, type SgdParamState, sgd } from "./sgd.js";
