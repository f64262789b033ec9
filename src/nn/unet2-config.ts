import type { UNet2ConfigShape, UNet2DefaultConfig, UNet2WF, UNetDownH as DownH, UNetUpH as UpH, WithConfig } from "../../types/nn/unet2.js";
import { ShapeError } from "../errors.js";
import { convOut } from "../shape/conv-out.js";
import { convTransposeOut } from "../shape/conv-transpose-out.js";
import { poolOut } from "../shape/pool-out.js";
import { toNat } from "../shape/natural.js";
import { convMustPreserve, mustBeEven, mustBeMultiple, nonZeroFact, upMustRestore } from "./messages.js";

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
  const merged: Record<string, number> = { ...unet2DefaultConfig };
  // An explicit `undefined` keeps the default, as the type says.
  for (const [key, value] of Object.entries(overrides)) {
    // tsc rejects unknown fields in a literal; a config read from JSON needs the same protection from typos.
    if (!(key in unet2DefaultConfig))
      throw new ShapeError(`withConfig: unknown UNet2Config field "${key}"; the fields are ${Object.keys(unet2DefaultConfig).join(", ")}`);
    if (value !== undefined) merged[key] = value;
  }
  return Object.freeze(merged) as unknown as WithConfig<O>;
}

/** The seed's order of the twelve fields: the order in which WF reports them. */
const configFields = Object.keys(unet2DefaultConfig) as (keyof UNet2Config)[];
const nonZeroFields = ["poolKernel", "poolStride", "convKernel", "convStride", "upKernel", "upStride", "headKernel", "headStride"] as const;

/** The message of a value that is not a natural number below 2^53 (as CheckNat gives it), or null. */
function natFailure(value: number, where: string): string | null {
  try {
    toNat(value, where);
    return null;
  } catch (e) {
    if (e instanceof ShapeError) return e.message;
    throw e;
  }
}

/** The seed's `UNet2Config.WF`, at both levels: a type (true or the failing facts) and a runtime validator. */
export namespace UNet2Config {
  export type WF<Cfg extends UNet2Config> = UNet2WF<Cfg>;

  /**
   * Every failing fact, named, in the order the type gives them (empty when well formed): first any field that
   * is not a natural number, then the seed's non-zero facts.
   */
  export function WF(cfg: UNet2Config): string[] {
    const failures: string[] = [];
    for (const key of configFields) {
      const failure = natFailure(cfg[key], `UNet2Config.WF: ${key}`);
      if (failure !== null) failures.push(failure);
    }
    for (const key of nonZeroFields) if (cfg[key] === 0) failures.push(nonZeroFact(key, "≠ 0"));
    if (cfg.baseC === 0) failures.push(nonZeroFact("baseC", "> 0"));
    return failures;
  }
}

/** Throws a ShapeError listing every failing fact, joined by "; " as in the compile-time message. */
export function assertUNet2WF(cfg: UNet2Config): void {
  const failures = UNet2Config.WF(cfg);
  if (failures.length > 0) throw new ShapeError(failures.join("; "));
}

/** Height after UNet2's pool, for a config (types/nn/unet2.ts). */
export type UNetDownH<Cfg extends UNet2Config, InH extends number> = DownH<Cfg, InH>;
/** Height after UNet2's pool then transposed conv, for a config. */
export type UNetUpH<Cfg extends UNet2Config, InH extends number> = UpH<Cfg, InH>;
export type { UNetDownW, UNetUpW } from "../../types/nn/unet2.js";

/** The pool's output size along one axis; `op` names the layer (or the obligation) in an error. */
function down(cfg: UNet2Config, size: number, op: string, axis: string): number {
  return poolOut(size, cfg.poolKernel, cfg.poolStride, 0, 1, false, op, axis);
}

/** The transposed conv's output size for an input of size `below`. */
function up(cfg: UNet2Config, below: number, op: string, axis: string): number {
  return convTransposeOut(below, cfg.upKernel, cfg.upStride, cfg.upPadding, 0, 1, op, axis);
}

/** The seed's `UNetDownH` at run time. */
export const unetDownH = (cfg: UNet2Config, inH: number): number => down(cfg, inH, "UNet2 maxPool2d", "H");
/** Width after UNet2's pool (the runtime twin of UNetDownW). */
export const unetDownW = (cfg: UNet2Config, inW: number): number => down(cfg, inW, "UNet2 maxPool2d", "W");

/** The seed's `UNetUpH` at run time. */
export const unetUpH = (cfg: UNet2Config, inH: number): number => up(cfg, unetDownH(cfg, inH), "UNet2 upT", "H");
/** Width after UNet2's pool then transposed conv (the runtime twin of UNetUpW). */
export const unetUpW = (cfg: UNet2Config, inW: number): number => up(cfg, unetDownW(cfg, inW), "UNet2 upT", "W");

/** A size computation's result, or its ShapeError's message. */
function sizeOrMessage(compute: () => number): number | string {
  try {
    return compute();
  } catch (e) {
    if (e instanceof ShapeError) return e.message;
    throw e;
  }
}

/** The conv obligations (h_convH, h_outH, …): the layer maps `size` to itself; null, or the message. */
function preserves(name: string, layer: string, size: number | string, k: number, s: number, p: number, axis: string): string | null {
  if (typeof size === "string") return size;
  const out = sizeOrMessage(() => convOut(size, k, s, p, 1, `UNet2 ${name}: ${layer}`, axis));
  if (typeof out === "string") return out;
  return out === size ? null : convMustPreserve(name, layer, k, s, p, axis, size, out);
}

/** h_convH_down / h_convW_down: the conv block below the pool keeps the pooled size. */
function preservesBelow(cfg: UNet2Config, name: string, size: number, axis: string): string | null {
  const below = sizeOrMessage(() => down(cfg, size, `UNet2 ${name}: maxPool2d`, axis));
  return preserves(name, "conv2d", below, cfg.convKernel, cfg.convStride, cfg.convPadding, axis);
}

/** h_upH / h_upW: pool then transposed conv give back `size`. */
function restores(cfg: UNet2Config, name: string, size: number, axis: string): string | null {
  const back = sizeOrMessage(() => up(cfg, down(cfg, size, `UNet2 ${name}: maxPool2d`, axis), `UNet2 ${name}: convTranspose2d`, axis));
  if (typeof back === "string") return back;
  if (back === size) return null;
  const ps = cfg.poolStride;
  const hint = size % ps === 0 ? "" : ps === 2 ? mustBeEven(axis) : mustBeMultiple(axis, ps);
  return upMustRestore(name, cfg.poolKernel, ps, cfg.upKernel, cfg.upStride, axis, size, back, hint);
}

/**
 * The eight obligations at run time, in the seed's order; null when all hold, else the first failure's message
 * (the same sentence `UNet2Obligations` gives at compile time). Expects a config that passed `UNet2Config.WF`.
 */
export function unet2Obligations(cfg: UNet2Config, inH: number, inW: number): string | null {
  const { convKernel: k, convStride: s, convPadding: p } = cfg;
  const checks: Array<() => string | null> = [
    () => preserves("h_convH", "conv2d", inH, k, s, p, "H"),
    () => preserves("h_convW", "conv2d", inW, k, s, p, "W"),
    () => preservesBelow(cfg, "h_convH_down", inH, "H"),
    () => preservesBelow(cfg, "h_convW_down", inW, "W"),
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
