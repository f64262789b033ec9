/**
 * What every family's mistakes.ts and errors.test.ts share: tensors and values the compiler cannot judge (so each
 * check happens at run time), the run-time assertion that a call throws a given class with the exact sentence,
 * one `it` per entry of a mistakes table, and the type helpers with which tsc (TS 5.9 and TS 7) proves the
 * compile-time message IS that sentence.
 */
import { describe, expect, it } from "vitest";
import { ShapeError } from "../../src/errors.js";
import { type Tensor, zeros } from "../../src/tensor/tensor.js";
import type { DType } from "../../types/tensor/shape.js";

/** A zero tensor whose shape type is `number[]` (and dtype `DType` when given): every check on it happens at run time. */
export function dyn(shape: number[]): Tensor<number[]>;
export function dyn(shape: number[], dtype: DType): Tensor<number[], DType>;
export function dyn(shape: number[], dtype: DType = "float32"): Tensor<number[], DType> {
  return zeros(shape, { dtype });
}

/** An options object the compiler takes as T whatever its keys: its unknown keys are caught at run time only. */
export function unchecked<T>(options: object): T {
  return options as T;
}

/** A number (a dim, size or hyperparameter) the compiler sees only as `number`. */
export function num(value: number): number {
  return value;
}

/** What `run` threw, or undefined when it returned. */
function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (e) {
    return e;
  }
  return undefined;
}

/** `run` throws an instance of `type` whose message is exactly `message`. */
export function expectThrows(run: () => unknown, type: abstract new (...args: never[]) => Error, message: string): void {
  const e = thrown(run);
  expect(e, "throws").toBeInstanceOf(type);
  expect((e as Error).message).toBe(message);
}

/** One mistake: the sentence, and a call that makes it at run time. */
export interface Mistake {
  readonly message: string;
  readonly run: () => unknown;
}

/** A `describe(title)` with one `it` per entry of `table`: its `run` throws a ShapeError whose message is its `message`. */
export function describeMistakes(title: string, table: Readonly<Record<string, Mistake>>): void {
  describe(title, () => {
    for (const [name, mistake] of Object.entries(table)) {
      it(name, () => expectThrows(mistake.run, ShapeError, mistake.message));
    }
  });
}

/** The sentence of entry K of a mistakes table. */
export type MessageOf<Table extends Readonly<Record<string, Mistake>>, K extends keyof Table> = Table[K]["message"];

/** Exact type equality (not mutual assignability). */
export type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
export type Assert<T extends true> = T;
/** Parameter I of F: with F an instantiation expression, the type the compiler checks that argument against. */
export type Arg<F extends (...args: never[]) => unknown, I extends number> = Parameters<F>[I];
export type F32<S extends number[]> = Tensor<S, "float32">;
export type F64<S extends number[]> = Tensor<S, "float64">;
