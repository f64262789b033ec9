import type { UNet2ConfigShape, UNet2DefaultConfig, UNet2WF, UNetDownH as DownH, UNetUpH as UpH, WithConfig } from "../../types/nn/unet2.js";
import { ShapeError } from "../errors.js";
import { convOut } from "../shape/conv-out.js";
import { convTransposeOut } from "../shape/conv-transpose-out.js";
import { poolOut } from "../shape/pool-out.js";
import { convMustPreserve, nonZeroFact, upMustRestore } from "./messages.js";

/** The seed's `UNet2Config`: twelve architectural hyperparameters. `UNet2Config.WF` checks them. */
export type UNet2Config = UNet2ConfigShape;

/** The seed's `unet2DefaultConfig`, with literal types. */
export const unet2DefaultConfig: UNet2DefaultConfig = Object.freeze({
  poolKernel: 2,
  poolStride: 2,
  convKernel: 3,
  convStride: 1,
  convPadding: 1,
  upKernel: 2,
  upStride: 2,
  upPadding: 0,
  headKernel: 1,
  headStride: 1,
  headPadding: 0,
  baseC: 64,
});

/** The defaults with some fields replaced, keeping literal types: `withConfig({ baseC: 8 })` has `baseC: 8`. */
export function withConfig<const O extends Partial<UNet2Config>>(overrides: O): WithConfig<O> {
  const merged = { ...unet2DefaultConfig, ...overrides };
  return Object.freeze(merged) as WithConfig<O>;
}

const nonZeroFields = ["poolKernel", "poolStride", "convKernel", "convStride", "upKernel", "upStride", "headKernel", "headStride"] as const;

/** The seed's `UNet2Config.WF`, at both levels: a type (true or the failing facts) and a runtime validator. */
export namespace UNet2Config {
  export type WF<Cfg extends UNet2Config> = UNet2WF<Cfg>;

  /** Every failing fact, named (empty when well formed). Non-natural fields are reported too. */
  export function WF(cfg: UNet2Config): string[] {
    const failures: string[] = [];
    for (const key of Object.keys(unet2DefaultConfig) as (keyof UNet2Config)[]) {
      const v = cfg[key];
      if (!Number.isSafeInteger(v) || v < 0) failures.push(`UNet2Config.WF: ${key} must be a natural number, got ${v}`);
    }
    for (const key of nonZeroFields) if (cfg[key] === 0) failures.push(nonZeroFact(key, "≠ 0"));
    if (cfg.baseC === 0) failures.push(nonZeroFact("baseC", "> 0"));
    return failures;
  }
}

/** Throws a ShapeError listing every failing fact. */
export function assertUNet2WF(cfg: UNet2Config): void {
  const failures = UNet2Config.WF(cfg);
  if (failures.length > 0) throw new ShapeError(failures.join("; "));
}

export type UNetDownH<Cfg extends UNet2Config, InH extends number> = DownH<Cfg, InH>;
export type UNetUpH<Cfg extends UNet2Config, InH extends number> = UpH<Cfg, InH>;
export type { UNetDownW, UNetUpW } from "../../types/nn/unet2.js";

/** The seed's `UNetDownH` at run time. */
export function unetDownH(cfg: UNet2Config, inH: number, axis = "H"): number {
  return poolOut(inH, cfg.poolKernel, cfg.poolStride, 0, 1, false, "UNet2 maxPool2d", axis);
}
export const unetDownW = (cfg: UNet2Config, inW: number): number => unetDownH(cfg, inW, "W");

/** The seed's `UNetUpH` at run time. */
export function unetUpH(cfg: UNet2Config, inH: number, axis = "H"): number {
  return convTransposeOut(unetDownH(cfg, inH, axis), cfg.upKernel, cfg.upStride, cfg.upPadding, 0, 1, "UNet2 upT", axis);
}
export const unetUpW = (cfg: UNet2Config, inW: number): number => unetUpH(cfg, inW, "W");

function preserves(name: string, layer: string, size: number, k: number, s: number, p: number, axis: string): string | null {
  let out: number;
  try {
    out = convOut(size, k, s, p, 1, `UNet2 ${name}: ${layer}`, axis);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  return out === size ? null : convMustPreserve(name, layer, k, s, p, axis, size, out);
}

function restores(cfg: UNet2Config, name: string, size: number, axis: string): string | null {
  let up: number;
  try {
    up = unetUpH(cfg, size, axis);
  } catch (e) {
    return `UNet2 ${name}: ${e instanceof Error ? e.message : String(e)}`;
  }
  if (up === size) return null;
  const hint = size % cfg.poolStride === 0 ? "" : cfg.poolStride === 2 ? `; ${axis} must be even` : `; ${axis} must be a multiple of ${cfg.poolStride}`;
  return upMustRestore(name, cfg.poolKernel, cfg.poolStride, cfg.upKernel, cfg.upStride, axis, size, up, hint);
}

/**
 * The eight obligations at run time, in the seed's order; null when all hold, else the first failure's message
 * (the same sentence `UNet2Obligations` gives at compile time).
 */
export function unet2Obligations(cfg: UNet2Config, inH: number, inW: number): string | null {
  const { convKernel: k, convStride: s, convPadding: p } = cfg;
  const checks: Array<() => string | null> = [
    () => preserves("h_convH", "conv2d", inH, k, s, p, "H"),
    () => preserves("h_convW", "conv2d", inW, k, s, p, "W"),
    () => preservesAfterPool("h_convH_down", cfg, inH, "H"),
    () => preservesAfterPool("h_convW_down", cfg, inW, "W"),
    () => restores(cfg, "h_upH", inH, "H"),
    () => restores(cfg, "h_upW", inW, "W"),
    () => preserves("h_outH", "head conv2d", inH, cfg.headKernel, cfg.headStride, cfg.headPadding, "H"),
    () => preserves("h_outW", "head conv2d", inW, cfg.headKernel, cfg.headStride, cfg.headPadding, "W"),
  ];
  for (const check of checks) {
    const failure = check();
    if (failure !== null) return failure;
  }
  return null;
}

function preservesAfterPool(name: string, cfg: UNet2Config, size: number, axis: string): string | null {
  let down: number;
  try {
    down = unetDownH(cfg, size, axis);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  return preserves(name, "conv2d", down, cfg.convKernel, cfg.convStride, cfg.convPadding, axis);
}
