import { Module } from "./module.js";
import { ModuleDict, ModuleList } from "./containers.js";
import { Conv2d } from "./layers/conv2d.js";
import { ConvTranspose2d } from "./layers/conv-transpose2d.js";
import { BatchNorm2d } from "./layers/batch-norm2d.js";
import type { CheckGuard, UNetBufferName, UNetCheck, UNetInputCheck, UNetOutput, UNetParamName, UNetParamShape } from "../../types/nn/unet.js";
import type { DType, Shape } from "../../types/tensor/shape.js";
import { ShapeError } from "../errors.js";
import {
  type BatchNorm2dSaved,
  type BatchNorm2dState,
  batchNorm2d,
  batchNorm2dBackward,
  batchNorm2dStateDict,
  createBatchNorm2d,
} from "../ops/batch-norm2d.js";
import { centerCrop, centerCropBackward } from "../ops/center-crop.js";
import { concat, concatBackward } from "../ops/concat.js";
import { type Conv2dGrads, conv2d, conv2dBackward, conv2dReluBackward } from "../ops/conv2d.js";
import { conv2dRelu } from "../ops/conv2d-relu.js";
import { requireModelDTypes } from "../ops/dtype.js";
import { requireDTypeName } from "../tensor/dtype-name.js";
import { convTranspose2d, convTranspose2dBackward } from "../ops/conv-transpose2d.js";
import { requireNonEmpty, splitImage } from "../ops/image.js";
import { requireKnownOptions } from "../ops/options.js";
import type { OptionKeysCheck } from "../../types/ops/options.js";
import { maxPool2dBackward, maxPool2dWithIndices, type MaxPool2dSaved } from "../ops/max-pool2d.js";
import { relu, reluBackward } from "../ops/relu.js";
import { createRng } from "../random.js";
import { axisMismatch } from "../tensor/messages.js";
import type { Tensor } from "../tensor/tensor.js";
import { initConvParams } from "./init.js";
import { unetBadDepth, unetOddAtPool, unetZeroField } from "./messages-beyond.js";
import { formatSummary, type SummaryRow } from "./summary.js";
import { assertStateDictLoadable } from "./state-dict-problems.js";

export type { CheckGuard, UNetBufferName, UNetCheck, UNetParamName, UNetParamShape };

/** What the compiler knows about a built U-Net; the forward's types and the parameter shapes come from it. */
export interface UNetSignature {
  readonly name: "UNet" | "UNetClassic";
  readonly depth: number;
  readonly baseC: number;
  readonly batchNorm: boolean;
  readonly inC: number;
  readonly outC: number;
  readonly inH: number;
  readonly inW: number;
  readonly outH: number;
  readonly outW: number;
}

/**
 * The spatial sizes along one axis, level by level: `down[i]` is down.i's output (i = 0 .. depth; the skip of
 * up.(depth - 1 - i) for i < depth), `up[j]` up.j's transposed-conv output (the size its skip is cropped to) and
 * `block[j]` up.j's output (j = 0 .. depth - 1).
 */
export interface UNetAxisLayout {
  readonly down: readonly number[];
  readonly up: readonly number[];
  readonly block: readonly number[];
}

/** Everything the shared engine needs; createUNet and createUNetClassic fill it in after their checks. */
export interface UNetArchitecture {
  readonly name: UNetSignature["name"];
  readonly depth: number;
  readonly baseC: number;
  readonly batchNorm: boolean;
  /** Conv padding: 1 keeps sizes (UNet), 0 is the valid convolution of Ronneberger et al. (UNetClassic). */
  readonly padding: 0 | 1;
  readonly inC: number;
  readonly outC: number;
  readonly inH: number;
  readonly inW: number;
  readonly h: UNetAxisLayout;
  readonly w: UNetAxisLayout;
}

type AnyTensor<D extends DType> = Tensor<Shape, D>;

/** The trainable parameters by name, each with its exact shape (UNet2Spec's counterpart); also the gradients' type. */
export type UNetSpec<Sig extends UNetSignature, D extends DType> = {
  [K in UNetParamName<Sig["depth"], Sig["batchNorm"]>]: Tensor<UNetParamShape<K, Sig["depth"], Sig["baseC"], Sig["inC"], Sig["outC"]>, D>;
};
type StateDictOf<Sig extends UNetSignature, D extends DType> = UNetSpec<Sig, D> &
  Record<UNetBufferName<Sig["depth"], Sig["batchNorm"]>, Tensor<Shape, D>>;
type InputGuard<Sig extends UNetSignature, XS extends Shape> = CheckGuard<UNetInputCheck<Sig["name"], XS, Sig["inC"], Sig["inH"], Sig["inW"]>>;
type OutputOf<Sig extends UNetSignature, XS extends Shape> = UNetOutput<XS, Sig["outC"], Sig["outH"], Sig["outW"]>;

/** A conv → (batch norm) → relu, twice: what backward needs of one block. */
interface BlockTrace<D extends DType> {
  readonly input: AnyTensor<D>;
  readonly a1: AnyTensor<D>;
  readonly a2: AnyTensor<D>;
  readonly bn1: BatchNorm2dSaved<Shape, number, D> | null;
  readonly bn2: BatchNorm2dSaved<Shape, number, D> | null;
}

/** What backward needs from the forward; keep it (forwardTraced) to avoid recomputing. */
export interface UNetTrace<D extends DType> {
  readonly input: AnyTensor<D>;
  readonly down: readonly BlockTrace<D>[];
  /** pools[i] feeds down.i; pools[0] is null (down.0 takes the input). */
  readonly pools: readonly (MaxPool2dSaved<Shape, D> | null)[];
  readonly ups: readonly { readonly input: AnyTensor<D>; readonly up: AnyTensor<D>; readonly skip: AnyTensor<D>; readonly cropped: AnyTensor<D> }[];
  readonly upBlocks: readonly BlockTrace<D>[];
  readonly head: { readonly input: AnyTensor<D> };
  readonly output: AnyTensor<D>;
}

/**
 * A U-Net of depth L (L max-pools and L transposed convs, L + 1 resolution levels; the seed's UNet2 is depth 1):
 * down.i has baseC·2^i channels, every block is conv3x3 → (BatchNorm2d) → ReLU twice, each expanding step a 2x2 stride-2
 * transposed conv halving the channels, the skip concatenated first ([skip, up], as the seed), a 1x1 head.
 * With padding 0 (UNetClassic) the convs are valid and the skip is centre-cropped to the upsampled size.
 */
export class UNet<Sig extends UNetSignature, D extends DType = "float32"> extends Module {
  readonly architecture: UNetArchitecture;
  readonly dtype: D;
  /** Trainable parameters under PyTorch's names; updated in place by optimizers and loadStateDict. */
  readonly params: UNetSpec<Sig, D>;
  /** Batch norm layers by module name (e.g. "down.0.bn1"); empty without batch norm. */
  readonly norms: ReadonlyMap<string, BatchNorm2dState<number, D>>;
  /** Use createUNet or createUNetClassic, which check the sizes. */
  constructor(architecture: UNetArchitecture, dtype: D, seed: number) {
    super();
    this.architecture = architecture;
    this.dtype = dtype;
    const rng = createRng(seed);
    const params: Record<string, AnyTensor<D>> = {};
    const norms = new Map<string, BatchNorm2dState<number, D>>();
    const { depth, baseC, batchNorm, inC, outC } = architecture;
    const addBlock = (prefix: string, cin: number, cout: number): void => {
      for (const [conv, from] of [
        ["conv1", cin],
        ["conv2", cout],
      ] as const) {
        const p = initConvParams([cout, from, 3, 3], [cout], dtype, rng);
        params[`${prefix}.${conv}.weight`] = p.weight;
        if (batchNorm) {
          const bn = createBatchNorm2d(cout, { dtype });
          const name = `${prefix}.bn${conv === "conv1" ? 1 : 2}`;
          norms.set(name, bn);
          params[`${name}.weight`] = bn.weight;
          params[`${name}.bias`] = bn.bias;
        } else {
          params[`${prefix}.${conv}.bias`] = p.bias;
        }
      }
    };
    for (let i = 0; i <= depth; i++) addBlock(`down.${i}`, i === 0 ? inC : baseC * 2 ** (i - 1), baseC * 2 ** i);
    for (let j = 0; j < depth; j++) {
      const cin = baseC * 2 ** (depth - j);
      const up = initConvParams([cin, cin / 2, 2, 2], [cin / 2], dtype, rng);
      params[`up.${j}.upconv.weight`] = up.weight;
      params[`up.${j}.upconv.bias`] = up.bias;
      addBlock(`up.${j}`, cin, cin / 2);
    }
    const head = initConvParams([outC, baseC, 1, 1], [outC], dtype, rng);
    params["head.weight"] = head.weight;
    params["head.bias"] = head.bias;
    this.params = params as UNetSpec<Sig, D>;
    this.norms = norms;
    this.registerLayers();
  }

  /**
   * The same tensors as PyTorch modules (`down.0.conv1`, `down.0.bn1`, `up.0.upconv`, `head`): parameters require
   * grad, so forward records onto the tape; `parameters()`, `zeroGrad()`, `train()` / `eval()` reach every layer.
   */
  private registerLayers(): void {
    const p = this.flat;
    const { depth, padding } = this.architecture;
    const block = (prefix: string): ModuleDict => {
      const layers: Record<string, Module> = {};
      for (const [conv, bn] of [
        ["conv1", "bn1"],
        ["conv2", "bn2"],
      ] as const) {
        const weight = p[`${prefix}.${conv}.weight`]!;
        const [cout, cin] = weight.shape as [number, number, number, number];
        layers[conv] = new Conv2d(cin, cout, 3, { padding, from: { weight, bias: p[`${prefix}.${conv}.bias`] ?? null } });
        const norm = this.norms.get(`${prefix}.${bn}`);
        if (norm !== undefined) layers[bn] = new BatchNorm2d(cout, { from: norm });
      }
      return new ModuleDict(layers);
    };
    this.registerModule("down", new ModuleList(Array.from({ length: depth + 1 }, (_, i) => block(`down.${i}`))));
    const ups = Array.from({ length: depth }, (_, j) => {
      const weight = p[`up.${j}.upconv.weight`]!;
      const [cin, cout] = weight.shape as [number, number, number, number];
      const up = block(`up.${j}`);
      return new ModuleDict({
        upconv: new ConvTranspose2d(cin, cout, 2, { stride: 2, from: { weight, bias: p[`up.${j}.upconv.bias`] ?? null } }),
        ...Object.fromEntries(up.namedChildren()),
      });
    });
    this.registerModule("up", new ModuleList(ups));
    const head = p["head.weight"]!;
    this.registerModule("head", new Conv2d(head.shape[1]!, head.shape[0]!, 1, { from: { weight: head, bias: p["head.bias"] ?? null } }));
  }

  private get flat(): Record<string, AnyTensor<D>> {
    return this.params as unknown as Record<string, AnyTensor<D>>;
  }

  /** The model on x, whose size obligations the compiler checked at creation; the output shape follows from x's. */
  forward<XS extends Shape>(x: Tensor<XS, D> & InputGuard<Sig, XS>): Tensor<OutputOf<Sig, XS>, D> {
    return this.forwardTraced(x).output;
  }

  /** Forward that also returns what backward needs. In training mode batch norm updates its running statistics. */
  forwardTraced<XS extends Shape>(x: Tensor<XS, D> & InputGuard<Sig, XS>): { output: Tensor<OutputOf<Sig, XS>, D>; trace: UNetTrace<D> } {
    const trace = this.run(x as AnyTensor<D>, true);
    return { output: trace.output as Tensor<OutputOf<Sig, XS>, D>, trace };
  }

  private run(input: AnyTensor<D>, updateRunningStats: boolean): UNetTrace<D> {
    this.checkInput(input);
    const { depth, padding } = this.architecture;
    const axis = input.shape.length === 4 ? 1 : 0;
    const down: BlockTrace<D>[] = [];
    const pools: (MaxPool2dSaved<Shape, D> | null)[] = [];
    let h = input;
    for (let i = 0; i <= depth; i++) {
      let blockIn = h;
      if (i > 0) {
        const pooled = maxPool2dWithIndices(h, { kernel: 2, stride: 2 });
        pools.push(pooled.saved);
        blockIn = pooled.output;
      } else {
        pools.push(null);
      }
      const t = this.block(`down.${i}`, blockIn, padding, updateRunningStats);
      down.push(t);
      h = t.a2;
    }
    const ups: UNetTrace<D>["ups"][number][] = [];
    const upBlocks: BlockTrace<D>[] = [];
    for (let j = 0; j < depth; j++) {
      const p = this.flat;
      const up = convTranspose2d(h, p[`up.${j}.upconv.weight`]!, p[`up.${j}.upconv.bias`]!, { stride: 2 });
      const skip = down[depth - 1 - j]!.a2;
      const [upH, upW] = up.shape.slice(-2) as [number, number];
      const cropped = padding === 0 ? centerCrop(skip, [upH, upW]) : skip;
      ups.push({ input: h, up, skip, cropped });
      const merged = concat([cropped, up], axis);
      const t = this.block(`up.${j}`, merged, padding, updateRunningStats);
      upBlocks.push(t);
      h = t.a2;
    }
    const output = conv2d(h, this.flat["head.weight"]!, this.flat["head.bias"]!);
    return { input, down, pools, ups, upBlocks, head: { input: h }, output };
  }

  private block(prefix: string, input: AnyTensor<D>, padding: 0 | 1, updateRunningStats: boolean): BlockTrace<D> {
    const p = this.flat;
    const one = (
      conv: "conv1" | "conv2",
      bn: "bn1" | "bn2",
      x: AnyTensor<D>,
    ): { a: AnyTensor<D>; saved: BatchNorm2dSaved<Shape, number, D> | null } => {
      const weight = p[`${prefix}.${conv}.weight`]!;
      const bias = p[`${prefix}.${conv}.bias`] ?? null;
      const norm = this.norms.get(`${prefix}.${bn}`);
      // without batch norm the relu is fused into the conv; backward needs only its output
      if (norm === undefined) return { a: conv2dRelu(x, weight, bias, { padding }), saved: null };
      const n = batchNorm2d(conv2d(x, weight, bias, { padding }), norm, { training: this.training, updateRunningStats });
      return { a: relu(n.output), saved: n.saved };
    };
    const first = one("conv1", "bn1", input);
    const second = one("conv2", "bn2", first.a);
    return { input, a1: first.a, a2: second.a, bn1: first.saved, bn2: second.saved };
  }

  /**
   * Vector-Jacobian products for the upstream gradient: every trainable parameter's gradient (same names as
   * `params`) and dx. Recomputes the forward unless `trace` from forwardTraced is given; the recomputation does not
   * touch batch norm's running statistics again.
   */
  backward<XS extends Shape>(
    x: Tensor<XS, D> & InputGuard<Sig, XS>,
    gradOutput: Tensor<OutputOf<Sig, XS>, D>,
    options: { readonly trace?: UNetTrace<D> } = {},
  ): { grads: UNetSpec<Sig, D>; dx: Tensor<XS, D> } {
    const t = options.trace ?? this.run(x as AnyTensor<D>, false);
    if (t.input !== (x as AnyTensor<D>)) throw new ShapeError(`${this.architecture.name} backward: the trace was recorded for a different input`);
    const { depth, padding } = this.architecture;
    const axis = t.input.shape.length === 4 ? 1 : 0;
    const p = this.flat;
    const grads: Record<string, AnyTensor<D>> = {};
    const gHead = conv2dBackward(t.head.input, p["head.weight"]!, gradOutput as AnyTensor<D>);
    grads["head.weight"] = gHead.dWeight;
    grads["head.bias"] = gHead.dBias!;
    let d: AnyTensor<D> = gHead.dx;
    const fromConcat: AnyTensor<D>[] = [];
    for (let j = depth - 1; j >= 0; j--) {
      const dMerged = this.blockBackward(`up.${j}`, t.upBlocks[j]!, d, padding, grads);
      const step = t.ups[j]!;
      const [dCropped, dUp] = concatBackward(dMerged, [step.cropped, step.up] as const, axis);
      const [upH, upW] = step.up.shape.slice(-2) as [number, number];
      fromConcat[depth - 1 - j] = padding === 0 ? centerCropBackward(dCropped, step.skip, [upH, upW]) : dCropped;
      const gUp = convTranspose2dBackward(step.input, p[`up.${j}.upconv.weight`]!, dUp, { stride: 2 });
      grads[`up.${j}.upconv.weight`] = gUp.dWeight;
      grads[`up.${j}.upconv.bias`] = gUp.dBias!;
      d = gUp.dx;
    }
    for (let i = depth; i >= 0; i--) {
      const dIn = this.blockBackward(`down.${i}`, t.down[i]!, d, padding, grads);
      if (i === 0) {
        d = dIn;
        break;
      }
      // down.(i-1)'s output feeds both the pool below and the concat: its gradient is the sum of both paths.
      d = maxPool2dBackward(dIn, t.pools[i]!);
      const skipGrad = fromConcat[i - 1]!.data;
      const sum = d.data;
      for (let k = 0; k < sum.length; k++) sum[k] = sum[k]! + skipGrad[k]!;
    }
    return { grads: grads as UNetSpec<Sig, D>, dx: d as Tensor<XS, D> };
  }

  private blockBackward(prefix: string, t: BlockTrace<D>, dOut: AnyTensor<D>, padding: 0 | 1, grads: Record<string, AnyTensor<D>>): AnyTensor<D> {
    const p = this.flat;
    const one = (
      conv: "conv1" | "conv2",
      bn: "bn1" | "bn2",
      x: AnyTensor<D>,
      a: AnyTensor<D>,
      saved: BatchNorm2dSaved<Shape, number, D> | null,
      dA: AnyTensor<D>,
    ): AnyTensor<D> => {
      const weight = p[`${prefix}.${conv}.weight`]!;
      let g: Conv2dGrads<Shape, Shape, D>;
      if (saved === null) {
        // relu right after the conv: one step, so a fused backend takes relu's mask where the conv's gradients run
        g = conv2dReluBackward(x, weight, a, dA, { padding });
      } else {
        const n = batchNorm2dBackward(reluBackward(dA, a), saved);
        grads[`${prefix}.${bn}.weight`] = n.dWeight;
        grads[`${prefix}.${bn}.bias`] = n.dBias;
        g = conv2dBackward(x, weight, n.dx, { padding }, { bias: false });
      }
      grads[`${prefix}.${conv}.weight`] = g.dWeight;
      if (g.dBias !== null) grads[`${prefix}.${conv}.bias`] = g.dBias;
      return g.dx;
    };
    const dA1 = one("conv2", "bn2", t.a1, t.a2, t.bn2, dOut);
    return one("conv1", "bn1", t.input, t.a1, t.bn1, dA1);
  }

  /** Parameters and batch norm buffers under PyTorch's state_dict names (the tensors themselves, not copies). */
  override stateDict(): StateDictOf<Sig, D> {
    const out: Record<string, AnyTensor<D>> = { ...this.flat };
    for (const [name, bn] of this.norms) Object.assign(out, batchNorm2dStateDict(`${name}.`, bn));
    return out as StateDictOf<Sig, D>;
  }

  /**
   * Copies a state dict (parameters and buffers) into the model. Every missing, extra or wrongly shaped tensor is
   * reported at once with expected and actual shapes; nothing changes unless all are right. A missing
   * `num_batches_tracked` keeps its value, as with PyTorch 2's loader (and Module's): an older checkpoint lacks it.
   */
  override loadStateDict(dict: Readonly<Record<string, { readonly shape: readonly number[]; readonly data: ArrayLike<number> }>>): void {
    const own = this.stateDict() as unknown as Record<string, AnyTensor<D>>;
    const full = { ...dict };
    for (const name of this.norms.keys()) {
      const key = `${name}.num_batches_tracked`;
      if (!Object.hasOwn(full, key)) full[key] = own[key]!;
    }
    assertStateDictLoadable(this.architecture.name, own, full);
    for (const [name, t] of Object.entries(own)) t.data.set(full[name]!.data);
  }

  /** A torchinfo-like table: layer, output shape, parameter count, total, for an input of batch n. */
  summary(n = 1): string {
    const a = this.architecture;
    const count = (prefix: string): number => Object.entries(this.flat).reduce((s, [k, t]) => (k.startsWith(`${prefix}.`) ? s + t.size : s), 0);
    const norm = a.batchNorm ? " + BatchNorm2d" : "";
    const rows: SummaryRow[] = [];
    for (let i = 0; i <= a.depth; i++) {
      const c = a.baseC * 2 ** i;
      if (i > 0)
        rows.push({
          layer: `down.${i} pool (MaxPool2d)`,
          shape: [n, c / 2, Math.floor(a.h.down[i - 1]! / 2), Math.floor(a.w.down[i - 1]! / 2)],
          params: 0,
        });
      rows.push({ layer: `down.${i} (2x Conv2d${norm} + ReLU)`, shape: [n, c, a.h.down[i]!, a.w.down[i]!], params: count(`down.${i}`) });
    }
    for (let j = 0; j < a.depth; j++) {
      const c = a.baseC * 2 ** (a.depth - 1 - j);
      const upParams = this.flat[`up.${j}.upconv.weight`]!.size + this.flat[`up.${j}.upconv.bias`]!.size;
      rows.push({ layer: `up.${j}.upconv (ConvTranspose2d)`, shape: [n, c, a.h.up[j]!, a.w.up[j]!], params: upParams });
      const crop = a.padding === 0 ? `crop down.${a.depth - 1 - j} + ` : "";
      rows.push({ layer: `up.${j} ${crop}concat [skip, up]`, shape: [n, 2 * c, a.h.up[j]!, a.w.up[j]!], params: 0 });
      rows.push({ layer: `up.${j} (2x Conv2d${norm} + ReLU)`, shape: [n, c, a.h.block[j]!, a.w.block[j]!], params: count(`up.${j}`) - upParams });
    }
    rows.push({ layer: "head (Conv2d 1x1)", shape: [n, a.outC, a.h.block[a.depth - 1]!, a.w.block[a.depth - 1]!], params: count("head") });
    return formatSummary(
      `${a.name} depth ${a.depth} (input [${n}, ${a.inC}, ${a.inH}, ${a.inW}], ${this.dtype})`,
      rows,
      this.dtype === "float64" ? 8 : 4,
    );
  }

  private checkInput(x: AnyTensor<D>): void {
    const op = `${this.architecture.name} forward`;
    const img = splitImage(op, x.shape);
    requireModelDTypes(op, this.dtype, x.dtype, this.stateDict());
    const a = this.architecture;
    if (img.c !== a.inC) throw new ShapeError(axisMismatch(op, "x's C axis and inC", img.c, a.inC));
    if (img.h !== a.inH) throw new ShapeError(axisMismatch(op, "x's H axis and inH", img.h, a.inH));
    if (img.w !== a.inW) throw new ShapeError(axisMismatch(op, "x's W axis and inW", img.w, a.inW));
    requireNonEmpty(op, "x", x.shape); // a batch of 0
  }
}

/** The option keys both creators take: any other key is rejected (`batchnorm: true` would otherwise build without it). */
export const unetOptionNames = [
  "inC",
  "outC",
  "inH",
  "inW",
  "depth",
  "baseC",
  "batchNorm",
  "seed",
  "dtype",
] as const satisfies readonly (keyof UNetCommonOptions)[];

/** `true`, or the message of an option key that is not one of unetOptionNames (Name is "UNet" or "UNetClassic"). */
export type UNetOptionKeysCheck<Name extends string, O> = OptionKeysCheck<Name, O, typeof unetOptionNames>;

/** The options both creators share. */
export interface UNetCommonOptions {
  readonly inC: number;
  readonly outC: number;
  readonly inH: number;
  readonly inW: number;
  /**
   * Number of max-pool (downsampling) steps, 1 to 5, as segmentation_models_pytorch's `encoder_depth`; H and W must
   * be divisible by 2^depth. UNet2 is depth 1; the paper's U-Net (createUNetClassic) depth 4.
   */
  readonly depth: number;
  /** Channels of down.0 (default 64); down.i has baseC·2^i. */
  readonly baseC?: number;
  /** BatchNorm2d between every 3x3 conv and its ReLU (the conv then has no bias). Default false. */
  readonly batchNorm?: boolean;
  /** Seed of the PyTorch-style initialisation (default 0). */
  readonly seed?: number;
  readonly dtype?: DType;
}

/** What createUNet takes (UNetCommonOptions). */
export type UNetOptions = UNetCommonOptions;

export type BaseCOf<O> = O extends { readonly baseC: infer B extends number } ? B : 64;
export type BatchNormOf<O> = O extends { readonly batchNorm: infer B extends boolean } ? B : false;
export type DTypeOf<O> = O extends { readonly dtype: infer D extends DType } ? D : "float32";

/** Validates what both creators share at run time (the sentences of UNetCommonCheck) and returns baseC. */
export function checkCommon(name: string, o: UNetCommonOptions): number {
  requireKnownOptions(name, o, unetOptionNames);
  const baseC = o.baseC ?? 64;
  for (const [key, v] of [
    ["inC", o.inC],
    ["outC", o.outC],
    ["inH", o.inH],
    ["inW", o.inW],
    ["depth", o.depth],
    ["baseC", baseC],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 0) throw new ShapeError(`${name}: ${key} must be a natural number, got ${v}`);
  }
  if (o.depth < 1 || o.depth > 5) throw new ShapeError(unetBadDepth(name, o.depth));
  if (baseC === 0) throw new ShapeError(unetZeroField(name, "baseC", "> 0"));
  if (o.inC === 0) throw new ShapeError(unetZeroField(name, "inC", "≠ 0"));
  if (o.outC === 0) throw new ShapeError(unetZeroField(name, "outC", "≠ 0"));
  return baseC;
}

/**
 * The same-padding U-Net's sizes along one axis, or the sentence of `UNetSizeCheck` when a pool gets an odd size
 * (or the size is 0).
 */
export function unetAxisLayout(depth: number, axis: "H" | "W", size: number): UNetAxisLayout | string {
  if (size === 0) return unetZeroField("UNet", `in${axis}`, "≠ 0");
  const down = [size];
  let chain = `${size}`;
  for (let level = 1; level <= depth; level++) {
    const s = down[level - 1]!;
    if (s % 2 !== 0) return unetOddAtPool(depth, level, axis, chain, 2 ** depth);
    down.push(s / 2);
    chain += ` → ${s / 2}`;
  }
  const up = down.slice(0, -1).reverse();
  return { down, up, block: up };
}

/** What createUNet checks for options O: `true`, or the first failure's message (the runtime throws the same). */
export type UNetOptionsCheck<O extends UNetOptions> =
  UNetOptionKeysCheck<"UNet", O> extends infer E extends string ? E : UNetCheck<O["depth"], BaseCOf<O>, O["inC"], O["outC"], O["inH"], O["inW"]>;

type UNetGuard<O extends UNetOptions> = CheckGuard<UNetOptionsCheck<O>>;

/** The UNet a `createUNet(options)` call returns, its sizes taken from the options. */
export type UNetOf<O extends UNetOptions> = UNet<
  {
    name: "UNet";
    depth: O["depth"];
    baseC: BaseCOf<O>;
    batchNorm: BatchNormOf<O>;
    inC: O["inC"];
    outC: O["outC"];
    inH: O["inH"];
    inW: O["inW"];
    outH: O["inH"];
    outW: O["inW"];
  },
  DTypeOf<O>
>;

/**
 * Builds a same-padding U-Net with `depth` max-pools for inputs (inC, inH, inW). The compiler proves H and W divisible
 * by 2^depth for literal sizes, naming the level whose pool would get an odd size; the same sentences are
 * thrown here for `number` sizes. Initialised like PyTorch (Kaiming-uniform, a = √5), seeded.
 */
export function createUNet<const O extends UNetOptions>(options: O & UNetGuard<O>): UNetOf<O> {
  const o = options as UNetOptions;
  const baseC = checkCommon("UNet", o);
  const h = unetAxisLayout(o.depth, "H", o.inH);
  if (typeof h === "string") throw new ShapeError(h);
  const w = unetAxisLayout(o.depth, "W", o.inW);
  if (typeof w === "string") throw new ShapeError(w);
  const architecture: UNetArchitecture = {
    name: "UNet",
    depth: o.depth,
    baseC,
    batchNorm: o.batchNorm ?? false,
    padding: 1,
    inC: o.inC,
    outC: o.outC,
    inH: o.inH,
    inW: o.inW,
    h,
    w,
  };
  requireDTypeName("UNet", "options.dtype", o.dtype ?? "float32");
  return new UNet(architecture, (o.dtype ?? "float32") as DTypeOf<O>, o.seed ?? 0);
}
