import { type AdamOptions, type AdamParamState, adamCore } from "./adam.js";
import type { Optimizer, Params } from "./common.js";

/**
 * AdamW with PyTorch 1.13's update (`torch.optim.AdamW`, amsgrad off): decoupled weight decay (default 1e-2)
 * applied to the parameter before the Adam step, the gradient left untouched:
 *
 *   p ← p·(1 − lr·weightDecay)
 *   m ← β1·m + (1 − β1)·g,   v ← β2·v + (1 − β2)·g²
 *   p ← p − (lr / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + eps)
 */
export function adamw<P extends Params<P>>(params: P, options: AdamOptions = {}): Optimizer<P, AdamParamState> {
  return adamCore("adamw", "decoupled", 1e-2, params, options);
}
