import type { DType, Shape } from "../../../types/tensor/shape.js";
import { ShapeError } from "../../errors.js";
import { Tensor } from "../../tensor/tensor.js";
import { formatShape } from "../messages.js";
import { sameShape } from "../losses/common.js";

/** Any tensor an optimizer can update. */
export type AnyTensor = Tensor<Shape, DType>;

/**
 * A record of named parameters. Written as a self-referential constraint (`P extends ParamRecord<P>`) so that
 * interfaces, which have no index signature, qualify as well as type aliases.
 */
export type ParamRecord<P> = { readonly [K in keyof P]: AnyTensor };

/** The gradient record that matches a parameter record: same names, each gradient shaped like its parameter. */
export type GradsFor<P> = {
  readonly [K in keyof P]: P[K] extends Tensor<infer S, infer D> ? Tensor<S, D> : never;
};

/** An optimizer over a record of named parameters, updated in place. */
export interface Optimizer<P extends ParamRecord<P>, St> {
  /** The parameters (the same tensors passed in; `step` overwrites their data). */
  readonly params: P;
  /** Learning rate; may be changed between steps (for schedules). */
  lr: number;
  /** Number of `step` calls since creation or the last `zeroState()`. */
  readonly steps: number;
  /** Per-parameter state, keyed by parameter name (live view: buffers are the optimizer's own arrays). */
  readonly state: { readonly [K in keyof P]: St };
  /** One update from a gradient record with exactly the parameters' names and shapes. */
  step(grads: GradsFor<P>): void;
  /** Forgets all state (momentum / moment buffers and step counts), as a freshly created optimizer. */
  zeroState(): void;
}

export function checkHyper(op: string, name: string, value: number, ok: (v: number) => boolean, rule: string): void {
  if (typeof value !== "number" || !ok(value)) throw new RangeError(`${op}: ${name} must be ${rule}, got ${value}`);
}

/** The record's tensors by name, in insertion order; throws a TypeError for an entry that is not a Tensor. */
export function tensorTable(op: string, what: string, record: object): Map<string, AnyTensor> {
  const out = new Map<string, AnyTensor>();
  for (const [k, entry] of Object.entries(record)) {
    const v: unknown = entry;
    if (!(v instanceof Tensor)) throw new TypeError(`${op}: ${what} "${k}" is not a Tensor`);
    out.set(k, v);
  }
  return out;
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
  for (const [k, p] of params) {
    const g = table.get(k)!;
    if (!sameShape(g.shape, p.shape) || g.data.length !== p.data.length) {
      throw new ShapeError(
        `${op}.step: gradient "${k}" has shape ${formatShape(g.shape)} (${g.data.length} elements) ` +
          `but the parameter has shape ${formatShape(p.shape)} (${p.data.length} elements)`,
      );
    }
  }
  return table;
}

/**
 * The frame every optimizer shares: the parameter table, per-parameter state (fresh again after zeroState), the
 * step count, and step's gradient checks. `update` applies one parameter's gradient in place at the step's lr.
 */
export function createOptimizer<P extends ParamRecord<P>, St>(
  op: string,
  params: P,
  lr: number,
  freshState: () => St,
  update: (param: AnyTensor, grad: AnyTensor["data"], state: St, lr: number) => void,
): Optimizer<P, St> {
  const table = tensorTable(op, "parameter", params);
  const fresh = (): Record<string, St> => Object.fromEntries([...table.keys()].map((k) => [k, freshState()]));
  let state = fresh();
  let steps = 0;
  const opt: Optimizer<P, St> = {
    params,
    lr,
    get steps() {
      return steps;
    },
    get state() {
      return state as { readonly [K in keyof P]: St };
    },
    step(grads: GradsFor<P>): void {
      const gradTable = checkGrads(op, table, grads);
      const lrNow = opt.lr;
      for (const [k, param] of table) update(param, gradTable.get(k)!.data, state[k]!, lrNow);
      steps++;
    },
    zeroState(): void {
      state = fresh();
      steps = 0;
    },
  };
  return opt;
}
