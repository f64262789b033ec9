import { currentBackend } from "../backend.js";
import type { KernelBackend } from "../kernels/backend.js";
import type { Conv2dGeometry } from "../kernels/geometry.js";
import { gamma, unitRoundoff } from "./float-error.js";
import type { RoundingContext } from "./rule.js";

/** Winograd F(2x2, 3x3) (Lavin & Gray), as src/wasm/assembly/kernels.ts: y = Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A. */
const BT = [
  [1, 0, -1, 0],
  [0, 1, 1, 0],
  [0, -1, 1, 0],
  [0, 1, 0, -1],
];
const G = [
  [1, 0, 0],
  [0.5, 0.5, 0.5],
  [0.5, -0.5, 0.5],
  [0, 0, 1],
];
const AT = [
  [1, 1, 1, 0],
  [0, 1, -1, -1],
];

/**
 * κ: expanding the Winograd output into monomials a·g_t·d_i, the sum over the 4x4 patch of |coefficient| for one
 * tap t of one output, maximised over taps and outputs. In 1-D it is max_{o,t} Σ_p |Aᵀ[o][p]| |G[p][t]| Σ_i |Bᵀ[p][i]|;
 * the 2-D algorithm is the tensor product, so κ is its square (16).
 */
export const winogradKappa: number = (() => {
  let best = 0;
  for (let o = 0; o < 2; o++) {
    for (let t = 0; t < 3; t++) {
      let s = 0;
      for (let p = 0; p < 4; p++) s += Math.abs(AT[o]![p]!) * Math.abs(G[p]![t]!) * BT[p]!.reduce((a, b) => a + Math.abs(b), 0);
      best = Math.max(best, s);
    }
  }
  return best * best;
})();

/** Rounded operations along any monomial of the Winograd path besides the C-term channel sum: weight transform 6, input transform 2, product 1, output transform 4, bias 1, and 2 to spare. */
const WINOGRAD_DEPTH = 16;

/** The max of m over the 7x7 window around each element of every (H, W) plane (the planes are the last two axes). */
function maxFilter7(m: Float64Array, shape: readonly number[]): Float64Array {
  const H = shape[shape.length - 2]!;
  const W = shape[shape.length - 1]!;
  const planes = m.length / (H * W);
  const rows = new Float64Array(m.length);
  const out = new Float64Array(m.length);
  for (let p = 0; p < planes; p++) {
    const o = p * H * W;
    for (let h = 0; h < H; h++) {
      for (let w = 0; w < W; w++) {
        let v = 0;
        for (let j = Math.max(0, w - 3); j <= Math.min(W - 1, w + 3); j++) v = Math.max(v, m[o + h * W + j]!);
        rows[o + h * W + w] = v;
      }
    }
    for (let h = 0; h < H; h++) {
      for (let w = 0; w < W; w++) {
        let v = 0;
        for (let i = Math.max(0, h - 3); i <= Math.min(H - 1, h + 3); i++) v = Math.max(v, rows[o + i * W + w]!);
        out[o + h * W + w] = v;
      }
    }
  }
  return out;
}

/**
 * The rounding of a convolution whose outputs are sums of `terms` products plus the bias. When `winogradChannels`
 * is a number, the wasm backend may take the Winograd path (3x3, stride 1, dilation 1) with that many channels in
 * its inner sum: every monomial then goes through at most C + 16 roundings with coefficient sum κ over its 4x4
 * input patch, which lies within 3 pixels of the tap's pixel, so
 * |error| ≤ γ_{C+16} · κ · conv(|W|, maxFilter7(|x|)) + |b|·γ. The bound taken is the larger of the two paths'.
 */
export function convRounding(terms: number, winogradChannels: number | null): number | ((ctx: RoundingContext) => Float64Array) {
  if (winogradChannels === null) return terms;
  return (ctx) => {
    const m0 = ctx.m[0]!;
    const direct = ctx.absApply(ctx.m);
    const spread = ctx.absApply([maxFilter7(m0, ctx.shapes[0]!), ...ctx.m.slice(1)]);
    const gd = gamma(terms, ctx.u);
    const depth = winogradChannels + WINOGRAD_DEPTH;
    const gw = gamma(depth, ctx.u) * winogradKappa;
    // Underflow: at most one subnormal-sized error per rounded operation of the path.
    const tiny = (16 * winogradChannels + 64) * 2 ** -149;
    return direct.map((d, i) => Math.max(gd * d, gw * spread[i]!) + tiny);
  };
}

/**
 * Σᵢ maxFilter7(|row|)ᵢ · weightsᵢ for one row of `planes` (H, W) planes: the Winograd part of a float32 backward
 * step's rounding for that row (see convTransposeRounding). `scratch` holds at least H·W float64s.
 */
export function maxFilter7Dot(row: Float64Array, offset: number, weights: Float64Array, H: number, W: number, scratch: Float64Array): number {
  const planes = weights.length / (H * W);
  let total = 0;
  for (let p = 0; p < planes; p++) {
    const o = p * H * W;
    for (let h = 0; h < H; h++) {
      for (let w = 0; w < W; w++) {
        let v = 0;
        const lo = w < 3 ? 0 : w - 3;
        const hi = w + 3 < W ? w + 3 : W - 1;
        for (let j = lo; j <= hi; j++) {
          const a = Math.abs(row[offset + o + h * W + j]!);
          if (a > v) v = a;
        }
        scratch[h * W + w] = v;
      }
    }
    for (let h = 0; h < H; h++) {
      const lo = h < 3 ? 0 : h - 3;
      const hi = h + 3 < H ? h + 3 : H - 1;
      for (let w = 0; w < W; w++) {
        const wt = weights[o + h * W + w]!;
        if (wt === 0) continue;
        let v = 0;
        for (let i = lo; i <= hi; i++) {
          const a = scratch[i * W + w]!;
          if (a > v) v = a;
        }
        total += v * wt;
      }
    }
  }
  return total;
}

/** What a float32 backward step adds per row Λ: Σ|Λᵢ|·perOutputᵢ, plus Σ maxFilter7(|Λ|)ᵢ·winogradᵢ, plus constant. */
export interface TransposeRounding {
  readonly perOutput: Float64Array;
  /** The Winograd path's weights over the op's output planes of size H x W, or null when it cannot be taken. */
  readonly winograd: { readonly weights: Float64Array; readonly H: number; readonly W: number } | null;
  readonly constant: number;
}

/**
 * The rounding of CROWN's float32 backward step through a convolution (Float32Transpose in rule.ts): the backend
 * computes each input-side element as a sum of at most `terms` products (any order), or — 3x3, stride 1, dilation 1
 * on wasm — by Winograd over `winogradChannels` channels of the rows, whose error for element j is at most
 * γ_{C+16}·κ·(|J|ᵀ·maxFilter7(|Λ|))_j (as convRounding). Summed against |x| ≤ m these are Σᵢ |Λᵢ|·γ·amᵢ and
 * Σᵢ maxFilter7(|Λ|)ᵢ·γ_{C+16}·κ·amᵢ (am = |J|·m + |b|, `outShape` the op's output planes); a call takes one path,
 * so the sum of both bounds it. Rounding Λ to float32 adds u·am, underflow the constant.
 */
export function convTransposeRounding(
  terms: number,
  winogradChannels: number | null,
  outShape: readonly number[],
): (am: Float64Array, m: Float64Array) => TransposeRounding {
  const u = unitRoundoff("float32");
  return (am, m) => {
    const gd = gamma(terms, u);
    const perOutput = am.map((a) => (u + (1 + u) * gd) * a);
    const gw = winogradChannels === null ? 0 : (1 + u) * gamma(winogradChannels + WINOGRAD_DEPTH, u) * winogradKappa;
    const winograd =
      winogradChannels === null ? null : { weights: am.map((a) => gw * a), H: outShape[outShape.length - 2]!, W: outShape[outShape.length - 1]! };
    let sumAm = 0;
    for (const a of am) sumAm += a;
    let sumM = 0;
    for (const v of m) sumM += v;
    const perElement = (terms + 16 * (winogradChannels ?? 0) + 64) * 2 ** -149;
    return { perOutput, winograd, constant: 2 ** -149 * sumAm + perElement * sumM };
  };
}

/**
 * Runs a float32 backward step of CROWN on the current backend with its convs direct where the backend offers it
 * (`directConvs`): a direct sum of products has the tight γ bound; Winograd's is about 50x looser.
 */
export function withDirectConvs<T>(fn: (backend: KernelBackend) => T): T {
  const backend = currentBackend();
  return backend.directConvs === undefined ? fn(backend) : backend.directConvs(() => fn(backend));
}

/** Whether `withDirectConvs` may still run a conv of geometry g by Winograd (a backend that cannot say: yes). */
export function stepMayUseWinograd(g: Conv2dGeometry): boolean {
  const backend = currentBackend();
  const fits = g.kH === 3 && g.kW === 3 && g.strideH === 1 && g.strideW === 1 && g.dilH === 1 && g.dilW === 1;
  return fits && backend.directConvs === undefined && (backend.winogradFor?.(g) ?? true);
}
