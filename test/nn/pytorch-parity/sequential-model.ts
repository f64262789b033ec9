/** The fixture's nn.Sequential of every single-input layer, built from its layer specs (sizes and hyperparameters). */
import { ELU, GELU, LeakyReLU, ReLU, Sigmoid, SiLU, Softplus, Tanh } from "../../../src/nn/layers/activations.js";
import { BatchNorm2d } from "../../../src/nn/layers/batch-norm2d.js";
import { Conv2d } from "../../../src/nn/layers/conv2d.js";
import { ConvTranspose2d } from "../../../src/nn/layers/conv-transpose2d.js";
import { Dropout } from "../../../src/nn/layers/dropout.js";
import { Flatten } from "../../../src/nn/layers/flatten.js";
import { Linear } from "../../../src/nn/layers/linear.js";
import { MaxPool2d } from "../../../src/nn/layers/max-pool2d.js";
import { GroupNorm, LayerNorm } from "../../../src/nn/layers/norms.js";
import { AvgPool2d, Upsample } from "../../../src/nn/layers/pooling.js";
import type { Layer } from "../../../src/nn/layer.js";
import { Sequential } from "../../../src/nn/sequential.js";
import type { ShapeFn } from "../../../types/nn/shape-fn.js";
import { cases, type GoldenTensor, type StateRef } from "./fixtures.js";

type Spec = Record<string, unknown> & { readonly type: string };

export interface Pass {
  readonly output: GoldenTensor;
  readonly gradX: GoldenTensor;
  readonly grads: Record<string, GoldenTensor>;
  readonly buffersAfter?: Record<string, GoldenTensor>;
}

export interface SequentialCase {
  readonly state: StateRef;
  readonly layers: Spec[];
  readonly x: GoldenTensor;
  readonly gy: GoldenTensor;
  readonly eval: Pass;
  /** Only the first Sequential has a train-mode pass (it has the batch norm). */
  readonly train?: Pass;
}

export const sequentialCase = cases["sequential"] as SequentialCase;
/** Dilation, non-square kernels and strides, padded and ceil-mode pools, bilinear Upsample, norms without affine. */
export const sequential2Case = cases["sequential2"] as SequentialCase;

const n = (s: Spec, key: string): number => s[key] as number;
const p2 = (s: Spec, key: string): [number, number] => s[key] as [number, number];
const affine = (s: Spec): boolean => s["affine"] !== false;

/** One layer from its spec; `dropoutP` maps the file's dropout p (train-mode passes use 0). */
export function layerOf(s: Spec, dropoutP: (p: number) => number): Layer<ShapeFn> {
  switch (s.type) {
    case "Conv2d":
      return new Conv2d(n(s, "in"), n(s, "out"), p2(s, "kernel"), {
        stride: p2(s, "stride"),
        padding: p2(s, "padding"),
        dilation: p2(s, "dilation"),
      });
    case "ConvTranspose2d":
      return new ConvTranspose2d(n(s, "in"), n(s, "out"), p2(s, "kernel"), {
        stride: p2(s, "stride"),
        padding: p2(s, "padding"),
        outputPadding: p2(s, "outputPadding"),
        dilation: p2(s, "dilation"),
      });
    case "BatchNorm2d":
      return new BatchNorm2d(n(s, "features"), { eps: n(s, "eps"), momentum: s["momentum"] as number | null });
    case "GroupNorm":
      return new GroupNorm(n(s, "groups"), n(s, "channels"), { eps: n(s, "eps"), affine: affine(s) });
    case "LayerNorm":
      return new LayerNorm(s["shape"] as number[], { eps: n(s, "eps"), affine: affine(s) });
    case "Linear":
      return new Linear(n(s, "in"), n(s, "out"));
    case "MaxPool2d":
      return new MaxPool2d({
        kernel: p2(s, "kernel"),
        stride: p2(s, "stride"),
        padding: p2(s, "padding"),
        dilation: p2(s, "dilation"),
        ceilMode: s["ceilMode"] as boolean,
      });
    case "AvgPool2d":
      return new AvgPool2d({
        kernel: p2(s, "kernel"),
        stride: p2(s, "stride"),
        padding: p2(s, "padding"),
        ceilMode: s["ceilMode"] as boolean,
        countIncludePad: s["countIncludePad"] as boolean,
      });
    case "Upsample":
      return new Upsample({
        scaleFactor: s["scaleFactor"] as number,
        mode: s["mode"] as "nearest" | "bilinear",
        alignCorners: s["alignCorners"] as boolean | null,
      });
    case "Flatten":
      return new Flatten(n(s, "startDim"), n(s, "endDim"));
    case "LeakyReLU":
      return new LeakyReLU({ negativeSlope: n(s, "negativeSlope") });
    case "ELU":
      return new ELU({ alpha: n(s, "alpha") });
    case "Softplus":
      return new Softplus({ beta: n(s, "beta"), threshold: n(s, "threshold") });
    case "ReLU":
      return new ReLU();
    case "Tanh":
      return new Tanh();
    case "SiLU":
      return new SiLU();
    case "GELU":
      return new GELU();
    case "Sigmoid":
      return new Sigmoid();
    case "Dropout":
      return new Dropout(dropoutP(n(s, "p")), { seed: 1 });
    default:
      throw new Error(`cases.json: no layer for ${s.type}`);
  }
}

/** The Sequential of the fixture's layers (PyTorch's default init, to be overwritten by its state dict). */
export function buildSequential(dropoutP: (p: number) => number = (p) => p, c: SequentialCase = sequentialCase): Sequential<Layer<ShapeFn>[]> {
  return new Sequential(...c.layers.map((s) => layerOf(s, dropoutP)));
}
