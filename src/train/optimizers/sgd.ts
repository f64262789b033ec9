import type { DType } from "../../../types/tensor/shape.js";
import type { ArrayFor } from "../../tensor/tensor.js";
import { allocate } from "../../tensor/tensor.js";
import { type Optimizer, type Params, checkHyper, checkOptimizerOptions, createOptimizer, inPlaceArray } from "./common.js";

/** SGD's hyperparameters (as torch.optim.SGD's). */
export interface SgdOptions {
  readonly lr: number;
  readonly momentum?: number;
  readonly dampening?: number;
  readonly weightDecay?: number;
  readonly nesterov?: boolean;
}

const sgdOptionNames = ["lr", "momentum", "dampening", "weightDecay", "nesterov"] as const satisfies readonly (keyof SgdOptions)[];

/** SGD's state for one parameter: its momentum buffer. */
export interface SgdParamState {
  /** `null` until the first step with momentum ≠ 0 (PyTorch's `momentum_buffer`). */
  momentumBuffer: ArrayFor<DType> | null;
}

/**
 * Stochastic gradient descent with PyTorch 1.13's update (`torch.optim.SGD`), per element:
 *
 *   g ← grad + weightDecay·p
 *   if momentum ≠ 0:  b ← g on the first step, else b ← momentum·b + (1 − dampening)·g
 *                     g ← g + momentum·b if nesterov, else g ← b
 *   p ← p − lr·g
 *
 * Nesterov needs momentum > 0 and dampening = 0 (as PyTorch).
 */
export function sgd<P extends Params<P>>(params: P, options: SgdOptions): Optimizer<P, SgdParamState> {
  const op = "sgd";
  checkOptimizerOptions(op, options, sgdOptionNames);
  const { momentum = 0, dampening = 0, weightDecay = 0, nesterov = false } = options;
  checkHyper(op, "momentum", momentum, (v) => v >= 0, "a number ≥ 0");
  checkHyper(op, "dampening", dampening, Number.isFinite, "a finite number");
  checkHyper(op, "weightDecay", weightDecay, (v) => v >= 0, "a number ≥ 0");
  if (nesterov && (momentum <= 0 || dampening !== 0)) {
    throw new RangeError(`${op}: nesterov momentum requires momentum > 0 and dampening = 0, got momentum ${momentum}, dampening ${dampening}`);
  }
  return createOptimizer<P, SgdParamState>(
    op,
    params,
    options.lr,
    () => ({ momentumBuffer: null }),
    (param, g, st, lr) => {
      const p = inPlaceArray(param);
      const first = momentum !== 0 && st.momentumBuffer === null;
      if (first) st.momentumBuffer = allocate(param.dtype, p.length);
      const buf = st.momentumBuffer;
      for (let i = 0; i < p.length; i++) {
        let d = g[i]! + weightDecay * p[i]!;
        if (buf !== null) {
          buf[i] = first ? d : momentum * buf[i]! + (1 - dampening) * d;
          d = nesterov ? d + momentum * buf[i]! : buf[i]!;
        }
        p[i] = p[i]! - lr * d;
      }
    },
  );
}
