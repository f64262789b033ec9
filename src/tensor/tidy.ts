import { releaseResident, Tensor } from "./tensor.js";

/** The resident tensors each open `tidy` has made so far, innermost last. */
const scopes: Set<Tensor<readonly number[], "float32">>[] = [];
/** Tensors `keep` exempted from every enclosing `tidy`. */
const kept = new WeakSet<object>();

/**
 * Runs `fn` with the outputs of the WebAssembly backend's ops kept in WebAssembly memory, so one op's output is the
 * next op's input without a copy out and back in (other backends and float64 are unchanged). When `fn` returns,
 * every such tensor it made is freed except those in its result (a tensor, or arrays and plain objects holding
 * tensors, as tf.tidy) and those passed to `keep`; reading a freed one throws ReleasedTensorError. A tensor read
 * inside (`.data`, a JS op) is copied out once and stays usable. Call `backward()` inside the same `tidy` as the
 * forward: the tape's saved tensors are freed with the rest. `fn` must be synchronous. Nested calls free their own.
 */
export function tidy<T>(fn: () => T): T {
  const made = new Set<Tensor<readonly number[], "float32">>();
  scopes.push(made);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    scopes.pop();
    for (const t of made) if (!kept.has(t)) releaseResident(t);
    throw e;
  }
  scopes.pop();
  if (isThenable(result)) {
    for (const t of made) if (!kept.has(t)) releaseResident(t);
    throw new TypeError("tidy: fn must be synchronous, got a promise (its tensors would be freed before it settles)");
  }
  const returned = new Set<object>();
  collectTensors(result, returned);
  const outer = scopes[scopes.length - 1];
  for (const t of made) {
    if (returned.has(t) || kept.has(t)) outer?.add(t);
    else releaseResident(t);
  }
  return result;
}

/** Exempts `t` from every enclosing `tidy` (it is freed when collected); returns it. */
export function keep<T extends Tensor<readonly number[], "float32" | "float64">>(t: T): T {
  kept.add(t);
  return t;
}

/** Whether ops run inside `tidy` now (then the WebAssembly backend's outputs stay in its memory). */
export function insideTidy(): boolean {
  return scopes.length > 0;
}

/** Registers a resident tensor with the innermost `tidy` (Tensor.resident calls it). */
export function trackResident(t: Tensor<readonly number[], "float32">): void {
  scopes[scopes.length - 1]?.add(t);
}

function isThenable(value: unknown): boolean {
  return typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";
}

/** The tensors in a result: the value itself, or inside arrays, Maps and plain objects (iteratively, each object once). */
function collectTensors(value: unknown, into: Set<object>): void {
  const stack: unknown[] = [value];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== "object" || v === null || seen.has(v)) continue;
    seen.add(v);
    if (Tensor.isTensor(v)) {
      into.add(v);
      continue;
    }
    if (Array.isArray(v)) stack.push(...v);
    else if (v instanceof Map) for (const [k, x] of v) stack.push(k, x);
    else if (Object.getPrototypeOf(v) === Object.prototype) stack.push(...Object.values(v));
  }
}
