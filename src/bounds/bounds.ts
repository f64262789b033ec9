import type { BoundsKernels, BoundsMethod, BoundsOptionNames } from "../../types/bounds/options.js";
import type { DType, Shape } from "../../types/tensor/shape.js";
import { captureOps } from "../autograd/graph.js";
import { noGrad } from "../autograd/grad-mode.js";
import { ShapeError } from "../errors.js";
import { requireKnownOptions } from "../ops/options.js";
import { formatShape } from "../tensor/format-shape.js";
import { Tensor } from "../tensor/tensor.js";
import { BoundsError } from "./errors.js";
import { down, up } from "./float-error.js";
import { type BoundGraph, type BoundNode, buildGraph } from "./graph.js";
import { badEpsilon, boxOrderViolated, boxShapeMismatch } from "./messages.js";
import { type Interval, Propagation } from "./propagate.js";
import { sameShape } from "../shape/same-shape.js";

export type { BoundsKernels, BoundsMethod };
export const boundsOptionNames: BoundsOptionNames = ["method", "kernels"];

/** An input box: every input x with lower ≤ x ≤ upper elementwise. Both have the model input's shape type. */
export interface Box<S extends Shape, D extends DType> {
  readonly lower: Tensor<S, D>;
  readonly upper: Tensor<S, D>;
}

/** The L∞ ball ‖x − center‖∞ ≤ epsilon, i.e. the box [center − ε, center + ε]. */
export interface EpsilonBall<S extends Shape, D extends DType> {
  readonly center: Tensor<S, D>;
  readonly epsilon: number;
}

/** A model: its forward as a function, or an object with `forward` (a Module). */
export type BoundsModel<XS extends Shape, YS extends Shape, D extends DType> =
  | ((x: Tensor<XS, D>) => Tensor<YS, D>)
  | {
      /** The model's forward: one input tensor of the box's shape to one output tensor. */
      forward(x: Tensor<XS, D>): Tensor<YS, D>;
    };

/** How `bounds` propagates: the method (options are checked; an unknown one is an error). */
export interface BoundsOptions {
  /** "ibp" (default) or "crown". */
  readonly method?: BoundsMethod;
  /**
   * The float32 forwards covered: "any" (default: every backend and configuration, Winograd included) or "direct"
   * (convolutions as direct sums: the JS backend and WebAssembly with `winograd: "never"`; tighter).
   */
  readonly kernels?: BoundsKernels;
}

/** One step of the captured model with its bounds (a fused op's steps are named `op.0`, `op.1`). */
export interface StepBounds {
  readonly op: string;
  readonly shape: readonly number[];
  readonly lower: Tensor<Shape, "float64">;
  readonly upper: Tensor<Shape, "float64">;
}

/**
 * Certified bounds of every output: for every float input x in the box, the model's forward in its dtype, on
 * any backend, gives lower ≤ y ≤ upper elementwise (docs/bounds.md states the claim exactly). float64 tensors with
 * the output's shape type.
 */
export interface BoundsResult<YS extends Shape> {
  readonly lower: Tensor<YS, "float64">;
  readonly upper: Tensor<YS, "float64">;
  readonly method: BoundsMethod;
  /** Every step between input and output in topological order, with the bounds the method used for it. */
  readonly intermediate: readonly StepBounds[];
}

/**
 * Bounds of a model's output over an input box by interval (IBP) or linear (CROWN) bound propagation. The model
 * runs once, on the box's centre, inside a capture that keeps every op's bound rule; parameters are constants.
 */
export function bounds<XS extends Shape, YS extends Shape, D extends DType>(
  model: BoundsModel<XS, YS, D>,
  box: Box<XS, D> | EpsilonBall<XS, D>,
  options?: BoundsOptions,
): BoundsResult<YS> {
  requireKnownOptions("bounds", options, boundsOptionNames);
  const method = options?.method ?? "ibp";
  if (method !== "ibp" && method !== "crown") throw new BoundsError(`bounds: method must be "ibp" or "crown", got ${String(method)}`);
  const kernels = options?.kernels ?? "any";
  if (kernels !== "any" && kernels !== "direct") throw new BoundsError(`bounds: kernels must be "any" or "direct", got ${String(kernels)}`);
  const winograd = kernels === "any";
  const { interval, shape, dtype } = boxInterval(box);
  const centerData = dtype === "float64" ? new Float64Array(interval.lower.length) : new Float32Array(interval.lower.length);
  for (let i = 0; i < centerData.length; i++) centerData[i] = interval.lower[i]! / 2 + interval.upper[i]! / 2;
  const center = Tensor.wrap(shape, dtype, centerData as Tensor<XS, D>["data"]);
  const forward = typeof model === "function" ? model : (x: Tensor<XS, D>) => model.forward(x);
  const { result: output, ops } = captureOps(() => noGrad(() => forward(center)));
  const graph = buildGraph(ops, center as Tensor<Shape, DType>, output as Tensor<Shape, DType>);
  const outShape = output.shape;
  const ref = graph.outputRef;
  if (ref.kind !== "node") {
    // the model returns its input, or ignores it
    const b = ref.kind === "input" ? interval : { lower: Float64Array.from(output.data), upper: Float64Array.from(output.data) };
    return result(outShape, b, method, graph, null);
  }
  const target = ref.node;
  if (method === "ibp") {
    const p = new Propagation(graph, interval, dtype, winograd);
    p.ibpAll();
    return result(outShape, p.bounds[target.index]!, method, graph, p);
  }
  const p = crownIntermediate(graph, interval, dtype, winograd);
  const all = Int32Array.from({ length: target.size }, (_, i) => i);
  const linear = p.crown(target, all);
  // Both are sound: report their intersection, so CROWN is never looser than IBP.
  const ibp = new Propagation(graph, interval, dtype, winograd);
  ibp.ibpAll();
  const ib = ibp.bounds[target.index]!;
  const final: Interval = {
    lower: linear.lower.map((v, i) => Math.max(v, ib.lower[i]!)),
    upper: linear.upper.map((v, i) => Math.min(v, ib.upper[i]!)),
  };
  return result(outShape, final, method, graph, p);
}

/**
 * The intermediate bounds of the method "crown", as auto_LiRPA's `compute_bounds(method="CROWN")`: each node's
 * interval from its inputs' (IBP); then a node feeding a nonlinear op is refined by CROWN — only its unstable
 * elements (l < 0 < u) when every such consumer is ReLU-like (auto_LiRPA's sparse intermediate bounds, the IBP
 * bounds of stable ones kept), all of them otherwise — except an affine node right after the input, where IBP is
 * already exact.
 */
function crownIntermediate(graph: BoundGraph, box: Interval, dtype: DType, winograd: boolean): Propagation {
  const p = new Propagation(graph, box, dtype, winograd);
  const need = graph.nodes.map(() => ({ any: false, sparse: true }));
  for (const node of graph.nodes) {
    if (node.rule.kind === "affine") continue;
    const sparse = node.rule.kind === "activation" && node.rule.sparse;
    for (const r of node.inputs) {
      if (r.kind !== "node" || r.node.rule.kind !== "affine") continue;
      need[r.node.index]!.any = true;
      if (!sparse) need[r.node.index]!.sparse = false;
    }
  }
  for (const node of graph.nodes) {
    const b = p.ibp(node);
    p.bounds[node.index] = b;
    const n = need[node.index]!;
    if (!n.any || firstLinear(node)) continue;
    const rows: number[] = [];
    for (let i = 0; i < node.size; i++) if (!n.sparse || (b.lower[i]! < 0 && b.upper[i]! > 0)) rows.push(i);
    if (rows.length === 0) continue;
    const refined = p.crown(node, Int32Array.from(rows));
    rows.forEach((i, k) => {
      b.lower[i] = refined.lower[k]!;
      b.upper[i] = refined.upper[k]!;
    });
  }
  return p;
}

/** An affine node of the model's input alone: IBP is exact there (auto_LiRPA skips CROWN too). */
function firstLinear(node: BoundNode): boolean {
  return node.inputs.filter((r) => r.kind === "input").length === 1 && node.inputs.every((r) => r.kind !== "node");
}

function result<YS extends Shape>(shape: Shape, b: Interval, method: BoundsMethod, graph: BoundGraph, p: Propagation | null): BoundsResult<YS> {
  const intermediate: StepBounds[] =
    p === null
      ? []
      : graph.nodes.map((node) => ({
          op: node.name,
          shape: node.shape,
          lower: Tensor.wrap(node.shape as Shape, "float64", p.bounds[node.index]!.lower),
          upper: Tensor.wrap(node.shape as Shape, "float64", p.bounds[node.index]!.upper),
        }));
  return {
    lower: Tensor.wrap(shape as YS, "float64", Float64Array.from(b.lower)),
    upper: Tensor.wrap(shape as YS, "float64", Float64Array.from(b.upper)),
    method,
    intermediate,
  };
}

/** The box as float64 bounds (the ε-ball's rounded outward), after checking its shapes and order. */
function boxInterval<S extends Shape, D extends DType>(box: Box<S, D> | EpsilonBall<S, D>): { interval: Interval; shape: S; dtype: D } {
  if ("center" in box) {
    const { center, epsilon } = box;
    if (typeof epsilon !== "number" || !Number.isFinite(epsilon) || epsilon < 0) throw new ShapeError(badEpsilon(String(epsilon)));
    const c = center.data;
    const lower = new Float64Array(c.length);
    const upper = new Float64Array(c.length);
    for (let i = 0; i < c.length; i++) {
      lower[i] = epsilon === 0 ? c[i]! : down(c[i]! - epsilon);
      upper[i] = epsilon === 0 ? c[i]! : up(c[i]! + epsilon);
    }
    checkOrder(lower, upper);
    return { interval: { lower, upper }, shape: center.shape, dtype: center.dtype };
  }
  const { lower, upper } = box;
  const same = sameShape(lower.shape, upper.shape);
  if (!same) throw new ShapeError(boxShapeMismatch(formatShape(lower.shape), formatShape(upper.shape)));
  if (lower.dtype !== upper.dtype)
    throw new ShapeError(`bounds: the box's lower and upper must have one dtype, got ${lower.dtype} and ${upper.dtype}`);
  const l = Float64Array.from(lower.data);
  const u = Float64Array.from(upper.data);
  checkOrder(l, u);
  return { interval: { lower: l, upper: u }, shape: lower.shape, dtype: lower.dtype };
}

function checkOrder(l: Float64Array, u: Float64Array): void {
  for (let i = 0; i < l.length; i++) if (!(l[i]! <= u[i]!)) throw new ShapeError(boxOrderViolated(String(i)));
}
