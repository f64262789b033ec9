import type { FloatArray } from "./geometry.js";

/**
 * dx = 0 where y <= 0, else dy: PyTorch's threshold_backward(dy, y, 0). The derivative at exactly 0
 * is 0; where y is NaN the comparison is false and dy passes through, as in PyTorch.
 */
export function reluBackward(y: FloatArray, dy: FloatArray, dx: FloatArray): void {
  const len = y.length;
  for (let i = 0; i < len; i++) dx[i] = y[i]! <= 0 ? 0 : dy[i]!;
}
