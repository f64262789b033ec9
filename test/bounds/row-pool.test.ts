import { describe, expect, it } from "vitest";
import { RowPool } from "../../src/bounds/row-pool.js";

describe("RowPool", () => {
  it("hands a released buffer out again for a request it can hold, zeroed on request", () => {
    const pool = new RowPool();
    const a = pool.f64(8, true);
    a.fill(3);
    pool.release(a);
    const b = pool.f64(6, true);
    expect(b.buffer).toBe(a.buffer);
    expect(b.length).toBe(6);
    expect(Array.from(b)).toEqual(new Array(6).fill(0));
    pool.release(b);
    // the same bytes serve a float32 request
    expect(pool.f32(16).buffer).toBe(a.buffer);
    expect(pool.f32(16).buffer).not.toBe(a.buffer);
  });

  it("holds at most limitBytes for reuse, dropping older buffers for the newest release", () => {
    const pool = new RowPool(256);
    const a = pool.f64(16, false); // 128 bytes
    const b = pool.f64(16, false);
    const c = pool.f64(64, false); // 512 bytes
    pool.release(a);
    pool.release(b);
    pool.release(c); // larger than the limit: not kept
    expect([a.buffer, b.buffer]).toContain(pool.f64(16, false).buffer);
    expect(pool.f64(64, false).buffer).not.toBe(c.buffer);
    const d = pool.f64(32, false); // 256 bytes: the two 128-byte buffers go
    pool.release(d);
    expect(pool.f64(32, false).buffer).toBe(d.buffer);
  });

  it("keeps no view into a buffer it does not own from the start", () => {
    const pool = new RowPool();
    const base = new Float64Array(16);
    pool.release(base.subarray(4));
    expect(pool.f64(8, false).buffer).not.toBe(base.buffer);
  });
});
