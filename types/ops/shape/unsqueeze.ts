import type { Shape } from "../../tensor/shape.js";
import type { AllNumbers, InsertAt, NormalizeNewAxis } from "./common.js";

/**
 * The shape of `unsqueeze(x, dim)`: a size-1 axis inserted at dim, in [-rank - 1, rank] (a negative dim counts
 * from the end of the result). Generic sizes are kept: `[N, D]` at 0 is `[1, N, D]`. A `number` dim gives
 * `number` sizes; the message "unsqueeze: new axis 3 is out of range [-3, 2] for rank 2" otherwise.
 */
export type UnsqueezeShape<Op extends string, S extends Shape, A extends number> = number extends S["length"]
  ? number[]
  : NormalizeNewAxis<Op, S["length"], A> extends infer K
    ? K extends string
      ? K
      : number extends K
        ? AllNumbers<[0, ...S]>
        : InsertAt<S, K & number, 1>
    : never;
