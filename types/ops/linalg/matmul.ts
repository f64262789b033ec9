import type { BroadcastShapes } from "../../shape/broadcast.js";
import type { BadRank } from "../../tensor/messages.js";
import type { DType, Shape } from "../../tensor/shape.js";
import type { Agree, MustMatch, MustMatchThen } from "../common.js";
import type { DTypeCheck } from "../dtype-check.js";
import type { FirstMessage } from "../first-message.js";
import type { MatmulInnerMismatch } from "./messages.js";

/** An argument's own check: matmul needs at least one axis (PyTorch: "both arguments to matmul need to be at least 1D"). */
export type MatmulRank<S extends Shape, Arg extends string> = S extends readonly [] ? BadRank<"matmul", Arg, "at least 1-D", 0> : true;

/**
 * torch.matmul's output shape: 1-D · 1-D is a scalar `[]`; a 1-D `a` is a row (a 1 prepended, then removed);
 * a 1-D `b` a column (a 1 appended, then removed); otherwise the batch axes (all but the last two) broadcast
 * and the result is `[...batch, a's axis -2, b's axis -1]`. The contracted sizes (a's last axis, b's axis -2,
 * or 0 when b is 1-D) must agree; a `number` size is checked at run time. Batch axes broadcast as `BroadcastShapes`
 * with two 1s appended, so its message names the axis of a and b from the right (`"matmul: cannot broadcast
 * axis -3: 2 vs 3"`). Generic dims are kept: `[N, K]` · `[K, M]` is `[N, M]`. A rank known only at run time
 * gives `number[]`. A rank-0 argument is `MatmulRank`'s message (reported at that argument).
 */
export type MatmulShape<A extends Shape, B extends Shape> = number extends A["length"] | B["length"]
  ? number[]
  : A extends readonly []
    ? MatmulRank<A, "a">
    : B extends readonly []
      ? MatmulRank<B, "b">
      : A extends readonly [infer K1 extends number]
        ? B extends readonly [infer K2 extends number]
          ? Contract<K1, K2, 0, []>
          : B extends readonly [...infer BB extends number[], infer K2 extends number, infer M extends number]
            ? Contract<K1, K2, -2, [...BB, M]>
            : never
        : A extends readonly [...infer AB extends number[], infer N extends number, infer K1 extends number]
          ? B extends readonly [infer K2 extends number]
            ? Contract<K1, K2, 0, [...AB, N]>
            : B extends readonly [...infer BB extends number[], infer K2 extends number, infer M extends number]
              ? Contract<K1, K2, -2, Batched<AB, BB, N, M>>
              : never
          : never;

/**
 * b's parameter-type part, in the runtime's order: b's rank, the contracted sizes, the batch axes' broadcast, then
 * the dtype. The contracted sizes are compared last but for checks that follow them at run time (MustMatchThen's
 * `Then`), so for a generic size the error prints `MustMatch<"matmul", "a's last axis and b's axis -2", K, 5>`.
 * A rank-0 `a` is reported at `a`, once.
 */
export type MatmulBGuard<A extends Shape, B extends Shape, D extends DType, BD extends DType> =
  MatmulRank<B, "b"> extends infer E extends string
    ? E
    : A extends readonly []
      ? FirstMessage<[DTypeCheck<"matmul", "b", "a", D, BD>]>
      : number extends A["length"] | B["length"]
        ? FirstMessage<[DTypeCheck<"matmul", "b", "a", D, BD>]>
        : A extends readonly [...unknown[], infer K1 extends number]
          ? B extends readonly [infer K2]
            ? InnerThen<"a's last axis and b's axis 0", K1, K2, FirstMessage<[DTypeCheck<"matmul", "b", "a", D, BD>]>>
            : B extends readonly [...unknown[], infer K2, unknown]
              ? InnerThen<"a's last axis and b's axis -2", K1, K2, FirstMessage<[BatchCheck<A, B>, DTypeCheck<"matmul", "b", "a", D, BD>]>>
              : never
          : never;

/** The contracted sizes, then the checks after them (Then): MustMatch alone when those pass (Then is decided here). */
type InnerThen<What extends string, K1, K2, Then> = [unknown] extends [Then]
  ? MustMatch<"matmul", What, K1, K2>
  : MustMatchThen<"matmul", What, K1, K2, Then>;

/** The batch axes' broadcast when both are at least 2-D (MatmulShape's, with the contracted sizes left out). */
type BatchCheck<A extends Shape, B extends Shape> = A extends readonly [...infer AB extends number[], unknown, unknown]
  ? B extends readonly [...infer BB extends number[], unknown, unknown]
    ? Batched<AB, BB, 0, 0>
    : true
  : true;

type Contract<K1 extends number, K2 extends number, BAxis extends number, R> = Agree<K1, K2> extends true ? R : MatmulInnerMismatch<BAxis, K1, K2>;

type Batched<AB extends number[], BB extends number[], N extends number, M extends number> =
  BroadcastShapes<"matmul", [...AB, 1, 1], [...BB, 1, 1]> extends infer R
    ? R extends readonly [...infer Batch extends number[], 1, 1]
      ? [...Batch, N, M]
      : R
    : never;
