import { describe, expect, it } from "vitest";
import { RowPool } from "../../src/bounds/row-pool.js";

describe("RowPool", () => {
  it("hands a released buffer out again for the same length and type, zeroed on request", () => {
    const pool = new RowPool();
    const a = pool.f64(8, true);
    a.fill(3);
    pool.release(a);
    expect(pool.f32(8)).not.toBe(a);
    const b = pool.f64(8, true);
    expect(b).toBe(a);
    expect(Array.from(b)).toEqual(new Array(8).fill(0));
    pool.release(b);
    expect(pool.f64(8, false)).toBe(a);
    expect(pool.f64(8, false)).not.toBe(a);
  });

  it("holds at most limitBytes for reuse, dropping older buffers for the newest release", () => {
    const pool = new RowPool(100);
    const a = pool.f64(10, false);
    const b = pool.f64(10, false);
    const c = pool.f64(20, false);
    pool.release(a); // 80 bytes held
    pool.release(b); // 160 > 100: a is dropped, b kept
    expect(pool.f64(10, false)).toBe(b);
    pool.release(c); // 160 bytes: larger than the limit, not kept
    expect(pool.f64(20, false)).not.toBe(c);
  });
});
