import { ShapeError } from "../errors.js";
import { sameShape } from "../shape/same-shape.js";

/** A tensor as a state dict or a file lists it: `data` and `dtype` are checked when given. */
export interface StateDictEntry {
  readonly shape: readonly number[];
  readonly data?: ArrayLike<number>;
  readonly dtype?: string;
}

/** One way a state dict differs from a model's tensors. */
export type StateDictProblem =
  | { readonly name: string; readonly kind: "missing"; readonly expected: readonly number[] }
  | { readonly name: string; readonly kind: "extra"; readonly actual: readonly number[] }
  | { readonly name: string; readonly kind: "shape"; readonly expected: readonly number[]; readonly actual: readonly number[] }
  /** The right shape, but `data` holds another number of values than the shape has elements. */
  | { readonly name: string; readonly kind: "values"; readonly expected: number; readonly actual: number }
  | { readonly name: string; readonly kind: "dtype"; readonly dtype: string };

/**
 * Every difference between a model's tensors (`expected`: name → shape, in the model's order) and a state dict:
 * missing names, wrong shapes, wrong value counts, dtypes `loadable` refuses, then the extra names in the dict's
 * order. Empty when the dict can be loaded.
 */
export function stateDictProblems(
  expected: Readonly<Record<string, { readonly shape: readonly number[] }>>,
  dict: Readonly<Record<string, StateDictEntry>>,
  loadable: (dtype: string) => boolean = () => true,
): StateDictProblem[] {
  const problems: StateDictProblem[] = [];
  for (const [name, { shape: want }] of Object.entries(expected)) {
    const got = Object.hasOwn(dict, name) ? dict[name] : undefined;
    if (got === undefined) problems.push({ name, kind: "missing", expected: want });
    else if (!sameShape(got.shape, want)) problems.push({ name, kind: "shape", expected: want, actual: got.shape });
    else if (got.data !== undefined && got.data.length !== elements(want))
      problems.push({ name, kind: "values", expected: elements(want), actual: got.data.length });
    else if (got.dtype !== undefined && !loadable(got.dtype)) problems.push({ name, kind: "dtype", dtype: got.dtype });
  }
  for (const [name, t] of Object.entries(dict)) if (!Object.hasOwn(expected, name)) problems.push({ name, kind: "extra", actual: t.shape });
  return problems;
}

/** One problem in loadStateDict's wording; `show` renders the dict's own strings (names, dtypes) for printing. */
export function stateDictProblemText(p: StateDictProblem, show: (text: string) => string = (text) => text): string {
  const name = show(p.name);
  switch (p.kind) {
    case "missing":
      return `missing ${name} (expected ${fmt(p.expected)})`;
    case "shape":
      return `${name}: expected ${fmt(p.expected)}, got ${fmt(p.actual)}`;
    case "values":
      return `${name}: expected ${p.expected} values, got ${p.actual}`;
    case "dtype":
      return `${name}: dtype ${show(p.dtype)} cannot be loaded (expected F32, F64, F16 or BF16)`;
    case "extra":
      return `unexpected ${name} ${fmt(p.actual)}`;
  }
}

/** Throws `Model loadStateDict: N problem(s): …` listing every problem, so nothing is loaded unless all are right. */
export function assertStateDictLoadable(
  model: string,
  expected: Readonly<Record<string, { readonly shape: readonly number[] }>>,
  dict: Readonly<Record<string, StateDictEntry>>,
): void {
  const problems = stateDictProblems(expected, dict).map((p) => stateDictProblemText(p));
  // Loading needs values: an entry that only lists a shape (e.g. a skipped safetensors tensor) is refused up front,
  // so nothing has been copied when the error is thrown.
  for (const name of Object.keys(expected)) {
    const entry = Object.hasOwn(dict, name) ? dict[name] : undefined;
    if (entry !== undefined && (entry.data === undefined || entry.data === null)) problems.push(`${name}: has no data`);
  }
  if (problems.length > 0) throw new ShapeError(`${model} loadStateDict: ${problems.length} problem(s): ${problems.join("; ")}`);
}

const fmt = (shape: readonly number[]): string => `[${shape.join(", ")}]`;
const elements = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
