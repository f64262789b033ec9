import { ShapeError } from "../errors.js";
import { unknownOption } from "./messages.js";

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
