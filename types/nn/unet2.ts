import type { Mod, Mul } from "../index.js";
import type { ConvOut } from "../shape/conv-out.js";
import type { ConvTransposeOut } from "../shape/conv-transpose-out.js";
import type { PoolOut } from "../shape/pool-out.js";
import type { CheckNat } from "../nat/check-nat.js";
import type { ConvMustPreserve, MustBeEven, MustBeMultiple, NonZeroFact, NonZeroSize, UpMustRestore } from "./messages.js";

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

/**
 * The defaults with some fields replaced, keeping every literal type. A field that may be absent (an optional
 * property, e.g. from `Partial<UNet2Config>`) is its value's type or the default's, so never narrower than the
 * run time.
 */
export type WithConfig<O> = {
  readonly [K in keyof UNet2DefaultConfig]: K extends keyof O ? Override<O[K], UNet2DefaultConfig[K]> : UNet2DefaultConfig[K];
};
type Override<V, Default extends number> = undefined extends V ? Extract<V, number> | Default : Extract<V, number>;

/** The twelve fields in the seed's order: the order in which `UNet2Config.WF` reports them. */
type ConfigFields = [
  "poolKernel",
  "poolStride",
  "convKernel",
  "convStride",
  "convPadding",
  "upKernel",
  "upStride",
  "upPadding",
  "headKernel",
  "headStride",
  "headPadding",
  "baseC",
];

/** Fields the seed's `UNet2Config.WF` requires to be non-zero (`baseC` is the one stated as "> 0"). */
type NonZeroFields = ["poolKernel", "poolStride", "convKernel", "convStride", "upKernel", "upStride", "headKernel", "headStride"];

/**
 * `UNet2Config.WF`: `true`, or every failing fact named and joined by "; ", e.g.
 * `"UNet2Config.WF: poolKernel must be ≠ 0; UNet2Config.WF: baseC must be > 0"`. First any field that is not a
 * natural number, then the seed's non-zero facts. `number` fields are left to the runtime validator, which
 * reports the same sentences in the same order.
 */
export type UNet2WF<Cfg extends UNet2ConfigShape> = [
  ...NotNaturalFacts<Cfg>,
  ...ZeroFacts<Cfg>,
  ...(Cfg["baseC"] extends 0 ? [NonZeroFact<"baseC", "> 0">] : []),
] extends infer All extends string[]
  ? All extends []
    ? true
    : JoinFacts<All>
  : true;

type NotNaturalFacts<Cfg extends UNet2ConfigShape, F extends unknown[] = ConfigFields> = F extends [
  infer K extends keyof UNet2ConfigShape,
  ...infer R,
]
  ? [...(CheckNat<Cfg[K], `UNet2Config.WF: ${K}`> extends infer M extends string ? [M] : []), ...NotNaturalFacts<Cfg, R>]
  : [];

type ZeroFacts<Cfg extends UNet2ConfigShape, F extends unknown[] = NonZeroFields> = F extends [infer K extends keyof UNet2ConfigShape, ...infer R]
  ? [...(Cfg[K] extends 0 ? [NonZeroFact<K, "≠ 0">] : []), ...ZeroFacts<Cfg, R>]
  : [];

type JoinFacts<T extends string[]> = T extends [infer A extends string]
  ? A
  : T extends [infer A extends string, ...infer R extends string[]]
    ? `${A}; ${JoinFacts<R>}`
    : "";

/** The pool's output size along one axis; Op names the layer (or the obligation) in an error. */
type Down<Cfg extends UNet2ConfigShape, Size extends number, Op extends string, Axis extends string> = PoolOut<
  Size,
  Cfg["poolKernel"],
  Cfg["poolStride"],
  0,
  1,
  false,
  Op,
  Axis
>;

/** The transposed conv's output size for an input of size Below (or Below's error, passed through). */
type Up<Cfg extends UNet2ConfigShape, Below, Op extends string, Axis extends string> = Below extends number
  ? ConvTransposeOut<Below, Cfg["upKernel"], Cfg["upStride"], Cfg["upPadding"], 0, 1, Op, Axis>
  : Below;

/** Height after the pool (the seed's `UNetDownH`): PoolOut with the config's kernel and stride, no padding. */
export type UNetDownH<Cfg extends UNet2ConfigShape, InH extends number> = Down<Cfg, InH, "UNet2 maxPool2d", "H">;
/** Width after the pool, as UNetDownH. */
export type UNetDownW<Cfg extends UNet2ConfigShape, InW extends number> = Down<Cfg, InW, "UNet2 maxPool2d", "W">;

/** Height after the pool then the transposed conv (the seed's `UNetUpH`). */
export type UNetUpH<Cfg extends UNet2ConfigShape, InH extends number> = Up<Cfg, UNetDownH<Cfg, InH>, "UNet2 upT", "H">;
/** Width after the pool then the transposed conv, as UNetUpH. */
export type UNetUpW<Cfg extends UNet2ConfigShape, InW extends number> = Up<Cfg, UNetDownW<Cfg, InW>, "UNet2 upT", "W">;

/** 2 * baseC, the channel count of the lower level. */
export type Double<C extends number> = number extends C ? number : Mul<C, 2> & number;

/** The conv obligation (h_convH, h_convH_down, h_outH, …): the layer maps Size to itself, or the message. */
type Preserves<
  Name extends string,
  Layer extends string,
  Size,
  K extends number,
  S extends number,
  P extends number,
  Axis extends string,
> = number extends Size
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

/** h_convH_down / h_convW_down: the conv block below the pool keeps the pooled size. */
type PreservesBelow<Cfg extends UNet2ConfigShape, Name extends string, Size extends number, Axis extends string> = Preserves<
  Name,
  "conv2d",
  Down<Cfg, Size, `UNet2 ${Name}: maxPool2d`, Axis>,
  Cfg["convKernel"],
  Cfg["convStride"],
  Cfg["convPadding"],
  Axis
>;

/** h_upH / h_upW: pool then transposed conv give back Size. */
type Restores<Cfg extends UNet2ConfigShape, Name extends string, Size extends number, Axis extends string> = number extends Size
  ? true
  : Up<Cfg, Down<Cfg, Size, `UNet2 ${Name}: maxPool2d`, Axis>, `UNet2 ${Name}: convTranspose2d`, Axis> extends infer U
    ? U extends string
      ? U
      : number extends U
        ? true
        : U extends Size
          ? true
          : UpMustRestore<
              Name,
              Cfg["poolKernel"],
              Cfg["poolStride"],
              Cfg["upKernel"],
              Cfg["upStride"],
              Axis,
              Size,
              U & number,
              RestoreHint<Size, Cfg["poolStride"], Axis>
            >
    : true;

/** Why the size was lost, when the reason is that it is not a multiple of the pool stride. */
type RestoreHint<Size extends number, PS extends number, Axis extends string> =
  Mod<Size, PS> extends 0 ? "" : PS extends 2 ? MustBeEven<Axis> : MustBeMultiple<Axis, PS>;

/**
 * The eight size equalities the Lean spec asks the caller to prove, computed here by tsc.
 * `true` when all hold, else the message of the first failing one, in the seed's order.
 */
export type UNet2Obligations<Cfg extends UNet2ConfigShape, InH extends number, InW extends number> = FirstFailure<
  [
    Preserves<"h_convH", "conv2d", InH, Cfg["convKernel"], Cfg["convStride"], Cfg["convPadding"], "H">,
    Preserves<"h_convW", "conv2d", InW, Cfg["convKernel"], Cfg["convStride"], Cfg["convPadding"], "W">,
    PreservesBelow<Cfg, "h_convH_down", InH, "H">,
    PreservesBelow<Cfg, "h_convW_down", InW, "W">,
    Restores<Cfg, "h_upH", InH, "H">,
    Restores<Cfg, "h_upW", InW, "W">,
    Preserves<"h_outH", "head conv2d", InH, Cfg["headKernel"], Cfg["headStride"], Cfg["headPadding"], "H">,
    Preserves<"h_outW", "head conv2d", InW, Cfg["headKernel"], Cfg["headStride"], Cfg["headPadding"], "W">,
  ]
>;

type FirstFailure<T extends unknown[]> = T extends [infer H, ...infer R] ? (H extends string ? H : FirstFailure<R>) : true;

/** A model size (inC, outC, inH, inW) that is not a natural number, as the message; else true. */
type SizeFact<N extends number, Field extends string> = CheckNat<N, `UNet2: ${Field}`> extends infer R ? (R extends string ? R : true) : true;

/**
 * Everything that must hold to build a UNet2, in the order createUNet2 checks it at run time: `UNet2Config.WF`,
 * the four sizes natural, inC ≠ 0 (the seed's `h_inC`), outC, inH, inW ≠ 0 (PyTorch rejects empty input), then
 * the eight obligations.
 * `true`, or the first failure's message.
 */
export type UNet2Check<Cfg extends UNet2ConfigShape, InC extends number, OutC extends number, InH extends number, InW extends number> =
  UNet2WF<Cfg> extends infer WF extends string
    ? WF
    : FirstFailure<
          [
            SizeFact<InC, "inC">,
            SizeFact<OutC, "outC">,
            SizeFact<InH, "inH">,
            SizeFact<InW, "inW">,
            InC extends 0 ? NonZeroSize<"inC"> : true,
            OutC extends 0 ? NonZeroSize<"outC"> : true,
            InH extends 0 ? NonZeroSize<"inH"> : true,
            InW extends 0 ? NonZeroSize<"inW"> : true,
          ]
        > extends infer E extends string
      ? E
      : UNet2Obligations<Cfg, InH, InW>;
