import type { DType, Shape } from "../../types/tensor/shape.js";
import { ShapeError } from "../errors.js";
import { requireDType } from "../ops/dtype.js";
import { formatShape } from "../tensor/format-shape.js";
import { accumulateInto, allocate, gradOf, setFirstGrad, Tensor } from "../tensor/tensor.js";
import type { GradNode } from "./graph.js";
import { implicitGradNeedsOneElement, invalidGradient, noGradFn } from "./messages.js";
import { sumsTo, sumTo } from "./sum-to.js";
import { addSameShape } from "../ops/elementwise/add.js";

type AnyTensor = Tensor<Shape, DType>;

/** What `backward(gy, options)` takes. */
export interface BackwardCallOptions {
  /** Keep the saved tensors so the same graph can be walked again (PyTorch's `retain_graph`). Default false. */
  readonly retainGraph?: boolean;
}

/**
 * Reverse-mode sweep from `root`: each node runs once, after every node that consumes its output (Kahn's order
 * over dependency counts; iterative, so deep graphs cannot overflow the stack). Gradients reaching one node are
 * summed; a gradient of a broadcast shape is summed to its input's shape on the edge; leaves accumulate into
 * `.grad` across calls.
 */
export function runBackward(root: AnyTensor, gy: AnyTensor | null | undefined, options: BackwardCallOptions | undefined): void {
  const seed = seedGradient(root, gy);
  const rootNode = root.gradFn;
  if (rootNode === null) {
    if (!root.requiresGrad) throw new ShapeError(noGradFn);
    accumulateLeaf(root, seed);
    return;
  }
  const retain = options?.retainGraph === true;
  const consumers = countConsumers(rootNode);
  const pending = new Map<GradNode, AnyTensor>([[rootNode, seed]]);
  // Leaves' gradients are summed here and added to `.grad` once every node has run, so a node that throws (freed
  // saved tensors) leaves every `.grad` as it was. PyTorch never adds part of a leaf's gradient either (one
  // AccumulateGrad per leaf, run once all its inputs arrived), though a leaf complete before the throw is updated there.
  const leafGrads = new Map<AnyTensor, LeafSum>();
  const ready: GradNode[] = [rootNode];
  while (ready.length > 0) {
    const node = ready.pop()!;
    const g = pending.get(node);
    pending.delete(node);
    // A node that received no gradient (every path to it gave null) contributes none, but still releases its consumers' counts.
    const grads = g === undefined ? [] : node.apply(g, retain);
    for (let i = 0; i < node.inputs.length; i++) {
      const edge = node.inputs[i];
      if (edge === null || edge === undefined) continue;
      const raw = grads[i];
      const gi = raw === null || raw === undefined ? null : fitToEdge(node.name, i, raw, edge.shape, edge.dtype);
      if (edge.node === null) {
        if (gi !== null) addLeafGrad(leafGrads, edge.leaf, gi);
        continue;
      }
      if (gi !== null) {
        const before = pending.get(edge.node);
        // a fresh sum: neither operand is written, since a VJP may pass its gy through unchanged
        pending.set(edge.node, before === undefined ? gi : addSameShape(before, gi));
      }
      const left = consumers.get(edge.node)! - 1;
      consumers.set(edge.node, left);
      if (left === 0) ready.push(edge.node);
    }
  }
  for (const [leaf, { g }] of leafGrads) accumulateLeaf(leaf, g);
}

/** A leaf's gradient so far in one sweep; `owned`: a sum made here, so later contributions may add into it. */
interface LeafSum {
  g: AnyTensor;
  owned: boolean;
}

function addLeafGrad(sums: Map<AnyTensor, LeafSum>, leaf: AnyTensor, g: AnyTensor): void {
  const sum = sums.get(leaf);
  if (sum === undefined) sums.set(leaf, { g, owned: false });
  else if (!sum.owned) sums.set(leaf, { g: addSameShape(sum.g, g), owned: true });
  else {
    const sd = sum.g.data;
    const gd = g.data;
    for (let i = 0; i < sd.length; i++) sd[i] = sd[i]! + gd[i]!;
  }
}

function seedGradient(root: AnyTensor, gy: AnyTensor | null | undefined): AnyTensor {
  if (gy === null || gy === undefined) {
    if (root.size !== 1) throw new ShapeError(implicitGradNeedsOneElement(formatShape(root.shape)));
    const ones = allocate(root.dtype, 1);
    ones[0] = 1;
    return Tensor.wrap(root.shape, root.dtype, ones);
  }
  if (!(gy instanceof Tensor)) throw new TypeError(`backward: gy must be a Tensor, got ${typeof gy}`);
  requireDType("backward", "gy", "the tensor", root.dtype, gy.dtype);
  if (gy.shape.length !== root.shape.length || gy.shape.some((d, k) => d !== root.shape[k])) {
    throw new ShapeError(`backward: gy must have the tensor's shape ${formatShape(root.shape)}, got ${formatShape(gy.shape)}`);
  }
  return gy;
}

/** How many recorded edges point at each node reachable from the root (iterative DFS). */
function countConsumers(rootNode: GradNode): Map<GradNode, number> {
  const consumers = new Map<GradNode, number>([[rootNode, 0]]);
  const stack = [rootNode];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const edge of node.inputs) {
      if (edge === null || edge.node === null) continue;
      const seen = consumers.get(edge.node);
      consumers.set(edge.node, (seen ?? 0) + 1);
      if (seen === undefined) stack.push(edge.node);
    }
  }
  return consumers;
}

/** The engine's check on every VJP result (as PyTorch's validate_outputs): dtype, then shape, summing broadcast axes. */
function fitToEdge(op: string, index: number, g: AnyTensor, shape: readonly number[], dtype: DType): AnyTensor {
  requireDType(`backward: ${op}`, `gradient ${index}`, "its input", dtype, g.dtype);
  if (!sumsTo(g.shape, shape)) throw new ShapeError(invalidGradient(op, index, formatShape(g.shape), formatShape(shape)));
  return sumTo(g, shape);
}

/** `.grad += g` on a leaf (the first gradient copied: into the backend's memory for a leaf moved there). */
function accumulateLeaf(leaf: AnyTensor, g: AnyTensor): void {
  const current = gradOf(leaf);
  if (current === null) setFirstGrad(leaf, g);
  else accumulateInto(current, g);
}
