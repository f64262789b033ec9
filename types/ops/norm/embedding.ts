import type { Lt } from "../../nat/lt.js";
import type { Lte } from "../../nat/lte.js";
import type { BadRank } from "../../tensor/messages.js";
import type { Shape } from "../../tensor/shape.js";
import type { OptionOf } from "../options.js";
import type { IndexOutOfRange, NotWhole } from "./messages.js";

/** torch.nn.functional.embedding's options: the row whose gradient stays 0 (negative counts from the end). */
export interface EmbeddingOptions {
  readonly paddingIdx?: number | null;
}

/** The keys of EmbeddingOptions, for the unknown-option message. */
export type EmbeddingOptionNames = readonly ["paddingIdx"];

/** The output shape of `embedding(weight, indices)`: indices' shape, then weight's D; or weight's rank message. */
export type EmbeddingShape<WS extends Shape, IS extends Shape, Op extends string = "embedding"> = number extends WS["length"]
  ? [...IS, number]
  : WS extends readonly [number, infer E extends number]
    ? [...IS, E]
    : BadRank<Op, "weight", "(V, D)", WS["length"]>;

/**
 * `true` when paddingIdx (absent, null, or within [-V, V), as PyTorch) fits the table of V = WS[0] rows, else
 * the message. A `number` paddingIdx or V is checked at run time.
 */
export type PaddingIdxCheck<WS extends Shape, O, Op extends string = "embedding"> =
  Exclude<OptionOf<O, "paddingIdx">, null | undefined> extends infer P
    ? [P] extends [never]
      ? true
      : P extends number
        ? number extends P | WS[0]
          ? true
          : `${P}` extends `-${infer A extends number}`
            ? `${A}` extends `${bigint}`
              ? Lte<A, WS[0]> extends true
                ? true
                : IndexOutOfRange<Op, "paddingIdx", P, WS[0]>
              : NotWhole<Op, "paddingIdx", P>
            : `${P}` extends `${bigint}`
              ? Lt<P, WS[0]> extends true
                ? true
                : IndexOutOfRange<Op, "paddingIdx", P, WS[0]>
              : NotWhole<Op, "paddingIdx", P>
        : true
    : true;
