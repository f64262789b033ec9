import type { DType } from "../../../types/tensor/shape.js";
import type { ArrayFor } from "../../tensor/tensor.js";
import { allocate } from "../../tensor/tensor.js";
import { type Optimizer, type Params, checkHyper, checkOptimizerOptions, createOptimizer, inPlaceArray } from "./common.js";
import { currentBackend } from "../../backend.js";
import { type AdamStepConstants, adamStep } from "../../kernels/adam-step.js";
import { type ResidentHeap, ResidentArray } from "../../tensor/resident.js";

/** Elements from which a float32 parameter's update runs on the backend's `adamStep` (below, the call costs more than it saves). */
const KERNEL_MIN = 1 << 14;

/** Adam's hyperparameters (as torch.optim.Adam's). */
export interface AdamOptions {
  readonly lr?: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly eps?: number;
  readonly weightDecay?: number;
}

const adamOptionNames = ["lr", "beta1", "beta2", "eps", "weightDecay"] as const satisfies readonly (keyof AdamOptions)[];

/**
 * Adam's state for one parameter: the moment estimates and the step count. The moments of a large float32 parameter
 * on a backend with resident memory (the WebAssembly one) stay in that memory between steps; reading `expAvg` or
 * `expAvgSq` copies them out once, and from then on the array read is the optimizer's own buffer, as elsewhere.
 */
export interface AdamParamState {
  /** Steps taken for this parameter (PyTorch's `step`). */
  step: number;
  /** First moment `m` (PyTorch's `exp_avg`); `null` before the first step. */
  expAvg: ArrayFor<DType> | null;
  /** Second moment `v` (PyTorch's `exp_avg_sq`); `null` before the first step. */
  expAvgSq: ArrayFor<DType> | null;
}

/** A moment: a JS array, float32 state kept in the backend's memory, or nothing before the first step. */
type Moment = ArrayFor<DType> | ResidentArray | null;
const momentArray = (m: Moment): ArrayFor<DType> | null => (m instanceof ResidentArray ? m.array : m);

/** Both moments of a state as the backend's kernel takes them (`heap`: its resident memory), made at the first step. */
type KernelMoments = (heap: ResidentHeap | null | undefined, length: number) => [Float32Array, Float32Array];
const kernelMomentsOf = new WeakMap<AdamParamState, KernelMoments>();

/** A fresh state: a plain object (its moments are accessors, so spreading or printing it reads them as arrays). */
function adamState(): AdamParamState {
  let m: Moment = null;
  let v: Moment = null;
  const state: AdamParamState = {
    step: 0,
    get expAvg() {
      return momentArray(m);
    },
    set expAvg(a) {
      m = a;
    },
    get expAvgSq() {
      return momentArray(v);
    },
    set expAvgSq(a) {
      v = a;
    },
  };
  kernelMomentsOf.set(state, (heap, length) => {
    m ??= new ResidentArray(length);
    v ??= new ResidentArray(length);
    return [kernelMoment(m, heap), kernelMoment(v, heap)];
  });
  return state;
}

function kernelMoment(m: ArrayFor<DType> | ResidentArray, heap: ResidentHeap | null | undefined): Float32Array {
  if (m instanceof ResidentArray) return m.kernelArray(heap);
  if (m instanceof Float32Array) return m;
  throw new TypeError(`adam: a float32 parameter's moment must be a Float32Array, got ${Object.prototype.toString.call(m).slice(8, -1)}`);
}

/** How weight decay enters: added to the gradient (Adam, L2) or applied to the parameter directly (AdamW). */
type Decay = "l2" | "decoupled";

/**
 * Adam with PyTorch 1.13's update (`torch.optim.Adam`, amsgrad off), per element, at step t = 1, 2, …:
 *
 *   g ← grad + weightDecay·p                        (L2 penalty folded into the gradient)
 *   m ← β1·m + (1 − β1)·g,   v ← β2·v + (1 − β2)·g²  (m = v = 0 before the first step)
 *   p ← p − (lr / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + eps)
 */
export function adam<P extends Params<P>>(params: P, options: AdamOptions = {}): Optimizer<P, AdamParamState> {
  return adamCore("adam", "l2", 0, params, options);
}

/** @internal Adam and AdamW share everything but where weight decay enters. */
export function adamCore<P extends Params<P>>(
  op: string,
  decay: Decay,
  defaultWeightDecay: number,
  params: P,
  options: AdamOptions,
): Optimizer<P, AdamParamState> {
  checkOptimizerOptions(op, options, adamOptionNames);
  const { lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay = defaultWeightDecay } = options;
  checkHyper(op, "beta1", beta1, (v) => v >= 0 && v < 1, "in [0, 1)");
  checkHyper(op, "beta2", beta2, (v) => v >= 0 && v < 1, "in [0, 1)");
  checkHyper(op, "eps", eps, (v) => v >= 0, "a number ≥ 0");
  checkHyper(op, "weightDecay", weightDecay, (v) => v >= 0, "a number ≥ 0");
  return createOptimizer<P, AdamParamState>(op, params, lr, adamState, (param, g, st, lrNow) => {
    const t = ++st.step;
    const stepSize = lrNow / (1 - beta1 ** t);
    const bc2Sqrt = Math.sqrt(1 - beta2 ** t);
    // stepSize·m / (√v / bc2Sqrt + eps), as stepSize·bc2Sqrt·m / (√v + eps·bc2Sqrt): one division per element
    const k: AdamStepConstants = {
      keep: decay === "decoupled" ? 1 - lrNow * weightDecay : 1,
      l2: decay === "l2" ? weightDecay : 0,
      beta1,
      c1: 1 - beta1,
      beta2,
      c2: 1 - beta2,
      stepScaled: stepSize * bc2Sqrt,
      epsScaled: eps * bc2Sqrt,
    };
    // the backend's kernel (the same bits, on its threads) for float32 parameters large enough to pay its copies;
    // their moments stay in its memory between steps, and so does a parameter moved there (`moveToBackend`)
    const backend = currentBackend();
    if (param.size >= KERNEL_MIN && param.dtype === "float32" && g instanceof Float32Array && backend.adamStep !== undefined) {
      const [m, v] = kernelMomentsOf.get(st)!(backend.residentHeap, param.size);
      backend.adamStep(inPlaceArray(param) as Float32Array, g, m, v, k);
    } else {
      const p = inPlaceArray(param);
      st.expAvg ??= allocate(param.dtype, p.length);
      st.expAvgSq ??= allocate(param.dtype, p.length);
      adamStep(p, g, st.expAvg, st.expAvgSq, k);
    }
  });
}
