export { type AdamOptions, type AdamParamState, adam } from "./adam.js";
export { adamw } from "./adamw.js";
export { type AnyTensor, type GradsFor, type Optimizer, type ParamRecord, type Params, type ParamsOf, type StateOf } from "./common.js";
export { type SgdOptions, type SgdParamState, sgd } from "./sgd.js";
