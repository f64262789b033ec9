import type { Shape } from "../../types/tensor/shape.js";
import { createBatchNorm2d } from "../../src/ops/index.js";
import { createRng, type Rng } from "../../src/random.js";
import { Tensor } from "../../src/tensor/tensor.js";
import type { BoundsCase } from "./points.js";
import { ops, type T } from "./untyped.js";

/** How number operands of add/sub/mul are drawn: float32 values only, or any float64 (rounded by the forward). */
export type Scalars = "float32" | "float64";

export interface FuzzCase extends BoundsCase {
  readonly recipe: string;
  /** Centre of the box (batch 1) and its scale of values. */
  readonly center: Float32Array;
}

/** The dtype of the parameters fuzzModel makes (float64 models run on the JS kernels on every backend). */
let paramDType: "float32" | "float64" = "float32";

const param = (r: Rng, shape: readonly number[], scale: number): T => {
  const n = shape.reduce((a, b) => a * b, 1);
  const data =
    paramDType === "float32"
      ? Float32Array.from({ length: n }, () => Math.fround(r.normal() * scale))
      : Float64Array.from({ length: n }, () => r.normal() * scale);
  return Tensor.wrap(shape as Shape, paramDType, data as Float32Array) as T;
};

const pick = <V>(r: Rng, xs: readonly V[]): V => xs[r.int(xs.length)]!;

/** An awkward number: far from float32 when `scalars` is "float64" (its float32 rounding is about half an ulp away). */
function scalar(r: Rng, scalars: Scalars): number {
  const v = r.normal() * pick(r, [0.5, 1, 3]);
  if (scalars === "float32") return Math.fround(v);
  const f = Math.fround(v);
  const ulp = Math.abs(Math.fround(f * (1 + 2 ** -23)) - f) || 2 ** -149;
  return f + ulp * (0.49 + 0.01 * r.uniform()) * (r.uniform() < 0.5 ? 1 : -1);
}

/**
 * A random image model over every op docs/bounds.md lists, with a linear head. The geometry (kernel, stride,
 * padding, dilation, ceil mode, output padding, sizes) is drawn per layer and kept valid; every layer keeps the batch axis.
 */
export function fuzzModel(seed: number, scalars: Scalars = "float32", head = true, dtype: "float32" | "float64" = "float32"): FuzzCase {
  paramDType = dtype;
  const r = createRng(seed);
  let c = 1 + r.int(3);
  let h = 3 + r.int(8);
  let w = 3 + r.int(8);
  const inputShape = [1, c, h, w];
  const steps: ((x: T) => T)[] = [];
  const names: string[] = [];
  const valueScale = pick(r, [1, 1, 1, 30, 1e4, 1e6]);
  const act = () => {
    const k = r.int(4);
    const slope = pick(r, [0.01, 0.2, 0.3]);
    names.push(["relu", `leakyRelu(${slope})`, "sigmoid", "tanh"][k]!);
    steps.push([ops.relu, (x: T) => ops.leakyRelu(x, { negativeSlope: slope }), ops.sigmoid, ops.tanh][k]!);
  };
  const layers = 2 + r.int(4);
  for (let layer = 0; layer < layers; layer++) {
    const kind = r.int(14);
    if (kind <= 1) {
      // conv2d, any geometry, the two axes' apart sometimes
      const axis = () => {
        const k = pick(r, [1, 2, 3, 3, 5]);
        return { k, s: pick(r, [1, 1, 2]), d: k > 1 ? pick(r, [1, 1, 2]) : 1, p: r.int(Math.min(k, 3)) };
      };
      const a = axis();
      const b = r.uniform() < 0.3 ? axis() : a;
      const oh = Math.floor((h + 2 * a.p - a.d * (a.k - 1) - 1) / a.s) + 1;
      const ow = Math.floor((w + 2 * b.p - b.d * (b.k - 1) - 1) / b.s) + 1;
      if (oh < 1 || ow < 1) continue;
      const out = 1 + r.int(4);
      const wt = param(r, [out, c, a.k, b.k], 1 / Math.sqrt(c * a.k * b.k));
      const bias = r.uniform() < 0.7 ? param(r, [out], 0.3 * valueScale) : null;
      const fused = r.uniform() < 0.2;
      const options = { stride: [a.s, b.s], padding: [a.p, b.p], dilation: [a.d, b.d] } as const;
      steps.push((x) => (fused ? ops.conv2dRelu : ops.conv2d)(x, wt, bias, options));
      const geometry = a === b ? `k${a.k} s${a.s} p${a.p} d${a.d}` : `k${a.k}x${b.k} s${a.s},${b.s} p${a.p},${b.p} d${a.d},${b.d}`;
      names.push(`conv${fused ? "Relu" : ""}(${geometry} ${c}->${out})`);
      c = out;
      h = oh;
      w = ow;
      if (!fused && r.uniform() < 0.7) act();
    } else if (kind === 2) {
      // 3x3 stride 1: Winograd-eligible, with enough channels for "auto" sometimes
      const p = pick(r, [0, 1, 1, 2]);
      const oh = h + 2 * p - 2;
      const ow = w + 2 * p - 2;
      if (oh < 1 || ow < 1) continue;
      const out = pick(r, [2, 4, 8, 24]);
      const wt = param(r, [out, c, 3, 3], 1 / Math.sqrt(9 * c));
      const b = param(r, [out], 0.3 * valueScale);
      steps.push((x) => ops.conv2d(x, wt, b, { padding: p }));
      names.push(`conv3x3(p${p} ${c}->${out})`);
      c = out;
      h = oh;
      w = ow;
      act();
    } else if (kind === 3) {
      const k = pick(r, [2, 3]);
      const s = pick(r, [1, 2]);
      const d = pick(r, [1, 1, 2]);
      const p = r.int(k);
      const op = r.int(Math.max(s, d));
      const oh = (h - 1) * s - 2 * p + d * (k - 1) + op + 1;
      const ow = (w - 1) * s - 2 * p + d * (k - 1) + op + 1;
      if (oh < 1 || ow < 1 || oh > 24 || ow > 24) continue;
      const out = 1 + r.int(4);
      const wt = param(r, [c, out, k, k], 1 / Math.sqrt(c * k));
      const b = r.uniform() < 0.5 ? param(r, [out], 0.3 * valueScale) : null;
      steps.push((x) => ops.convTranspose2d(x, wt, b, { stride: s, padding: p, dilation: d, outputPadding: op }));
      names.push(`convT(k${k} s${s} p${p} d${d} op${op} ${c}->${out})`);
      c = out;
      h = oh;
      w = ow;
    } else if (kind === 4) {
      const k = pick(r, [2, 3]);
      const s = pick(r, [1, 2]);
      const d = pick(r, [1, 1, 2]);
      const p = r.int(Math.floor(k / 2) + 1);
      const ceilMode = r.uniform() < 0.3;
      const size = (n: number) => {
        const e = n + 2 * p - d * (k - 1) - 1;
        let o = (ceilMode ? Math.ceil(e / s) : Math.floor(e / s)) + 1;
        if (ceilMode && (o - 1) * s >= n + p) o--;
        return o;
      };
      if (h + 2 * p - d * (k - 1) - 1 < 0 || w + 2 * p - d * (k - 1) - 1 < 0) continue;
      steps.push((x) => ops.maxPool2d(x, { kernel: k, stride: s, padding: p, dilation: d, ceilMode }));
      names.push(`maxPool(k${k} s${s} p${p} d${d}${ceilMode ? " ceil" : ""})`);
      h = size(h);
      w = size(w);
    } else if (kind === 5) {
      const k = pick(r, [2, 3]);
      const s = pick(r, [1, 2]);
      const p = r.int(Math.floor(k / 2) + 1);
      const ceilMode = r.uniform() < 0.3;
      const countIncludePad = r.uniform() < 0.5;
      const size = (n: number) => {
        const e = n + 2 * p - k;
        let o = (ceilMode ? Math.ceil(e / s) : Math.floor(e / s)) + 1;
        if (ceilMode && (o - 1) * s >= n + p) o--;
        return o;
      };
      if (h + 2 * p < k || w + 2 * p < k) continue;
      steps.push((x) => ops.avgPool2d(x, { kernel: k, stride: s, padding: p, ceilMode, countIncludePad }));
      names.push(`avgPool(k${k} s${s} p${p}${ceilMode ? " ceil" : ""}${countIncludePad ? "" : " excl"})`);
      h = size(h);
      w = size(w);
    } else if (kind === 6) {
      const mode = pick(r, ["nearest", "bilinear"] as const);
      const alignCorners = mode === "bilinear" && r.uniform() < 0.5;
      if (r.uniform() < 0.5) {
        const sf = pick(r, [2, 1.5, 0.7, 3]);
        const oh = Math.floor(h * sf);
        const ow = Math.floor(w * sf);
        if (oh < 1 || ow < 1 || oh > 24 || ow > 24) continue;
        steps.push((x) => ops.interpolate(x, { scaleFactor: sf, mode, ...(mode === "bilinear" && { alignCorners }) }));
        names.push(`interp(${mode} x${sf}${alignCorners ? " ac" : ""})`);
        h = oh;
        w = ow;
      } else {
        const oh = 1 + r.int(12);
        const ow = 1 + r.int(12);
        steps.push((x) => ops.interpolate(x, { size: [oh, ow], mode, ...(mode === "bilinear" && { alignCorners }) }));
        names.push(`interp(${mode} ${oh}x${ow}${alignCorners ? " ac" : ""})`);
        h = oh;
        w = ow;
      }
    } else if (kind === 7) {
      const ch = h - 2 * r.int(Math.floor(h / 2) + 1);
      const cw = w - 2 * r.int(Math.floor(w / 2) + 1);
      if (ch < 1 || cw < 1) continue;
      steps.push((x) => ops.centerCrop(x, [ch, cw]));
      names.push(`crop(${ch}x${cw})`);
      h = ch;
      w = cw;
    } else if (kind === 8) {
      const s = createBatchNorm2d(c, { dtype: paramDType }) as unknown as ReturnType<typeof createBatchNorm2d<number>>;
      for (const t of [s.weight, s.bias])
        t.data.forEach((_, i) => {
          t.data[i] = Math.fround(r.normal());
        });
      s.runningMean.data.forEach((_, i) => {
        s.runningMean.data[i] = Math.fround(r.normal() * valueScale);
      });
      s.runningVar.data.forEach((_, i) => {
        s.runningVar.data[i] = Math.fround((0.05 + r.uniform()) * valueScale * valueScale);
      });
      steps.push((x) => ops.batchNorm2d(x, s));
      names.push("batchNorm2d");
      if (r.uniform() < 0.5) act();
    } else if (kind === 9) {
      const groups = pick(
        r,
        Array.from({ length: c }, (_, i) => i + 1).filter((g) => c % g === 0),
      );
      const wt = r.uniform() < 0.7 ? param(r, [c], 1) : null;
      const b = wt !== null ? param(r, [c], 0.5) : null;
      if (r.uniform() < 0.5) {
        steps.push((x) => ops.groupNorm(x, groups, wt, b));
        names.push(`groupNorm(${groups})`);
      } else {
        const width = w;
        const ww = r.uniform() < 0.7 ? param(r, [w], 1) : null;
        const wb = ww && param(r, [w], 0.5);
        steps.push((x) => ops.layerNorm(x, [width], ww, wb));
        names.push("layerNorm(W)");
      }
    } else if (kind === 10) {
      // constant operands: a number or a broadcast tensor
      const which = r.int(3);
      const constant = r.uniform() < 0.5 ? scalar(r, scalars) * valueScale : param(r, pick(r, [[1, c, 1, 1], [1, c, h, w], [w]]), valueScale);
      const cname = typeof constant === "number" ? "number" : `[${constant.shape.join(",")}]`;
      const flip = r.uniform() < 0.5;
      if (which === 0) steps.push((x) => (flip ? ops.add(constant, x) : ops.add(x, constant)));
      else if (which === 1) steps.push((x) => (flip ? ops.sub(constant, x) : ops.sub(x, constant)));
      else {
        const factor = typeof constant === "number" ? scalar(r, scalars) : param(r, [1, c, 1, 1], 1);
        steps.push((x) => (flip ? ops.mul(factor, x) : ops.mul(x, factor)));
      }
      names.push(`${["add", "sub", "mul"][which]}${flip ? "(c, x)" : "(x, c)"} ${cname}`);
    } else if (kind === 11) {
      // residual: x + conv(x) (3x3 same padding), or x − relu(...)
      const wt = param(r, [c, c, 3, 3], 0.5 / Math.sqrt(9 * c));
      const minus = r.uniform() < 0.3;
      steps.push((x) => (minus ? ops.sub : ops.add)(x, ops.relu(ops.conv2d(x, wt, null, { padding: 1 }))));
      names.push(minus ? "x-relu(conv)" : "x+relu(conv)");
    } else if (kind === 12) {
      // concat along channels with a 1x1 conv branch, or along W with itself scaled
      const out = 1 + r.int(3);
      const wt = param(r, [out, c, 1, 1], 1);
      if (r.uniform() < 0.6) {
        steps.push((x) => ops.concat([x, ops.conv2d(x, wt, null)], 1));
        names.push(`concat(C +${out})`);
        c += out;
      } else {
        const f = paramDType === "float32" ? Math.fround(0.5 + r.uniform()) : 0.5 + r.uniform();
        steps.push((x) => ops.concat([ops.mul(x, f), x], 3));
        names.push("concat(W)");
        w *= 2;
      }
    } else {
      // reshape round trip (batch kept) and a flatten/unflatten
      const cc = c;
      const hh = h;
      const ww = w;
      steps.push((x) => ops.reshape(ops.flatten(x, 1), [x.shape[0]!, cc, hh, ww]));
      names.push("flatten-reshape");
    }
  }
  const hidden = 2 + r.int(4);
  const head1 = param(r, [hidden, c * h * w], 1 / Math.sqrt(c * h * w));
  const headB = param(r, [hidden], 0.2);
  const head2 = param(r, [3, hidden], 1 / Math.sqrt(hidden));
  const headAct = r.int(3);
  if (head) names.push(`linear(${c * h * w}->${hidden}) ${["relu", "tanh", "none"][headAct]} linear(->3)`);
  const center = Float32Array.from({ length: inputShape.reduce((a, b) => a * b, 1) }, () => Math.fround(r.normal() * valueScale));
  return {
    name: `fuzz model ${seed}`,
    recipe: `scale ${valueScale}: ${names.join(" → ")}`,
    inputShape,
    center,
    forward: (x) => {
      if (!head) return steps.reduce((v, f) => f(v), x);
      const y = ops.linear(
        ops.flatten(
          steps.reduce((v, f) => f(v), x),
          1,
        ),
        head1,
        headB,
      );
      const a = headAct === 0 ? ops.relu(y) : headAct === 1 ? ops.tanh(y) : y;
      return ops.linear(a, head2);
    },
  };
}

/**
 * 3x3 stride-1 convs and transposed convs (the Winograd paths' geometry) on images of 3 to 20 a side, so
 * F(4x4) runs too (16 and more), with adversarial values: large, or alternating signs (the transforms cancel).
 */
export function winogradModel(seed: number): FuzzCase {
  const r = createRng(seed);
  let c = pick(r, [1, 2, 3, 8]);
  let h = pick(r, [3, 4, 5, 7, 12, 16, 17, 20]);
  let w = pick(r, [3, 4, 6, 16, 18, 20]);
  const inputShape = [1, c, h, w];
  const steps: ((x: T) => T)[] = [];
  const names: string[] = [];
  const valueScale = pick(r, [1, 1e3, 1e5]);
  const layers = 1 + r.int(3);
  for (let layer = 0; layer < layers; layer++) {
    const p = pick(r, [0, 1, 2]);
    const transposed = r.uniform() < 0.35;
    const oh = transposed ? h - 2 * p + 2 : h + 2 * p - 2;
    const ow = transposed ? w - 2 * p + 2 : w + 2 * p - 2;
    if (oh < 3 || ow < 3 || oh > 22 || ow > 22) continue;
    const out = pick(r, [1, 2, 4, 8, 16]);
    const alternating = r.uniform() < 0.4;
    const wt = Tensor.wrap(
      (transposed ? [c, out, 3, 3] : [out, c, 3, 3]) as Shape,
      "float32",
      Float32Array.from({ length: out * c * 9 }, (_, i) =>
        Math.fround((alternating ? (i % 2 ? -1 : 1) * (0.5 + r.uniform()) : r.normal()) / Math.sqrt(9 * c)),
      ),
    ) as T;
    const b = r.uniform() < 0.5 ? param(r, [out], valueScale) : null;
    const fused = !transposed && r.uniform() < 0.3;
    if (transposed) steps.push((x) => ops.convTranspose2d(x, wt, b, { padding: p }));
    else steps.push((x) => (fused ? ops.conv2dRelu : ops.conv2d)(x, wt, b, { padding: p }));
    names.push(`${transposed ? "convT" : fused ? "convRelu" : "conv"}3x3(p${p} ${c}->${out}${alternating ? " alt" : ""}) ${h}x${w}`);
    c = out;
    h = oh;
    w = ow;
    if (!fused && layer < layers - 1 && r.uniform() < 0.6) {
      steps.push(ops.relu);
      names.push("relu");
    }
  }
  const alternatingInput = r.uniform() < 0.5;
  const center = Float32Array.from({ length: inputShape.reduce((a, b) => a * b, 1) }, (_, i) =>
    Math.fround((alternatingInput ? (i % 2 ? -1 : 1) * (1 + 0.01 * r.normal()) : r.normal()) * valueScale),
  );
  return {
    name: `winograd model ${seed}`,
    recipe: `scale ${valueScale}${alternatingInput ? " alt input" : ""}: ${names.join(" → ")}`,
    inputShape,
    center,
    forward: (x) => steps.reduce((v, f) => f(v), x),
  };
}

/**
 * Shallow models where CROWN is exact or nearly so at the box's vertices (an affine map, then one nonlinear op,
 * sometimes a 1x1 conv after it), so a relaxation line or a select index that is off by a little shows as an output
 * outside the bounds: conv → relu | leakyRelu | sigmoid | tanh | maxPool2d | avgPool2d → relu.
 */
export function shallowModel(seed: number): FuzzCase {
  const r = createRng(seed);
  paramDType = "float32";
  const c = 1 + r.int(3);
  const h = 5 + r.int(4);
  const w = 5 + r.int(4);
  const out = 1 + r.int(3);
  const k = pick(r, [1, 2, 3]);
  const wt = param(r, [out, c, k, k], 1 / Math.sqrt(c * k * k));
  const b = param(r, [out], 0.2);
  const kind = r.int(7);
  const slope = pick(r, [0.05, 0.3]);
  const pool = { kernel: pick(r, [2, 3]), stride: pick(r, [1, 2]) };
  const nonlinear: ((x: T) => T)[] = [
    ops.relu,
    (x) => ops.leakyRelu(x, { negativeSlope: slope }),
    ops.sigmoid,
    ops.tanh,
    (x) => ops.maxPool2d(x, pool),
    (x) => ops.maxPool2d(ops.relu(x), pool),
    (x) => ops.relu(ops.avgPool2d(x, pool)),
  ];
  const label = ["relu", `leakyRelu(${slope})`, "sigmoid", "tanh", `maxPool(k${pool.kernel} s${pool.stride})`, "relu → maxPool", "avgPool → relu"][
    kind
  ]!;
  const mix = r.uniform() < 0.3 ? param(r, [2, out, 1, 1], 1) : null;
  const center = Float32Array.from({ length: c * h * w }, () => Math.fround(r.normal()));
  return {
    name: `shallow model ${seed}`,
    recipe: `conv(k${k} ${c}->${out}) → ${label}${mix ? " → conv(1x1)" : ""}`,
    inputShape: [1, c, h, w],
    center,
    forward: (x) => {
      const y = nonlinear[kind]!(ops.conv2d(x, wt, b));
      return mix ? ops.conv2d(y, mix, null) : y;
    },
  };
}

/**
 * One op straight on the input, over a point or tiny box, so nothing before it widens the interval and the op's own
 * rounding term is all that covers the float32 forward: inputs just above powers of two (where u·|x| is half an ulp,
 * the tightest case) or at large scale.
 */
export function roundingModel(seed: number): FuzzCase {
  const r = createRng(seed);
  paramDType = "float32";
  const c = 1 + r.int(3);
  const h = 3 + r.int(5);
  const w = 3 + r.int(5);
  const kind = r.int(12);
  const ops1: [string, (x: T) => T][] = [
    ["sigmoid", ops.sigmoid],
    ["tanh", ops.tanh],
    ["leakyRelu(0.3)", (x) => ops.leakyRelu(x, { negativeSlope: 0.3 })],
    [
      "batchNorm2d",
      (() => {
        const s = createBatchNorm2d(c);
        s.weight.data.forEach((_, i) => {
          s.weight.data[i] = Math.fround(r.normal());
          s.bias.data[i] = Math.fround(r.normal());
          s.runningMean.data[i] = Math.fround(r.normal());
          s.runningVar.data[i] = Math.fround(0.1 + r.uniform());
        });
        return (x: T) => ops.batchNorm2d(x, s);
      })(),
    ],
    ["avgPool(k3 s1 p1)", (x) => ops.avgPool2d(x, { kernel: 3, stride: 1, padding: 1 })],
    ["interp(bilinear x2)", (x) => ops.interpolate(x, { scaleFactor: 2, mode: "bilinear" })],
    [
      "mul(x, c) [1,c,1,1]",
      (() => {
        const t = param(r, [1, c, 1, 1], 1);
        return (x: T) => ops.mul(x, t);
      })(),
    ],
    [
      "add(x, c) [1,c,h,w]",
      (() => {
        const t = param(r, [1, c, h, w], 1);
        return (x: T) => ops.add(x, t);
      })(),
    ],
    [
      "conv(k3 p1)",
      (() => {
        const t = param(r, [2, c, 3, 3], 0.5);
        const b = param(r, [2], 0.5);
        return (x: T) => ops.conv2d(x, t, b, { padding: 1 });
      })(),
    ],
    [
      "convT(k2 s2)",
      (() => {
        const t = param(r, [c, 2, 2, 2], 0.5);
        return (x: T) => ops.convTranspose2d(x, t, null, { stride: 2 });
      })(),
    ],
    ["layerNorm(W)", (x) => ops.layerNorm(x, [w], null, null)],
    ["groupNorm(1)", (x) => ops.groupNorm(x, 1, null, null)],
  ];
  const [label, op] = ops1[kind]!;
  const scale = pick(r, [1, 1, 1e3]);
  const center = Float32Array.from({ length: c * h * w }, () =>
    Math.fround((r.uniform() < 0.5 ? -1 : 1) * scale * 2 ** (r.int(6) - 3) * (1 + r.uniform() * 2 ** -6)),
  );
  return { name: `rounding model ${seed}`, recipe: `scale ${scale}: ${label} on the input`, inputShape: [1, c, h, w], center, forward: op };
}
