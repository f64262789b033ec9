import type { DType, Shape } from "../../types/tensor/shape.js";
import { attachGradFn, type Tensor } from "../tensor/tensor.js";
import { isGradEnabled, noGrad } from "./grad-mode.js";
import { backwardTwice } from "./messages.js";
import { ShapeError } from "../errors.js";
import type { BoundRule } from "../bounds/rule.js";
import { requireTensorInputs } from "../ops/tensor-arg.js";

type AnyTensor = Tensor<Shape, DType>;

/**
 * An op's vector-Jacobian product: given the gradient `gy` of its output (the output's shape and dtype), the
 * gradient of each input, in the order the inputs were recorded; `null` for an input that needs none
 * (`needsGrad[i]` false) or whose gradient is zero. A gradient may have the broadcast shape: the engine sums it
 * to the input's shape, so an op never reduces broadcast axes itself. It runs with recording off. `lastRun` is
 * true when the node releases what the op saved after this run (no `retainGraph`): an op may then recycle
 * private buffers it saved (src/tensor/scratch.ts).
 */
export type Vjp = (gy: AnyTensor, needsGrad: readonly boolean[], lastRun: boolean) => readonly (AnyTensor | null | undefined)[];

/** Where an input's gradient goes: the node that made the input, or the leaf itself (PyTorch's AccumulateGrad). */
export type GradEdge =
  | { readonly node: GradNode; readonly leaf: null; readonly shape: readonly number[]; readonly dtype: DType }
  | { readonly node: null; readonly leaf: AnyTensor; readonly shape: readonly number[]; readonly dtype: DType };

/**
 * One recorded op (PyTorch's grad_fn). It knows its inputs' edges and a VJP closure; the closure holds whatever
 * the op saved, so releasing it after backward (unless `retainGraph`) frees the saved tensors. The tape never
 * looks at `name` except to print it.
 */
export class GradNode {
  readonly name: string;
  readonly inputs: readonly (GradEdge | null)[];
  readonly needsGrad: readonly boolean[];
  #vjp: Vjp | null;

  constructor(name: string, inputs: readonly (GradEdge | null)[], vjp: Vjp) {
    this.name = name;
    this.inputs = inputs;
    this.needsGrad = inputs.map((e) => e !== null);
    this.#vjp = vjp;
  }

  /** False once backward has released the saved tensors. */
  get hasSavedTensors(): boolean {
    return this.#vjp !== null;
  }

  /** Runs the VJP with recording off; releases it unless `retain`. */
  apply(gy: AnyTensor, retain: boolean): readonly (AnyTensor | null | undefined)[] {
    const vjp = this.#vjp;
    if (vjp === null) throw new ShapeError(backwardTwice(this.name));
    if (!retain) this.#vjp = null;
    return noGrad(() => vjp(gy, this.needsGrad, !retain));
  }
}

function edgeOf(t: AnyTensor | null | undefined): GradEdge | null {
  if (t === null || t === undefined || !t.requiresGrad) return null;
  const node = t.gradFn;
  return node !== null ? { node, leaf: null, shape: t.shape, dtype: t.dtype } : { node: null, leaf: t, shape: t.shape, dtype: t.dtype };
}

/** One op as a bounds capture keeps it: what `record` was given, the bound rule built only while capturing. */
export interface CapturedOp {
  readonly name: string;
  readonly output: AnyTensor;
  readonly inputs: readonly (AnyTensor | null | undefined)[];
  /** Builds the op's bound rule (src/bounds/rule.ts); undefined for an op that has none. */
  readonly bound: (() => BoundRule) | undefined;
}

/** The ops recorded inside `captureOps`, in the order they ran; null outside (then `record` costs one check). */
let captured: CapturedOp[] | null = null;

/**
 * Runs `fn` keeping every op it records, whether or not grad is on, for the bounds engine (src/bounds). Captures
 * do not nest: an inner capture would hide the outer's ops.
 */
export function captureOps<R>(fn: () => R): { readonly result: R; readonly ops: readonly CapturedOp[] } {
  if (captured !== null) throw new ShapeError("captureOps: a capture is already running (captures do not nest)");
  const ops: CapturedOp[] = [];
  captured = ops;
  try {
    return { result: fn(), ops };
  } finally {
    captured = null;
  }
}

/**
 * Records `output` as made by op `name` from `inputs` (null for an absent optional input), with its VJP. Does
 * nothing, and keeps nothing, when recording is off or no input requires grad. Returns `output`.
 * `bound` builds the op's bound rule; it is called, and kept, only inside `captureOps`.
 */
export function record<T extends AnyTensor>(
  name: string,
  output: T,
  inputs: readonly (AnyTensor | null | undefined)[],
  vjp: Vjp,
  bound?: () => BoundRule,
): T {
  requireTensorInputs(name, inputs);
  if (captured !== null) captured.push({ name, output, inputs, bound });
  if (!isGradEnabled()) return output;
  const edges = inputs.map(edgeOf);
  if (edges.every((e) => e === null)) return output;
  attachGradFn(output, new GradNode(name, edges, vjp));
  return output;
}
