import type { FloatArray } from "./geometry.js";

/** y = max(x, 0); NaN stays NaN (as PyTorch's relu). */
export function reluForward(x: FloatArray, y: FloatArray): void {
  const len = x.length;
  for (let i = 0; i < len; i++) {
    const v = x[i]!;
    y[i] = v > 0 || v !== v ? v : 0;
  }
}
