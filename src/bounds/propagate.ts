import type { DType } from "../../types/tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { down, gamma, SLACK, underflowUnit, unitRoundoff, up } from "./float-error.js";
import type { BoundGraph, BoundNode, Ref } from "./graph.js";
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

/** Rows per CROWN pass are chunked so a linear bound (rows × node size) stays below this many float64s. */
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
    const chunk = Math.max(1, Math.floor(CHUNK_ELEMENTS / widest));
    for (let start = 0; start < rows.length; start += chunk) {
      const part = rows.subarray(start, Math.min(rows.length, start + chunk));
      const res = this.#crownChunk(target, part, ancestors);
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

  #crownChunk(target: BoundNode, rows: Int32Array, ancestors: readonly boolean[]): Interval {
    const K = rows.length;
    const nodes = this.graph.nodes;
    const Al: (Float64Array | undefined)[] = nodes.map(() => undefined);
    const Au: (Float64Array | undefined)[] = nodes.map(() => undefined);
    let inL: Float64Array | null = null;
    let inU: Float64Array | null = null;
    const biasL = new Float64Array(K);
    const biasU = new Float64Array(K);
    const start = new Float64Array(K * target.size);
    for (let k = 0; k < K; k++) start[k * target.size + rows[k]!] = 1;
    Al[target.index] = start;
    Au[target.index] = Float64Array.from(start);
    const accumulate = (ref: Ref, l: Float64Array, u: Float64Array) => {
      if (ref.kind === "const") return;
      if (ref.kind === "input") {
        if (inL === null) {
          inL = l;
          inU = u;
          return;
        }
        addInto(inL, l);
        addInto(inU!, u);
        return;
      }
      const i = ref.node.index;
      const el = Al[i];
      if (el === undefined) {
        Al[i] = l;
        Au[i] = u;
        return;
      }
      addInto(el, l);
      addInto(Au[i]!, u);
    };
    for (let idx = target.index; idx >= 0; idx--) {
      if (!ancestors[idx]) continue;
      const al = Al[idx];
      const au = Au[idx];
      if (al === undefined || au === undefined) continue;
      Al[idx] = undefined;
      Au[idx] = undefined;
      const node = nodes[idx]!;
      const n = node.size;
      const rule = node.rule;
      if (rule.kind === "affine") {
        const step = node.affine!;
        const fast = this.#fastStep(node);
        const e = fast === null ? this.errors[idx]! : fast.error;
        const y0 = step.y0;
        let largest = 0;
        for (let k = 0; k < K; k++) {
          let sl = 0;
          let su = 0;
          const o = k * n;
          for (let j = 0; j < n; j++) {
            const a = al[o + j]!;
            const b = au[o + j]!;
            sl += a * y0[j]! - Math.abs(a) * e[j]!;
            su += b * y0[j]! + Math.abs(b) * e[j]!;
            largest = Math.max(largest, Math.abs(a), Math.abs(b));
          }
          biasL[k] += sl;
          biasU[k] += su;
        }
        const rows32 = fast !== null && largest < FLOAT32_SAFE ? fastRows(fast, al, au, K) : null;
        if (rows32 !== null) {
          const wino = fast!.winograd;
          const scratch = wino === null ? null : new Float64Array(wino.H * wino.W);
          for (let k = 0; k < K; k++) {
            const wl = wino === null ? 0 : maxFilter7Dot(al, k * n, wino.weights, wino.H, wino.W, scratch!);
            const wu = wino === null ? 0 : maxFilter7Dot(au, k * n, wino.weights, wino.H, wino.W, scratch!);
            biasL[k] -= fast!.constant + wl * (1 + SLACK);
            biasU[k] += fast!.constant + wu * (1 + SLACK);
          }
          accumulate(node.inputs[0]!, rows32.lower, rows32.upper);
        } else {
          // the float64 re-run's VJP (the bias terms above then carry the float32 step's error too: looser, sound)
          const gl = step.vjpRows(al, K);
          const gu = step.vjpRows(au, K);
          node.inputs.forEach((ref, i) => {
            if (gl[i]) accumulate(ref, gl[i]!, gu[i]!);
          });
        }
      } else if (rule.kind === "activation") {
        const r = this.#relaxation(node);
        const nl = new Float64Array(K * n);
        const nu = new Float64Array(K * n);
        for (let k = 0; k < K; k++) {
          let sl = 0;
          let su = 0;
          const o = k * n;
          for (let j = 0; j < n; j++) {
            const a = al[o + j]!;
            const b = au[o + j]!;
            if (a >= 0) {
              nl[o + j] = a * r.lowerSlope[j]!;
              sl += a * r.lowerIntercept[j]!;
            } else {
              nl[o + j] = a * r.upperSlope[j]!;
              sl += a * r.upperIntercept[j]!;
            }
            if (b >= 0) {
              nu[o + j] = b * r.upperSlope[j]!;
              su += b * r.upperIntercept[j]!;
            } else {
              nu[o + j] = b * r.lowerSlope[j]!;
              su += b * r.lowerIntercept[j]!;
            }
            sl -= Math.abs(a) * r.error[j]!;
            su += Math.abs(b) * r.error[j]!;
          }
          biasL[k] += sl;
          biasU[k] += su;
        }
        accumulate(node.inputs.find((x) => x.kind !== "const")!, nl, nu);
      } else if (rule.kind === "select") {
        const r = this.#selectRelaxation(node);
        const ref = node.inputs.find((x) => x.kind !== "const")!;
        const inSize = this.boundsOf(ref).lower.length;
        const out = this.bounds[idx]!;
        const nl = new Float64Array(K * inSize);
        const nu = new Float64Array(K * inSize);
        for (let k = 0; k < K; k++) {
          let sl = 0;
          let su = 0;
          const o = k * n;
          const q = k * inSize;
          for (let j = 0; j < n; j++) {
            const a = al[o + j]!;
            const b = au[o + j]!;
            const ui = r.upperIndex[j]!;
            if (a >= 0) nl[q + r.lowerIndex[j]!] += a;
            else if (ui >= 0) nl[q + ui] += a;
            else sl += a * r.upperConst[j]!;
            if (b < 0) nu[q + r.lowerIndex[j]!] += b;
            else if (ui >= 0) nu[q + ui] += b;
            else su += b * r.upperConst[j]!;
            const mOut = Math.max(Math.abs(out.lower[j]!), Math.abs(out.upper[j]!));
            sl -= SLACK * Math.abs(a) * mOut;
            su += SLACK * Math.abs(b) * mOut;
          }
          biasL[k] += sl;
          biasU[k] += su;
        }
        accumulate(ref, nl, nu);
      } else {
        // interval-only op: the linear bound stops here, concretized at the op's interval
        concretize(al, au, this.bounds[idx]!, K, biasL, biasU);
      }
    }
    if (inL !== null) concretize(inL, inU!, this.box, K, biasL, biasU);
    return { lower: biasL.map(down), upper: biasU.map(up) };
  }
}

/** A float32 backward step: the transpose and the error it adds (see #fastStep). */
interface FastStep {
  readonly transpose: Float32Transpose;
  readonly error: Float64Array;
  readonly winograd: TransposeRounding["winograd"];
  readonly constant: number;
}

/** Rows above this magnitude go the float64 way: their float32 products could overflow. */
const FLOAT32_SAFE = 2 ** 60;

/** The lower and upper rows through the float32 transpose in one call (2K rows), or null if a result is not finite. */
function fastRows(fast: FastStep, al: Float64Array, au: Float64Array, K: number): Interval | null {
  const rows = new Float32Array(al.length + au.length);
  rows.set(al);
  rows.set(au, al.length);
  const g = fast.transpose.rows(rows, 2 * K);
  const half = g.length / 2;
  const lower = new Float64Array(half);
  const upper = new Float64Array(half);
  for (let i = 0; i < half; i++) {
    const a = g[i]!;
    const b = g[half + i]!;
    if (!Number.isFinite(a) || !Number.isFinite(b)) return null;
    lower[i] = a;
    upper[i] = b;
  }
  return { lower, upper };
}

function addInto(into: Float64Array, from: Float64Array): void {
  for (let i = 0; i < into.length; i++) into[i] += from[i]!;
}

/** bias += min (lower) / max (upper) of A·x over the interval, with SLACK for the float64 sums. */
function concretize(al: Float64Array, au: Float64Array, b: Interval, K: number, biasL: Float64Array, biasU: Float64Array): void {
  const n = b.lower.length;
  for (let k = 0; k < K; k++) {
    let sl = 0;
    let su = 0;
    const o = k * n;
    for (let j = 0; j < n; j++) {
      const a = al[o + j]!;
      const c = au[o + j]!;
      const l = b.lower[j]!;
      const u = b.upper[j]!;
      const m = Math.max(Math.abs(l), Math.abs(u));
      sl += (a >= 0 ? a * l : a * u) - SLACK * Math.abs(a) * m;
      su += (c >= 0 ? c * u : c * l) + SLACK * Math.abs(c) * m;
    }
    biasL[k] += sl;
    biasU[k] += su;
  }
}
