export type { LinearBiasCheck, LinearShape, LinearWeightGuard, LinearXRank } from "./linear.js";
export type { MatmulBGuard, MatmulRank, MatmulShape } from "./matmul.js";
export type { LinearBiasMismatch, LinearInFeatures, MatmulInnerMismatch } from "./messages.js";
