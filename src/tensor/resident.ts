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

/** Frees the block of a ResidentArray that was collected. */
const collectedArrays = new FinalizationRegistry<ResidentBlock>((block) => {
  if (block.live) block.heap.free(block);
});

/**
 * Float32 state that a kernel reads and writes on every call and JS seldom reads (an optimizer's moments), kept in a
 * block of a backend's memory so that no call copies it in or out. It starts as zeros. `array` copies the block out
 * once and frees it: that array is the state from then on (JS may hold and write it, as the optimizer's own buffer),
 * and `kernelArray` hands it out instead of a block. Its block is freed when it is collected.
 */
export class ResidentArray {
  readonly length: number;
  #block: ResidentBlock | null = null;
  /** The state once JS has it (or when no heap had room); null while it is a block, or before any call. */
  #array: Float32Array | null = null;

  constructor(length: number) {
    this.length = length;
  }

  /** The elements as the JS array that holds them from now on. */
  get array(): Float32Array {
    if (this.#array !== null) return this.#array;
    const block = this.#block;
    if (block === null) {
      this.#array = new Float32Array(this.length);
      return this.#array;
    }
    this.#array = block.live ? block.heap.read(block) : block.spilled!;
    this.#block = null;
    collectedArrays.unregister(this);
    if (block.live) block.heap.free(block);
    return this.#array;
  }

  /**
   * What a kernel call on `heap`'s backend reads and writes: a view of this state's block in `heap` for this one call
   * (zeros at the first), or the JS array once there is one, or when `heap` is null or full.
   */
  kernelArray(heap: ResidentHeap | null | undefined): Float32Array {
    const block = this.#block;
    if (block !== null && block.heap === heap && block.live) return heap.view(block);
    if (block !== null || this.#array !== null || heap === null || heap === undefined) return this.array;
    const fresh = heap.allocBlock(this.length);
    if (fresh === null) return this.array;
    fresh.owned = true;
    this.#block = fresh;
    collectedArrays.register(this, fresh, this);
    const view = heap.view(fresh);
    view.fill(0);
    return view;
  }
}
