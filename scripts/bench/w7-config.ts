/** W7's workload (scripts/bench/w7.ts runs it, scripts/bench.ts prints it). */
export const W7_SIZE = 64;
export const W7_BASE_C = 8;
export const W7_EPSILON = 0.01;

export interface W7Result {
  readonly threads: number;
  readonly backend: string;
  readonly ibpSeconds: number;
  readonly crownSeconds: number;
  /** Outputs bounded (every output pixel). */
  readonly outputs: number;
  /** Pre-activation elements (inputs of the fused conv + ReLU steps) unstable (l < 0 < u) under IBP alone. */
  readonly unstableIbp: number;
  /** The same under CROWN (whose intermediate bounds refine the IBP-unstable ones, as auto_LiRPA's CROWN). */
  readonly unstableCrown: number;
  readonly meanWidthIbp: number;
  readonly meanWidthCrown: number;
  readonly maxRssBytes: number;
}
