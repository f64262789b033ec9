import { printable } from "./printable.js";

/** One way a file's tensors differ from a model's parameters. */
export interface StateDictProblem {
  readonly name: string;
  readonly kind: "missing" | "unexpected" | "shape" | "dtype";
  /** The model's shape (missing, shape, dtype). */
  readonly expected?: readonly number[];
  /** The file's shape (unexpected, shape, dtype). */
  readonly actual?: readonly number[];
  /** One line, in loadStateDict's wording. */
  readonly message: string;
}

/** A tensor as a file lists it. */
export interface ListedTensor {
  readonly name: string;
  readonly dtype: string;
  readonly shape: readonly number[];
}

const fmt = (shape: readonly number[]): string => `[${shape.join(", ")}]`;

/**
 * Every difference between a model's parameters (`expected`: name → shape, in the model's order) and a file's
 * tensors: missing names, extra names, wrong shapes, and dtypes that cannot be loaded. Model order first, then
 * the extras in file order. Empty when `loadStateDict` would accept the file.
 */
export function stateDictProblems(
  expected: Readonly<Record<string, { readonly shape: readonly number[] }>>,
  actual: readonly ListedTensor[],
  loadable: (dtype: string) => boolean,
): StateDictProblem[] {
  const byName = new Map(actual.map((t) => [t.name, t]));
  const problems: StateDictProblem[] = [];
  for (const [name, { shape: want }] of Object.entries(expected)) {
    const got = byName.get(name);
    if (got === undefined) {
      problems.push({ name, kind: "missing", expected: want, message: `missing ${name} (expected ${fmt(want)})` });
    } else if (got.shape.length !== want.length || got.shape.some((d, i) => d !== want[i])) {
      problems.push({ name, kind: "shape", expected: want, actual: got.shape, message: `${name}: expected ${fmt(want)}, got ${fmt(got.shape)}` });
    } else if (!loadable(got.dtype)) {
      problems.push({ name, kind: "dtype", expected: want, actual: got.shape, message: `${name}: dtype ${printable(got.dtype)} cannot be loaded (expected F32, F64, F16 or BF16)` });
    }
  }
  for (const t of actual) {
    if (!Object.hasOwn(expected, t.name)) problems.push({ name: t.name, kind: "unexpected", actual: t.shape, message: `unexpected ${printable(t.name)} ${fmt(t.shape)}` });
  }
  return problems;
}
