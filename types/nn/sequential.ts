import type { Shape } from "../tensor/shape.js";
import type { ApplyShapeFn, ShapeFn } from "./shape-fn.js";

/** An op's message re-addressed to the layer of a chain that made it: `"sequential layer 6 (linear): in_features ..."`. */
export type SequentialLayerMessage<Index extends number, Message extends string> = Message extends `${infer Op}: ${infer Rest}`
  ? `sequential layer ${Index} (${Op}): ${Rest}`
  : `sequential layer ${Index}: ${Message}`;

/** Anything with a shape rule: every single-input layer, and Sequential itself. */
export interface HasShapeFn {
  readonly shapeFn: ShapeFn;
}

/**
 * The output shape of a chain of layers for input shape X, one ApplyShapeFn per layer (tail-recursive, so a
 * chain costs one step per layer; the result is boxed so a generic shape such as `[N, 10]` is not deferred), or the first layer's message, re-addressed to its index.
 */
export type ChainShape<Layers extends readonly HasShapeFn[], X extends Shape, Index extends unknown[] = []> = Layers extends readonly [
  infer L extends HasShapeFn,
  ...infer Rest extends readonly HasShapeFn[],
]
  ? { out: ApplyShapeFn<L["shapeFn"], X> } extends { out: infer R extends Shape }
    ? ChainShape<Rest, R, [...Index, 0]>
    : ApplyShapeFn<L["shapeFn"], X> extends infer M extends string
      ? SequentialLayerMessage<Index["length"], M>
      : ApplyShapeFn<L["shapeFn"], X>
  : X;
