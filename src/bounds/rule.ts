import type { DType, Shape } from "../../types/tensor/shape.js";
import type { Tensor } from "../tensor/tensor.js";
import type { TransposeRounding } from "./conv-rounding.js";
import type { Window } from "./window.js";

type AnyTensor = Tensor<Shape, DType>;

/** An op's inputs as a bound rule sees them: tensors in the order `record` got them, null or undefined where absent. */
export type BoundArgs = readonly (AnyTensor | null | undefined)[];

/**
 * What the engine hands an affine rule's `rounding`: `m[i]` bounds |input i| elementwise (null for a constant
 * input), `absApply(args)` runs the op with every coefficient and constant replaced by its absolute value (so
 * `absApply(m)` bounds Σ|a·x| + |b| per output), `u` is the unit roundoff of the model's dtype.
 */
export interface RoundingContext {
  readonly m: readonly (Float64Array | null)[];
  readonly shapes: readonly (readonly number[] | null)[];
  readonly absApply: (m: readonly (Float64Array | null)[]) => Float64Array;
  readonly u: number;
  /** Whether the forwards covered include Winograd convolutions (bounds' option kernels: "any"). */
  readonly winograd: boolean;
}

/**
 * An op that is affine in its perturbed inputs once the others are fixed (linear, conv2d, convTranspose2d, add,
 * sub, mul by a constant, reshape, concat, centerCrop, avgPool2d, interpolate, batchNorm2d in eval...).
 * `apply` re-runs the op's own forward on float64 tensors of the recorded shapes (the engine passes the
 * constants as float64 copies); the engine gets the centre through `apply`, the radius through `abs` and the
 * backward step of a linear bound through the tape's VJP of `apply`.
 */
export interface AffineRule {
  readonly kind: "affine";
  readonly apply: (args: BoundArgs) => AnyTensor;
  /**
   * The op with |coefficients|: default `apply` with every constant replaced by its absolute value (right when
   * each Jacobian entry is one coefficient, as in conv or linear); sub overrides it (a − b has the entry −1).
   */
  readonly abs?: (args: BoundArgs) => AnyTensor;
  /**
   * A bound on |fl(y) − y| per output for the float forward the kernels run: a number k means
   * γ_k · absApply(m) (every output a sum of at most k rounded operations on the terms a·x and b); a function
   * computes it (conv2d adds the Winograd path's bound).
   */
  readonly rounding: number | ((ctx: RoundingContext) => Float64Array);
  /** A message when the op is not affine in this set of perturbed inputs (mul of two perturbed tensors), else null. */
  readonly affineIn?: (perturbed: readonly boolean[]) => string | null;
  /**
   * CROWN's backward step through the op in float32 by the backend's own kernels, for a float32 model perturbed in
   * input 0 only (conv2d, convTranspose2d, linear): without it the step is the VJP of the float64 re-run.
   */
  readonly transpose?: Float32Transpose;
  /**
   * CROWN's backward step when the op only moves numbers (concat, reshape): rows (K × the op's output) times the
   * Jacobian, exactly, into one array per input (`outs[i]` sized K × input i, every element written).
   */
  readonly transposeExact?: (rows: Float64Array, k: number, outs: readonly Float64Array[]) => void;
  /** transposeExact for rows over a window of the output's planes (src/bounds/window.ts): every input gets the same window; null when it does not apply. */
  readonly transposeExactWindow?: (out: Window) => ((rows: Float64Array, k: number, outs: readonly Float64Array[]) => void) | null;
}

/**
 * rows (K × the op's output, float32) times the Jacobian for input 0, and the rounding of that product: for every
 * row Λ (float64, rounded to float32 on the way in) and every input x with |x| ≤ m,
 * |computed·x − Λ·J·x| ≤ the TransposeRounding `rounding(am, m)` returns (conv-rounding.ts), given
 * am = absApply(m) (the op with |coefficients| applied to m, |bias| included) and m itself.
 */
export interface Float32Transpose {
  /** Writes rows·J (K × the op's input 0) into `out`, every element. */
  readonly rows: (rows: Float32Array, k: number, out: Float32Array) => void;
  /**
   * The same for rows over a window of the output's planes: the window of input 0 they reach (possibly past its
   * planes: those numbers belong to the zero padding and are dropped) and the product into that window.
   */
  readonly window?: (out: Window) => { readonly input: Window; readonly rows: (rows: Float32Array, k: number, out: Float32Array) => void };
  readonly rounding: (am: Float64Array, m: Float64Array) => TransposeRounding;
}

/** Lines a·x + b below (lower) and above (upper) an activation on [l, u], per element. */
export interface Relaxation {
  readonly lowerSlope: Float64Array;
  readonly lowerIntercept: Float64Array;
  readonly upperSlope: Float64Array;
  readonly upperIntercept: Float64Array;
}

/** An elementwise nondecreasing function (relu, leakyRelu, sigmoid, tanh). */
export interface ActivationRule {
  readonly kind: "activation";
  /** The real function, evaluated in float64 (IBP applies it to the lower and upper bounds). */
  readonly f: (x: number) => number;
  /** CROWN's linear relaxation on each [l[i], u[i]]. */
  readonly relax: (l: Float64Array, u: Float64Array) => Relaxation;
  /**
   * |fl(f(x)) − f(x)| ≤ relError · |f(x)| + absError for the float forward, and also for the engine's own float64
   * evaluation of f (so IBP's f(l) and f(u) may be off by as much).
   */
  readonly relError: (u: number) => number;
  readonly absError: number;
  /**
   * True when the relaxation of an element with l ≥ 0 or u ≤ 0 is exact whatever l and u are (ReLU-like): CROWN
   * then refines only the unstable elements' pre-activation bounds (auto_LiRPA's sparse intermediate bounds).
   */
  readonly sparse: boolean;
}

/**
 * An op whose output element is the largest of a set of input elements (maxPool2d): nondecreasing in every
 * input, so IBP is `apply` on the lower and on the upper bounds; CROWN uses y ≥ x[lowerIndex] and
 * y ≤ x[upperIndex] (where that input dominates its window) or else y ≤ upperConst.
 */
export interface SelectRule {
  readonly kind: "select";
  readonly apply: (args: BoundArgs) => AnyTensor;
  readonly relax: (l: Float64Array, u: Float64Array) => SelectRelaxation;
}

export interface SelectRelaxation {
  readonly lowerIndex: Int32Array;
  /** −1 where the upper bound is the constant upperConst. */
  readonly upperIndex: Int32Array;
  readonly upperConst: Float64Array;
}

/**
 * An op bounded by intervals only (layerNorm): `ibp` returns sound output bounds (float rounding included) from
 * the input's; CROWN concretizes its linear bound at this op's interval instead of passing through it.
 */
export interface IntervalRule {
  readonly kind: "interval";
  readonly ibp: (l: Float64Array, u: Float64Array, unitRoundoff: number) => { readonly lower: Float64Array; readonly upper: Float64Array };
}

/** A fused op as its steps (conv2dRelu: the affine conv, then relu); the first gets the op's inputs. */
export interface ChainRule {
  readonly kind: "chain";
  readonly steps: readonly [AffineRule | SelectRule, ...(AffineRule | ActivationRule | SelectRule | IntervalRule)[]];
}

/** An op that cannot be bounded in some configuration (batchNorm2d in training mode): the reason, as a sentence. */
export interface UnboundableRule {
  readonly kind: "unboundable";
  readonly reason: string;
}

/** An op's bound rule, given to `record` as its fifth argument (built only while bounds are being captured). */
export type BoundRule = AffineRule | ActivationRule | SelectRule | IntervalRule | ChainRule | UnboundableRule;

/** Helpers so an op file states its rule in one expression. */
export const affineBound = (rule: Omit<AffineRule, "kind">): AffineRule => ({ kind: "affine", ...rule });
export const selectBound = (rule: Omit<SelectRule, "kind">): SelectRule => ({ kind: "select", ...rule });
export const intervalBound = (ibp: IntervalRule["ibp"]): IntervalRule => ({ kind: "interval", ibp });
export const chainBound = (...steps: ChainRule["steps"]): ChainRule => ({ kind: "chain", steps });
export const unboundable = (reason: string): UnboundableRule => ({ kind: "unboundable", reason });

/** A plain-number operand's absolute value (tensors pass through: the engine gives rules |constant| tensors itself). */
export const absNumber = <T>(v: T): T => (typeof v === "number" ? (Math.abs(v) as T) : v);
