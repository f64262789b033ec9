import { currentBackend } from "../backend.js";
import type { KernelBackend } from "../kernels/backend.js";
import type { Conv2dGeometry } from "../kernels/geometry.js";
import { WINOGRAD4_MIN_SIDE } from "../kernels/winograd-tiles.js";
import { gamma, unitRoundoff } from "./float-error.js";
import type { RoundingContext } from "./rule.js";

/** One Winograd F(m x m, 3x3) algorithm of src/wasm/assembly/kernels.ts: y = Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A. */
export interface WinogradAlgorithm {
  readonly BT: readonly (readonly number[])[];
  readonly G: readonly (readonly number[])[];
  readonly AT: readonly (readonly number[])[];
  /**
   * Rounded operations along any monomial besides the C-term channel sum: the weight transform (float64, then one
   * float32 rounding; counted as 6), the input transform, the product, the output transform and the bias, and 2 to
   * spare. Keep in step with the kernels' transforms.
   */
  readonly depth: number;
  /** Absolute error from underflow per output: one bound per channel of the inner sum, and a constant, in units of 2^-149. */
  readonly tinyPerChannel: number;
  readonly tinyConstant: number;
}

/** F(2x2, 3x3) (Lavin & Gray): input transform 2, product 1, output transform 4, bias 1 (+ weight 6, spare 2). */
const F2: WinogradAlgorithm = {
  BT: [
    [1, 0, -1, 0],
    [0, 1, 1, 0],
    [0, -1, 1, 0],
    [0, 1, 0, -1],
  ],
  G: [
    [1, 0, 0],
    [0.5, 0.5, 0.5],
    [0.5, -0.5, 0.5],
    [0, 0, 1],
  ],
  AT: [
    [1, 1, 1, 0],
    [0, 1, -1, -1],
  ],
  depth: 16,
  tinyPerChannel: 16,
  tinyConstant: 64,
};

/**
 * F(4x4, 3x3) with points 0, 1, -1, 1/2, -2 (`winoBt6`, `winoAt6`): input transform 3 per dimension, product 1,
 * output transform 4 per dimension, bias 1 (+ weight 6, spare 2). Underflow: the input transform multiplies by
 * integers only (exact on subnormals); each of the 36 products per channel may underflow, then goes through
 * Σ|Aᵀ ⊗ Aᵀ| ≤ 11.125² < 124; the output transform's 40 multiplications by 1/2, 1/4, 1/8 are amplified by at most 64.
 */
export const F4: WinogradAlgorithm = {
  BT: [
    [2, -3, -4, 3, 2, 0],
    [0, -2, 1, 5, 2, 0],
    [0, -2, 5, -1, -2, 0],
    [0, 2, 1, -2, -1, 0],
    [0, 1, -2, -1, 2, 0],
    [0, 2, -3, -4, 3, 2],
  ],
  G: [
    [1 / 2, 0, 0],
    [1 / 6, 1 / 6, 1 / 6],
    [1 / 6, -1 / 6, 1 / 6],
    [16 / 15, 8 / 15, 4 / 15],
    [1 / 30, -1 / 15, 2 / 15],
    [0, 0, 1 / 2],
  ],
  AT: [
    [1, 1, 1, 1, 1, 0],
    [0, 1, -1, 1 / 2, -2, 0],
    [0, 1, 1, 1 / 4, 4, 0],
    [0, 1, -1, 1 / 8, -8, 1],
  ],
  depth: 24,
  tinyPerChannel: 124,
  tinyConstant: 4096,
};

/**
 * κ: expanding the Winograd output into monomials a·g_t·d_i, the sum over the input patch of |coefficient| for one
 * tap t of one output, maximised over taps and outputs. In 1-D it is max_{o,t} Σ_p |Aᵀ[o][p]| |G[p][t]| Σ_i |Bᵀ[p][i]|;
 * the 2-D algorithm is the tensor product, so κ is its square (F(2x2): 16; F(4x4): 286.7).
 */
function kappa({ BT, G, AT }: WinogradAlgorithm): number {
  let best = 0;
  for (const row of AT) {
    for (let t = 0; t < 3; t++) {
      let s = 0;
      for (let p = 0; p < row.length; p++) s += Math.abs(row[p]!) * Math.abs(G[p]![t]!) * BT[p]!.reduce((a, b) => a + Math.abs(b), 0);
      best = Math.max(best, s);
    }
  }
  return best * best;
}

/**
 * How far a monomial's input pixel can be from its tap's pixel: an F(m x m) output tile reads an (m + 2)-square
 * patch, whose pixels lie within m + 1 of the tap's (F(2x2): 3, a 7x7 window; F(4x4): 5, 11x11).
 */
const patchRadius = (a: WinogradAlgorithm): number => a.AT.length + 1;

/** The max of m over the (2 radius + 1)-square window around each element of every (H, W) plane (the planes are the last two axes). */
function maxFilter(m: Float64Array, shape: readonly number[], radius: number): Float64Array {
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
        for (let j = Math.max(0, w - radius); j <= Math.min(W - 1, w + radius); j++) v = Math.max(v, m[o + h * W + j]!);
        rows[o + h * W + w] = v;
      }
    }
    for (let h = 0; h < H; h++) {
      for (let w = 0; w < W; w++) {
        let v = 0;
        for (let i = Math.max(0, h - radius); i <= Math.min(H - 1, h + radius); i++) v = Math.max(v, rows[o + i * W + w]!);
        out[o + h * W + w] = v;
      }
    }
  }
  return out;
}

/**
 * The rounding of a convolution whose outputs are sums of `terms` products plus the bias, in `outChannels` output
 * planes. When `winogradChannels` is a number, the wasm backend may take a Winograd path (3x3, stride 1, dilation 1,
 * images at least 3 a side: F(2x2), or F(4x4) when the input's sides are at least WINOGRAD4_MIN_SIDE, as its
 * options choose) with that many channels in its inner sum. Its float32 result expands into monomials
 * coefficient·w_t·x_i over each tap t and each pixel i of the tile's input patch; along each, at most C + depth
 * roundings, and per tap the |coefficients| sum to at most κ, so |error| ≤ γ_{C+depth}·κ·Σ_t |w_t|·max_i |x_i|
 * (+ underflow). For a tap whose pixel is in the image, max_i |x_i| ≤ maxFilter(|x|) at that pixel (the patch lies
 * within `patchRadius` of it): γ·κ·conv(|W|, maxFilter(|x|)) + |b|·γ. A tap on the zero padding adds nothing exact
 * but its monomials with the patch's image pixels still round: its |w_t| is what conv(|W|, 1) misses at that output
 * against a full output of the same plane (there is one, as the image is 3 or more a side), times max |x| over the
 * image. The bound taken is the largest of the possible paths'.
 */
export function convRounding(terms: number, winogradChannels: number | null, outChannels: number): number | ((ctx: RoundingContext) => Float64Array) {
  if (winogradChannels === null) return terms;
  return (ctx) => {
    const m0 = ctx.m[0]!;
    const shape = ctx.shapes[0]!;
    const bound = ctx.absApply(ctx.m).map((d) => gamma(terms, ctx.u) * d);
    // direct sums only: γ·Σ|terms| and an underflow of at most one subnormal per rounded operation
    if (!ctx.winograd) return bound.map((b) => b + terms * 2 ** -149);
    const padTaps = paddingTaps(ctx, outChannels);
    const f4 = Math.min(shape[shape.length - 2]!, shape[shape.length - 1]!) >= WINOGRAD4_MIN_SIDE;
    for (const a of f4 ? [F2, F4] : [F2]) {
      const spread = ctx.absApply([maxFilter(m0, shape, patchRadius(a)), ...ctx.m.slice(1)]);
      const gw = gamma(winogradChannels + a.depth, ctx.u) * kappa(a);
      // Underflow: a subnormal-sized error per rounded multiplication of the path, times what follows it.
      const tiny = (a.tinyPerChannel * winogradChannels + a.tinyConstant) * 2 ** -149;
      for (let i = 0; i < bound.length; i++) bound[i] = Math.max(bound[i]!, gw * (spread[i]! + padTaps[i]!) + tiny);
    }
    return bound;
  };
}

/**
 * Per output, Σ |w_t| over its taps on the zero padding times max |x| over its image: conv(|W|, 1) (the bias
 * cancels) is largest, and complete, where every tap is in the image, so the shortfall from its plane's max is the
 * padding taps' weight.
 */
function paddingTaps(ctx: RoundingContext, outChannels: number): Float64Array {
  const m0 = ctx.m[0]!;
  const images = ctx.shapes[0]![0]!;
  const inImage = ctx.absApply([new Float64Array(m0.length).fill(1), ...ctx.m.slice(1)]);
  const plane = inImage.length / (images * outChannels);
  const perImage = m0.length / images;
  const out = new Float64Array(inImage.length);
  for (let b = 0; b < images; b++) {
    let xMax = 0;
    for (let i = b * perImage; i < (b + 1) * perImage; i++) xMax = Math.max(xMax, m0[i]!);
    for (let o = 0; o < outChannels; o++) {
      const p0 = (b * outChannels + o) * plane;
      let full = 0;
      for (let i = p0; i < p0 + plane; i++) full = Math.max(full, inImage[i]!);
      for (let i = p0; i < p0 + plane; i++) out[i] = (full - inImage[i]!) * xMax;
    }
  }
  return out;
}

/** What a float32 backward step adds per row Λ: Σ|Λᵢ|·perOutputᵢ plus constant. */
export interface TransposeRounding {
  readonly perOutput: Float64Array;
  readonly constant: number;
}

/**
 * The rounding of CROWN's float32 backward step through a convolution (Float32Transpose in rule.ts), run as a
 * direct sum (`withDirectConvs`; a backend that may take Winograd there gets no float32 step): each input-side
 * element sums at most `terms` products in any order, off by γ·Σ|Λ||J| from the exact, and rounding Λ to float32
 * adds u·|Λ||J|; against |x| ≤ m that is Σᵢ |Λᵢ|·(u + (1 + u)·γ)·amᵢ (am = |J|·m + |b|). Underflow: the constant.
 */
export function convTransposeRounding(terms: number): (am: Float64Array, m: Float64Array) => TransposeRounding {
  const u = unitRoundoff("float32");
  return (am, m) => {
    const g = gamma(terms, u);
    const perOutput = am.map((a) => (u + (1 + u) * g) * a);
    let sumAm = 0;
    for (const a of am) sumAm += a;
    let sumM = 0;
    for (const v of m) sumM += v;
    return { perOutput, constant: 2 ** -149 * sumAm + (terms + 64) * 2 ** -149 * sumM };
  };
}

/**
 * Runs a float32 backward step of CROWN on the current backend with its convs direct where the backend offers it
 * (`directConvs`): a direct sum of products has the tight γ bound, Winograd's is far looser.
 */
export function withDirectConvs<T>(fn: (backend: KernelBackend) => T): T {
  const backend = currentBackend();
  return backend.directConvs === undefined ? fn(backend) : backend.directConvs(() => fn(backend));
}

/** Whether `withDirectConvs` may still run a conv of geometry g by Winograd (a backend that cannot say: yes): then CROWN steps through it in float64. */
export function stepMayUseWinograd(g: Conv2dGeometry): boolean {
  const backend = currentBackend();
  const fits = g.kH === 3 && g.kW === 3 && g.strideH === 1 && g.strideW === 1 && g.dilH === 1 && g.dilW === 1;
  return fits && backend.directConvs === undefined && (backend.winogradFor?.(g) ?? true);
}
