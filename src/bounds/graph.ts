import type { DType, Shape } from "../../types/tensor/shape.js";
import type { CapturedOp } from "../autograd/graph.js";
import { enableGrad } from "../autograd/grad-mode.js";
import { sumTo } from "../autograd/sum-to.js";
import { Tensor } from "../tensor/tensor.js";
import { BoundsError, cannotBound, noBoundRule } from "./errors.js";
import type { ActivationRule, AffineRule, BoundArgs, BoundRule, IntervalRule, SelectRule } from "./rule.js";
import { sameShape } from "../shape/same-shape.js";

type AnyTensor = Tensor<Shape, DType>;

/** Where a node's input comes from: the perturbed input, another node, or a constant (a parameter, an absent bias). */
export type Ref =
  | { readonly kind: "input" }
  | { readonly kind: "node"; readonly node: BoundNode }
  | { readonly kind: "const"; readonly value: AnyTensor | null | undefined };

export type StepRule = AffineRule | ActivationRule | SelectRule | IntervalRule;

/** One step of the captured model that depends on the input: an op, or one step of a fused op. */
export interface BoundNode {
  readonly index: number;
  readonly name: string;
  readonly rule: StepRule;
  readonly inputs: readonly Ref[];
  readonly shape: readonly number[];
  readonly size: number;
  /** The affine step's machinery, for affine rules. */
  readonly affine: AffineStep | null;
}

export interface BoundGraph {
  readonly inputShape: readonly number[];
  readonly inputSize: number;
  /** Topological order (inputs before consumers); the last node is the output's. */
  readonly nodes: readonly BoundNode[];
  /** The output when it is the input itself or a constant (a model that ignores its input), else null. */
  readonly outputRef: Ref;
}

const f64 = (shape: readonly number[], data: Float64Array): AnyTensor => Tensor.wrap(shape as Shape, "float64", data);
const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const toF64 = (t: AnyTensor, abs: boolean): AnyTensor => {
  const d = new Float64Array(t.data.length);
  for (let i = 0; i < d.length; i++) d[i] = abs ? Math.abs(t.data[i]!) : t.data[i]!;
  return f64(t.shape, d);
};

/**
 * An affine rule bound to its constants: `apply` with the perturbed inputs' values, the |coefficient| map, the
 * output at zero (the bias term of a linear bound) and the VJP of the float64 re-run, retained for every row.
 */
export class AffineStep {
  readonly rule: AffineRule;
  readonly perturbed: readonly boolean[];
  readonly inShapes: readonly (readonly number[] | null)[];
  readonly outShape: readonly number[];
  /** f(0): the bias term. */
  readonly y0: Float64Array;
  /** |f|(0): |bias|, subtracted from the abs map to get the radius map. */
  readonly abs0: Float64Array;
  readonly #consts: BoundArgs;
  readonly #absConsts: BoundArgs;

  constructor(rule: AffineRule, inputs: readonly Ref[], inShapes: readonly (readonly number[] | null)[]) {
    this.rule = rule;
    this.perturbed = inputs.map((r) => r.kind !== "const");
    this.inShapes = inShapes;
    this.#consts = inputs.map((r) => (r.kind === "const" ? (r.value ? toF64(r.value, false) : r.value) : null));
    this.#absConsts = inputs.map((r) => (r.kind === "const" ? (r.value ? toF64(r.value, true) : r.value) : null));
    const zeros = inShapes.map((s) => (s === null ? null : new Float64Array(sizeOf(s))));
    const out = this.#run(zeros, false);
    this.outShape = out.shape;
    this.y0 = out.data as Float64Array;
    this.abs0 = this.#run(zeros, true).data as Float64Array;
  }

  #args(values: readonly (Float64Array | null)[], abs: boolean): BoundArgs {
    const consts = abs ? this.#absConsts : this.#consts;
    return consts.map((c, i) => (this.perturbed[i] ? f64(this.inShapes[i]!, values[i]!) : c));
  }

  #run(values: readonly (Float64Array | null)[], abs: boolean): AnyTensor {
    const args = this.#args(values, abs);
    const fn = abs ? (this.rule.abs ?? this.rule.apply) : this.rule.apply;
    const y = fn(args);
    if (y.dtype !== "float64") throw new BoundsError(`bounds: the bound rule of an op returned ${y.dtype}, not float64`);
    return y;
  }

  /** f(values) (values: one array per perturbed input, null for constants). */
  apply(values: readonly (Float64Array | null)[]): Float64Array {
    return this.#run(values, false).data as Float64Array;
  }

  /** |f|(values) including |bias|. */
  absApply(values: readonly (Float64Array | null)[]): Float64Array {
    return this.#run(values, true).data as Float64Array;
  }

  /**
   * rows (K × out) times the Jacobian: one K × in block per perturbed input (null for constants). When every shape
   * has a leading batch axis of 1, the K rows go through the op's VJP at once as a batch of K (the op re-run on
   * K-sample leaves; a row is one sample, so nothing mixes); otherwise, or if the op refuses the batch, row by row.
   */
  vjpRows(rows: Float64Array, k: number): (Float64Array | null)[] {
    const batched = this.#batchedTape(k);
    if (batched !== null) {
      const { out, leaves } = batched;
      const gy = f64(out.shape, rows);
      const node = out.gradFn!;
      // One recorded op straight on the leaves (every rule here): its VJP directly, without the engine's copies.
      if (node.inputs.every((e, i) => (e === null ? leaves[i] === null : e.leaf === leaves[i]))) {
        const grads = node.apply(gy, true);
        const seen = new Set<ArrayBufferLike>([rows.buffer]);
        return leaves.map((leaf, i) => {
          if (leaf === null) return null;
          const g = grads[i];
          if (!g) return new Float64Array(leaf.data.length);
          const d = (sumTo(g, leaf.shape) as AnyTensor).data as Float64Array;
          // a VJP may pass gy through (add, reshape) or give two inputs one array: copy those, keep the rest
          if (seen.has(d.buffer)) return Float64Array.from(d);
          seen.add(d.buffer);
          return d;
        });
      }
      out.backward(gy, { retainGraph: true });
      return leaves.map((leaf) => {
        if (leaf === null) return null;
        const g = leaf.grad;
        leaf.grad = null;
        // the engine copies a leaf's first gradient into .grad, so the array is ours to keep
        return g === null ? new Float64Array(leaf.data.length) : ((sumTo(g, leaf.shape) as AnyTensor).data as Float64Array);
      });
    }
    const { out, leaves } = this.#tape(1);
    const outSize = this.y0.length;
    const result = this.inShapes.map((s, i) => (this.perturbed[i] ? new Float64Array(k * sizeOf(s!)) : null));
    for (let r = 0; r < k; r++) {
      const row = rows.subarray(r * outSize, (r + 1) * outSize);
      let zero = true;
      for (let j = 0; j < outSize && zero; j++) zero = row[j] === 0;
      if (zero || !out.requiresGrad) continue; // a zero row, or an output that does not depend on the inputs
      out.backward(f64(out.shape, row), { retainGraph: true });
      leaves.forEach((leaf, i) => {
        if (leaf === null) return;
        const g = leaf.grad;
        leaf.grad = null;
        if (g !== null) result[i]!.set((sumTo(g, leaf.shape) as AnyTensor).data, r * leaf.data.length);
      });
    }
    return result;
  }

  readonly #tapes = new Map<number, { readonly out: AnyTensor; readonly leaves: readonly (AnyTensor | null)[] }>();
  /** Batch sizes the op refused (it then goes row by row). */
  readonly #unbatchable = new Set<number>();

  /** The float64 re-run on leaves whose batch axis is `batch` (1: the recorded shapes), kept for its VJP. */
  #tape(batch: number): { readonly out: AnyTensor; readonly leaves: readonly (AnyTensor | null)[] } {
    const cached = this.#tapes.get(batch);
    if (cached) return cached;
    const shapeAt = (s: readonly number[]) => (batch === 1 ? s : [batch, ...s.slice(1)]);
    const leaves = this.inShapes.map((s, i) => (this.perturbed[i] ? f64(shapeAt(s!), new Float64Array(sizeOf(shapeAt(s!)))).requireGrad() : null));
    const args = this.#consts.map((c, i) => leaves[i] ?? c);
    const out = enableGrad(() => this.rule.apply(args));
    const tape = { out, leaves };
    // keep the row-by-row tape and the latest batch size only: a tape holds its batch's saved tensors
    for (const key of this.#tapes.keys()) if (key !== 1) this.#tapes.delete(key);
    this.#tapes.set(batch, tape);
    return tape;
  }

  #batchedTape(k: number): { readonly out: AnyTensor; readonly leaves: readonly (AnyTensor | null)[] } | null {
    if (k === 1) return null;
    const ones = this.outShape[0] === 1 && this.inShapes.every((s, i) => !this.perturbed[i] || s![0] === 1);
    if (!ones || this.#unbatchable.has(k)) return null;
    try {
      const tape = this.#tape(k);
      const expected = [k, ...this.outShape.slice(1)];
      const fits = tape.out.requiresGrad && sameShape(tape.out.shape, expected);
      if (fits) return tape;
    } catch {
      // the op does not take a batch of k (a reshape to the recorded shape): row by row
    }
    this.#unbatchable.add(k);
    return null;
  }
}

/**
 * The captured ops that lie between the input and the output, in topological order, each with its bound rule
 * (fused ops split into steps). An op reached from the input without a rule, or whose rule refuses this use, is an
 * error naming it.
 */
export function buildGraph(ops: readonly CapturedOp[], input: AnyTensor, output: AnyTensor): BoundGraph {
  const producer = new Map<AnyTensor, CapturedOp>();
  for (const op of ops) if (!op.inputs.includes(op.output)) producer.set(op.output, op);
  const nodes: BoundNode[] = [];
  const refOf = new Map<AnyTensor, Ref>();
  // Iterative post-order walk from the output (deep models cannot overflow the stack).
  const stack: { t: AnyTensor; expanded: boolean }[] = [{ t: output, expanded: false }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const t = top.t;
    if (refOf.has(t)) {
      stack.pop();
      continue;
    }
    if (t === input) {
      refOf.set(t, { kind: "input" });
      stack.pop();
      continue;
    }
    const op = producer.get(t);
    if (op === undefined) {
      refOf.set(t, { kind: "const", value: t });
      stack.pop();
      continue;
    }
    if (!top.expanded) {
      top.expanded = true;
      for (const i of op.inputs) if (i && !refOf.has(i)) stack.push({ t: i, expanded: false });
      continue;
    }
    stack.pop();
    const inRefs: Ref[] = op.inputs.map((i) => (i ? refOf.get(i)! : { kind: "const", value: i }));
    if (inRefs.every((r) => r.kind === "const")) {
      refOf.set(t, { kind: "const", value: t });
      continue;
    }
    refOf.set(t, expand(op, inRefs, nodes, input.shape));
  }
  return { inputShape: input.shape, inputSize: input.data.length, nodes, outputRef: refOf.get(output)! };
}

function shapeOfRef(r: Ref, inputShape: readonly number[]): readonly number[] | null {
  if (r.kind === "input") return inputShape;
  if (r.kind === "node") return r.node.shape;
  return r.value ? r.value.shape : null;
}

/** Adds the nodes of one op (several for a fused op) and returns the ref of its output. */
function expand(op: CapturedOp, inRefs: readonly Ref[], nodes: BoundNode[], inputShape: readonly number[]): Ref {
  if (op.bound === undefined) throw new BoundsError(noBoundRule(op.name));
  const rule: BoundRule = op.bound();
  if (rule.kind === "unboundable") throw new BoundsError(cannotBound(op.name, rule.reason));
  const steps = rule.kind === "chain" ? rule.steps : [rule];
  let refs: readonly Ref[] = inRefs;
  let last: Ref = inRefs[0]!;
  steps.forEach((step, s) => {
    const name = steps.length > 1 ? `${op.name}.${s}` : op.name;
    const inShapes = refs.map((r) => shapeOfRef(r, inputShape));
    let affine: AffineStep | null = null;
    let shape: readonly number[];
    if (step.kind === "affine") {
      const reason = step.affineIn?.(refs.map((r) => r.kind !== "const")) ?? null;
      if (reason !== null) throw new BoundsError(cannotBound(op.name, reason));
      affine = new AffineStep(step, refs, inShapes);
      shape = affine.outShape;
    } else {
      const perturbed = refs.filter((r) => r.kind !== "const").length;
      if (perturbed !== 1)
        throw new BoundsError(cannotBound(op.name, `its bound rule takes one input that depends on the model's input, got ${perturbed}`));
      shape = step.kind === "select" ? op.output.shape : inShapes[refs.findIndex((r) => r.kind !== "const")]!;
    }
    if (s === steps.length - 1 && sizeOf(shape) !== op.output.data.length) {
      throw new BoundsError(cannotBound(op.name, `its bound rule gives ${sizeOf(shape)} outputs, the op ${op.output.data.length}`));
    }
    const node: BoundNode = { index: nodes.length, name, rule: step, inputs: refs, shape, size: sizeOf(shape), affine };
    nodes.push(node);
    last = { kind: "node", node };
    refs = [last];
  });
  return last;
}
