import { ShapeError } from "../errors.js";
import { unknownOption } from "./messages.js";

/**
 * Options an op cannot run without (maxPool2d's kernel, batchNorm2d's training flag): an object, else a ShapeError
 * naming the op and what the object must hold, instead of a TypeError from reading a field of undefined.
 */
export function requireOptions(op: string, options: unknown, required: string): asserts options is object {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new ShapeError(
      `${op}: options ${required} are required, got ${options === null ? "null" : Array.isArray(options) ? "an array" : typeof options}`,
    );
  }
}

/**
 * Runtime twin of OptionKeysCheck: throws the compile-time sentence for the first key of `options` that is not
 * one of `names` (e.g. PyTorch's `ceil_mode` for `ceilMode`), instead of silently ignoring it.
 */
export function requireKnownOptions(op: string, options: object | undefined, names: readonly string[]): void {
  if (options === undefined) return;
  for (const key of Object.keys(options)) {
    if (!names.includes(key)) throw new ShapeError(unknownOption(op, key, names.join(", ")));
  }
}
