import type { CheckGuard, UNetInputCheck, UNetOutput } from "../../types/nn/unet.js";
import type { UNet2Check, UNet2ConfigShape, WithConfig, Double } from "../../types/nn/unet2.js";
import type { DType, Shape } from "../../types/tensor/shape.js";
import { ShapeError } from "../errors.js";
import { concat, concatBackward } from "../ops/concat.js";
import { addSameShape } from "../ops/elementwise/add.js";
import { conv2d, conv2dBackward, conv2dReluBackward } from "../ops/conv2d.js";
import { conv2dRelu } from "../ops/conv2d-relu.js";
import { requireModelDTypes } from "../ops/dtype.js";
import { requireDTypeName } from "../tensor/dtype-name.js";
import { requireElementCount } from "../tensor/element-limit.js";
import { convTranspose2d, convTranspose2dBackward } from "../ops/conv-transpose2d.js";
import { maxPool2dBackward, maxPool2dWithIndices, type MaxPool2dSaved } from "../ops/max-pool2d.js";
import { requireNonEmpty, splitImage } from "../ops/image.js";
import { requireKnownOptions } from "../ops/options.js";
import type { OptionKeysCheck } from "../../types/ops/options.js";
import { createRng } from "../random.js";
import type { Tensor } from "../tensor/tensor.js";
import { axisMismatch } from "../tensor/messages.js";
import { initConvParams } from "./init.js";
import { toNat } from "../shape/natural.js";
import { nonZeroSize } from "./messages.js";
import { assertUNet2WF, type UNet2Config, unet2Obligations, unetDownH, unetDownW, withConfig } from "./unet2-config.js";
import { formatSummary, type SummaryRow } from "./summary.js";
import { assertStateDictLoadable } from "./state-dict-problems.js";
import { Conv2d } from "./layers/conv2d.js";
import { ConvTranspose2d } from "./layers/conv-transpose2d.js";
import { Module } from "./module.js";
import { sameShape } from "../shape/same-shape.js";

/** Shape of a conv weight (outC, inC, k, k). */
type ConvW<O extends number, I extends number, K extends number, D extends DType> = Tensor<[O, I, K, K], D>;
type Vec<C extends number, D extends DType> = Tensor<[C], D>;

/**
 * The seed's `UNet2Spec`: the eight layers' parameters with exactly its channel plan and weight shapes,
 * keyed by PyTorch's state_dict names. `UNet2Grads` has the same keys and shapes. InH and InW index the record
 * as in the seed (`UNet2Spec cfg inC outC inH inW α`); no weight shape depends on them.
 */
export type UNet2Spec<
  Cfg extends UNet2ConfigShape,
  InC extends number,
  OutC extends number,
  // biome-ignore lint/correctness/noUnusedVariables: InH and InW index the record as the seed's UNet2Spec does.
  InH extends number,
  // biome-ignore lint/correctness/noUnusedVariables: (as InH)
  InW extends number,
  D extends DType = "float32",
> = {
  "down1_1.weight": ConvW<Cfg["baseC"], InC, Cfg["convKernel"], D>;
  "down1_1.bias": Vec<Cfg["baseC"], D>;
  "down1_2.weight": ConvW<Cfg["baseC"], Cfg["baseC"], Cfg["convKernel"], D>;
  "down1_2.bias": Vec<Cfg["baseC"], D>;
  "down2_1.weight": ConvW<Double<Cfg["baseC"]>, Cfg["baseC"], Cfg["convKernel"], D>;
  "down2_1.bias": Vec<Double<Cfg["baseC"]>, D>;
  "down2_2.weight": ConvW<Double<Cfg["baseC"]>, Double<Cfg["baseC"]>, Cfg["convKernel"], D>;
  "down2_2.bias": Vec<Double<Cfg["baseC"]>, D>;
  /** ConvTranspose2d weight is (inC, outC, k, k), as in PyTorch. */
  "upT.weight": ConvW<Double<Cfg["baseC"]>, Cfg["baseC"], Cfg["upKernel"], D>;
  "upT.bias": Vec<Cfg["baseC"], D>;
  "up1_1.weight": ConvW<Cfg["baseC"], Double<Cfg["baseC"]>, Cfg["convKernel"], D>;
  "up1_1.bias": Vec<Cfg["baseC"], D>;
  "up1_2.weight": ConvW<Cfg["baseC"], Cfg["baseC"], Cfg["convKernel"], D>;
  "up1_2.bias": Vec<Cfg["baseC"], D>;
  "out1x1.weight": ConvW<OutC, Cfg["baseC"], Cfg["headKernel"], D>;
  "out1x1.bias": Vec<OutC, D>;
};

/** The seed's `UNet2Grads`: one gradient per parameter, same names and shapes. */
export type UNet2Grads<
  Cfg extends UNet2ConfigShape,
  InC extends number,
  OutC extends number,
  InH extends number,
  InW extends number,
  D extends DType = "float32",
> = UNet2Spec<Cfg, InC, OutC, InH, InW, D>;

/** Layer names in the seed's order, each with a weight and a bias. */
export const unet2Layers = ["down1_1", "down1_2", "down2_1", "down2_2", "upT", "up1_1", "up1_2", "out1x1"] as const;
/** The names of UNet2's layers, as in the seed's PyTorch model. */
export type UNet2LayerName = (typeof unet2Layers)[number];
/** The names of UNet2's parameters, as PyTorch's state_dict keys. */
export type UNet2ParamName = `${UNet2LayerName}.${"weight" | "bias"}`;

/** createUNet2's option keys: any other key is rejected (a typo such as `seeed` would otherwise be ignored). */
export const unet2OptionNames = ["inC", "outC", "inH", "inW", "config", "seed", "dtype"] as const satisfies readonly (keyof UNet2Options)[];

/** What createUNet2 takes: the sizes, the config, the seed and the dtype. */
export interface UNet2Options {
  readonly inC: number;
  readonly outC: number;
  readonly inH: number;
  readonly inW: number;
  /** Fields that replace `unet2DefaultConfig`'s. */
  readonly config?: Partial<UNet2Config>;
  /** Seed for the PyTorch-style initialisation (default 0). */
  readonly seed?: number;
  readonly dtype?: DType;
}

/** The config options O give: the literal overrides, or (when `config` may be absent) each field widened. */
type ConfigOf<O> = WithConfig<
  O extends { readonly config: infer C } ? C : O extends { readonly config?: infer C } ? ("config" extends keyof O ? Partial<C & {}> : {}) : {}
>;
/** The dtype options O give; "float32" when absent, and either when it may be absent. */
type DTypeOf<O> = O extends { readonly dtype: infer D extends DType }
  ? D
  : O extends { readonly dtype?: infer D }
    ? "dtype" extends keyof O
      ? Extract<D, DType> | "float32"
      : "float32"
    : "float32";

/** The input a UNet2 accepts: (InC, InH, InW) or (N, InC, InH, InW); anything else is the message. */
export type UNet2InputCheck<XS extends Shape, InC extends number, InH extends number, InW extends number> = UNetInputCheck<
  "UNet2",
  XS,
  InC,
  InH,
  InW
>;

/** The output for input XS: the batch axis kept, OutC channels, same H and W. */
export type UNet2Output<XS extends Shape, OutC extends number, InH extends number, InW extends number> = UNetOutput<XS, OutC, InH, InW>;

/** What backward needs from the forward; keep it (forwardTraced) to avoid recomputing. */
export interface UNet2Trace<D extends DType> {
  readonly input: Tensor<Shape, D>;
  readonly s1: Tensor<Shape, D>;
  readonly skip: Tensor<Shape, D>;
  readonly pooled: Tensor<Shape, D>;
  readonly pool: MaxPool2dSaved<Shape, D>;
  readonly b1: Tensor<Shape, D>;
  readonly b2: Tensor<Shape, D>;
  readonly up: Tensor<Shape, D>;
  readonly merged: Tensor<Shape, D>;
  readonly u1: Tensor<Shape, D>;
  readonly u2: Tensor<Shape, D>;
  readonly output: Tensor<Shape, D>;
}

/**
 * The seed's 2-level U-Net (TorchLean `NN.Spec.Models.Unet`), with its eight size obligations discharged by tsc
 * at `createUNet2` and re-checked at run time for `number` sizes.
 */
export class UNet2<
  Cfg extends UNet2ConfigShape,
  InC extends number,
  OutC extends number,
  InH extends number,
  InW extends number,
  D extends DType = "float32",
> extends Module {
  readonly config: Cfg;
  readonly inC: InC;
  readonly outC: OutC;
  readonly inH: InH;
  readonly inW: InW;
  readonly dtype: D;
  /** The parameters, keyed by PyTorch's state_dict names; updated in place by optimizers and loadStateDict. */
  readonly params: UNet2Spec<Cfg, InC, OutC, InH, InW, D>;

  /** Use createUNet2, which checks the config and the obligations. */
  constructor(config: Cfg, inC: InC, outC: OutC, inH: InH, inW: InW, dtype: D, params: UNet2Spec<Cfg, InC, OutC, InH, InW, D>) {
    super();
    this.config = config;
    this.inC = inC;
    this.outC = outC;
    this.inH = inH;
    this.inW = inW;
    this.dtype = dtype;
    this.params = params;
    // The seed's layers as PyTorch modules over the same tensors: names `down1_1.weight`, ..., parameters that
    // require grad (so `forward` records onto the tape), `parameters()` for optimizers, `zeroGrad()`.
    const flat = this.flat;
    const conv = { stride: config.convStride, padding: config.convPadding };
    for (const layer of unet2Layers) {
      const weight = flat[`${layer}.weight`];
      const from = { weight, bias: flat[`${layer}.bias`] };
      const [a, b, k] = weight.shape as [number, number, number, number];
      const module =
        layer === "upT"
          ? new ConvTranspose2d(a, b, k, { stride: config.upStride, padding: config.upPadding, from })
          : layer === "out1x1"
            ? new Conv2d(b, a, k, { stride: config.headStride, padding: config.headPadding, from })
            : new Conv2d(b, a, k, { ...conv, from });
      this.registerModule(layer, module);
    }
  }

  private get flat(): Record<UNet2ParamName, Tensor<Shape, D>> {
    return this.params as unknown as Record<UNet2ParamName, Tensor<Shape, D>>;
  }

  /** Forward pass in the seed's order: relu after every conv but the head; none after upT; concat [skip, up]. */
  forward<XS extends Shape>(x: Tensor<XS, D> & CheckGuard<UNet2InputCheck<XS, InC, InH, InW>>): Tensor<UNet2Output<XS, OutC, InH, InW>, D> {
    return this.forwardTraced(x).output;
  }

  /** Forward that also returns the intermediates backward needs. */
  forwardTraced<XS extends Shape>(
    x: Tensor<XS, D> & CheckGuard<UNet2InputCheck<XS, InC, InH, InW>>,
  ): { output: Tensor<UNet2Output<XS, OutC, InH, InW>, D>; trace: UNet2Trace<D> } {
    const input = x as Tensor<Shape, D>;
    this.checkInput(input.shape, input.dtype);
    const p = this.flat;
    const c = this.config;
    const conv = { stride: c.convStride, padding: c.convPadding };
    const s1 = conv2dRelu(input, p["down1_1.weight"], p["down1_1.bias"], conv);
    const skip = conv2dRelu(s1, p["down1_2.weight"], p["down1_2.bias"], conv);
    const pooled = maxPool2dWithIndices(skip, { kernel: c.poolKernel, stride: c.poolStride });
    const b1 = conv2dRelu(pooled.output, p["down2_1.weight"], p["down2_1.bias"], conv);
    const b2 = conv2dRelu(b1, p["down2_2.weight"], p["down2_2.bias"], conv);
    const up = convTranspose2d(b2, p["upT.weight"], p["upT.bias"], { stride: c.upStride, padding: c.upPadding });
    const merged = concat([skip, up], channelAxis(input.shape));
    const u1 = conv2dRelu(merged, p["up1_1.weight"], p["up1_1.bias"], conv);
    const u2 = conv2dRelu(u1, p["up1_2.weight"], p["up1_2.bias"], conv);
    const output = conv2d(u2, p["out1x1.weight"], p["out1x1.bias"], { stride: c.headStride, padding: c.headPadding });
    const trace: UNet2Trace<D> = { input, s1, skip, pooled: pooled.output, pool: pooled.saved, b1, b2, up, merged, u1, u2, output };
    return { output: output as Tensor<Shape, D> as Tensor<UNet2Output<XS, OutC, InH, InW>, D>, trace };
  }

  /**
   * Vector-Jacobian products for the upstream gradient `gradOutput`: every parameter's gradient and dx.
   * Recomputes the forward (as the seed's spec does) unless `trace` from forwardTraced is given.
   */
  backward<XS extends Shape>(
    x: Tensor<XS, D> & CheckGuard<UNet2InputCheck<XS, InC, InH, InW>>,
    gradOutput: Tensor<UNet2Output<XS, OutC, InH, InW>, D>,
    options: { readonly trace?: UNet2Trace<D> } = {},
  ): { grads: UNet2Grads<Cfg, InC, OutC, InH, InW, D>; dx: Tensor<XS, D> } {
    const t = options.trace ?? this.forwardTraced(x).trace;
    if (t.input !== (x as Tensor<Shape, D>)) throw new ShapeError("UNet2 backward: the trace was recorded for a different input");
    const p = this.flat;
    const c = this.config;
    const conv = { stride: c.convStride, padding: c.convPadding };
    const grads: Partial<Record<UNet2ParamName, Tensor<Shape, D>>> = {};
    const keep = (layer: UNet2LayerName, g: { dWeight: Tensor<Shape, D>; dBias: Tensor<Shape, D> | null }): void => {
      grads[`${layer}.weight`] = g.dWeight;
      if (g.dBias) grads[`${layer}.bias`] = g.dBias;
    };
    const dy = gradOutput as Tensor<Shape, D>;
    const want = t.output.shape;
    if (!sameShape(dy.shape, want)) {
      throw new ShapeError(`UNet2 backward: gradOutput must have the output's shape [${want.join(", ")}], got [${dy.shape.join(", ")}]`);
    }
    const gOut = conv2dBackward(t.u2, p["out1x1.weight"], dy, { stride: c.headStride, padding: c.headPadding });
    keep("out1x1", gOut);
    const g12 = conv2dReluBackward(t.u1, p["up1_2.weight"], t.u2, gOut.dx, conv);
    keep("up1_2", g12);
    const g11 = conv2dReluBackward(t.merged, p["up1_1.weight"], t.u1, g12.dx, conv);
    keep("up1_1", g11);
    const [dSkipFromConcat, dUp] = concatBackward(g11.dx, [t.skip, t.up] as const, channelAxis(t.input.shape));
    const gUp = convTranspose2dBackward(t.b2, p["upT.weight"], dUp, { stride: c.upStride, padding: c.upPadding });
    keep("upT", gUp);
    const g22 = conv2dReluBackward(t.b1, p["down2_2.weight"], t.b2, gUp.dx, conv);
    keep("down2_2", g22);
    const g21 = conv2dReluBackward(t.pooled, p["down2_1.weight"], t.b1, g22.dx, conv);
    keep("down2_1", g21);
    // The skip feeds both the pool and the concat: its gradient is the sum of both paths.
    const dSkip = addSameShape(maxPool2dBackward(g21.dx, t.pool), dSkipFromConcat as Tensor<Shape, D>);
    const g12d = conv2dReluBackward(t.s1, p["down1_2.weight"], t.skip, dSkip, conv);
    keep("down1_2", g12d);
    const g11d = conv2dReluBackward(t.input, p["down1_1.weight"], t.s1, g12d.dx, conv);
    keep("down1_1", g11d);
    return { grads: grads as unknown as UNet2Grads<Cfg, InC, OutC, InH, InW, D>, dx: g11d.dx as Tensor<Shape, D> as Tensor<XS, D> };
  }

  /** The parameters under PyTorch's state_dict names (the tensors themselves, not copies). */
  override stateDict(): Record<UNet2ParamName, Tensor<Shape, D>> {
    return { ...this.flat };
  }

  /**
   * Copies a state dict into the parameters. Every missing, extra or wrongly shaped tensor is reported at once,
   * with expected and actual shapes; nothing is changed unless all are right.
   */
  override loadStateDict(dict: Readonly<Record<string, { readonly shape: readonly number[]; readonly data: ArrayLike<number> }>>): void {
    const own = this.flat;
    assertStateDictLoadable("UNet2", own, dict);
    for (const name of Object.keys(own) as UNet2ParamName[]) own[name].data.set(dict[name]!.data);
  }

  /** A torchinfo-like table: layer, output shape, parameter count, total, for an input of batch n. */
  summary(n = 1): string {
    const c = this.config;
    const h = this.inH as number;
    const w = this.inW as number;
    const dh = unetDownH(c, h);
    const dw = unetDownW(c, w);
    const base = c.baseC;
    const count = (layer: UNet2LayerName): number => this.flat[`${layer}.weight`].size + this.flat[`${layer}.bias`].size;
    const rows: SummaryRow[] = [
      { layer: "down1_1 (Conv2d) + ReLU", shape: [n, base, h, w], params: count("down1_1") },
      { layer: "down1_2 (Conv2d) + ReLU", shape: [n, base, h, w], params: count("down1_2") },
      { layer: "pool (MaxPool2d)", shape: [n, base, dh, dw], params: 0 },
      { layer: "down2_1 (Conv2d) + ReLU", shape: [n, 2 * base, dh, dw], params: count("down2_1") },
      { layer: "down2_2 (Conv2d) + ReLU", shape: [n, 2 * base, dh, dw], params: count("down2_2") },
      { layer: "upT (ConvTranspose2d)", shape: [n, base, h, w], params: count("upT") },
      { layer: "concat [skip, up]", shape: [n, 2 * base, h, w], params: 0 },
      { layer: "up1_1 (Conv2d) + ReLU", shape: [n, base, h, w], params: count("up1_1") },
      { layer: "up1_2 (Conv2d) + ReLU", shape: [n, base, h, w], params: count("up1_2") },
      { layer: "out1x1 (Conv2d)", shape: [n, this.outC, h, w], params: count("out1x1") },
    ];
    return formatSummary(`UNet2 (input [${n}, ${this.inC}, ${h}, ${w}], ${this.dtype})`, rows, this.dtype === "float64" ? 8 : 4);
  }

  private checkInput(shape: readonly number[], dtype: DType): void {
    requireModelDTypes("UNet2 forward", this.dtype, dtype, this.flat);
    const img = splitImage("UNet2 forward", shape);
    if (img.c !== this.inC) throw new ShapeError(axisMismatch("UNet2 forward", "x's C axis and inC", img.c, this.inC));
    if (img.h !== this.inH) throw new ShapeError(axisMismatch("UNet2 forward", "x's H axis and inH", img.h, this.inH));
    if (img.w !== this.inW) throw new ShapeError(axisMismatch("UNet2 forward", "x's W axis and inW", img.w, this.inW));
    requireNonEmpty("UNet2 forward", "x", shape); // a batch of 0
  }
}

function channelAxis(shape: readonly number[]): 0 | 1 {
  return shape.length === 4 ? 1 : 0;
}

/**
 * What createUNet2 checks for options O: `true`, or the first failure's message (no unknown option key, the WF
 * facts, the sizes natural, inC/outC/inH/inW ≠ 0, the eight obligations). The runtime throws the same sentence for `number` sizes.
 */
export type UNet2OptionsCheck<O extends UNet2Options> =
  OptionKeysCheck<"UNet2", O, typeof unet2OptionNames> extends infer E extends string
    ? E
    : UNet2Check<ConfigOf<O>, O["inC"], O["outC"], O["inH"], O["inW"]>;

type UNet2OptionsGuard<O extends UNet2Options> = CheckGuard<UNet2OptionsCheck<O>>;

/**
 * Builds a UNet2 for inputs (inC, inH, inW): checks `UNet2Config.WF`, inC ≠ 0 and the eight obligations —
 * at compile time for literal sizes, at run time (same sentences) always — then initialises like PyTorch.
 */
export function createUNet2<const O extends UNet2Options>(
  options: O & UNet2OptionsGuard<O>,
): UNet2<ConfigOf<O>, O["inC"], O["outC"], O["inH"], O["inW"], DTypeOf<O>> {
  const o = options as UNet2Options;
  requireKnownOptions("UNet2", o, unet2OptionNames);
  const cfg = withConfig(o.config ?? {}) as UNet2Config;
  assertUNet2WF(cfg);
  for (const key of ["inC", "outC", "inH", "inW"] as const) toNat(o[key], `UNet2: ${key}`);
  for (const key of ["inC", "outC", "inH", "inW"] as const) if (o[key] === 0) throw new ShapeError(nonZeroSize(key));
  const failure = unet2Obligations(cfg, o.inH, o.inW);
  if (failure !== null) throw new ShapeError(failure);
  const dtype = (o.dtype ?? "float32") as DTypeOf<O>;
  requireDTypeName("UNet2", "options.dtype", dtype);
  const rng = createRng(o.seed ?? 0);
  const b = cfg.baseC;
  const k = cfg.convKernel;
  const plan: Array<[UNet2LayerName, number[]]> = [
    ["down1_1", [b, o.inC, k, k]],
    ["down1_2", [b, b, k, k]],
    ["down2_1", [2 * b, b, k, k]],
    ["down2_2", [2 * b, 2 * b, k, k]],
    ["upT", [2 * b, b, cfg.upKernel, cfg.upKernel]],
    ["up1_1", [b, 2 * b, k, k]],
    ["up1_2", [b, b, k, k]],
    ["out1x1", [o.outC, b, cfg.headKernel, cfg.headKernel]],
  ];
  // Every size first, so a huge baseC fails before the first weight is allocated.
  for (const [layer, shape] of plan)
    requireElementCount(
      "UNet2",
      `${layer}.weight`,
      shape.reduce((a, d) => a * d, 1),
    );
  const params: Record<string, Tensor<Shape, DTypeOf<O>>> = {};
  for (const [layer, shape] of plan) {
    // A transposed conv's bias has its weight's axis 1 (outC); a conv's, axis 0.
    const biasLen = layer === "upT" ? shape[1]! : shape[0]!;
    const { weight, bias } = initConvParams(shape, [biasLen], dtype, rng);
    params[`${layer}.weight`] = weight;
    params[`${layer}.bias`] = bias;
  }
  return new UNet2(
    cfg as ConfigOf<O>,
    o.inC as O["inC"],
    o.outC as O["outC"],
    o.inH as O["inH"],
    o.inW as O["inW"],
    dtype,
    params as unknown as UNet2Spec<ConfigOf<O>, O["inC"], O["outC"], O["inH"], O["inW"], DTypeOf<O>>,
  );
}
