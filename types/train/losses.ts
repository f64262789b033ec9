import type { Agree } from "../ops/common.js";
import type { DTypeCheck } from "../ops/dtype-check.js";
import type { FirstMessage } from "../ops/first-message.js";
import type { DType, Shape } from "../tensor/shape.js";
import type { ShapeText } from "../tensor/shape-text.js";
import type { BroadcastMismatch, ClassWeightMismatch, LossBadRank } from "./messages.js";
import type { SameShapeCheck } from "./same-shape.js";

/** How per-element losses are combined, as PyTorch's `reduction`: "mean" (the default), "sum", or "none" (kept). */
export type Reduction = "mean" | "sum" | "none";

/**
 * The shape of a loss with reduction R whose per-element loss has shape Elem: `[]` for "mean" and "sum", Elem for
 * "none"; `Shape` (known only at run time) when R is not one literal.
 */
export type LossShape<R, Elem> = [R] extends ["none"] ? Elem : [R] extends ["mean" | "sum"] ? [] : Shape;

/** The ranks a class-index loss accepts, as its messages print them. */
export type ClassInputRanks = "(C), (N, C) or (N, C, d1, ..., dk)";

// The patterns match dims as `unknown`, not `number`: tsc resolves a conditional on a tuple of generic dims
// (`[N, C]`) only when the tuple matches the pattern with its dims unconstrained.

/**
 * The shape of class-index targets for class scores of shape S (PyTorch's cross_entropy / nll_loss): S without its
 * class axis, which is axis 1, or axis 0 for an unbatched `(C)` (target `[]`). `(N, C)` → `(N)`,
 * `(N, C, H, W)` → `(N, H, W)`; a shape of unknown rank gives `number[]`; rank 0 gives the message the run time
 * throws.
 */
export type ClassTargetShape<S extends Shape, Op extends string = "crossEntropy", Arg extends string = "logits"> = number extends S["length"]
  ? number[]
  : S extends readonly [unknown]
    ? []
    : S extends readonly [infer N extends number, unknown, ...infer Rest extends number[]]
      ? [N, ...Rest]
      : LossBadRank<Op, Arg, ClassInputRanks, ShapeText<S>>;

/** The class count C of class scores S: axis 1, or axis 0 for `(C)`; `number` when not known. */
export type ClassCount<S extends Shape> = S extends readonly [infer C extends number]
  ? C
  : S extends readonly [unknown, infer C extends number, ...unknown[]]
    ? C
    : number;

/** The class-score argument's guard: `unknown`, or the bad-rank message. */
export type ClassInputGuard<S extends Shape, Op extends string, Arg extends string> = FirstMessage<[ClassTargetShape<S, Op, Arg>]>;

/**
 * The target's guard for a class-index loss: `unknown`, or the target-shape message. When the class scores
 * themselves have a bad rank, that is the one error (reported at them), and the target passes.
 */
export type ClassTargetGuard<Op extends string, Arg extends string, S extends Shape, TS extends Shape> = FirstMessage<
  [ClassTargetCheck<Op, Arg, TS, ClassTargetShape<S, Op, Arg>>]
>;

/** Identical shape types (a generic `[N]` against itself) agree first: `Want extends Shape` would stay deferred on them. */
type ClassTargetCheck<Op extends string, Arg extends string, TS extends Shape, Want> =
  Same<TS, Want> extends true ? true : Want extends Shape ? SameShapeCheck<Op, "target", TS, `${Arg} (minus the class axis)`, Want> : true;

type Same<X, Y> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false;

/** `true` when a class weight of shape WS fits class scores S (shape `[C]`), else the message. */
export type ClassWeightCheck<Op extends string, S extends Shape, WS extends Shape> = number extends WS["length"]
  ? true
  : WS extends readonly [infer W extends number]
    ? Agree<W, ClassCount<S>> extends true
      ? true
      : ClassWeightMismatch<Op, "weight", `[${ClassCount<S>}]`, ShapeText<WS>>
    : ClassWeightMismatch<Op, "weight", `[${ClassCount<S>}]`, ShapeText<WS>>;

/** The class weight's guard: its shape, then its dtype (the class scores'). */
export type ClassWeightGuard<
  Op extends string,
  Arg extends string,
  S extends Shape,
  D extends DType,
  WS extends Shape,
  DW extends DType,
> = FirstMessage<[ClassWeightCheck<Op, S, WS>, DTypeCheck<Op, "weight", Arg, D, DW>]>;

/**
 * `true` when shape From broadcasts to shape To (PyTorch's `expand`: aligned from the right, each axis of From is
 * 1 or To's size, and From has no more axes), else the message. Ranks known only at run time pass.
 * Tail-recursive, one step per axis.
 */
export type BroadcastsToCheck<Op extends string, Arg extends string, From extends Shape, Ref extends string, To extends Shape> = number extends
  | From["length"]
  | To["length"]
  ? true
  : BroadcastsStep<From, To> extends true
    ? true
    : BroadcastMismatch<Op, Arg, ShapeText<From>, Ref, ShapeText<To>>;

type BroadcastsStep<From extends Shape, To extends Shape> = From extends readonly [...infer FR extends number[], infer X extends number]
  ? To extends readonly [...infer TR extends number[], infer Y extends number]
    ? Agree<X, Y> extends true
      ? BroadcastsStep<FR, TR>
      : [X] extends [1]
        ? BroadcastsStep<FR, TR>
        : false
    : false
  : true;

/** A second input with the first's shape and dtype (a regression or binary target): `unknown`, or the first message. */
export type SameShapeGuard<
  Op extends string,
  Arg extends string,
  TS extends Shape,
  DT extends DType,
  Ref extends string,
  S extends Shape,
  D extends DType,
> = FirstMessage<[SameShapeCheck<Op, Arg, TS, Ref, S>, DTypeCheck<Op, Arg, Ref, D, DT>]>;
