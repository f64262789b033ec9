/**
 * Reused row buffers for CROWN's backward passes. A fresh multi-megabyte typed array costs a page fault per 4 KiB
 * on first write (about 20 ns per float64 on the machines measured, ten times the arithmetic it holds); a
 * released one is handed out again for the next request of the same length. Lives for one bounds computation.
 */
export class RowPool {
  readonly #f64 = new Map<number, Float64Array[]>();
  readonly #f32 = new Map<number, Float32Array[]>();
  /** Bytes held for reuse, at most `limitBytes`: a release past it drops older buffers (a larger one is not kept). */
  #held = 0;
  readonly limitBytes: number;

  constructor(limitBytes = 512 * 2 ** 20) {
    this.limitBytes = limitBytes;
  }

  /** A float64 buffer of `length` elements: zero-filled when `zeroed`, else of unspecified contents. */
  f64(length: number, zeroed: boolean): Float64Array {
    const a = this.#f64.get(length)?.pop();
    if (a === undefined) return new Float64Array(length);
    this.#held -= a.byteLength;
    if (zeroed) a.fill(0);
    return a;
  }

  /** A float32 buffer of `length` elements, of unspecified contents. */
  f32(length: number): Float32Array {
    const a = this.#f32.get(length)?.pop();
    if (a === undefined) return new Float32Array(length);
    this.#held -= a.byteLength;
    return a;
  }

  /** Hands a buffer back; the caller must not touch it again. */
  release(a: Float64Array | Float32Array): void {
    if (a.byteLength > this.limitBytes) return;
    // make room by dropping buffers of other lengths first: the newest release is the likeliest to be asked for
    for (const map of [this.#f64, this.#f32] as Map<number, (Float64Array | Float32Array)[]>[]) {
      for (const list of map.values()) {
        while (this.#held + a.byteLength > this.limitBytes && list.length > 0) this.#held -= list.pop()!.byteLength;
      }
    }
    this.#held += a.byteLength;
    const map: Map<number, (Float64Array | Float32Array)[]> = a instanceof Float64Array ? this.#f64 : this.#f32;
    const list = map.get(a.length);
    if (list === undefined) map.set(a.length, [a]);
    else list.push(a);
  }
}
