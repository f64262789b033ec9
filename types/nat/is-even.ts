import type { NatOrError } from "./error.js";
import type { UnaryOperand } from "./operands.js";

/** true when N is even (looks at the lowest digit only); `boolean` for `number`. */
export type IsEven<N extends NatOrError> = N extends string
  ? N
  : N extends number
    ? UnaryOperand<N, "IsEven"> extends infer D
      ? D extends string
        ? D
        : D extends number
          ? boolean
          : D extends [infer d, ...unknown[]]
            ? d extends 0 | 2 | 4 | 6 | 8
              ? true
              : false
            : true
      : never
    : never;
