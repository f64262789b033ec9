/**
 * Reused row buffers for CROWN's backward passes. A fresh multi-megabyte typed array costs a page fault per 4 KiB
 * on first write (about 20 ns per float64 on the machines measured, ten times the arithmetic it holds). Buffers
 * are kept by capacity (powers of two) and handed out as views of the length asked for, so rows over windows of
 * varying size (window.ts) reuse them too. Lives for one bounds computation.
 */
export class RowPool {
  /** Free buffers by capacity exponent: every buffer under e holds at least 2^e bytes. */
  readonly #free = new Map<number, ArrayBuffer[]>();
  /** Bytes held for reuse, at most `limitBytes`: a release past it drops older buffers (a larger one is not kept). */
  #held = 0;
  readonly limitBytes: number;

  constructor(limitBytes = 512 * 2 ** 20) {
    this.limitBytes = limitBytes;
  }

  /** A float64 view of `length` elements: zero-filled when `zeroed`, else of unspecified contents. */
  f64(length: number, zeroed: boolean): Float64Array {
    const { buffer, fresh } = this.#take(length * 8);
    const a = new Float64Array(buffer, 0, length);
    if (zeroed && !fresh) a.fill(0);
    return a;
  }

  /** A float32 view of `length` elements, of unspecified contents. */
  f32(length: number): Float32Array {
    return new Float32Array(this.#take(length * 4).buffer, 0, length);
  }

  /** Hands a buffer back (through any view of it from offset 0); the caller must not touch it again. */
  release(a: Float64Array | Float32Array): void {
    const buffer = a.buffer;
    if (!(buffer instanceof ArrayBuffer) || a.byteOffset !== 0 || buffer.byteLength === 0 || buffer.byteLength > this.limitBytes) return;
    if (this.#held + buffer.byteLength > this.limitBytes) {
      for (const list of this.#free.values()) {
        while (this.#held + buffer.byteLength > this.limitBytes && list.length > 0) this.#held -= list.pop()!.byteLength;
        if (this.#held + buffer.byteLength <= this.limitBytes) break;
      }
    }
    this.#held += buffer.byteLength;
    const e = Math.floor(Math.log2(buffer.byteLength));
    const list = this.#free.get(e);
    if (list === undefined) this.#free.set(e, [buffer]);
    else list.push(buffer);
  }

  #take(bytes: number): { buffer: ArrayBuffer; fresh: boolean } {
    const e = Math.max(6, Math.ceil(Math.log2(Math.max(1, bytes))));
    const buffer = this.#free.get(e)?.pop();
    if (buffer === undefined) return { buffer: new ArrayBuffer(2 ** e), fresh: true };
    this.#held -= buffer.byteLength;
    return { buffer, fresh: false };
  }
}
