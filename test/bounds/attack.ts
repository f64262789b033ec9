import type { Shape } from "../../types/tensor/shape.js";
import { noGrad } from "../../src/autograd/grad-mode.js";
import { currentBackend, useBackend } from "../../src/backend.js";
import { bounds, type BoundsResult } from "../../src/bounds/index.js";
import type { KernelBackend } from "../../src/kernels/backend.js";
import { createRng } from "../../src/random.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { type BoundsCase, collectPoints, type F32Box } from "./points.js";
import type { FuzzCase } from "./attack-models.js";

export interface NamedBackend {
  readonly name: string;
  readonly backend: KernelBackend;
  /** Runs convolutions as direct sums only (covered by kernels: "direct"). */
  readonly direct: boolean;
}

/** One box shape for a case: ε relative to the values' scale, with some coordinates pinned (lower == upper). */
export type BoxKind = "point" | "tiny" | "small" | "large" | "pinned";

/** A box with float32 ends around the case's centre. */
export function fuzzBox(c: FuzzCase, kind: BoxKind, seed: number): F32Box {
  const r = createRng(seed);
  let scale = 0;
  for (const v of c.center) scale = Math.max(scale, Math.abs(v));
  const eps = { point: 0, tiny: 1e-6, small: 1e-2, large: 0.5, pinned: 0.1 }[kind] * scale;
  const lower = new Float32Array(c.center.length);
  const upper = new Float32Array(c.center.length);
  c.center.forEach((v, i) => {
    const pinned = kind === "pinned" && r.uniform() < 0.5;
    lower[i] = pinned ? v : Math.fround(v - eps * r.uniform());
    upper[i] = pinned ? v : Math.fround(v + eps * r.uniform());
  });
  return { lower, upper };
}

export interface Violation {
  readonly backend: string;
  readonly config: string;
  readonly output: number;
  readonly value: number;
  readonly lower: number;
  readonly upper: number;
  readonly point: Float32Array;
}

export interface AttackReport {
  readonly violations: Violation[];
  /** Smallest margin over every point, output, backend and config. */
  readonly minMargin: number;
  /** Outputs where CROWN's interval is wider than IBP's (never allowed). */
  readonly crownLooser: number;
  readonly points: number;
  readonly evaluations: number;
}

/** Bounds of the case for every method × kernels option; the points of the box (corners, uniform, PGD); every backend. */
export function attack(c: FuzzCase & BoundsCase, box: F32Box, backends: readonly NamedBackend[], total: number, seed: number): AttackReport {
  const lo = Tensor.wrap(c.inputShape as Shape, "float32", box.lower);
  const hi = Tensor.wrap(c.inputShape as Shape, "float32", box.upper);
  const configs: { name: string; direct: boolean; r: BoundsResult<Shape> }[] = [];
  for (const method of ["ibp", "crown"] as const) {
    for (const kernels of ["any", "direct"] as const) {
      configs.push({
        name: `${method}/${kernels}`,
        direct: kernels === "direct",
        r: bounds(c.forward, { lower: lo, upper: hi }, { method, kernels }),
      });
    }
  }
  let crownLooser = 0;
  for (const kernels of [0, 1]) {
    const ibp = configs[kernels]!.r;
    const crown = configs[2 + kernels]!.r;
    for (let j = 0; j < ibp.lower.data.length; j++) {
      if (crown.lower.data[j]! < ibp.lower.data[j]! || crown.upper.data[j]! > ibp.upper.data[j]!) crownLooser++;
    }
  }
  const points = collectPoints(c, box, total, seed, 5);
  points.push(box.lower.slice(), box.upper.slice());
  const n = box.lower.length;
  const violations: Violation[] = [];
  let minMargin = Number.POSITIVE_INFINITY;
  let evaluations = 0;
  const previous = currentBackend();
  try {
    for (const be of backends) {
      useBackend(be.backend);
      const data = new Float32Array(points.length * n);
      points.forEach((p, b) => {
        data.set(p, b * n);
      });
      const y = noGrad(() => c.forward(Tensor.wrap([points.length, ...c.inputShape.slice(1)] as Shape, "float32", data))).data;
      const outSize = y.length / points.length;
      for (const cfg of configs) {
        if (cfg.direct && !be.direct) continue;
        const l = cfg.r.lower.data;
        const u = cfg.r.upper.data;
        for (let b = 0; b < points.length; b++) {
          for (let j = 0; j < outSize; j++) {
            const v = y[b * outSize + j]!;
            const margin = Math.min(v - l[j]!, u[j]! - v);
            evaluations++;
            if (!(margin >= 0)) {
              if (violations.length < 20)
                violations.push({ backend: be.name, config: cfg.name, output: j, value: v, lower: l[j]!, upper: u[j]!, point: points[b]! });
            } else if (margin < minMargin) minMargin = margin;
          }
        }
      }
    }
  } finally {
    useBackend(previous);
  }
  return { violations, minMargin, crownLooser, points: points.length, evaluations };
}

/**
 * CROWN's windows (batch 1) against whole rows (batch 2, the same box twice): the largest difference of a bound,
 * relative to 1 + |bounds|. Windows drop only zeros, so it must be at float64 noise.
 */
export function windowsDifference(c: FuzzCase, box: F32Box, kernels: "any" | "direct" = "any"): number {
  const n = box.lower.length;
  const make = (batch: number) => {
    const lower = new Float32Array(batch * n);
    const upper = new Float32Array(batch * n);
    for (let b = 0; b < batch; b++) {
      lower.set(box.lower, b * n);
      upper.set(box.upper, b * n);
    }
    const shape = [batch, ...c.inputShape.slice(1)] as Shape;
    return { lower: Tensor.wrap(shape, "float32", lower), upper: Tensor.wrap(shape, "float32", upper) };
  };
  const one = bounds(c.forward, make(1), { method: "crown", kernels });
  const two = bounds(c.forward, make(2), { method: "crown", kernels });
  const outs = one.lower.data.length;
  let worst = 0;
  for (let b = 0; b < 2; b++) {
    for (let i = 0; i < outs; i++) {
      const scale = 1 + Math.abs(one.lower.data[i]!) + Math.abs(one.upper.data[i]!);
      worst = Math.max(
        worst,
        Math.abs(two.lower.data[b * outs + i]! - one.lower.data[i]!) / scale,
        Math.abs(two.upper.data[b * outs + i]! - one.upper.data[i]!) / scale,
      );
    }
  }
  return worst;
}
