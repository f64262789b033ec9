import type { UNetClassicCheck, UNetClassicOut } from "../../types/nn/unet-classic.js";
import { ShapeError } from "../errors.js";
import { cropMargin } from "../ops/center-crop.js";
import { convOut } from "../shape/conv-out.js";
import { convTransposeOut } from "../shape/conv-transpose-out.js";
import { poolOut } from "../shape/pool-out.js";
import { unetClassicWhere, unetZeroField } from "./messages-beyond.js";
import {
  type BatchNormOf,
  type BaseCOf,
  checkCommon,
  type CheckGuard,
  type DTypeOf,
  UNet,
  type UNetArchitecture,
  type UNetAxisLayout,
  type UNetCommonOptions,
  type UNetOptionKeysCheck,
} from "./unet.js";

export type { UNetClassicCheck, UNetClassicOut };

/** Options of createUNetClassic: as createUNet's (depth = number of pools); depth 4 with baseC 64 is the paper's network. */
export type UNetClassicOptions = UNetCommonOptions;

/**
 * The valid-convolution U-Net's sizes along one axis, checked layer by layer in the order of `UNetClassicAxis`:
 * throws a ShapeError with the same sentence the compiler shows (a conv or pool with no room, a skip that cannot be
 * centre-cropped to the upsampled size).
 */
export function unetClassicAxisLayout(depth: number, axis: "H" | "W", size: number): UNetAxisLayout {
  if (size === 0) throw new ShapeError(unetZeroField("UNetClassic", `in${axis}`, "≠ 0"));
  const where = (layer: string): string => unetClassicWhere(depth, axis, size, layer);
  const block = (input: number, prefix: string): number =>
    convOut(convOut(input, 3, 1, 0, 1, where(`${prefix}.conv1`), axis), 3, 1, 0, 1, where(`${prefix}.conv2`), axis);
  const down: number[] = [];
  for (let i = 0; i <= depth; i++) {
    const input = i === 0 ? size : poolOut(down[i - 1]!, 2, 2, 0, 1, false, where(`down.${i} maxPool2d`), axis);
    down.push(block(input, `down.${i}`));
  }
  const up: number[] = [];
  const blocks: number[] = [];
  let h = down[depth]!;
  for (let j = 0; j < depth; j++) {
    const skipLevel = depth - 1 - j;
    const u = convTransposeOut(h, 2, 2, 0, 0, 1, where(`up.${j}.upconv`), axis);
    const crop = cropMargin(where(`up.${j} centre crop of skip down.${skipLevel}`), axis, down[skipLevel]!, u);
    if ("failure" in crop) throw new ShapeError(crop.failure);
    up.push(u);
    h = block(u, `up.${j}`);
    blocks.push(h);
  }
  return { down, up, block: blocks };
}

/** What createUNetClassic checks for options O: `true`, or the first failure's message (the runtime throws the same). */
export type UNetClassicOptionsCheck<O extends UNetClassicOptions> =
  UNetOptionKeysCheck<"UNetClassic", O> extends infer E extends string
    ? E
    : UNetClassicCheck<O["depth"], BaseCOf<O>, O["inC"], O["outC"], O["inH"], O["inW"]>;

type ClassicGuard<O extends UNetClassicOptions> = CheckGuard<UNetClassicOptionsCheck<O>>;

/** The UNet a `createUNetClassic(options)` call returns, its sizes taken from the options. */
export type UNetClassicOf<O extends UNetClassicOptions> = UNet<
  {
    name: "UNetClassic";
    depth: O["depth"];
    baseC: BaseCOf<O>;
    batchNorm: BatchNormOf<O>;
    inC: O["inC"];
    outC: O["outC"];
    inH: O["inH"];
    inW: O["inW"];
    outH: UNetClassicOut<O["depth"], "H", O["inH"]>;
    outW: UNetClassicOut<O["depth"], "W", O["inW"]>;
  },
  DTypeOf<O>
>;

/**
 * Builds the U-Net of Ronneberger et al. (2015): 3x3 convs without padding, 2x2 max-pool, 2x2 stride-2 transposed
 * convs, skips centre-cropped to the upsampled maps, a 1x1 head. At depth 4 (four pools) a 572x572 input gives 388x388. The
 * compiler follows every layer for literal sizes and names the first that fails; the same sentences are thrown
 * here for `number` sizes. Same parameter names and initialisation as createUNet.
 */
export function createUNetClassic<const O extends UNetClassicOptions>(options: O & ClassicGuard<O>): UNetClassicOf<O> {
  const o = options as UNetClassicOptions;
  const baseC = checkCommon("UNetClassic", o);
  const architecture: UNetArchitecture = {
    name: "UNetClassic",
    depth: o.depth,
    baseC,
    batchNorm: o.batchNorm ?? false,
    padding: 0,
    inC: o.inC,
    outC: o.outC,
    inH: o.inH,
    inW: o.inW,
    h: unetClassicAxisLayout(o.depth, "H", o.inH),
    w: unetClassicAxisLayout(o.depth, "W", o.inW),
  };
  return new UNet(architecture, (o.dtype ?? "float32") as DTypeOf<O>, o.seed ?? 0);
}
