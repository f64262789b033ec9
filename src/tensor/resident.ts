/**
 * Float32 storage a backend keeps in its own memory (the WebAssembly backend's), so that a tensor one kernel writes
 * is read by the next without a copy out of WebAssembly memory and back in. Only ops run inside `tidy` make such
 * tensors (src/tensor/tidy.ts). JS never holds a view of a block beyond one kernel call: `tensor.data` copies the
 * block out once (and keeps that copy as the truth), so no view can outlive its block and alias another's.
 */
export interface ResidentHeap {
  /** A block of `length` float32s, or null when the heap is at its limit (the caller then uses a JS array). */
  allocBlock(length: number): ResidentBlock | null;
  /** A view of the block for one kernel call; the backend recognises it and reads the block in place. */
  view(block: ResidentBlock): Float32Array;
  /** A copy of the block's elements in a new JS array. */
  read(block: ResidentBlock): Float32Array;
  /** Gives the block back; it may be handed out again. */
  free(block: ResidentBlock): void;
}

/** `length` float32s at byte address `at` of `heap`'s memory. */
export class ResidentBlock {
  /** False once freed (by the heap: its tensor was released, collected, or the heap closed and copied it out). */
  live = true;
  /** The block's elements, copied out when its heap was closed while the block was live. */
  spilled: Float32Array | null = null;
  /** Set when a tensor takes the block (`Tensor.resident`): one tensor per block, so one owner frees it. */
  owned = false;
  constructor(
    readonly heap: ResidentHeap,
    readonly at: number,
    readonly length: number,
  ) {}
}
