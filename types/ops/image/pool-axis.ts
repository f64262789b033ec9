import type { PoolOut } from "../../shape/pool-out.js";
import type { IsSamePadding as IsSamePaddingDigits, ParseParams } from "../../shape/params.js";
import type { AxisResult } from "../conv2d.js";

/**
 * One pooled axis, boxed as `{ ok: size }` or `{ err: message }` (see AxisResult). Same padding (stride 1,
 * dilation 1, K = 2P + 1) is decided on the literal hyperparameters alone, before H is looked at, so a generic H
 * stays H (`maxPool2d(x: Tensor<[C, H, W]>, { kernel: 3, stride: 1, padding: 1 })` keeps H and W, as conv2d does).
 * Union hyperparameters distribute first, so `padding: 0 | 1` is two cases.
 */
export type PoolAxis<
  H extends number,
  K extends number,
  S extends number,
  P extends number,
  D extends number,
  Ceil extends boolean,
  Op extends string,
  Axis extends string,
> = K extends unknown
  ? S extends unknown
    ? P extends unknown
      ? D extends unknown
        ? IsSamePool<K, S, P, D> extends true
          ? { ok: H }
          : AxisResult<PoolOut<H, K, S, P, D, Ceil, Op, Axis>>
        : never
      : never
    : never
  : never;

/** PoolOut's same-padding rule on the literal hyperparameters (any `number` or invalid value: not provably same). */
type IsSamePool<K extends number, S extends number, P extends number, D extends number> = number extends K | S | P | D
  ? false
  : ParseParams<[[K, ""], [S, ""], [P, ""], [D, ""]], "", ""> extends [infer DK, infer DS, infer DP, infer DD]
    ? IsSamePaddingDigits<DK, DS, DP, DD>
    : false;
