import type { AxisMismatch, BadRank } from "../tensor/messages.js";
import type { Shape } from "../tensor/shape.js";
import type { Agree } from "./common.js";

/**
 * `true` when an upstream gradient of shape Got fits the forward output Expected, else the message
 * the runtime's `requireGradShape` throws: the rank first, then the first axis that differs.
 * `number` sizes (and a forward that has no shape, already reported on its own arguments) pass.
 */
export type GradCheck<Op extends string, Expected, Got extends Shape> = Expected extends Shape
  ? number extends Expected["length"] | Got["length"]
    ? true
    : Expected["length"] extends Got["length"]
      ? GradAxes<Op, Expected, Got, []>
      : BadRank<Op, "dy", `rank ${Expected["length"]} like the forward output`, Got["length"]>
  : true;

type GradAxes<Op extends string, E extends Shape, G extends Shape, Seen extends unknown[]> = Seen["length"] extends E["length"]
  ? true
  : Agree<G[Seen["length"]], E[Seen["length"]]> extends true
    ? GradAxes<Op, E, G, [...Seen, 0]>
    : AxisMismatch<Op, `axis ${Seen["length"]} of dy and of the forward output`, G[Seen["length"]], E[Seen["length"]]>;
