/**
 * The one broadcast walker every elementwise op shares. It aligns up to three input shapes to the output's
 * (PyTorch's broadcast: from the right, size-1 and missing axes repeat), gives each input a stride per output
 * axis (0 where it repeats), merges adjacent axes that every input walks contiguously (or repeats on both), and
 * visits the output row by row along the merged innermost axis with an odometer over the rest. Same shapes merge
 * into one row of the whole tensor, and a 0-d operand (a plain number) has stride 0 everywhere, so both fast
 * paths are one call of the op's row loop. Strides are computed once per call; nothing is allocated per element.
 */

/**
 * The op's inner loop for one row: output elements `o .. o + n - 1`; input k starts at offset `ik` and steps by
 * `sk` (0 for an input repeated along the row). Unused inputs get offset and step 0.
 */
export type RowLoop = (o: number, n: number, i0: number, s0: number, i1: number, s1: number, i2: number, s2: number) => void;

const none: readonly number[] = [];

/** Calls `row` over the whole output of shape `out`, the inputs having shapes `s0`, `s1`, `s2` (each broadcasting to `out`). */
export function broadcastRows(
  out: readonly number[],
  s0: readonly number[],
  s1: readonly number[] | null,
  s2: readonly number[] | null,
  row: RowLoop,
): void {
  const rank = out.length;
  let total = 1;
  for (let d = 0; d < rank; d++) total *= out[d]!;
  if (total === 0) return;
  const st0 = alignedStrides(out, s0);
  const st1 = s1 === null ? null : alignedStrides(out, s1);
  const st2 = s2 === null ? null : alignedStrides(out, s2);
  // Merged axes, innermost first: size and each input's stride.
  const dims: number[] = [];
  const m0: number[] = [];
  const m1: number[] = [];
  const m2: number[] = [];
  for (let d = rank - 1; d >= 0; d--) {
    const size = out[d]!;
    if (size === 1) continue;
    const a = st0[d]!;
    const b = st1 === null ? 0 : st1[d]!;
    const c = st2 === null ? 0 : st2[d]!;
    const last = dims.length - 1;
    if (last >= 0 && a === m0[last]! * dims[last]! && b === m1[last]! * dims[last]! && c === m2[last]! * dims[last]!) {
      dims[last] = dims[last]! * size;
    } else {
      dims.push(size);
      m0.push(a);
      m1.push(b);
      m2.push(c);
    }
  }
  if (dims.length === 0) {
    row(0, 1, 0, 0, 0, 0, 0, 0);
    return;
  }
  const n = dims[0]!;
  const step0 = m0[0]!;
  const step1 = m1[0]!;
  const step2 = m2[0]!;
  const outer = dims.length;
  const index = outer > 1 ? new Array<number>(outer).fill(0) : none;
  let i0 = 0;
  let i1 = 0;
  let i2 = 0;
  for (let o = 0; o < total; o += n) {
    row(o, n, i0, step0, i1, step1, i2, step2);
    for (let k = 1; k < outer; k++) {
      const size = dims[k]!;
      const at = (index as number[])[k]! + 1;
      i0 += m0[k]!;
      i1 += m1[k]!;
      i2 += m2[k]!;
      if (at < size) {
        (index as number[])[k] = at;
        break;
      }
      (index as number[])[k] = 0;
      i0 -= m0[k]! * size;
      i1 -= m1[k]! * size;
      i2 -= m2[k]! * size;
    }
  }
}

/** Strides of an input of shape `s` along each axis of `out` (right-aligned): 0 where the input has size 1 or no axis. */
function alignedStrides(out: readonly number[], s: readonly number[]): number[] {
  const rank = out.length;
  const strides = new Array<number>(rank).fill(0);
  let stride = 1;
  for (let k = s.length - 1; k >= 0; k--) {
    const size = s[k]!;
    if (size !== 1) strides[rank - s.length + k] = stride;
    stride *= size;
  }
  return strides;
}
