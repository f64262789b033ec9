import type { DType, Shape } from "../../../types/tensor/shape.js";
import { ShapeError } from "../../errors.js";
import { type ArrayFor, Tensor, gradOf, kernelData } from "../../tensor/tensor.js";
import { currentBackend } from "../../backend.js";
import { formatShape } from "../messages.js";
import { sameShape } from "../../shape/same-shape.js";
import { requireDType } from "../../ops/dtype.js";
import { requireKnownOptions, requireOptions } from "../../ops/options.js";

/** Any tensor an optimizer can update. */
export type AnyTensor = Tensor<Shape, DType>;

/**
 * A record of named parameters. Written as a self-referential constraint (`P extends ParamRecord<P>`) so that
 * interfaces, which have no index signature, qualify as well as type aliases.
 */
export type ParamRecord<P> = { readonly [K in keyof P]: AnyTensor };

/**
 * What an optimizer takes: a record of named parameters (a model's `params`), or an array or any iterable of
 * tensors (what `module.parameters()` returns), as PyTorch's `params`.
 */
export type Params<P> = ParamRecord<P> | Iterable<AnyTensor>;

/** The optimizer's `params`: the record or array passed in; another iterable, collected into an array. */
export type ParamsOf<P> = P extends readonly AnyTensor[] ? P : P extends Iterable<AnyTensor> ? readonly AnyTensor[] : P;

/**
 * The gradient record that matches a parameter record (same names, each gradient shaped like its parameter), or
 * array (same order). A non-array iterable has none: step reads `.grad`.
 */
export type GradsFor<P> = P extends readonly AnyTensor[]
  ? { readonly [K in keyof P]: P[K] extends Tensor<infer S, infer D> ? Tensor<S, D> : never }
  : P extends Iterable<AnyTensor>
    ? never
    : { readonly [K in keyof P]: P[K] extends Tensor<infer S, infer D> ? Tensor<S, D> : never };

/** Per-parameter state: keyed by name for a record, by position for an array or iterable. */
export type StateOf<P, St> = P extends Iterable<AnyTensor> ? readonly St[] : { readonly [K in keyof P]: St };

/** An optimizer over parameters, updated in place. */
export interface Optimizer<P extends Params<P>, St> {
  /** The parameters (the same tensors passed in; `step` overwrites their data). */
  readonly params: ParamsOf<P>;
  /** Learning rate; may be changed between steps (for schedules). */
  lr: number;
  /** Number of `step` calls since creation or the last `zeroState()`. */
  readonly steps: number;
  /** Per-parameter state (live view: buffers are the optimizer's own arrays). */
  readonly state: StateOf<P, St>;
  /**
   * One update. Without an argument, as PyTorch's `optimizer.step()`: from each parameter's `.grad` (filled by
   * `loss.backward()`), skipping a parameter whose `.grad` is null (its state does not advance). With a gradient
   * record (the explicit path of a model's own backward): every parameter's gradient, exactly the parameters'
   * names and shapes.
   */
  step(grads?: GradsFor<P>): void;
  /** Sets every parameter's `.grad` to null (PyTorch's `zero_grad()`, set_to_none), so the next backward starts afresh. */
  zeroGrad(): void;
  /** Forgets all state (momentum / moment buffers and step counts), as a freshly created optimizer. */
  zeroState(): void;
}

/**
 * The elements an update reads or writes in place, a parameter's or its gradient's: the tensor's array, or, for one
 * living in the current backend's memory (a parameter moved there by `moveToBackend`, and so its gradient), a view
 * of its block for this one update, so that it stays there (reading `data` would copy it back out).
 */
export function inPlaceArray<D extends DType>(t: Tensor<Shape, D>): ArrayFor<D> {
  return kernelData(t, currentBackend().residentHeap);
}

export function checkHyper(op: string, name: string, value: number, ok: (v: number) => boolean, rule: string): void {
  if (typeof value !== "number" || !ok(value)) throw new RangeError(`${op}: ${name} must be ${rule}, got ${value}`);
}

/** The learning rate's rule, at creation and whenever `lr` is set (a schedule's NaN or Infinity would ruin every parameter). */
export function checkLr(op: string, lr: number): void {
  checkHyper(op, "lr", lr, (v) => Number.isFinite(v) && v >= 0, "a finite number ≥ 0");
}

/** An optimizer's options: an object of known keys (a misspelt `betas` must not be silently ignored). */
export function checkOptimizerOptions(op: string, options: unknown, names: readonly string[]): void {
  requireOptions(op, options, `{ ${names.join(", ")} }`);
  requireKnownOptions(op, options, names);
}

function isIterable(value: object): value is Iterable<unknown> {
  return typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === "function";
}

/**
 * The tensors of a record (by name, in insertion order) or of an iterable (named "0", "1", ... by position);
 * throws a TypeError for an entry that is not a Tensor.
 */
export function tensorTable(op: string, what: string, source: object): Map<string, AnyTensor> {
  const out = new Map<string, AnyTensor>();
  const entries: Iterable<readonly [string, unknown]> = isIterable(source)
    ? [...source].map((v, i) => [String(i), v] as const)
    : Object.entries(source);
  for (const [k, v] of entries) {
    if (!Tensor.isTensor(v)) throw new TypeError(`${op}: ${what} "${k}" is not a Tensor`);
    out.set(k, v);
  }
  return out;
}

function checkGradShape(op: string, what: string, k: string, g: AnyTensor, p: AnyTensor): void {
  if (!sameShape(g.shape, p.shape) || g.size !== p.size) {
    throw new ShapeError(
      `${op}.step: ${what} "${k}" has shape ${formatShape(g.shape)} (${g.size} elements) ` +
        `but the parameter has shape ${formatShape(p.shape)} (${p.size} elements)`,
    );
  }
  // PyTorch refuses a float64 grad for a float32 parameter too; mixing would silently round.
  requireDType(`${op}.step`, `${what} "${k}"`, "the parameter", p.dtype, g.dtype);
}

/** Checks that `grads` has exactly the parameters' names and each gradient the parameter's shape; returns its table. */
export function checkGrads(op: string, params: ReadonlyMap<string, AnyTensor>, grads: object): Map<string, AnyTensor> {
  const table = tensorTable(`${op}.step`, "gradient", grads);
  const missing = [...params.keys()].filter((k) => !table.has(k));
  const extra = [...table.keys()].filter((k) => !params.has(k));
  if (missing.length > 0 || extra.length > 0) {
    const parts: string[] = [];
    if (missing.length > 0) parts.push(`missing gradients for ${missing.map((k) => `"${k}"`).join(", ")}`);
    if (extra.length > 0) parts.push(`gradients for unknown parameters ${extra.map((k) => `"${k}"`).join(", ")}`);
    throw new ShapeError(`${op}.step: ${parts.join("; ")}`);
  }
  for (const [k, p] of params) checkGradShape(op, "gradient", k, table.get(k)!, p);
  return table;
}

/**
 * The frame every optimizer shares: the parameter table, per-parameter state (fresh again after zeroState), the
 * step count, and step's gradient checks. `update` applies one parameter's gradient in place at the step's lr.
 */
export function createOptimizer<P extends Params<P>, St>(
  op: string,
  params: P,
  lr: number,
  freshState: () => St,
  update: (param: AnyTensor, grad: AnyTensor["data"], state: St, lr: number) => void,
): Optimizer<P, St> {
  if (typeof params !== "object" || params === null)
    throw new TypeError(`${op}: params must be a record or an iterable of tensors, got ${String(params)}`);
  checkLr(op, lr);
  let lrNow = lr;
  const iterable = isIterable(params);
  const table = tensorTable(op, "parameter", params);
  const list = [...table.values()];
  const held = (iterable && !Array.isArray(params) ? list : params) as ParamsOf<P>;
  const fresh = (): Record<string, St> | St[] =>
    iterable ? list.map(() => freshState()) : Object.fromEntries([...table.keys()].map((k) => [k, freshState()]));
  let state = fresh();
  const stateAt = (k: string): St => (state as Record<string, St>)[k]!;
  let steps = 0;
  const opt: Optimizer<P, St> = {
    params: held,
    get lr() {
      return lrNow;
    },
    set lr(value: number) {
      checkLr(op, value);
      lrNow = value;
    },
    get steps() {
      return steps;
    },
    get state() {
      return state as StateOf<P, St>;
    },
    step(grads?: GradsFor<P>): void {
      if (grads === undefined) {
        // .grad is a tensor of the parameter's shape and dtype, or null: its setter checks what is assigned
        for (const [k, param] of table) {
          const g = gradOf(param);
          if (g !== null) update(param, inPlaceArray(g), stateAt(k), lrNow);
        }
      } else {
        if (typeof grads !== "object" || grads === null) throw new TypeError(`${op}.step: grads must be a gradient record, got ${String(grads)}`);
        const gradTable = checkGrads(op, table, grads);
        for (const [k, param] of table) update(param, gradTable.get(k)!.data, stateAt(k), lrNow);
      }
      steps++;
    },
    zeroGrad(): void {
      for (const param of list) param.grad = null;
    },
    zeroState(): void {
      state = fresh();
      steps = 0;
    },
  };
  return opt;
}
