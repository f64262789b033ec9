import type { LinearBiasMismatch, LinearInFeatures, MatmulInnerMismatch } from "../../../types/ops/linalg/messages.js";

// Runtime twins of types/ops/linalg/messages.ts: each return type IS the message type.

export function matmulInnerMismatch<BAxis extends number, A extends number, B extends number>(
  bAxis: BAxis,
  a: A,
  b: B,
): MatmulInnerMismatch<BAxis, A, B> {
  return `matmul: a's last axis and b's axis ${bAxis} must match: ${a} vs ${b}`;
}

export function linearInFeatures<W extends number, X extends number>(w: W, x: X): LinearInFeatures<W, X> {
  return `linear: weight axis 1 (in_features) and x's last axis must match: ${w} vs ${x}`;
}

export function linearBiasMismatch<B extends number, O extends number>(b: B, o: O): LinearBiasMismatch<B, O> {
  return `linear: bias axis 0 and weight axis 0 (out_features) must match: ${b} vs ${o}`;
}
