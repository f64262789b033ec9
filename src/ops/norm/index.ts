// Normalization and lookup ops, each recorded on the autograd tape (batchNorm2d lives in src/ops/batch-norm2d.ts).
export { layerNorm, normOptionNames, type NormOptionNames, type NormOptions } from "./layer-norm.js";
export { groupNorm } from "./group-norm.js";
export { embedding, embeddingOptionNames, type EmbeddingOptionNames, type EmbeddingOptions, type EmbeddingShape } from "./embedding.js";
