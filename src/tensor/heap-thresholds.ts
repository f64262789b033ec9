/**
 * Keeps freed tensor memory in the process under glibc (Linux) instead of returning it to the system after every
 * garbage collection.
 *
 * Why: glibc's malloc gives the free memory at the top of its heap back to the system once more than its trim
 * threshold is free there. That threshold is twice the mmap threshold, which glibc raises to the size of the
 * largest mmapped block freed so far (mallopt(3), "dynamic mmap threshold"): 8 MiB after a 4 MiB tensor. V8 frees
 * dead arrays in batches, at garbage collection, so a batch of tensors is usually more than 8 MiB; it is trimmed,
 * and the next tensors fault their pages in again. That costs 0.1-0.5 µs a page on common hardware and 10-12 µs on
 * a virtual machine like the bench's (docs/performance.md, "Page faults"): up to a third of a U-Net training pass.
 *
 * How: one block just under glibc's 32 MiB cap for that adjustment is allocated and dropped. When V8 frees it,
 * glibc raises the mmap threshold to about 32 MiB and the trim threshold to about 64 MiB. Freed tensors then stay
 * in the heap for the next ones, up to 64 MiB above what is in use, as PyTorch's freed tensors do (it frees each
 * one at once, so glibc reuses it before any trim). Elsewhere (another allocator, a browser) it is one short-lived
 * allocation and changes nothing.
 */

/** Under glibc's DEFAULT_MMAP_THRESHOLD_MAX (32 MiB on 64-bit), with room for its chunk header and page rounding. */
const BLOCK_BYTES = 32 * 2 ** 20 - 64 * 2 ** 10;

/** Tensors at least this large prime the heap: smaller ones never reach glibc's mmap threshold. */
export const PRIME_AT_BYTES = 2 ** 20;

let primed = false;

/** Whether `primeHeapThresholds` has run in this process. */
export function heapThresholdsPrimed(): boolean {
  return primed;
}

/** Allocates and drops the block once per process (Node on Linux only); later calls return at once. */
export function primeHeapThresholds(): void {
  if (primed) return;
  primed = true;
  // read from globals, as src/wasm/host.ts does: no Node built-in is imported and a browser has no `process`
  const host = globalThis as unknown as { readonly process?: { readonly platform?: unknown } };
  if (host.process?.platform !== "linux") return;
  // Dropped at once: the garbage collector frees it (and glibc adjusts its thresholds) at its next pass.
  void new ArrayBuffer(BLOCK_BYTES);
}
