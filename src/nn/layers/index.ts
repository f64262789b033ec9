// PyTorch's torch.nn layers as Modules: parameters by PyTorch's names, PyTorch's initialisation (seeded with
// `manualSeed` or a layer's `seed`), single-input layers typed through their shape rule.
export { ELU, GELU, LeakyReLU, ReLU, Sigmoid, SiLU, Softplus, Tanh } from "./activations.js";
export { type AttentionOptions, causalMask, MultiheadAttention, type MultiheadAttentionOptions } from "./attention.js";
export { BatchNorm2d, type BatchNorm2dFn, type BatchNorm2dLayerOptions } from "./batch-norm2d.js";
export { Conv2d, type Conv2dFn, type Conv2dLayerOptions } from "./conv2d.js";
export { ConvTranspose2d, type ConvTranspose2dFn, type ConvTranspose2dLayerOptions } from "./conv-transpose2d.js";
export { Dropout } from "./dropout.js";
export { Embedding, type EmbeddingFn, type EmbeddingLayerOptions } from "./embedding.js";
export { Flatten, type FlattenFn } from "./flatten.js";
export { manualSeed, type ParamOptions } from "./init.js";
export { Linear, type LinearFn, type LinearLayerOptions } from "./linear.js";
export { MaxPool2d, type MaxPool2dFn } from "./max-pool2d.js";
export { GroupNorm, type GroupNormFn, LayerNorm, type LayerNormFn, type NormLayerOptions } from "./norms.js";
export { AvgPool2d, type AvgPool2dFn, Upsample, type UpsampleFn } from "./pooling.js";
export { MaskedEncoder, TransformerEncoderLayer, type TransformerEncoderLayerFn, type TransformerEncoderLayerOptions } from "./transformer.js";
export { TransformerEncoder, type TransformerEncoderOptions } from "./transformer-encoder.js";
