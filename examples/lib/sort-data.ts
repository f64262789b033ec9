/**
 * A seeded sequence-to-sequence task for a transformer: sort a short sequence of tokens. Each input is `length`
 * tokens drawn uniformly from `0 … vocab − 1` (repeats allowed); its target is the same tokens in ascending order.
 * Position i of the output must know the rank of every input token — a task no per-position model can solve, so
 * attention has to mix the positions.
 */
import { createRng } from "../../src/random.js";
import { allocate, Tensor } from "../../src/tensor/tensor.js";

export interface SortingOptions<N extends number, L extends number> {
  /** Number of sequences. */
  readonly n: N;
  /** Tokens per sequence. */
  readonly length: L;
  /** Distinct tokens. */
  readonly vocab: number;
  readonly seed: number;
}

export interface Sorting<N extends number, L extends number> {
  /** Token ids as whole numbers in a float tensor (what `Embedding` takes), `(N, L)`. */
  readonly inputs: Tensor<[N, L]>;
  /** The inputs sorted ascending, row by row, `(N, L)`. */
  readonly targets: Tensor<[N, L]>;
}

export function sortingTask<const N extends number, const L extends number>(options: SortingOptions<N, L>): Sorting<N, L> {
  const { n, length, vocab, seed } = options;
  for (const [name, value, min] of [
    ["n", n, 0],
    ["length", length, 1],
    ["vocab", vocab, 2],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < min) throw new RangeError(`sortingTask: ${name} must be an integer ≥ ${min}, got ${value}`);
  }
  const rng = createRng(seed);
  const inputs = allocate("float32", n * length);
  const targets = allocate("float32", n * length);
  for (let i = 0; i < n; i++) {
    const row = inputs.subarray(i * length, (i + 1) * length);
    for (let j = 0; j < length; j++) row[j] = rng.int(vocab);
    targets.set(row.slice().sort(), i * length);
  }
  return { inputs: Tensor.wrap([n, length], "float32", inputs), targets: Tensor.wrap([n, length], "float32", targets) };
}
