import type { Mod, Mul } from "../index.js";
import type { ConvOut } from "../shape/conv-out.js";
import type { ConvTransposeOut } from "../shape/conv-transpose-out.js";
import type { PoolOut } from "../shape/pool-out.js";
import type { ConvMustPreserve, NonZeroFact, UpMustRestore } from "./messages.js";

/**
 * The seed's twelve architectural hyperparameters (TorchLean `UNet2Config`), as a record of number literals.
 * The runtime value and the defaults live in src/nn/unet2-config.ts.
 */
export interface UNet2ConfigShape {
  readonly poolKernel: number;
  readonly poolStride: number;
  readonly convKernel: number;
  readonly convStride: number;
  readonly convPadding: number;
  readonly upKernel: number;
  readonly upStride: number;
  readonly upPadding: number;
  readonly headKernel: number;
  readonly headStride: number;
  readonly headPadding: number;
  readonly baseC: number;
}

/** The seed's `unet2DefaultConfig`, as a type. */
export interface UNet2DefaultConfig {
  readonly poolKernel: 2;
  readonly poolStride: 2;
  readonly convKernel: 3;
  readonly convStride: 1;
  readonly convPadding: 1;
  readonly upKernel: 2;
  readonly upStride: 2;
  readonly upPadding: 0;
  readonly headKernel: 1;
  readonly headStride: 1;
  readonly headPadding: 0;
  readonly baseC: 64;
}

/** The defaults with some fields replaced, keeping every literal type. */
export type WithConfig<O> = {
  readonly [K in keyof UNet2DefaultConfig]: O extends { readonly [P in K]: infer V extends number } ? V : UNet2DefaultConfig[K];
};

/** Fields the seed's `UNet2Config.WF` requires to be non-zero (`baseC` is the one stated as "> 0"). */
type NonZeroFields = ["poolKernel", "poolStride", "convKernel", "convStride", "upKernel", "upStride", "headKernel", "headStride"];

/**
 * `UNet2Config.WF`: `true`, or every failing fact named, e.g. `"UNet2Config.WF: poolKernel must be ≠ 0"`.
 * `number` fields are left to the runtime validator, which throws the same sentences.
 */
export type UNet2WF<Cfg extends UNet2ConfigShape> = WFFailures<Cfg, NonZeroFields> extends infer F extends string[]
  ? [...F, ...(Cfg["baseC"] extends 0 ? [NonZeroFact<"baseC", "> 0">] : [])] extends infer All extends string[]
    ? All extends []
      ? true
      : JoinFacts<All>
    : true
  : true;

type WFFailures<Cfg extends UNet2ConfigShape, Fields extends (keyof UNet2ConfigShape)[]> = {
  [I in keyof Fields]: Cfg[Fields[I]] extends 0 ? NonZeroFact<Fields[I], "≠ 0"> : never;
} extends infer M extends unknown[]
  ? Compact<M>
  : [];

type Compact<T extends unknown[]> = T extends [infer H, ...infer R] ? ([H] extends [never] ? Compact<R> : [H, ...Compact<R>]) : [];
type JoinFacts<T extends string[]> = T extends [infer A extends string]
  ? A
  : T extends [infer A extends string, ...infer R extends string[]]
    ? `${A}; ${JoinFacts<R>}`
    : "";

/** Height after the pool (the seed's `UNetDownH`): PoolOut with the config's kernel and stride, no padding. */
export type UNetDownH<Cfg extends UNet2ConfigShape, InH extends number> = PoolOut<InH, Cfg["poolKernel"], Cfg["poolStride"], 0, 1, false, "UNet2 maxPool2d", "H">;
export type UNetDownW<Cfg extends UNet2ConfigShape, InW extends number> = PoolOut<InW, Cfg["poolKernel"], Cfg["poolStride"], 0, 1, false, "UNet2 maxPool2d", "W">;

/** Height after the pool then the transposed conv (the seed's `UNetUpH`). */
export type UNetUpH<Cfg extends UNet2ConfigShape, InH extends number> = UpAxis<Cfg, UNetDownH<Cfg, InH>, "H">;
export type UNetUpW<Cfg extends UNet2ConfigShape, InW extends number> = UpAxis<Cfg, UNetDownW<Cfg, InW>, "W">;

type UpAxis<Cfg extends UNet2ConfigShape, Down, Axis extends string> = Down extends number
  ? ConvTransposeOut<Down, Cfg["upKernel"], Cfg["upStride"], Cfg["upPadding"], 0, 1, "UNet2 upT", Axis>
  : Down;

/** 2 * baseC, the channel count of the lower level. */
export type Double<C extends number> = number extends C ? number : Mul<C, 2> & number;

/** The conv obligation (h_convH, h_convH_down, h_outH, …): the layer maps Size to itself, or the message. */
type Preserves<Name extends string, Layer extends string, Size, K extends number, S extends number, P extends number, Axis extends string> = number extends Size
  ? true
  : Size extends string
    ? Size
    : ConvOut<Size & number, K, S, P, 1, `UNet2 ${Name}: ${Layer}`, Axis> extends infer Out
      ? Out extends string
        ? Out
        : number extends Out
          ? true
          : Out extends Size
            ? true
            : ConvMustPreserve<Name, Layer, K, S, P, Axis, Size & number, Out & number>
      : true;

type Restores<Cfg extends UNet2ConfigShape, Name extends string, Size extends number, Up, Axis extends string> = number extends Size
  ? true
  : Up extends string
    ? `UNet2 ${Name}: ${Up}`
    : number extends Up
      ? true
      : Up extends Size
        ? true
        : UpMustRestore<Name, Cfg["poolKernel"], Cfg["poolStride"], Cfg["upKernel"], Cfg["upStride"], Axis, Size, Up & number, Mod<Size, Cfg["poolStride"]> extends 0 ? "" : Cfg["poolStride"] extends 2 ? `; ${Axis} must be even` : `; ${Axis} must be a multiple of ${Cfg["poolStride"]}`>;

/**
 * The eight size equalities the Lean spec asks the caller to prove, computed here by tsc.
 * `true` when all hold, else the message of the first failing one, in the seed's order.
 */
export type UNet2Obligations<Cfg extends UNet2ConfigShape, InH extends number, InW extends number> = FirstFailure<
  [
    Preserves<"h_convH", "conv2d", InH, Cfg["convKernel"], Cfg["convStride"], Cfg["convPadding"], "H">,
    Preserves<"h_convW", "conv2d", InW, Cfg["convKernel"], Cfg["convStride"], Cfg["convPadding"], "W">,
    Preserves<"h_convH_down", "conv2d", UNetDownH<Cfg, InH>, Cfg["convKernel"], Cfg["convStride"], Cfg["convPadding"], "H">,
    Preserves<"h_convW_down", "conv2d", UNetDownW<Cfg, InW>, Cfg["convKernel"], Cfg["convStride"], Cfg["convPadding"], "W">,
    Restores<Cfg, "h_upH", InH, UNetUpH<Cfg, InH>, "H">,
    Restores<Cfg, "h_upW", InW, UNetUpW<Cfg, InW>, "W">,
    Preserves<"h_outH", "head conv2d", InH, Cfg["headKernel"], Cfg["headStride"], Cfg["headPadding"], "H">,
    Preserves<"h_outW", "head conv2d", InW, Cfg["headKernel"], Cfg["headStride"], Cfg["headPadding"], "W">,
  ]
>;

type FirstFailure<T extends unknown[]> = T extends [infer H, ...infer R] ? (H extends string ? H : FirstFailure<R>) : true;

/** Everything that must hold to build a UNet2: WF, inC ≠ 0, outC ≠ 0, the eight obligations. */
export type UNet2Check<Cfg extends UNet2ConfigShape, InC extends number, OutC extends number, InH extends number, InW extends number> =
  UNet2WF<Cfg> extends infer WF extends string
    ? WF
    : InC extends 0
      ? "UNet2: inC must be ≠ 0"
      : OutC extends 0
        ? "UNet2: outC must be ≠ 0"
        : UNet2Obligations<Cfg, InH, InW>;
