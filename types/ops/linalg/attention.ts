import type { BroadcastShapes } from "../../shape/broadcast.js";
import type { AxisMismatch, BadRank } from "../../tensor/messages.js";
import type { DType, Shape } from "../../tensor/shape.js";
import type { Agree, MustMatch } from "../common.js";
import type { DTypeCheck } from "../dtype-check.js";
import type { FirstMessage } from "../first-message.js";

type Op = "scaledDotProductAttention";

/** An argument's rank check: query `(..., L, E)`, key `(..., S, E)`, value `(..., S, Ev)`: at least 2-D. */
export type AttentionRank<S extends Shape, Arg extends string, Expected extends string> = number extends S["length"]
  ? true
  : S extends readonly [unknown, unknown, ...unknown[]]
    ? true
    : BadRank<Op, Arg, Expected, S["length"]>;

/**
 * torch.nn.functional.scaled_dot_product_attention's output shape: query `(..., L, E)`, key `(..., S, E)`, value
 * `(..., S, Ev)` give `(..., L, Ev)`; the batch axes (all but the last two) broadcast, as the products inside do.
 * A rank known only at run time gives `number[]`; a wrong rank or size is the message of the argument that is wrong
 * (reported there by `AttentionKeyGuard` / `AttentionValueGuard`).
 */
export type AttentionShape<Q extends Shape, K extends Shape, V extends Shape> = number extends Q["length"] | K["length"] | V["length"]
  ? number[]
  : Q extends readonly [...infer QB extends number[], infer L extends number, infer E extends number]
    ? K extends readonly [...infer KB extends number[], infer S extends number, infer E2 extends number]
      ? V extends readonly [...infer VB extends number[], infer S2 extends number, infer Ev extends number]
        ? Agree<E2, E> extends true
          ? Agree<S2, S> extends true
            ? Batched<QB, KB, VB, L, Ev>
            : AxisMismatch<Op, "value's axis -2 and key's axis -2", S2, S>
          : AxisMismatch<Op, "key's last axis and query's last axis", E2, E>
        : AttentionRank<V, "value", "(..., S, Ev)">
      : AttentionRank<K, "key", "(..., S, E)">
    : AttentionRank<Q, "query", "(..., L, E)">;

/** The three batch shapes broadcast (query with key first, then value), then `[L, Ev]` appended. */
type Batched<QB extends number[], KB extends number[], VB extends number[], L extends number, Ev extends number> =
  BroadcastShapes<Op, [...QB, 1, 1], [...KB, 1, 1]> extends infer QK
    ? QK extends readonly [...infer B extends number[], 1, 1]
      ? BroadcastShapes<Op, [...B, 1, 1], [...VB, 1, 1]> extends infer R
        ? R extends readonly [...infer Batch extends number[], 1, 1]
          ? [...Batch, L, Ev]
          : R
        : never
      : QK
    : never;

/** Batch axes of a shape of rank ≥ 2 (empty otherwise: its rank is another check's message). */
type BatchOf<S extends Shape> = S extends readonly [...infer B extends number[], unknown, unknown] ? B : [];

/**
 * key's parameter-type part, in the runtime's order: its rank, its dtype against query's, the batch axes'
 * broadcast with query's, then its last axis against query's (last: MustMatch).
 */
export type AttentionKeyGuard<Q extends Shape, K extends Shape, D extends DType, KD extends DType> =
  FirstMessage<[AttentionRank<K, "key", "(..., S, E)">, DTypeCheck<Op, "key", "query", D, KD>]> extends infer E extends string
    ? E
    : number extends Q["length"] | K["length"]
      ? unknown
      : FirstMessage<[BroadcastShapes<Op, [...BatchOf<Q>, 1, 1], [...BatchOf<K>, 1, 1]>]> extends infer E extends string
        ? E
        : Q extends readonly [...unknown[], infer E1]
          ? K extends readonly [...unknown[], infer E2]
            ? MustMatch<Op, "key's last axis and query's last axis", E2, E1>
            : unknown
          : unknown;

/** value's parameter-type part: its rank, its dtype, the batch axes' broadcast, then its axis -2 against key's (last). */
export type AttentionValueGuard<Q extends Shape, K extends Shape, V extends Shape, D extends DType, VD extends DType> =
  FirstMessage<[AttentionRank<V, "value", "(..., S, Ev)">, DTypeCheck<Op, "value", "query", D, VD>]> extends infer E extends string
    ? E
    : number extends Q["length"] | K["length"] | V["length"]
      ? unknown
      : FirstMessage<[ValueBatchCheck<Q, K, V>]> extends infer E extends string
        ? E
        : K extends readonly [...unknown[], infer S, unknown]
          ? V extends readonly [...unknown[], infer S2, unknown]
            ? MustMatch<Op, "value's axis -2 and key's axis -2", S2, S>
            : unknown
          : unknown;

type ValueBatchCheck<Q extends Shape, K extends Shape, V extends Shape> =
  BroadcastShapes<Op, [...BatchOf<Q>, 1, 1], [...BatchOf<K>, 1, 1]> extends infer QK extends number[]
    ? BroadcastShapes<Op, QK, [...BatchOf<V>, 1, 1]>
    : true;
