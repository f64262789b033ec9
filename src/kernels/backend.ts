import type { Conv2dGeometry, ConvTranspose2dGeometry, FloatArray, Pool2dGeometry } from "./geometry.js";
import type { AttentionBackwardProblems } from "./attention.js";
import type { MatmulProblem } from "./matmul.js";
import type { ResidentHeap } from "../tensor/resident.js";
import type { AdamStepConstants } from "./adam-step.js";

/**
 * Every kernel the typed layer calls. A backend (pure TypeScript, WebAssembly SIMD, ...)
 * implements all of them with the same contract:
 * - outputs are preallocated by the caller and fully overwritten (never accumulated into);
 * - x, w, y, dy, dx, dw all share one element type (Float32Array or Float64Array);
 * - nothing is allocated per element; no closures in inner loops.
 * Ops never call a backend directly: `currentBackend()` hands it out behind `checkedBackend`
 * (checked-backend.ts), which checks every array's length against the geometry first, so a backend may trust
 * its geometry (docs/reliability.md).
 */
export interface KernelBackend {
  readonly name: string;
  /**
   * Where ops inside `tidy` put their float32 outputs so the next kernel reads them in place (the WebAssembly
   * backend's memory, src/tensor/resident.ts); absent or null: outputs are JS arrays.
   */
  readonly residentHeap?: ResidentHeap | null;
  /**
   * y = conv2d(x, w) + bias; with `relu`, y = max(that, 0) as reluForward computes it (NaN stays NaN),
   * applied as the outputs are written so the pre-activation never makes a round trip through memory.
   */
  conv2dForward(g: Conv2dGeometry, x: FloatArray, w: FloatArray, bias: FloatArray | null, y: FloatArray, relu?: boolean): void;
  /** dx = vector-Jacobian product of conv2d w.r.t. x for upstream dy. */
  conv2dBackwardData(g: Conv2dGeometry, dy: FloatArray, w: FloatArray, dx: FloatArray): void;
  /** dw (and db when given: sum of dy over n, h, w) for upstream dy. */
  conv2dBackwardWeight(g: Conv2dGeometry, x: FloatArray, dy: FloatArray, dw: FloatArray, db: FloatArray | null): void;
  /**
   * conv2d's gradients in one call, so dy is read once: with `reluY` (conv2dRelu's output) dy is first masked as
   * reluBackward masks it; then dx as conv2dBackwardData computes it and dw, db as conv2dBackwardWeight does, each
   * when given. Returns false, writing nothing, where it does not apply (float64 arrays, an empty batch); the op
   * then calls those kernels. Optional.
   */
  conv2dBackward?(
    g: Conv2dGeometry,
    x: FloatArray,
    w: FloatArray,
    dy: FloatArray,
    reluY: FloatArray | null,
    dx: FloatArray | null,
    dw: FloatArray | null,
    db: FloatArray | null,
  ): boolean;
  /** Transposed convolution: y = convTranspose2d(x, w) + bias, written into y. */
  convTranspose2dForward(g: ConvTranspose2dGeometry, x: FloatArray, w: FloatArray, bias: FloatArray | null, y: FloatArray): void;
  /** The transposed convolution's gradient with respect to x, written into dx. */
  convTranspose2dBackwardData(g: ConvTranspose2dGeometry, dy: FloatArray, w: FloatArray, dx: FloatArray): void;
  /** The transposed convolution's gradients with respect to w (into dw) and the bias (into db, when given). */
  convTranspose2dBackwardWeight(g: ConvTranspose2dGeometry, x: FloatArray, dy: FloatArray, dw: FloatArray, db: FloatArray | null): void;
  /**
   * y = max over each window; indices[i] = flat index (h * inW + w) inside the (n, c) input plane of the
   * first maximum in row-major window order (PyTorch's convention). NaN wins and propagates, as in PyTorch.
   */
  maxPool2dForward(g: Pool2dGeometry, x: FloatArray, y: FloatArray, indices: Int32Array): void;
  /** dx = 0, then dx[plane + indices[i]] += dy[i] (windows may overlap). */
  maxPool2dBackward(g: Pool2dGeometry, dy: FloatArray, indices: Int32Array, dx: FloatArray): void;
  /**
   * out = a + b elementwise, three float32 arrays of one length (out may be a or b): the float32 sum, as JS's
   * double sum rounded to float32 gives it. Optional: the add op and the tape's gradient sums run their own loop.
   */
  addArrays?(a: Float32Array, b: Float32Array, out: Float32Array): void;
  /**
   * mse's sum over two float32 arrays of one length: the sum of (p[i] - t[i])^2, each difference and square in float64
   * as the loss's loop takes them, summed in a fixed order of the backend's (not the loop's one pass, so the last bits of
   * the float64 sum may differ). Optional: the loss runs its loop.
   */
  squaredDifferenceSum?(p: Float32Array, t: Float32Array): number;
  /**
   * mse's gradient: out[i] = (p[i] - t[i]) * scale * g[i] (g null: * scale), the difference and products in float64
   * and rounded once to float32, four float32 arrays of one length; scale times g[i] is taken first. With scale 2s, and
   * with scale 2 and g, the loss loop's `(2 * d) * s` and `(2 * d) * g[i]` bit for bit. Optional: the loss runs its loop.
   */
  scaledDifference?(p: Float32Array, t: Float32Array, g: Float32Array | null, scale: number, out: Float32Array): void;
  /**
   * One Adam update in place over float32 arrays of one length (p, m, v written; g read), the same bits as the
   * reference loop `adamStep` (src/kernels/adam-step.ts). Optional: the optimizer runs that loop.
   */
  adamStep?(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, k: AdamStepConstants): void;
  /** y = max(x, 0); NaN stays NaN. */
  reluForward(x: FloatArray, y: FloatArray): void;
  /** dx = 0 where y <= 0, else dy (PyTorch's threshold_backward: 0 at exactly 0; a NaN y passes dy through). `y` is the forward output. */
  reluBackward(y: FloatArray, dy: FloatArray, dx: FloatArray): void;
  /**
   * c[i] = op(a[aIndex[i]]) · op(b[bIndex[i]]) + bias (per column, when given) for every output matrix i
   * (see MatmulProblem in matmul.ts: transposed operands are read in place, broadcast batches by index).
   * With `relu`, c = max(that, 0) as reluForward computes it (NaN stays NaN), applied before c leaves the kernel.
   * Optional so that partial backends (test doubles) still type: the ops fall back to the JS kernel.
   */
  matmul?(p: MatmulProblem, a: FloatArray, b: FloatArray, bias: FloatArray | null, c: FloatArray, relu?: boolean): void;
  /**
   * True when `matmul` honours `MatmulProblem.layout` (strided operands: attention heads read where they lie).
   * Without it the kernel guard runs such problems on the JS kernel, so a backend written before layouts existed
   * stays correct.
   */
  readonly stridedMatmul?: boolean;
  /**
   * True when `matmul` honours `relu`. Without it the kernel guard applies relu to the products after the call, so a
   * backend written before the flag existed stays correct.
   */
  readonly reluMatmul?: boolean;
  /**
   * Softmax over `rows` contiguous rows of `n` floats (the last axis): y = exp(x - m) / sum(exp(x - m)) per row, m
   * the row's maximum, as src/ops/reduce/softmax.ts computes it (a row holding NaN or +inf, or all -inf, is NaN).
   * Float32 only; optional (partial backends and the JS backend lack it): the op then runs its own loops.
   */
  softmaxRows?(rows: number, n: number, x: Float32Array, y: Float32Array): void;
  /** Softmax's gradient per row: dx = y * (gy - sum(gy * y)), `y` the forward's output. Float32 only; optional. */
  softmaxRowsBackward?(rows: number, n: number, y: Float32Array, gy: Float32Array, dx: Float32Array): void;
  /**
   * linear's gradients in one call, so gy (rows x outF) is read once: with `reluY` (linearRelu's output) gy is first
   * masked as reluBackward masks it (g); then dx = g · w (rows x inF), dw = gᵀ · x (outF x inF) and db = g summed
   * over its rows (`addRows`), each when given, as the op's own steps compute them (src/ops/linalg/linear.ts).
   * Returns false, writing nothing, where it does not apply (float64 arrays, an empty size). Optional.
   */
  linearBackward?(
    rows: number,
    inF: number,
    outF: number,
    x: FloatArray,
    w: FloatArray,
    gy: FloatArray,
    reluY: FloatArray | null,
    dx: FloatArray | null,
    dw: FloatArray | null,
    db: FloatArray | null,
  ): boolean;
  /**
   * Attention's forward in one call, so each operand is read once (MultiheadAttention's packed projection is one
   * array for q, k and v): the scores qk(q, k), scaled in place (each product in f64 rounded once to f32, as the JS
   * op's `x[i] * scale`), then the op's own step on them in place when it has one (`maskScaled`: the mask, the
   * causal triangle; given a view of the scaled scores where the backend holds them), then probs = their
   * softmax over rows of qk.n, a row of only -inf giving 0 (PyTorch's `_safe_softmax`, rows found by
   * `blockedRows`), then out = pv(probs, v) where pv's layout puts it. Each step as the op's own
   * (src/ops/linalg/attention-core.ts): the same products, the same softmax.
   * Returns false, writing nothing, where it does not apply (float64 arrays, sizes its kernels do not tile); the op
   * then takes its own steps. Optional.
   */
  attentionForward?(
    qk: MatmulProblem,
    pv: MatmulProblem,
    q: FloatArray,
    k: FloatArray,
    v: FloatArray,
    scale: number,
    maskScaled: ((scores: Float32Array) => void) | null,
    probs: FloatArray,
    out: FloatArray,
  ): boolean;
  /**
   * Attention's backward in one call, from the forward's probs and the output's gradient gy: dv = p.dv(probs, gy);
   * dS = scale · softmax's gradient of p.dp(gy, v); dq = p.dq(dS, k); dk = p.dk(dS, q); each written where its
   * problem's layout puts it, each only when its problem is given. Returns false, writing nothing, where it does
   * not apply (as attentionForward). Optional.
   */
  attentionBackward?(
    p: AttentionBackwardProblems,
    q: FloatArray,
    k: FloatArray,
    v: FloatArray,
    probs: FloatArray,
    gy: FloatArray,
    scale: number,
    dq: FloatArray | null,
    dk: FloatArray | null,
    dv: FloatArray | null,
  ): boolean;
  /**
   * Layer norm over `rows` contiguous rows of `n` floats, as src/ops/norm/layer-norm.ts computes it: each row's
   * mean and rstd = 1 / sqrt(biased variance + eps) into `mean` and `rstd` (rows each), and
   * y = (x - mean) * rstd * weight + bias (weight and bias n floats, either null). Float32 only; optional.
   */
  layerNormRows?(
    rows: number,
    n: number,
    eps: number,
    x: Float32Array,
    weight: Float32Array | null,
    bias: Float32Array | null,
    y: Float32Array,
    mean: Float64Array,
    rstd: Float64Array,
  ): void;
  /**
   * Layer norm's gradients from the forward's `mean` and `rstd`, for those asked (non-null): with g = gy * weight
   * and h = (x - mean) * rstd, dx = rstd * (g - mean(g) - h * mean(g * h)) per row; dWeight = sum over rows of
   * gy * h, dBias = sum over rows of gy (n floats each, overwritten). Float32 only; optional.
   */
  layerNormRowsBackward?(
    rows: number,
    n: number,
    x: Float32Array,
    weight: Float32Array | null,
    mean: Float64Array,
    rstd: Float64Array,
    gy: Float32Array,
    dx: Float32Array | null,
    dWeight: Float32Array | null,
    dBias: Float32Array | null,
  ): void;
  /**
   * Whether a float32 conv of geometry g (forward and data gradient; a transposed conv's geometry as it is) runs by
   * Winograd here. Certified bounds (src/bounds) size the rounding of their own float32 steps by it; a backend
   * that does not say is assumed to possibly use Winograd F(2x2, 3x3) on 3x3 stride-1 convs.
   */
  winogradFor?(g: Conv2dGeometry): boolean;
  /** Runs fn with every conv of this backend a direct sum of products (no Winograd): bounds' float32 steps. */
  directConvs?<T>(fn: () => T): T;
}
