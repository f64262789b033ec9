import { expect } from "vitest";
import type { Shape } from "../../types/tensor/shape.js";
import { noGrad } from "../../src/autograd/grad-mode.js";
import { currentBackend, useBackend } from "../../src/backend.js";
import type { BoundsResult } from "../../src/bounds/index.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { type BackendUnderTest, backendsUnderTest } from "../helpers/backends.js";
import { sharedWasmBackend } from "../wasm/shared-backends.js";
import { type BoundsCase, collectPoints, type F32Box } from "./points.js";

export * from "./points.js";

export interface Margin {
  /** The smallest distance from a float32 output to its bound over every point, output and backend. */
  readonly min: number;
  readonly points: number;
  readonly backends: number;
}

/** Runs every point through the float32 forward on every backend (default: backendsUnderTest) and checks it against each result's bounds. */
export async function expectSound(
  c: BoundsCase,
  points: readonly Float32Array[],
  results: readonly BoundsResult<Shape>[],
  backends: readonly BackendUnderTest[] = backendsUnderTest,
): Promise<Margin> {
  const n = points[0]!.length;
  const previous = currentBackend();
  let min = Number.POSITIVE_INFINITY;
  try {
    for (const entry of backends) {
      useBackend(await entry.create());
      const batch = 256;
      for (let s = 0; s < points.length; s += batch) {
        const part = points.slice(s, s + batch);
        const data = new Float32Array(part.length * n);
        part.forEach((p, b) => {
          data.set(p, b * n);
        });
        const y = noGrad(() => c.forward(Tensor.wrap([part.length, ...c.inputShape.slice(1)] as Shape, "float32", data))).data;
        const outSize = y.length / part.length;
        for (const r of results) {
          const lo = r.lower.data;
          const hi = r.upper.data;
          for (let b = 0; b < part.length; b++) {
            for (let j = 0; j < outSize; j++) {
              const v = y[b * outSize + j]!;
              const margin = Math.min(v - lo[j]!, hi[j]! - v);
              if (!(margin >= 0)) {
                expect.fail(`${c.name} on ${entry.name}: output ${j} = ${v} outside [${lo[j]}, ${hi[j]}] (${r.method}) at point ${s + b}`);
              }
              if (margin < min) min = margin;
            }
          }
        }
      }
    }
  } finally {
    useBackend(previous);
  }
  return { min, points: points.length, backends: backends.length };
}

/** collectPoints with the forward and backward of PGD on the 2-thread wasm backend (the points do not depend on it). */
export async function collectPointsOnWasm(c: BoundsCase, box: F32Box, total: number, seed: number): Promise<Float32Array[]> {
  const previous = currentBackend();
  useBackend(await sharedWasmBackend(2));
  try {
    return collectPoints(c, box, total, seed);
  } finally {
    useBackend(previous);
  }
}
