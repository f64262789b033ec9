import type { MatmulProblem } from "./matmul.js";

/**
 * The products of attention's backward, as the op places them (null: not computed): dV = Pᵀ·dO, dP = dO·Vᵀ (whose
 * softmax gradient, scaled, is dS), dQ = dS·K and dK = dSᵀ·Q. dP is given exactly when dQ or dK is.
 */
export interface AttentionBackwardProblems {
  readonly dv: MatmulProblem | null;
  readonly dp: MatmulProblem | null;
  readonly dq: MatmulProblem | null;
  readonly dk: MatmulProblem | null;
}
