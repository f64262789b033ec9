import type { DType } from "../../types/tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { down, gamma, SLACK, underflowUnit, unitRoundoff, up } from "./float-error.js";
import type { BoundGraph, BoundNode, Ref } from "./graph.js";
import { RowPool } from "./row-pool.js";
import { maxFilter7Dot, type TransposeRounding } from "./conv-rounding.js";
import type { Float32Transpose, Relaxation, SelectRelaxation } from "./rule.js";

/** Lower and upper bounds of every element of a node (flat, row-major). */
export interface Interval {
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

/** An activation's relaxation with its error term: what CROWN subtracts (lower) or adds (upper) per |coefficient|. */
interface CachedRelaxation extends Relaxation {
  readonly error: Float64Array;
}

const magnitude = (b: Interval): Float64Array => {
  const m = new Float64Array(b.lower.length);
  for (let i = 0; i < m.length; i++) m[i] = Math.max(Math.abs(b.lower[i]!), Math.abs(b.upper[i]!));
  return m;
};

const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Rows per CROWN pass are chunked so the rows of a node (2 × rows × node size) stay below this many float64s. */
const CHUNK_ELEMENTS = 1 << 22;

/**
 * Interval (IBP) and linear (CROWN) bound propagation over a captured graph, for the float forward of `dtype`:
 * every node's interval contains that node's float output for every float input in the box, because each op's
 * rounding error (`errors`) is added outward and the engine's own float64 arithmetic is covered by SLACK terms.
 */
export class Propagation {
  readonly graph: BoundGraph;
  readonly u: number;
  readonly eta: number;
  readonly box: Interval;
  readonly boxMagnitude: Float64Array;
  /** Per node: its interval (once computed). */
  readonly bounds: (Interval | undefined)[];
  /** Per node: the bound on |float output − exact op output| used by CROWN (affine and activation nodes). */
  readonly errors: (Float64Array | undefined)[];
  readonly #relax: (CachedRelaxation | undefined)[];
  readonly #select: (SelectRelaxation | undefined)[];
  /** Per affine node with a float32 transpose: what its backward step in float32 adds to the error, once computed. */
  readonly #fast: (FastStep | null | undefined)[];
  /** Per affine node: absApply of its perturbed inputs' magnitudes, and input 0's magnitude (kept by IBP). */
  readonly #magnitudes: ({ readonly am: Float64Array; readonly m: Float64Array | null } | undefined)[];
  readonly #dtype: DType;
  readonly #pool = new RowPool();

  constructor(graph: BoundGraph, box: Interval, dtype: DType) {
    this.graph = graph;
    this.u = unitRoundoff(dtype);
    this.eta = underflowUnit(dtype);
    this.box = box;
    this.boxMagnitude = magnitude(box);
    this.bounds = graph.nodes.map(() => undefined);
    this.errors = graph.nodes.map(() => undefined);
    this.#relax = graph.nodes.map(() => undefined);
    this.#select = graph.nodes.map(() => undefined);
    this.#fast = graph.nodes.map(() => undefined);
    this.#magnitudes = graph.nodes.map(() => undefined);
    this.#dtype = dtype;
  }

  boundsOf(ref: Ref): Interval {
    if (ref.kind === "input") return this.box;
    if (ref.kind === "node") return this.bounds[ref.node.index]!;
    const d = Float64Array.from(ref.value!.data);
    return { lower: d, upper: d };
  }

  /** IBP for every node in order: the method "ibp". */
  ibpAll(): void {
    for (const node of this.graph.nodes) this.bounds[node.index] = this.ibp(node);
  }

  /** One node's interval from its inputs' current intervals (and its error term, kept for CROWN). */
  ibp(node: BoundNode): Interval {
    const rule = node.rule;
    if (rule.kind === "affine") return this.#ibpAffine(node);
    const input = this.boundsOf(node.inputs.find((r) => r.kind !== "const")!);
    if (rule.kind === "activation") {
      const n = node.size;
      const lower = new Float64Array(n);
      const upper = new Float64Array(n);
      const rel = rule.relError(this.u) * (1 + 2 ** -20);
      const err = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const fl = rule.f(input.lower[i]!);
        const fu = rule.f(input.upper[i]!);
        const e = rel * Math.max(Math.abs(fl), Math.abs(fu)) + rule.absError;
        err[i] = e;
        lower[i] = down(fl - e);
        upper[i] = up(fu + e);
      }
      this.errors[node.index] = err;
      return { lower, upper };
    }
    if (rule.kind === "select") {
      const run = (d: Float64Array) =>
        rule.apply(node.inputs.map((r) => (r.kind === "const" ? r.value : Tensor.wrap(this.shapeOf(r), "float64", d)))).data;
      return { lower: Float64Array.from(run(input.lower)), upper: Float64Array.from(run(input.upper)) };
    }
    const out = rule.ibp(input.lower, input.upper, this.u);
    const lower = new Float64Array(out.lower.length);
    const upper = new Float64Array(out.lower.length);
    for (let i = 0; i < lower.length; i++) {
      lower[i] = down(out.lower[i]!);
      upper[i] = up(out.upper[i]!);
    }
    return { lower, upper };
  }

  shapeOf(ref: Ref): readonly number[] {
    if (ref.kind === "input") return this.graph.inputShape;
    if (ref.kind === "node") return ref.node.shape;
    return ref.value!.shape;
  }

  #ibpAffine(node: BoundNode): Interval {
    const step = node.affine!;
    const ins = node.inputs.map((r) => (r.kind === "const" ? null : this.boundsOf(r)));
    const c = ins.map((b) => b && new Float64Array(b.lower.length));
    const r = ins.map((b) => b && new Float64Array(b.lower.length));
    const m = ins.map((b) => b && magnitude(b));
    ins.forEach((b, i) => {
      if (b === null) return;
      const ci = c[i]!;
      const ri = r[i]!;
      for (let j = 0; j < ci.length; j++) {
        const mid = b.lower[j]! / 2 + b.upper[j]! / 2;
        ci[j] = mid;
        ri[j] = up(Math.max(b.upper[j]! - mid, mid - b.lower[j]!));
      }
    });
    const yc = step.apply(c);
    const yr = step.absApply(r);
    const am = step.absApply(m);
    this.#magnitudes[node.index] = { am, m: m[0] ?? null };
    const rounding = step.rule.rounding;
    const round =
      typeof rounding === "number"
        ? am.map((a) => gamma(rounding, this.u) * a + rounding * this.eta)
        : rounding({ m, shapes: step.inShapes, absApply: (v) => step.absApply(v), u: this.u });
    const n = yc.length;
    const err = new Float64Array(n);
    const lower = new Float64Array(n);
    const upper = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const e = round[i]! + 4 * SLACK * am[i]!;
      err[i] = e;
      const rad = yr[i]! - step.abs0[i]!;
      lower[i] = down(yc[i]! - rad - e);
      upper[i] = up(yc[i]! + rad + e);
    }
    this.errors[node.index] = err;
    return { lower, upper };
  }

  /**
   * The float32 backward step of an affine node (rule.transpose), when the model is float32 and only input 0 is
   * perturbed: its error per output element (the forward's plus the step's own rounding) and constant; else null.
   */
  #fastStep(node: BoundNode): FastStep | null {
    const cached = this.#fast[node.index];
    if (cached !== undefined) return cached;
    const step = node.affine!;
    const transpose = step.rule.transpose;
    const mags = this.#magnitudes[node.index]!;
    let fast: FastStep | null = null;
    if (transpose !== undefined && this.#dtype === "float32" && mags.m !== null && step.perturbed.every((p, i) => p === (i === 0))) {
      const r = transpose.rounding(mags.am, mags.m);
      const base = this.errors[node.index]!;
      const error = base.map((e, i) => e + r.perOutput[i]! + SLACK * mags.am[i]!);
      fast = { transpose, error, winograd: r.winograd, constant: r.constant };
    }
    this.#fast[node.index] = fast;
    return fast;
  }

  #relaxation(node: BoundNode): CachedRelaxation {
    const cached = this.#relax[node.index];
    if (cached) return cached;
    if (node.rule.kind !== "activation") throw new Error("unreachable: relaxation of a non-activation");
    const input = this.boundsOf(node.inputs.find((x) => x.kind !== "const")!);
    const r = node.rule.relax(input.lower, input.upper);
    const out = this.bounds[node.index]!;
    const base = this.errors[node.index]!;
    const error = new Float64Array(node.size);
    for (let i = 0; i < node.size; i++) {
      const mIn = Math.max(Math.abs(input.lower[i]!), Math.abs(input.upper[i]!));
      const mOut = Math.max(Math.abs(out.lower[i]!), Math.abs(out.upper[i]!));
      const slope = Math.max(Math.abs(r.lowerSlope[i]!), Math.abs(r.upperSlope[i]!));
      error[i] = base[i]! + SLACK * (slope * mIn + Math.abs(r.lowerIntercept[i]!) + Math.abs(r.upperIntercept[i]!) + mOut);
    }
    const result = { ...r, error };
    this.#relax[node.index] = result;
    return result;
  }

  #selectRelaxation(node: BoundNode): SelectRelaxation {
    const cached = this.#select[node.index];
    if (cached) return cached;
    if (node.rule.kind !== "select") throw new Error("unreachable: select relaxation of another rule");
    const input = this.boundsOf(node.inputs.find((r) => r.kind !== "const")!);
    const r = node.rule.relax(input.lower, input.upper);
    this.#select[node.index] = r;
    return r;
  }

  /**
   * CROWN: lower and upper bounds of `rows` of `target` by propagating linear bounds back to the input, with the
   * relaxations of the nonlinear nodes from their current input intervals.
   */
  crown(target: BoundNode, rows: Int32Array): Interval {
    const lower = new Float64Array(rows.length);
    const upper = new Float64Array(rows.length);
    const ancestors = this.#ancestors(target);
    let widest = this.graph.inputSize;
    for (const node of this.graph.nodes) if (ancestors[node.index]) widest = Math.max(widest, node.size);
    const chunk = Math.max(1, Math.floor(CHUNK_ELEMENTS / (2 * widest)));
    for (let start = 0; start < rows.length; start += chunk) {
      const part = rows.subarray(start, Math.min(rows.length, start + chunk));
      let res = this.#crownChunk(target, part, ancestors, true);
      // a row beyond float32's range in a float32 step shows as a non-finite bound: that chunk again in float64
      if (!res.lower.every(Number.isFinite) || !res.upper.every(Number.isFinite)) res = this.#crownChunk(target, part, ancestors, false);
      lower.set(res.lower, start);
      upper.set(res.upper, start);
    }
    return { lower, upper };
  }

  #ancestors(target: BoundNode): boolean[] {
    const mark = this.graph.nodes.map(() => false);
    const stack = [target];
    mark[target.index] = true;
    while (stack.length > 0) {
      const n = stack.pop()!;
      for (const r of n.inputs) {
        if (r.kind === "node" && !mark[r.node.index]) {
          mark[r.node.index] = true;
          stack.push(r.node);
        }
      }
    }
    return mark;
  }

  /**
   * One chunk of rows as 2K lower-bound rows: row k < K is +e(rows[k]) (its minimum is the lower bound), row K + k
   * is −e(rows[k]) (minus its minimum is the upper bound), so every step treats every row alike.
   */
  #crownChunk(target: BoundNode, rows: Int32Array, ancestors: readonly boolean[], float32Steps: boolean): Interval {
    const K = rows.length;
    const R = 2 * K;
    const nodes = this.graph.nodes;
    const A: (Float64Array | undefined)[] = nodes.map(() => undefined);
    let inputRows: Float64Array | null = null;
    const bias = new Float64Array(R);
    const pool = this.#pool;
    const start = pool.f64(R * target.size, true);
    for (let k = 0; k < K; k++) {
      start[k * target.size + rows[k]!] = 1;
      start[(K + k) * target.size + rows[k]!] = -1;
    }
    A[target.index] = start;
    const accumulate = (ref: Ref, rowsOfRef: Float64Array) => {
      if (ref.kind === "const") {
        pool.release(rowsOfRef);
        return;
      }
      const have = ref.kind === "input" ? inputRows : A[ref.node.index];
      if (have === null || have === undefined) {
        if (ref.kind === "input") inputRows = rowsOfRef;
        else A[ref.node.index] = rowsOfRef;
        return;
      }
      addInto(have, rowsOfRef);
      pool.release(rowsOfRef);
    };
    for (let idx = target.index; idx >= 0; idx--) {
      if (!ancestors[idx]) continue;
      const a = A[idx];
      if (a === undefined) continue;
      A[idx] = undefined;
      const node = nodes[idx]!;
      const rule = node.rule;
      if (rule.kind === "affine") this.#affineStep(node, a, R, bias, accumulate, float32Steps);
      else if (rule.kind === "activation") {
        activationStep(this.#relaxation(node), a, R, bias);
        // in place: the rows are this node's alone
        accumulate(node.inputs.find((x) => x.kind !== "const")!, a);
      } else if (rule.kind === "select") {
        const ref = node.inputs.find((x) => x.kind !== "const")!;
        const next = pool.f64(R * this.boundsOf(ref).lower.length, true);
        selectStep(this.#selectRelaxation(node), this.bounds[idx]!, a, next, R, bias);
        pool.release(a);
        accumulate(ref, next);
      } else {
        // interval-only op: the linear bound stops here, concretized at the op's interval
        concretize(a, this.bounds[idx]!, R, bias);
        pool.release(a);
      }
    }
    if (inputRows !== null) {
      concretize(inputRows, this.box, R, bias);
      pool.release(inputRows);
    }
    const lower = new Float64Array(K);
    const upper = new Float64Array(K);
    for (let k = 0; k < K; k++) {
      lower[k] = down(bias[k]!);
      upper[k] = -down(bias[K + k]!);
    }
    return { lower, upper };
  }

  /** An affine node: bias += a·f(0) − |a|·error, then the rows through the op (float32 transpose or float64 VJP). */
  #affineStep(
    node: BoundNode,
    a: Float64Array,
    R: number,
    bias: Float64Array,
    accumulate: (ref: Ref, rows: Float64Array) => void,
    float32Steps: boolean,
  ): void {
    const step = node.affine!;
    const fast = float32Steps ? this.#fastStep(node) : null;
    const e = fast === null ? this.errors[node.index]! : fast.error;
    const y0 = step.y0;
    const n = node.size;
    for (let k = 0; k < R; k++) {
      let s = 0;
      const o = k * n;
      for (let j = 0; j < n; j++) {
        const v = a[o + j]!;
        s += v * y0[j]! - Math.abs(v) * e[j]!;
      }
      bias[k] += s;
    }
    if (fast !== null) {
      const pool = this.#pool;
      const rows32 = pool.f32(a.length);
      rows32.set(a);
      const inSize = sizeOf(this.shapeOf(node.inputs[0]!));
      const g = pool.f32(R * inSize);
      fast.transpose.rows(rows32, R, g);
      pool.release(rows32);
      const out = pool.f64(g.length, false);
      out.set(g);
      pool.release(g);
      const wino = fast.winograd;
      const scratch = wino === null ? null : new Float64Array(wino.H * wino.W);
      for (let k = 0; k < R; k++) {
        const w = wino === null ? 0 : maxFilter7Dot(a, k * n, wino.weights, wino.H, wino.W, scratch!);
        bias[k] -= fast.constant + w * (1 + SLACK);
      }
      pool.release(a);
      // (a row beyond float32's range gives Infinity or NaN here, and so non-finite bounds: `crown` redoes the chunk)
      accumulate(node.inputs[0]!, out);
      return;
    }
    const exact = step.rule.transposeExact;
    if (exact !== undefined) {
      const outs = node.inputs.map((ref) => this.#pool.f64(R * sizeOf(this.shapeOf(ref)), false));
      exact(a, R, outs);
      this.#pool.release(a);
      node.inputs.forEach((ref, i) => accumulate(ref, outs[i]!));
      return;
    }
    const grads = step.vjpRows(a, R);
    this.#pool.release(a);
    node.inputs.forEach((ref, i) => {
      if (grads[i]) accumulate(ref, grads[i]!);
    });
  }
}

/** A float32 backward step: the transpose and the error it adds (see #fastStep). */
interface FastStep {
  readonly transpose: Float32Transpose;
  readonly error: Float64Array;
  readonly winograd: TransposeRounding["winograd"];
  readonly constant: number;
}

function addInto(into: Float64Array, from: Float64Array): void {
  for (let i = 0; i < into.length; i++) into[i] += from[i]!;
}

/**
 * An activation's relaxation on lower-bound rows, in place: a ≥ 0 takes the lower line, a < 0 the upper line
 * (bias += a·intercept), and −|a|·error for the float forward's rounding.
 */
function activationStep(r: CachedRelaxation, a: Float64Array, R: number, bias: Float64Array): void {
  const n = r.error.length;
  const ls = r.lowerSlope;
  const li = r.lowerIntercept;
  const us = r.upperSlope;
  const ui = r.upperIntercept;
  const err = r.error;
  for (let k = 0; k < R; k++) {
    let s = 0;
    const o = k * n;
    for (let j = 0; j < n; j++) {
      const v = a[o + j]!;
      if (v === 0) continue;
      if (v > 0) {
        a[o + j] = v * ls[j]!;
        s += v * (li[j]! - err[j]!);
      } else {
        a[o + j] = v * us[j]!;
        s += v * (ui[j]! + err[j]!);
      }
    }
    bias[k] += s;
  }
}

/**
 * maxPool2d's relaxation on lower-bound rows: a ≥ 0 moves to the input that bounds the window below, a < 0 to the
 * one that bounds it above (or to the constant upperConst); rows over the op's input, returned.
 */
function selectStep(r: SelectRelaxation, out: Interval, a: Float64Array, next: Float64Array, R: number, bias: Float64Array): void {
  const n = out.lower.length;
  const inSize = next.length / R;
  for (let k = 0; k < R; k++) {
    let s = 0;
    const o = k * n;
    const q = k * inSize;
    for (let j = 0; j < n; j++) {
      const v = a[o + j]!;
      if (v === 0) continue;
      const ui = r.upperIndex[j]!;
      if (v > 0) next[q + r.lowerIndex[j]!] += v;
      else if (ui >= 0) next[q + ui] += v;
      else s += v * r.upperConst[j]!;
      const mOut = Math.max(Math.abs(out.lower[j]!), Math.abs(out.upper[j]!));
      s -= SLACK * Math.abs(v) * mOut;
    }
    bias[k] += s;
  }
}

/** bias += min of a·x over the interval, with SLACK for the float64 sums. */
function concretize(a: Float64Array, b: Interval, R: number, bias: Float64Array): void {
  const n = b.lower.length;
  for (let k = 0; k < R; k++) {
    let s = 0;
    const o = k * n;
    for (let j = 0; j < n; j++) {
      const v = a[o + j]!;
      if (v === 0) continue;
      const l = b.lower[j]!;
      const u = b.upper[j]!;
      const m = Math.max(Math.abs(l), Math.abs(u));
      s += (v > 0 ? v * l : v * u) - SLACK * Math.abs(v) * m;
    }
    bias[k] += s;
  }
}
