/**
 * PyTorch parity fixtures (scripts/golden/pytorch-parity.py, PyTorch 2.13): `cases.json` (inputs,
 * outputs, gradients, buffers, optimizer trajectories) and each model's state dict as PyTorch's own safetensors
 * layout (num_batches_tracked as I64). Every size and hyperparameter is read from them.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { currentBackend, useBackend } from "../../../src/backend.js";
import { type ParsedSafetensors, parseSafetensors } from "../../../src/io/safetensors.js";
import type { Module } from "../../../src/nn/module.js";
import { type Tensor, tensor } from "../../../src/tensor/tensor.js";
import type { Shape } from "../../../types/tensor/shape.js";
import { backendsUnderTest } from "../../helpers/backends.js";
import { expectClose, type GoldenTensor } from "../../helpers/golden.js";

export type F32 = Tensor<Shape, "float32">;
export type { GoldenTensor };
export { expectClose };

export const fixturesDir = fileURLToPath(new URL("./fixtures/", import.meta.url));

/** Where a case's state dict is, and PyTorch's state_dict() keys in its order. */
export interface StateRef {
  readonly file: string;
  readonly keys: string[];
}

// The JSON's layout is the generator's; each test file declares the part it reads.
export const cases = (JSON.parse(readFileSync(`${fixturesDir}cases.json`, "utf8")) as { cases: Record<string, unknown> }).cases;

/** A model's safetensors file as PyTorch wrote it (num_batches_tracked as I64, read as float64). */
export function readState(ref: StateRef): ParsedSafetensors {
  return parseSafetensors(new Uint8Array(readFileSync(fixturesDir + ref.file)), { copy: true });
}

/** The file's decoded tensors by name: what `loadStateDict` takes. */
export function stateDictOf(ref: StateRef): Record<string, { shape: number[]; data: Float32Array | Float64Array }> {
  return Object.fromEntries(readState(ref).tensors) as Record<string, { shape: number[]; data: Float32Array | Float64Array }>;
}

/** A fixture tensor; a mask's -Infinity is stored as the string "-Infinity" (JSON has no infinities). */
export function toTensor(t: GoldenTensor, requiresGrad = false): F32 {
  const out = tensor(t.shape, (t.data as (number | string)[]).map(Number)) as F32;
  return requiresGrad ? out.requireGrad() : out;
}

/** Every parameter's `.grad` against PyTorch's, by name; the name sets must agree. */
export function expectGrads(module: Module, want: Record<string, GoldenTensor>, label: string): void {
  const named = module.namedParameters();
  expect(named.map(([n]) => n).sort(), `${label}: parameter names`).toEqual(Object.keys(want).sort());
  for (const [name, p] of named) {
    expect(p.grad, `${label}: ${name}.grad`).not.toBeNull();
    expect(p.grad!.shape, `${label}: ${name}.grad shape`).toEqual(want[name]!.shape);
    expectClose(p.grad!.data, want[name]!, `${label}: grad ${name}`);
  }
}

/** Every buffer against PyTorch's, by name (num_batches_tracked included, as a number). */
export function expectBuffers(module: Module, want: Record<string, GoldenTensor>, label: string): void {
  const named = module.namedBuffers();
  expect(named.map(([n]) => n).sort(), `${label}: buffer names`).toEqual(Object.keys(want).sort());
  for (const [name, b] of named) expectClose(b.data, want[name]!, `${label}: buffer ${name}`);
}

/** `describe(title [backend])` once per kernel backend under test, each test run on that backend. */
export function describeOnEveryBackend(title: string, body: () => void): void {
  for (const entry of backendsUnderTest) {
    describe(`${title} [${entry.name}]`, () => {
      const before = currentBackend();
      beforeAll(async () => {
        useBackend(await entry.create());
      });
      afterAll(() => {
        useBackend(before);
      });
      body();
    });
  }
}
