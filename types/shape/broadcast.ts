import type { Shape } from "../tensor/shape.js";
import type { CannotBroadcast } from "../tensor/messages.js";

/** Whether X is exactly Y, decided without resolving either (so a generic dim `N` is exactly itself). */
type Same<X, Y> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false;

/**
 * PyTorch's broadcast of two shapes: axes aligned from the right; an axis of size 1 takes the other's size; equal
 * sizes stay; a `number` size takes the other's literal unless that is 1 (checked at run time). The result, or
 * the message for the first axis from the right that cannot broadcast, e.g. `"add: cannot broadcast axis -1: 4 vs 5"`.
 * Generic dims are kept where provable: `[N, D]` with `[D]` is `[N, D]`. Limit: a generic dim against a literal 1
 * (`[N, D]` with `[1, D]`) stays unresolved, since comparing a type parameter with a literal defers; literal and
 * `number` dims are exact. Tail-recursive, one step per axis.
 */
export type BroadcastShapes<Op extends string, A extends Shape, B extends Shape> = number extends A["length"] | B["length"]
  ? number[]
  : BroadcastFrom<Op, A, B, []>;

type BroadcastFrom<Op extends string, A extends Shape, B extends Shape, Acc extends number[]> = A extends readonly [
  ...infer AR extends number[],
  infer X extends number,
]
  ? B extends readonly [...infer BR extends number[], infer Y extends number]
    ? BroadcastDim<X, Y> extends { d: infer R extends number }
      ? BroadcastFrom<Op, AR, BR, [R, ...Acc]>
      : CannotBroadcast<Op, NegativeAxis<Acc>, X, Y>
    : [...A, ...Acc]
  : [...B, ...Acc];

/**
 * One axis: the broadcast size boxed as `{ d }` (a conditional on a bare generic dim would stay deferred; the box
 * resolves), or `false` when the sizes are literals that differ and neither is 1.
 */
type BroadcastDim<X extends number, Y extends number> =
  Same<X, Y> extends true
    ? { d: X }
    : Same<Y, 1> extends true
      ? { d: X }
      : Same<X, 1> extends true
        ? { d: Y }
        : Same<X, number> extends true
          ? { d: Y }
          : Same<Y, number> extends true
            ? { d: X }
            : { d: X } extends { d: Y }
              ? { d: X }
              : false;

/** -1 for the last axis, -2 for the one before, ...: the axis PyTorch's message names. */
type NegativeAxis<Acc extends number[]> = [0, ...Acc]["length"] extends infer L extends number
  ? `-${L}` extends `${infer N extends number}`
    ? N
    : never
  : never;

/**
 * BroadcastShapes as the last part of a parameter's guard (`unknown` when the shapes broadcast, else the message),
 * followed by `Then`, the guard's part for the checks after it (`unknown` when they pass). Each axis is its own alias
 * (CanBroadcast), so where tsc cannot decide one (a generic dim against another) the error prints
 * `CanBroadcast<"add", -2, N, M>`, not the expanded recursion.
 */
export type BroadcastGuard<Op extends string, A extends Shape, B extends Shape, Then = unknown> = number extends A["length"] | B["length"]
  ? Then
  : [unknown] extends [Then]
    ? BroadcastAxes<Op, A, B, [], unknown>
    : AfterBroadcast<BroadcastAxes<Op, A, B, [], unknown>, Then>;

/**
 * The axes from the right, each wrapping the ones to its right (Right): the outermost alias is the leftmost axis,
 * and an axis to the right is reported first, as at run time. Tail-recursive.
 */
type BroadcastAxes<Op extends string, A extends Shape, B extends Shape, Acc extends number[], Right> = A extends readonly [
  ...infer AR extends number[],
  infer X extends number,
]
  ? B extends readonly [...infer BR extends number[], infer Y extends number]
    ? BroadcastAxes<Op, AR, BR, [0, ...Acc], CanBroadcastAfter<Op, NegativeAxis<Acc>, X, Y, Right>>
    : Right
  : Right;

/** One axis's broadcast as a guard part: `unknown`, or CannotBroadcast's sentence; one name where tsc cannot decide it. */
export type CanBroadcast<Op extends string, Axis extends number, X extends number, Y extends number> =
  BroadcastDim<X, Y> extends { d: unknown } ? unknown : CannotBroadcast<Op, Axis, X, Y>;

/** CanBroadcast once the axes to its right (Right) pass, else their message. */
export type CanBroadcastAfter<Op extends string, Axis extends number, X extends number, Y extends number, Right> = [unknown] extends [Right]
  ? CanBroadcast<Op, Axis, X, Y>
  : Right;

/** The checks after the broadcast (Then) once it passes, else its message. */
export type AfterBroadcast<Broadcast, Then> = [unknown] extends [Broadcast] ? Then : Broadcast;
