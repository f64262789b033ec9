/**
 * What a fresh page costs here: the first write into new memory takes a page fault per 4 KiB page, which on
 * common hardware costs well under a microsecond but in some virtual machines (a Firecracker guest measured 12 µs)
 * costs more than the arithmetic of the op that writes it. Every op's output is a fresh array in JS, so the bench
 * prints this figure beside its tables: it explains, for instance, W1 forward's time (a 4 MiB output).
 *
 * Measured by filling arrays of `ARRAY_BYTES` that are all kept alive (so none can be recycled), once fresh and
 * once more after they are paged in; the difference over the page faults counted between is the cost per fault.
 */
const ARRAY_BYTES = 4 << 20;
const ARRAYS = 8;

export interface PageFaultCost {
  /** Milliseconds to fill one fresh ARRAY_BYTES array, paging it in (median of ARRAYS). */
  readonly freshMs: number;
  /** Milliseconds to fill the same array again, already paged in (median). */
  readonly reusedMs: number;
  /** Minor page faults while filling one fresh array (median; 1,024 when every page is new). */
  readonly faultsPerArray: number;
  /** Microseconds per minor page fault: the difference over the faults counted per array (0 without faults). */
  readonly usPerFault: number;
}

const median = (xs: number[]): number => xs.sort((a, b) => a - b)[xs.length >> 1]!;

export function pageFaultCost(): PageFaultCost {
  const n = ARRAY_BYTES / 4;
  const src = new Float32Array(n).fill(1);
  const kept: Float32Array[] = [];
  const fresh: number[] = [];
  const faults: number[] = [];
  for (let i = 0; i < ARRAYS; i++) {
    const a = new Float32Array(n);
    const f0 = process.resourceUsage().minorPageFault;
    const t0 = performance.now();
    a.set(src);
    fresh.push(performance.now() - t0);
    faults.push(process.resourceUsage().minorPageFault - f0);
    kept.push(a);
  }
  const reused = kept.map((a) => {
    const t0 = performance.now();
    a.set(src);
    return performance.now() - t0;
  });
  const freshMs = median(fresh);
  const reusedMs = median(reused);
  const perArray = median(faults);
  return { freshMs, reusedMs, faultsPerArray: perArray, usPerFault: perArray > 0 ? (1000 * Math.max(0, freshMs - reusedMs)) / perArray : 0 };
}

/** One line for the bench's header. */
export function describePageFaultCost(c: PageFaultCost): string {
  return (
    `a fresh ${ARRAY_BYTES >> 20} MiB array takes ${c.freshMs.toFixed(2)} ms to fill here, ${c.reusedMs.toFixed(2)} ms once paged in ` +
    (c.faultsPerArray > 0
      ? `(${c.faultsPerArray} page faults, ${c.usPerFault.toFixed(1)} µs each; `
      : "(no page faults: the allocator handed out memory already paged in; ") +
    "every op's output is a fresh array: docs/performance.md, Page faults)"
  );
}
