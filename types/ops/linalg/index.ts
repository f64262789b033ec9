export type { LinearBiasCheck, LinearShape, LinearWeightGuard, LinearXRank } from "./linear.js";
export type { MatmulBGuard, MatmulRank, MatmulShape } from "./matmul.js";
export type { LinearBiasMismatch, LinearInFeatures, MatmulInnerMismatch } from "./messages.js";
export type { AttentionKeyGuard, AttentionRank, AttentionShape, AttentionValueGuard } from "./attention.js";
