/**
 * ResidentArray: float32 state (an optimizer's moments) kept in a block of the WebAssembly backend's memory between
 * kernel calls, whose elements live in one place at a time: the block until JS reads `array`, that array after.
 */
import { describe, expect, it } from "vitest";
import { ResidentArray, type ResidentHeap } from "../../src/tensor/resident.js";
import { createWasmBackend, type WasmBackend } from "../../src/wasm/index.js";
import { collectionCounts } from "../helpers/gc-fixture.js";
import { sharedWasmBackend } from "../wasm/shared-backends.js";

type Resident = WasmBackend & { readonly residentBlocks: number; readonly residentHeap: ResidentHeap };

async function heapOf(threads: number): Promise<Resident> {
  const be = (await sharedWasmBackend(threads)) as Resident;
  expect(be.residentHeap).not.toBeNull();
  return be;
}

describe("ResidentArray", () => {
  it("starts as zeros in a block of the heap, even one handed out before", async () => {
    const be = await heapOf(1);
    const dirty = be.residentHeap.allocBlock(37)!;
    be.residentHeap.view(dirty).fill(7);
    be.residentHeap.free(dirty);
    const before = be.residentBlocks;
    const a = new ResidentArray(37);
    const view = a.kernelArray(be.residentHeap);
    expect(be.residentBlocks).toBe(before + 1);
    expect(view.length).toBe(37);
    expect(Array.from(view)).toEqual(new Array(37).fill(0));
    void a.array; // give the block back
  });

  it("keeps what a call wrote for the next call, in the same block, without a JS copy", async () => {
    const be = await heapOf(2);
    const a = new ResidentArray(5);
    a.kernelArray(be.residentHeap).set([1, 2, 3, 4, 5]);
    const before = be.residentBlocks;
    const again = a.kernelArray(be.residentHeap);
    expect(be.residentBlocks).toBe(before);
    expect(Array.from(again)).toEqual([1, 2, 3, 4, 5]);
    // a view of WebAssembly memory, which the backend's kernels read in place
    expect(again.buffer).toBe(a.kernelArray(be.residentHeap).buffer);
    void a.array;
  });

  it("array copies the block out once, frees it, and is the state from then on", async () => {
    const be = await heapOf(1);
    const a = new ResidentArray(4);
    a.kernelArray(be.residentHeap).set([0.5, -1, 2, 3]);
    const blocks = be.residentBlocks;
    const out = a.array;
    expect(be.residentBlocks).toBe(blocks - 1);
    expect(Array.from(out)).toEqual([0.5, -1, 2, 3]);
    expect(a.array).toBe(out);
    // JS owns it now: a later call gets that very array, and what JS wrote into it
    out[1] = 9;
    const k = a.kernelArray(be.residentHeap);
    expect(k).toBe(out);
    expect(be.residentBlocks).toBe(blocks - 1);
    expect(k[1]).toBe(9);
  });

  it("is a JS array of zeros without a heap, and when the heap has no room", async () => {
    const none = new ResidentArray(3);
    const arr = none.kernelArray(null);
    expect(arr).toBeInstanceOf(Float32Array);
    expect(Array.from(arr)).toEqual([0, 0, 0]);
    expect(none.kernelArray(undefined)).toBe(arr);
    expect(none.array).toBe(arr);

    const tiny = (await createWasmBackend({ threads: 1, residentBytes: 64 })) as Resident;
    try {
      const full = new ResidentArray(1000);
      const got = full.kernelArray(tiny.residentHeap);
      expect(tiny.residentBlocks).toBe(0);
      expect(got).toBe(full.array);
      expect(got.length).toBe(1000);
    } finally {
      tiny.close();
    }
  });

  it("moves to a JS array, its elements kept, when the call comes from another heap or its heap was closed", async () => {
    const shared = await heapOf(1);
    const other = (await createWasmBackend({ threads: 1 })) as Resident;
    const a = new ResidentArray(3);
    a.kernelArray(other.residentHeap).set([4, 5, 6]);
    const moved = a.kernelArray(shared.residentHeap);
    expect(Array.from(moved)).toEqual([4, 5, 6]);
    expect(other.residentBlocks).toBe(0);
    expect(moved).toBe(a.array);

    const b = new ResidentArray(2);
    b.kernelArray(other.residentHeap).set([-1, 1]);
    other.close();
    expect(Array.from(b.array)).toEqual([-1, 1]);
    expect(Array.from(b.kernelArray(shared.residentHeap))).toEqual([-1, 1]);
  });

  it("gives its block back once collected", () => {
    const { whileHeld, afterCollection } = collectionCounts(new URL("./fixtures/resident-array-collected.ts", import.meta.url));
    expect(whileHeld).toBe(12);
    expect(afterCollection).toBe(0);
  });
});
