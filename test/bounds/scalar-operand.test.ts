/**
 * add, sub and mul with a plain-number operand: the forward rounds the number to float32 (operand.ts sideOf, as
 * PyTorch casts a Python scalar), so a float32 model computes fl(x ∘ fl(c)), not fl(x ∘ c). Their bound rules re-ran
 * the op with c unrounded and allowed one rounding, γ₁·(|x| + |c|): the two roundings together reach about 2u
 * relative, outside. Point boxes (ε 0) at inputs just above powers of two, with numbers about half a float32 ulp
 * from a float32 (one call bounds 4,096 independent elements).
 */
import { describe, expect, it } from "vitest";
import type { Shape } from "../../types/tensor/shape.js";
import { bounds } from "../../src/bounds/index.js";
import { createRng } from "../../src/random.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { ops, type T } from "./untyped.js";

const n = 4096;
const r = createRng(1);
const x = Tensor.wrap(
  [1, n] as Shape,
  "float32",
  Float32Array.from({ length: n }, () => (r.uniform() < 0.5 ? -1 : 1) * 2 ** (r.int(8) - 4) * (1 + r.uniform() * (r.uniform() < 0.5 ? 2 ** -8 : 1))),
) as T;
/** Numbers near a float32 but not one: 1 + 2⁻²⁴ + 2⁻⁴⁰ rounds up to 1 + 2⁻²³, almost half an ulp away. */
const numbers = [1 + 2 ** -24 + 2 ** -40, -(1 + 2 ** -24 + 2 ** -41), 0.75 + 2 ** -26 + 2 ** -45, 3 * (1 + 2 ** -24 + 2 ** -42)];

describe("bounds of add, sub and mul by a number cover the float32 forward, which rounds the number first", () => {
  for (const c of numbers) {
    for (const [name, f] of [
      ["add(x, c)", (v: T) => ops.add(v, c)],
      ["sub(c, x)", (v: T) => ops.sub(c, v)],
      ["mul(c, x)", (v: T) => ops.mul(c, v)],
    ] as const) {
      it(`${name} with c = ${c}`, () => {
        const y = f(x).data;
        for (const method of ["ibp", "crown"] as const) {
          const b = bounds(f, { center: x, epsilon: 0 }, { method });
          const outside = Array.from(y).filter((v, i) => !(v >= b.lower.data[i]! && v <= b.upper.data[i]!));
          expect(outside).toEqual([]);
        }
      });
    }
  }
});
