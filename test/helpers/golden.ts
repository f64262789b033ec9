import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

/** `test/golden/`: PyTorch's reference values, committed with the tests (see its README). */
export const goldenDir = fileURLToPath(new URL("../golden/", import.meta.url));

export interface GoldenTensor {
  readonly shape: number[];
  readonly data: number[];
}

export interface GoldenCase {
  readonly name: string;
  readonly op: string;
  readonly params: Record<string, unknown>;
  readonly inputs: Record<string, GoldenTensor>;
  readonly output?: GoldenTensor;
  readonly gy?: GoldenTensor;
  readonly grads?: Record<string, GoldenTensor>;
  readonly stateDict?: Record<string, GoldenTensor>;
  readonly gradsPerStep?: GoldenTensor[];
  readonly paramsAfterStep?: GoldenTensor[];
}

export function loadGolden(file: string): GoldenCase[] {
  const parsed = JSON.parse(readFileSync(goldenDir + file, "utf8")) as { cases: GoldenCase[] };
  return parsed.cases;
}

/** The golden README's tolerance for a float32 implementation: |got - want| <= 1e-4 + 1e-4 * |want|. */
export function expectClose(got: ArrayLike<number>, want: GoldenTensor | ArrayLike<number>, label: string, atol = 1e-4, rtol = 1e-4): void {
  const w: ArrayLike<number> = "data" in want ? want.data : want;
  expect(got.length, `${label}: length`).toBe(w.length);
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < w.length; i++) {
    const excess = Math.abs(got[i]! - w[i]!) - (atol + rtol * Math.abs(w[i]!));
    if (!(excess <= 0) && (worst < 0 || excess > worstExcess || Number.isNaN(excess))) {
      worst = i;
      worstExcess = excess;
    }
  }
  if (worst >= 0) {
    expect.fail(`${label}: element ${worst} is ${got[worst]}, want ${w[worst]} (tolerance ${atol} + ${rtol}·|want|)`);
  }
}
