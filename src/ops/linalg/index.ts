export { linear, planLinear, type LinearPlan, type LinearShape } from "./linear.js";
export { matmul, planMatmul, type MatmulPlan, type MatmulShape } from "./matmul.js";
export { type AttentionShape, scaledDotProductAttention, type ScaledDotProductAttentionOptions } from "./attention.js";
