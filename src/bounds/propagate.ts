import type { DType } from "../../types/tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { down, gamma, largestFinite, SLACK, underflowUnit, unitRoundoff, up } from "./float-error.js";
import type { BoundGraph, BoundNode, Ref } from "./graph.js";
import { BoundsError, outOfRange } from "./errors.js";
import { RowPool } from "./row-pool.js";
import { clip, forEachRun, fullWindow, isFull, type Planes, planesOf, rebase, rowLength, union, type Window } from "./window.js";
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

  /** Whether the float32 forwards covered include Winograd convolutions (the option kernels: "any"). */
  readonly winograd: boolean;

  constructor(graph: BoundGraph, box: Interval, dtype: DType, winograd: boolean) {
    this.winograd = winograd;
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

  /**
   * One node's interval from its inputs' current intervals (and its error term, kept for CROWN). An op that may
   * overflow the dtype (or meets an infinite or NaN weight) is an error: no interval holds NaN, and the rounding
   * terms assume finite values.
   */
  ibp(node: BoundNode): Interval {
    const b = this.#ibpNode(node);
    this.#requireFinite(node, b);
    return b;
  }

  /** The bounds, and for an affine node the sums of |terms| (partial sums, Winograd's transforms: err/u), within the dtype's range. */
  #requireFinite(node: BoundNode, b: Interval): void {
    const max = largestFinite(this.#dtype);
    let worst = 0;
    for (let i = 0; i < b.lower.length; i++) worst = Math.max(worst, Math.abs(b.lower[i]!), Math.abs(b.upper[i]!));
    if (node.rule.kind === "affine") {
      const am = this.#magnitudes[node.index]!.am;
      const err = this.errors[node.index]!;
      for (let i = 0; i < am.length; i++) worst = Math.max(worst, 2 * am[i]!, err[i]! / this.u);
    }
    // (a NaN anywhere makes `worst` NaN)
    if (!(worst <= max)) throw new BoundsError(outOfRange(node.name, this.#dtype, worst.toPrecision(3)));
  }

  #ibpNode(node: BoundNode): Interval {
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
        : rounding({ m, shapes: step.inShapes, absApply: (v) => step.absApply(v), u: this.u, winograd: this.winograd });
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
      fast = { transpose, error, constant: r.constant };
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
    // rows of nearby pixels together, a chunk within one tile, so each chunk's window stays small (window.ts)
    const planes = planesOf(target.shape);
    const order = spatialOrder(rows, planes);
    const tile = (i: number) => (planes === null ? 0 : tileOf(rows[i]!, planes));
    for (let start = 0; start < rows.length; ) {
      let end = start + 1;
      while (end < rows.length && end - start < chunk && tile(order[end]!) === tile(order[start]!)) end++;
      const positions = order.subarray(start, end);
      start = end;
      const part = Int32Array.from(positions, (i) => rows[i]!);
      let res = this.#crownChunk(target, part, ancestors, true);
      // a row beyond float32's range in a float32 step shows as a non-finite bound: that chunk again in float64
      if (!res.lower.every(Number.isFinite) || !res.upper.every(Number.isFinite)) res = this.#crownChunk(target, part, ancestors, false);
      positions.forEach((i, k) => {
        lower[i] = res.lower[k]!;
        upper[i] = res.upper[k]!;
      });
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
   * is −e(rows[k]) (minus its minimum is the upper bound), so every step treats every row alike. At (1, C, H, W)
   * nodes the rows are kept over a window of the planes (window.ts).
   */
  #crownChunk(target: BoundNode, rows: Int32Array, ancestors: readonly boolean[], float32Steps: boolean): Interval {
    const K = rows.length;
    const R = 2 * K;
    const nodes = this.graph.nodes;
    const A: (Rows | undefined)[] = nodes.map(() => undefined);
    let inputRows: Rows | null = null;
    const bias = new Float64Array(R);
    const pool = this.#pool;
    const tp = planesOf(target.shape);
    const startWindow = tp === null ? null : windowOfRows(rows, tp);
    const len = rowLength(tp, startWindow, target.size);
    const start = pool.f64(R * len, true);
    for (let k = 0; k < K; k++) {
      const at = tp === null ? rows[k]! : windowOffset(rows[k]!, tp, startWindow!);
      start[k * len + at] = 1;
      start[(K + k) * len + at] = -1;
    }
    A[target.index] = { data: start, win: startWindow };
    const accumulate = (ref: Ref, incoming: Rows) => {
      if (ref.kind === "const") {
        pool.release(incoming.data);
        return;
      }
      const p = this.#planesOfRef(ref);
      let rowsIn: Rows = p !== null && incoming.win === null ? { data: incoming.data, win: fullWindow(p) } : incoming;
      if (p !== null && rowsIn.win !== null) {
        // numbers past the planes belong to the zero padding: dropped
        const inside = clip(p, rowsIn.win);
        if (!sameWindow(inside, rowsIn.win)) {
          rowsIn = { data: rebase(rowsIn.data, R, p.C, rowsIn.win, inside, pool), win: inside };
          pool.release(incoming.data);
        }
      }
      const have = ref.kind === "input" ? inputRows : A[ref.node.index];
      if (have === null || have === undefined) {
        if (ref.kind === "input") inputRows = rowsIn;
        else A[ref.node.index] = rowsIn;
        return;
      }
      let sum = have;
      if (p !== null && !sameWindow(have.win!, rowsIn.win!)) {
        const u = union(have.win!, rowsIn.win!);
        if (!sameWindow(u, have.win!)) {
          sum = { data: rebase(have.data, R, p.C, have.win!, u, pool), win: u };
          pool.release(have.data);
        }
        if (!sameWindow(u, rowsIn.win!)) {
          const moved = rebase(rowsIn.data, R, p.C, rowsIn.win!, u, pool);
          pool.release(rowsIn.data);
          rowsIn = { data: moved, win: u };
        }
      }
      addInto(sum.data, rowsIn.data);
      pool.release(rowsIn.data);
      if (ref.kind === "input") inputRows = sum;
      else A[ref.node.index] = sum;
    };
    for (let idx = target.index; idx >= 0; idx--) {
      if (!ancestors[idx]) continue;
      const a = A[idx];
      if (a === undefined) continue;
      A[idx] = undefined;
      const node = nodes[idx]!;
      const rule = node.rule;
      const runs = runsOf(planesOf(node.shape), a.win, node.size);
      if (rule.kind === "affine") this.#affineStep(node, a, runs, R, bias, accumulate, float32Steps);
      else if (rule.kind === "activation") {
        activationStep(this.#relaxation(node), a.data, runs, R, bias);
        // in place: the rows are this node's alone
        accumulate(node.inputs.find((x) => x.kind !== "const")!, a);
      } else if (rule.kind === "select") {
        const ref = node.inputs.find((x) => x.kind !== "const")!;
        accumulate(ref, this.#selectStep(node, ref, a, runs, R, bias));
        pool.release(a.data);
      } else {
        // interval-only op: the linear bound stops here, concretized at the op's interval
        concretize(a.data, runs, this.bounds[idx]!, R, bias);
        pool.release(a.data);
      }
    }
    if (inputRows !== null) {
      const rowsAtInput: Rows = inputRows;
      concretize(rowsAtInput.data, runsOf(planesOf(this.graph.inputShape), rowsAtInput.win, this.graph.inputSize), this.box, R, bias);
      pool.release(rowsAtInput.data);
    }
    const lower = new Float64Array(K);
    const upper = new Float64Array(K);
    for (let k = 0; k < K; k++) {
      lower[k] = down(bias[k]!);
      upper[k] = -down(bias[K + k]!);
    }
    return { lower, upper };
  }

  #planesOfRef(ref: Ref): Planes | null {
    return ref.kind === "const" ? null : planesOf(this.shapeOf(ref));
  }

  /** The whole-planes window of a ref (null for a ref that is not (1, C, H, W)). */
  #fullWindowOf(ref: Ref): Window | null {
    const p = this.#planesOfRef(ref);
    return p === null ? null : fullWindow(p);
  }

  /** An affine node: bias += a·f(0) − |a|·error, then the rows through the op (float32 transpose, exact copy or float64 VJP). */
  #affineStep(
    node: BoundNode,
    a: Rows,
    runs: Runs,
    R: number,
    bias: Float64Array,
    accumulate: (ref: Ref, rows: Rows) => void,
    float32Steps: boolean,
  ): void {
    const step = node.affine!;
    const pool = this.#pool;
    const fast = float32Steps ? this.#fastStep(node) : null;
    const e = fast === null ? this.errors[node.index]! : fast.error;
    const y0 = step.y0;
    const len = runs.length * runs.starts.length;
    const data = a.data;
    for (let k = 0; k < R; k++) {
      let s = 0;
      for (let r = 0; r < runs.starts.length; r++) {
        const o = k * len + r * runs.length;
        const q = runs.starts[r]!;
        for (let j = 0; j < runs.length; j++) {
          const v = data[o + j]!;
          s += v * y0[q + j]! - Math.abs(v) * e[q + j]!;
        }
      }
      bias[k] += s;
    }
    const planes = planesOf(node.shape);
    const windowed = planes !== null && a.win !== null && !isFull(planes, a.win);
    if (fast !== null) {
      const sub = windowed ? fast.transpose.window?.(a.win!) : undefined;
      // the whole planes when the op has no windowed step
      const rowsOut = sub === undefined && windowed ? rebase(data, R, planes.C, a.win!, fullWindow(planes), pool) : data;
      const rows32 = pool.f32(rowsOut.length);
      rows32.set(rowsOut);
      const inputWindow = sub === undefined ? this.#fullWindowOf(node.inputs[0]!) : sub.input;
      const inPlanes = this.#planesOfRef(node.inputs[0]!);
      const inLen = inPlanes === null ? sizeOf(this.shapeOf(node.inputs[0]!)) : rowLength(inPlanes, inputWindow, 0);
      const g = pool.f32(R * inLen);
      if (sub === undefined) fast.transpose.rows(rows32, R, g);
      else sub.rows(rows32, R, g);
      pool.release(rows32);
      const out = pool.f64(g.length, false);
      out.set(g);
      pool.release(g);
      for (let k = 0; k < R; k++) bias[k] -= fast.constant;
      if (rowsOut !== data) pool.release(rowsOut);
      pool.release(data);
      // (a row beyond float32's range gives Infinity or NaN here, and so non-finite bounds: `crown` redoes the chunk)
      accumulate(node.inputs[0]!, { data: out, win: inputWindow });
      return;
    }
    const exactWindow = windowed ? step.rule.transposeExactWindow?.(a.win!) : undefined;
    if (exactWindow !== undefined && exactWindow !== null) {
      const outs = node.inputs.map((ref) => pool.f64(R * rowLength(this.#planesOfRef(ref), a.win, sizeOf(this.shapeOf(ref))), false));
      exactWindow(data, R, outs);
      pool.release(data);
      node.inputs.forEach((ref, i) => {
        accumulate(ref, { data: outs[i]!, win: this.#planesOfRef(ref) === null ? null : a.win });
      });
      return;
    }
    const whole = windowed ? rebase(data, R, planes.C, a.win!, fullWindow(planes), pool) : data;
    if (whole !== data) pool.release(data);
    const exact = step.rule.transposeExact;
    if (exact !== undefined) {
      const outs = node.inputs.map((ref) => pool.f64(R * sizeOf(this.shapeOf(ref)), false));
      exact(whole, R, outs);
      pool.release(whole);
      node.inputs.forEach((ref, i) => {
        accumulate(ref, { data: outs[i]!, win: this.#fullWindowOf(ref) });
      });
      return;
    }
    const grads = step.vjpRows(whole, R);
    pool.release(whole);
    node.inputs.forEach((ref, i) => {
      if (grads[i]) accumulate(ref, { data: grads[i]!, win: this.#fullWindowOf(ref) });
    });
  }

  /**
   * maxPool2d's relaxation on lower-bound rows: a ≥ 0 moves to the input that bounds the window below, a < 0 to the
   * one that bounds it above (or to the constant upperConst); the rows over the input window those inputs span.
   */
  #selectStep(node: BoundNode, ref: Ref, a: Rows, runs: Runs, R: number, bias: Float64Array): Rows {
    const r = this.#selectRelaxation(node);
    const out = this.bounds[node.index]!;
    const inSize = this.boundsOf(ref).lower.length;
    const p = this.#planesOfRef(ref);
    const count = runs.length * runs.starts.length;
    // each element's two inputs as offsets into the input rows (−1: the constant)
    const lowerAt = new Int32Array(count);
    const upperAt = new Int32Array(count);
    let win: Window | null = null;
    if (p !== null && a.win !== null) {
      let h0 = p.H;
      let h1 = 0;
      let w0 = p.W;
      let w1 = 0;
      const see = (i: number) => {
        const h = Math.floor((i % (p.H * p.W)) / p.W);
        const w = i % p.W;
        h0 = Math.min(h0, h);
        h1 = Math.max(h1, h + 1);
        w0 = Math.min(w0, w);
        w1 = Math.max(w1, w + 1);
      };
      for (let e = 0; e < runs.starts.length; e++) {
        for (let j = 0; j < runs.length; j++) {
          const q = runs.starts[e]! + j;
          see(r.lowerIndex[q]!);
          if (r.upperIndex[q]! >= 0) see(r.upperIndex[q]!);
        }
      }
      win = h1 > h0 ? { h0, h1, w0, w1 } : { h0: 0, h1: 0, w0: 0, w1: 0 };
    }
    const at = (i: number) => (p === null || win === null ? i : windowOffset(i, p, win));
    for (let e = 0; e < runs.starts.length; e++) {
      for (let j = 0; j < runs.length; j++) {
        const q = runs.starts[e]! + j;
        lowerAt[e * runs.length + j] = at(r.lowerIndex[q]!);
        upperAt[e * runs.length + j] = r.upperIndex[q]! >= 0 ? at(r.upperIndex[q]!) : -1;
      }
    }
    const inLen = p === null || win === null ? inSize : rowLength(p, win, inSize);
    const next = this.#pool.f64(R * inLen, true);
    for (let k = 0; k < R; k++) {
      let s = 0;
      const o = k * count;
      const base = k * inLen;
      for (let e = 0; e < runs.starts.length; e++) {
        for (let j = 0; j < runs.length; j++) {
          const v = a.data[o + e * runs.length + j]!;
          if (v === 0) continue;
          const m = e * runs.length + j;
          const q = runs.starts[e]! + j;
          const ui = upperAt[m]!;
          if (v > 0) next[base + lowerAt[m]!] += v;
          else if (ui >= 0) next[base + ui] += v;
          else s += v * r.upperConst[q]!;
          const mOut = Math.max(Math.abs(out.lower[q]!), Math.abs(out.upper[q]!));
          s -= SLACK * Math.abs(v) * mOut;
        }
      }
      bias[k] += s;
    }
    return { data: next, win };
  }
}

/** A float32 backward step: the transpose and the error it adds (see #fastStep). */
interface FastStep {
  readonly transpose: Float32Transpose;
  readonly error: Float64Array;
  readonly constant: number;
}

/** Rows of a linear bound at one node: R rows over a window of its planes, or over the whole node (win null). */
interface Rows {
  readonly data: Float64Array;
  readonly win: Window | null;
}

/** A row's layout as runs: `starts[r]` is run r's offset into the node's flat index, each run `length` long. */
interface Runs {
  readonly length: number;
  readonly starts: Int32Array;
}

function runsOf(p: Planes | null, win: Window | null, size: number): Runs {
  if (p === null || win === null) return { length: size, starts: Int32Array.of(0) };
  const starts = new Int32Array(p.C * (win.h1 - win.h0));
  let r = 0;
  forEachRun(p, win, (_w, planeOffset) => {
    starts[r++] = planeOffset;
  });
  return { length: win.w1 - win.w0, starts };
}

const sameWindow = (a: Window, b: Window): boolean => a.h0 === b.h0 && a.h1 === b.h1 && a.w0 === b.w0 && a.w1 === b.w1;

/** The smallest window holding every row's pixel. */
function windowOfRows(rows: Int32Array, p: Planes): Window {
  let h0 = p.H;
  let h1 = 0;
  let w0 = p.W;
  let w1 = 0;
  for (const i of rows) {
    const h = Math.floor((i % (p.H * p.W)) / p.W);
    const w = i % p.W;
    h0 = Math.min(h0, h);
    h1 = Math.max(h1, h + 1);
    w0 = Math.min(w0, w);
    w1 = Math.max(w1, w + 1);
  }
  return { h0, h1, w0, w1 };
}

/** Flat (C, H, W) index i's offset in a row over window `win`. */
function windowOffset(i: number, p: Planes, win: Window): number {
  const c = Math.floor(i / (p.H * p.W));
  const h = Math.floor((i % (p.H * p.W)) / p.W);
  const w = i % p.W;
  return (c * (win.h1 - win.h0) + h - win.h0) * (win.w1 - win.w0) + (w - win.w0);
}

/** Pixels per side of the tiles that bound a chunk of rows. */
const TILE = 8;

/** The tile of flat (C, H, W) index i. */
function tileOf(i: number, p: Planes): number {
  const h = Math.floor((i % (p.H * p.W)) / p.W);
  const w = i % p.W;
  return Math.floor(h / TILE) * Math.ceil(p.W / TILE) + Math.floor(w / TILE);
}

/** Row positions in an order that keeps nearby pixels together: by tile, then pixel, then channel. */
function spatialOrder(rows: Int32Array, p: Planes | null): Int32Array {
  const order = Int32Array.from(rows, (_, i) => i);
  if (p === null) return order;
  const key = Float64Array.from(rows, (i) => {
    const c = Math.floor(i / (p.H * p.W));
    return (tileOf(i, p) * p.H * p.W + (i % (p.H * p.W))) * p.C + c;
  });
  return order.sort((a, b) => key[a]! - key[b]!);
}

function addInto(into: Float64Array, from: Float64Array): void {
  for (let i = 0; i < into.length; i++) into[i] += from[i]!;
}

/**
 * An activation's relaxation on lower-bound rows, in place: a ≥ 0 takes the lower line, a < 0 the upper line
 * (bias += a·intercept), and −|a|·error for the float forward's rounding.
 */
function activationStep(r: CachedRelaxation, a: Float64Array, runs: Runs, R: number, bias: Float64Array): void {
  const ls = r.lowerSlope;
  const li = r.lowerIntercept;
  const us = r.upperSlope;
  const ui = r.upperIntercept;
  const err = r.error;
  const len = runs.length * runs.starts.length;
  for (let k = 0; k < R; k++) {
    let s = 0;
    for (let e = 0; e < runs.starts.length; e++) {
      const o = k * len + e * runs.length;
      const q = runs.starts[e]!;
      for (let j = 0; j < runs.length; j++) {
        const v = a[o + j]!;
        if (v === 0) continue;
        if (v > 0) {
          a[o + j] = v * ls[q + j]!;
          s += v * (li[q + j]! - err[q + j]!);
        } else {
          a[o + j] = v * us[q + j]!;
          s += v * (ui[q + j]! + err[q + j]!);
        }
      }
    }
    bias[k] += s;
  }
}

/** bias += min of a·x over the interval, with SLACK for the float64 sums. */
function concretize(a: Float64Array, runs: Runs, b: Interval, R: number, bias: Float64Array): void {
  const len = runs.length * runs.starts.length;
  for (let k = 0; k < R; k++) {
    let s = 0;
    for (let e = 0; e < runs.starts.length; e++) {
      const o = k * len + e * runs.length;
      const q = runs.starts[e]!;
      for (let j = 0; j < runs.length; j++) {
        const v = a[o + j]!;
        if (v === 0) continue;
        const l = b.lower[q + j]!;
        const u = b.upper[q + j]!;
        const m = Math.max(Math.abs(l), Math.abs(u));
        s += (v > 0 ? v * l : v * u) - SLACK * Math.abs(v) * m;
      }
    }
    bias[k] += s;
  }
}
