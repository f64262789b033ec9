export { bceWithLogits } from "./bce-with-logits.js";
export { type LossOptions, type LossResult, type Reduction } from "./common.js";
export { type ClassTargetShape, crossEntropy } from "./cross-entropy.js";
export { type DiceOptions, dice } from "./dice.js";
export { mse } from "./mse.js";
