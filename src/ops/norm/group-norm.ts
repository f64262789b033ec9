import type { OrMessage } from "../../../types/ops/common.js";
import type { DTypeCheck } from "../../../types/ops/dtype-check.js";
import type { FirstMessage } from "../../../types/ops/first-message.js";
import type { ChannelParamCheck, GroupNormXCheck, GroupsCheck } from "../../../types/ops/norm/group-norm.js";
import type { NormOptionNames, NormOptions } from "../../../types/ops/norm/layer-norm.js";
import type { OpenOptions, OptionsGuard } from "../../../types/ops/options.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { ShapeError } from "../../errors.js";
import { allocate, type ArrayFor, Tensor } from "../../tensor/tensor.js";
import { axisMismatch, badRank } from "../../tensor/messages.js";
import { requireDType } from "../dtype.js";
import { requireKnownOptions } from "../options.js";
import type { ShapeGuard } from "../result.js";
import { normOptionNames } from "./layer-norm.js";
import { groupsDoNotDivide, groupsNotPositive } from "./messages.js";
import { recordNorm, rowMoments } from "./row-norm.js";
import { intervalBound } from "../../bounds/rule.js";
import { normInterval } from "../../bounds/norm-interval.js";

const op = "groupNorm";

/** Weight or bias: (C) with x's C (once x's rank is right), then x's dtype. */
type GroupNormParamGuard<Arg extends string, XS extends Shape, D extends DType, PS extends Shape, PD extends DType> = FirstMessage<
  [GroupNormXCheck<XS> extends string ? true : ChannelParamCheck<"groupNorm", Arg, XS, PS>, DTypeCheck<"groupNorm", Arg, "x", D, PD>]
>;

function checkChannelParam(arg: "weight" | "bias", t: Tensor<Shape, DType>, c: number, dtype: DType): void {
  if (t.shape.length !== 1) throw new ShapeError(badRank(op, arg, "(C)", t.shape.length));
  if (t.shape[0] !== c) throw new ShapeError(axisMismatch(op, `${arg} axis 0 and x's channel axis`, t.shape[0]!, c));
  requireDType(op, arg, "x", dtype, t.dtype);
}

/**
 * Group normalization as torch.nn.functional.group_norm: x (N, C, ...) with C split into `numGroups` groups of
 * consecutive channels; each (sample, group) is normalized with its mean and biased variance, then scaled and
 * shifted per channel by weight and bias (C), both optional. Gradients for x, weight and bias.
 */
export function groupNorm<
  XS extends Shape,
  D extends DType,
  const G extends number,
  WS extends Shape = Shape,
  WD extends DType = D,
  BS extends Shape = Shape,
  BD extends DType = D,
  const O extends OpenOptions<NormOptions> = {},
>(
  x: Tensor<XS, D> & ShapeGuard<GroupNormXCheck<XS>>,
  numGroups: OrMessage<G, GroupNormXCheck<XS> extends string ? true : GroupsCheck<XS, G>>,
  weight?: (Tensor<WS, WD> & GroupNormParamGuard<"weight", XS, D, WS, WD>) | null,
  bias?: (Tensor<BS, BD> & GroupNormParamGuard<"bias", XS, D, BS, BD>) | null,
  options?: O & OptionsGuard<"groupNorm", O, NormOptionNames>,
): Tensor<XS, D> {
  const shape: readonly number[] = x.shape;
  if (shape.length < 2) throw new ShapeError(badRank(op, "x", "(N, C, ...)", shape.length));
  const groups = numGroups as number;
  if (!Number.isInteger(groups) || groups <= 0) throw new ShapeError(groupsNotPositive(op, groups));
  const n = shape[0]!;
  const c = shape[1]!;
  if (c % groups !== 0) throw new ShapeError(groupsDoNotDivide(op, c, groups));
  const w = weight ?? null;
  const b = bias ?? null;
  if (w !== null) checkChannelParam("weight", w, c, x.dtype);
  if (b !== null) checkChannelParam("bias", b, c, x.dtype);
  requireKnownOptions(op, options, normOptionNames);
  const eps = options?.eps ?? 1e-5;
  const spatial = shape.slice(2).reduce((p, d) => p * d, 1);
  const geometry: GroupGeometry = { rows: n * groups, groups, perGroup: c / groups, spatial };
  const inner = geometry.perGroup * spatial;
  const rows = inner === 0 ? 0 : geometry.rows;
  const xd = x.data;
  const wd = w === null ? null : w.data;
  const bd = b === null ? null : b.data;
  const { mean, rstd } = rowMoments(xd, rows, inner, eps);
  const y = allocate(x.dtype, x.size);
  for (let r = 0; r < rows; r++) {
    const base = r * inner;
    const m = mean[r]!;
    const s = rstd[r]!;
    const c0 = (r % groups) * geometry.perGroup;
    for (let k = 0; k < geometry.perGroup; k++) {
      const scale = wd === null ? s : s * wd[c0 + k]!;
      const shift = bd === null ? 0 : bd[c0 + k]!;
      const start = base + k * spatial;
      for (let j = start; j < start + spatial; j++) y[j] = (xd[j]! - m) * scale + shift;
    }
  }
  const out = Tensor.wrap(x.shape, x.dtype, y);
  recordNorm(
    op,
    out,
    x,
    w,
    b,
    c,
    (gy, dx, dw, db) => groupNormBackward(geometry, rows, gy, xd, wd, mean, rstd, dx, dw, db),
    () =>
      intervalBound((l, u, unit) =>
        normInterval(l, u, rows, inner, wd, bd, eps, unit, (r, j) => (r % groups) * geometry.perGroup + Math.floor(j / spatial)),
      ),
  );
  return out;
}

interface GroupGeometry {
  /** N * numGroups (each a contiguous block of perGroup * spatial elements). */
  readonly rows: number;
  readonly groups: number;
  readonly perGroup: number;
  readonly spatial: number;
}

/**
 * Per (sample, group), with g = gy * weight[channel] and h = (x - mean) * rstd:
 * dx = rstd * (g - mean(g) - h * mean(g * h)); per channel dWeight += gy * h, dBias += gy.
 */
function groupNormBackward(
  geo: GroupGeometry,
  rows: number,
  gy: ArrayLike<number>,
  xd: ArrayLike<number>,
  wd: ArrayLike<number> | null,
  mean: Float64Array,
  rstd: Float64Array,
  dx: ArrayFor<DType> | null,
  dw: ArrayFor<DType> | null,
  db: ArrayFor<DType> | null,
): void {
  const { groups, perGroup, spatial } = geo;
  const inner = perGroup * spatial;
  for (let r = 0; r < rows; r++) {
    const base = r * inner;
    const m = mean[r]!;
    const s = rstd[r]!;
    const c0 = (r % groups) * perGroup;
    let sumG = 0;
    let sumGH = 0;
    for (let k = 0; k < perGroup; k++) {
      const wk = wd === null ? 1 : wd[c0 + k]!;
      let sumGy = 0;
      let sumGyH = 0;
      const start = base + k * spatial;
      for (let j = start; j < start + spatial; j++) {
        const h = (xd[j]! - m) * s;
        sumGy += gy[j]!;
        sumGyH += gy[j]! * h;
      }
      sumG += wk * sumGy;
      sumGH += wk * sumGyH;
      if (dw !== null) dw[c0 + k]! += sumGyH;
      if (db !== null) db[c0 + k]! += sumGy;
    }
    if (dx === null) continue;
    const meanG = sumG / inner;
    const meanGH = sumGH / inner;
    for (let k = 0; k < perGroup; k++) {
      const wk = wd === null ? 1 : wd[c0 + k]!;
      const start = base + k * spatial;
      for (let j = start; j < start + spatial; j++) {
        const h = (xd[j]! - m) * s;
        dx[j] = s * (wk * gy[j]! - meanG - h * meanGH);
      }
    }
  }
}
