export type { AffineCheck, LayerNormCheck, NormOptionNames, NormOptions } from "./layer-norm.js";
export type { ChannelParamCheck, GroupNormXCheck, GroupsCheck } from "./group-norm.js";
export type { EmbeddingOptionNames, EmbeddingOptions, EmbeddingShape, PaddingIdxCheck } from "./embedding.js";
export type { GroupsDoNotDivide, GroupsNotPositive, IndexOutOfRange, NormalizedShapeEmpty, NormalizedShapeTooLong, NotWhole } from "./messages.js";
