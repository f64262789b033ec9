export type { LinearBiasCheck, LinearShape, LinearWeightCheck, LinearXRank } from "./linear.js";
export type { MatmulCheck, MatmulRank, MatmulShape } from "./matmul.js";
export type { LinearBiasMismatch, LinearInFeatures, MatmulInnerMismatch } from "./messages.js";
