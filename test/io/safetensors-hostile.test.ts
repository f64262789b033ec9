import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readHeaderJson } from "../../src/io/header-json.js";
import { parseSafetensors, SafetensorsError, serializeSafetensors } from "../../src/io/index.js";
import { goldenDir } from "../helpers/golden.js";
import { expectSafetensorsError, rawBytes, rawFile } from "./helpers.js";

const enc = new TextEncoder();
const data8 = new Uint8Array(8);
/** A header with one tensor `a` whose entry is `entry` (8 bytes of data follow). */
const withEntry = (entry: unknown): Uint8Array => rawFile({ a: entry }, data8);
const good = { dtype: "F32", shape: [2], data_offsets: [0, 8] };

describe("hostile files: framing", () => {
  it("accepts the well-formed baseline used below", () => {
    expect(parseSafetensors(withEntry(good)).tensors.get("a")!.shape).toEqual([2]);
  });

  it("rejects a file shorter than the length prefix", () => {
    for (const n of [0, 1, 7]) expectSafetensorsError(() => parseSafetensors(new Uint8Array(n)), /too short/, new RegExp(`got ${n}\\b`));
  });

  it("rejects a header length above the cap (default 100 MB, configurable)", () => {
    // A length past the cap and past the end of the file: not a safetensors file at all, said first.
    expectSafetensorsError(
      () => parseSafetensors(rawFile("{}", new Uint8Array(0), 100_000_001n)),
      /^not a safetensors file: its first 8 bytes give a header length of 100000001, more than the 100000000-byte maximum$/,
    );
    expectSafetensorsError(
      () => parseSafetensors(rawFile("{}", new Uint8Array(0), 0xffffffffffffffffn)),
      /^not a safetensors file: .*header length of 18446744073709551615/,
    );
    // Past a lowered cap but inside the file: a real header, too large for this reader's setting.
    const file = withEntry(good);
    expectSafetensorsError(
      () => parseSafetensors(file, { maxHeaderBytes: 16 }),
      /^header length \d+ exceeds the maximum of 16 bytes \(options.maxHeaderBytes\)$/,
    );
    expectSafetensorsError(
      () => parseSafetensors(file, { maxHeaderBytes: 1.5 }),
      /options.maxHeaderBytes must be a non-negative safe integer, got number 1.5/,
    );
  });

  it("rejects a header length past the end of the file", () => {
    const file = rawFile("{}      ", new Uint8Array(0), 9n);
    expectSafetensorsError(() => parseSafetensors(file), /header length 9 runs past the end of the file/, /at most 8 bytes/, /file is 16 bytes/);
  });

  it("rejects a header that is not UTF-8", () => {
    const header = new Uint8Array([...enc.encode('{"a'), 0xff, 0xfe, ...enc.encode('":null}')]);
    expectSafetensorsError(() => parseSafetensors(rawBytes(BigInt(header.length), header, new Uint8Array(0))), /not valid UTF-8/);
    const overlong = new Uint8Array([...enc.encode('{"'), 0xc0, 0xaf, ...enc.encode('":1}')]);
    expectSafetensorsError(() => parseSafetensors(rawBytes(BigInt(overlong.length), overlong, new Uint8Array(0))), /not valid UTF-8/);
  });

  it("rejects invalid JSON", () => {
    expectSafetensorsError(() => parseSafetensors(rawFile('{"a":', new Uint8Array(0))), /not valid JSON/);
    expectSafetensorsError(() => parseSafetensors(rawFile("{} x", new Uint8Array(0))), /not valid JSON/);
    expectSafetensorsError(() => parseSafetensors(rawFile("{\0}", new Uint8Array(0))), /not valid JSON/);
  });

  it("rejects a header that is not an object", () => {
    for (const text of ["[]", '"x"', "null", "1", " {}", "\uFEFF{}", ""]) {
      expectSafetensorsError(() => parseSafetensors(rawFile(text, new Uint8Array(0))), /header must be a JSON object/);
    }
  });
});

describe("hostile files: entries", () => {
  it("rejects entries that are not objects", () => {
    for (const entry of [3, null, [1, 2], "F32"]) {
      expectSafetensorsError(() => parseSafetensors(withEntry(entry)), /tensor "a": entry must be an object/);
    }
  });

  it("rejects unknown dtypes and non-string dtypes, naming the tensor and dtype", () => {
    expectSafetensorsError(() => parseSafetensors(withEntry({ ...good, dtype: "F33" })), /tensor "a"/, /unknown dtype "F33"/, /F32/);
    expectSafetensorsError(() => parseSafetensors(withEntry({ ...good, dtype: "f32" })), /unknown dtype "f32"/);
    expectSafetensorsError(() => parseSafetensors(withEntry({ ...good, dtype: "toString" })), /unknown dtype "toString"/);
    expectSafetensorsError(() => parseSafetensors(withEntry({ ...good, dtype: 32 })), /tensor "a": dtype must be a string, got number 32/);
    const { dtype: _dtype, ...missing } = good;
    expectSafetensorsError(() => parseSafetensors(withEntry(missing)), /dtype must be a string, got undefined/);
  });

  it("rejects valid dtypes it cannot represent, unless asked to skip them", () => {
    const file = rawFile({ n: { dtype: "I32", shape: [2], data_offsets: [0, 8] } }, data8);
    const error = expectSafetensorsError(() => parseSafetensors(file), /tensor "n": dtype I32 is not supported/, /F32, F64, F16, BF16, I64/);
    expect(error.tensor).toBe("n");
    const parsed = parseSafetensors(file, { unsupported: "skip" });
    expect(parsed.tensors.size).toBe(0);
    expect(parsed.skipped).toEqual([{ name: "n", dtype: "I32", shape: [2] }]);
    // skipped tensors are still checked
    const bad = rawFile({ n: { dtype: "I32", shape: [3], data_offsets: [0, 8] } }, data8);
    expectSafetensorsError(() => parseSafetensors(bad, { unsupported: "skip" }), /span 8 bytes, expected 12/);
    const f4 = rawFile({ n: { dtype: "F4", shape: [3], data_offsets: [0, 2] } }, new Uint8Array(2));
    expectSafetensorsError(() => parseSafetensors(f4, { unsupported: "skip" }), /3 elements of F4 \(4 bits each\) are not a whole number of bytes/);
  });

  it("rejects shapes that are not arrays of safe non-negative integers", () => {
    expectSafetensorsError(() => parseSafetensors(withEntry({ ...good, shape: 2 })), /tensor "a": shape must be an array/);
    expectSafetensorsError(
      () => parseSafetensors(withEntry({ ...good, shape: [1, -2] })),
      /shape\[1\] must be a non-negative safe integer, got number -2/,
    );
    expectSafetensorsError(
      () => parseSafetensors(withEntry({ ...good, shape: [2.5] })),
      /shape\[0\] must be a non-negative safe integer, got number 2.5/,
    );
    expectSafetensorsError(() => parseSafetensors(withEntry({ ...good, shape: ["2"] })), /shape\[0\] .* got string "2"/);
    expectSafetensorsError(() => parseSafetensors(withEntry({ ...good, shape: [2 ** 53] })), /shape\[0\] .* got number 9007199254740992/);
    expectSafetensorsError(
      () => parseSafetensors(rawFile('{"a":{"dtype":"F32","shape":[1e400],"data_offsets":[0,8]}}', data8)),
      /got number Infinity/,
    );
  });

  it("rejects element counts that overflow", () => {
    expectSafetensorsError(
      () => parseSafetensors(withEntry({ ...good, shape: [2 ** 30, 2 ** 30, 2 ** 30, 0] })),
      /tensor "a": element count of shape .* overflows/,
    );
    expectSafetensorsError(() => parseSafetensors(withEntry({ ...good, shape: [2 ** 50, 2 ** 2] })), /byte size .* overflows/);
  });

  it("rejects data_offsets that are not an ordered pair of safe integers", () => {
    for (const offsets of [undefined, 8, [0], [0, 8, 8], [0, "8"], [-8, 0], [0.5, 8], [0, 2 ** 53]]) {
      expectSafetensorsError(
        () => parseSafetensors(withEntry({ ...good, data_offsets: offsets })),
        /tensor "a": data_offsets must be a pair \[begin, end\] of non-negative safe integers/,
      );
    }
    expectSafetensorsError(() => parseSafetensors(withEntry({ ...good, data_offsets: [8, 0] })), /data_offsets must have begin <= end, got \[8, 0\]/);
  });

  it("rejects data_offsets past the data buffer", () => {
    expectSafetensorsError(
      () => parseSafetensors(withEntry({ ...good, data_offsets: [4, 12] })),
      /tensor "a": data_offsets end 12 is past the end of the data buffer: expected at most 8, got 12/,
    );
  });

  it("reads I64 (PyTorch's long) as float64, exactly, and refuses a value beyond ±2^53 naming the tensor and the element", () => {
    const values = [0n, 5n, -7n, 2n ** 53n, -(2n ** 53n), 123456789012345n];
    const data = new Uint8Array(8 * values.length);
    const view = new DataView(data.buffer);
    values.forEach((v, i) => {
      view.setBigInt64(8 * i, v, true);
    });
    const file = rawFile({ count: { dtype: "I64", shape: [2, 3], data_offsets: [0, data.length] } }, data);
    const entry = parseSafetensors(file).tensors.get("count")!;
    expect(entry.dtype).toBe("I64");
    expect(entry.shape).toEqual([2, 3]);
    expect(entry.data).toBeInstanceOf(Float64Array);
    expect([...entry.data]).toEqual(values.map(Number));
    for (const beyond of [2n ** 53n + 1n, -(2n ** 53n) - 1n, 2n ** 63n - 1n]) {
      view.setBigInt64(8, beyond, true);
      const error = expectSafetensorsError(
        () => parseSafetensors(rawFile({ count: { dtype: "I64", shape: [6], data_offsets: [0, data.length] } }, data)),
        new RegExp(`tensor "count": I64 element 1 is ${beyond}, beyond ±2\\^53`),
      );
      expect(error.tensor).toBe("count");
    }
  });

  it("rejects a byte length that is not dtype size × element count", () => {
    expectSafetensorsError(
      () => parseSafetensors(withEntry({ ...good, shape: [3] })),
      /tensor "a": data_offsets \[0, 8\] span 8 bytes, expected 12 \(F32 × shape \[3\] = 3 elements\)/,
    );
    expectSafetensorsError(() => parseSafetensors(withEntry({ ...good, dtype: "F64" })), /span 8 bytes, expected 16/);
  });

  it("rejects overlapping ranges", () => {
    const file = rawFile(
      { a: { dtype: "F32", shape: [2], data_offsets: [0, 8] }, b: { dtype: "F32", shape: [2], data_offsets: [4, 12] } },
      new Uint8Array(12),
    );
    expectSafetensorsError(() => parseSafetensors(file), /tensors "a" and "b" overlap/, /\[0, 8\)/, /\[4, 12\)/);
    const same = rawFile({ a: good, b: good }, data8);
    expectSafetensorsError(() => parseSafetensors(same), /overlap/);
    const empty = rawFile({ a: good, z: { dtype: "F32", shape: [0], data_offsets: [4, 4] } }, data8);
    expectSafetensorsError(() => parseSafetensors(empty), /tensors "a" and "z" overlap/);
  });

  it("rejects holes between ranges and uncovered bytes", () => {
    const gap = rawFile(
      { a: { dtype: "F32", shape: [1], data_offsets: [0, 4] }, b: { dtype: "F32", shape: [1], data_offsets: [8, 12] } },
      new Uint8Array(12),
    );
    expectSafetensorsError(() => parseSafetensors(gap), /hole in the data buffer: bytes \[4, 8\) before tensor "b"/);
    const late = rawFile({ a: { dtype: "F32", shape: [1], data_offsets: [4, 8] } }, data8);
    expectSafetensorsError(() => parseSafetensors(late), /hole .* bytes \[0, 4\)/);
    const trailing = rawFile({ a: { dtype: "F32", shape: [1], data_offsets: [0, 4] } }, data8);
    expectSafetensorsError(() => parseSafetensors(trailing), /not fully covered: bytes \[4, 8\)/);
    expectSafetensorsError(() => parseSafetensors(rawFile({}, new Uint8Array(3))), /not fully covered: bytes \[0, 3\)/);
  });

  it("accepts zero-size tensors and out-of-order offsets when they tile the buffer", () => {
    const file = rawFile(
      {
        b: { dtype: "F32", shape: [1], data_offsets: [4, 8] },
        e: { dtype: "F64", shape: [0, 3], data_offsets: [4, 4] },
        a: { dtype: "F32", shape: [1], data_offsets: [0, 4] },
      },
      data8,
    );
    const parsed = parseSafetensors(file);
    expect([...parsed.tensors.keys()]).toEqual(["b", "e", "a"]);
    expect(parsed.tensors.get("e")!.data.length).toBe(0);
  });

  it("rejects duplicate names and duplicate fields that JSON.parse would collapse", () => {
    const t = '{"dtype":"F32","shape":[1],"data_offsets":[0,4]}';
    const u = '{"dtype":"F32","shape":[1],"data_offsets":[4,8]}';
    const dup = rawFile(`{"a":${t},"a":${u}}`, data8);
    const error = expectSafetensorsError(() => parseSafetensors(dup), /duplicate key "a" in header:/, /JSON.parse/);
    expect(error.tensor).toBe("a");
    expectSafetensorsError(() => parseSafetensors(rawFile(`{"a":${t},"\\u0061":${u}}`, data8)), /duplicate key "a"/);
    const field = rawFile('{"a":{"dtype":"F64","dtype":"F32","shape":[2],"data_offsets":[0,8]}}', data8);
    expectSafetensorsError(() => parseSafetensors(field), /duplicate key "dtype" in header\["a"\]/);
    const meta = rawFile('{"__metadata__":{"k":"1","k":"2"}}');
    expectSafetensorsError(() => parseSafetensors(meta), /duplicate key "k" in header\["__metadata__"\]/);
    const twoMeta = rawFile('{"__metadata__":{},"__metadata__":{"k":"2"}}');
    expectSafetensorsError(() => parseSafetensors(twoMeta), /duplicate key "__metadata__"/);
    // keys that only look alike, and quotes or braces inside strings, are fine
    const tricky = rawFile(`{"a\\"{[":${t},"a\\\\":${u},"__metadata__":{"x":"}{,\\"x\\":","y":"x"}}`, data8);
    expect([...parseSafetensors(tricky).tensors.keys()]).toEqual(['a"{[', "a\\"]);
  });

  it("rejects metadata that is not string → string", () => {
    expectSafetensorsError(() => parseSafetensors(rawFile({ __metadata__: [1] })), /__metadata__ must be an object of string values, got array/);
    expectSafetensorsError(() => parseSafetensors(rawFile({ __metadata__: "x" })), /__metadata__ must be an object/);
    expectSafetensorsError(() => parseSafetensors(rawFile({ __metadata__: { k: 1 } })), /__metadata__\["k"\] must be a string, got number 1/);
    expectSafetensorsError(() => parseSafetensors(rawFile({ __metadata__: { k: { v: "x" } } })), /__metadata__\["k"\] must be a string, got object/);
    expect(parseSafetensors(rawFile({ __metadata__: null })).metadata).toEqual({});
  });

  it("bounds nesting at 127 levels, the reference reader's (serde_json's) limit", () => {
    // 127 levels in an extra field (ignored, as the reference ignores it): header 1, entry 2, field 3..127.
    const prefix = '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8],"x":';
    const within = `${prefix}${"[".repeat(125)}${"]".repeat(125)}}}`;
    expect(parseSafetensors(rawFile(within, data8)).tensors.get("a")!.shape).toEqual([2]);
    const beyond = `${prefix}${"[".repeat(126)}${"]".repeat(126)}}}`;
    // the 126th bracket is level 128: rejected where it opens
    expectSafetensorsError(
      () => parseSafetensors(rawFile(beyond, data8)),
      new RegExp(`^header nests deeper than 127 levels \\(at byte ${prefix.length + 125} of the header\\)`),
    );
    const deep = `{"__metadata__":${"[".repeat(200_000)}${"]".repeat(200_000)}}`;
    expectSafetensorsError(() => parseSafetensors(rawFile(deep)), /nests deeper than 127 levels/);
  });

  it("describes values nested below what a header needs without keeping them", () => {
    const nested = `{"a":{"dtype":"F32","shape":[[[1]]],"data_offsets":[0,8]}}`;
    expectSafetensorsError(() => parseSafetensors(rawFile(nested, data8)), /shape\[0\] must be a non-negative safe integer, got array \[\.\.\.\]$/);
    expectSafetensorsError(
      () => parseSafetensors(rawFile({ __metadata__: { k: [{ v: 1 }] } })),
      /__metadata__\["k"\] must be a string, got array \[\{\.\.\.\}\]/,
    );
  });

  it("rejects strings JSON or the reference reader reject: raw control characters, bad escapes, lone surrogates", () => {
    expectSafetensorsError(() => parseSafetensors(rawFile('{"a\nb":null}')), /not valid JSON: expected no raw control character/);
    expectSafetensorsError(() => parseSafetensors(rawFile('{"a\\x":null}')), /not valid JSON: bad escape/);
    expectSafetensorsError(() => parseSafetensors(rawFile('{"__metadata__":{"k":"\\ud800"}}')), /lone UTF-16 surrogate/);
    // a pair is a character: accepted
    expect(parseSafetensors(rawFile('{"__metadata__":{"k":"\\ud83d\\ude00"}}')).metadata).toEqual({ k: "\u{1F600}" });
  });

  it("reads the values it keeps exactly as JSON.parse does (property)", () => {
    const primitive = fc.oneof(
      fc.integer(),
      fc.maxSafeInteger(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.string(),
      fc.boolean(),
      fc.constant(null),
    );
    fc.assert(
      fc.property(fc.array(primitive, { maxLength: 8 }), fc.dictionary(fc.string(), fc.string(), { maxKeys: 4 }), (shape, meta) => {
        const text = JSON.stringify({ __metadata__: meta, a: { shape, extra: [shape, { shape }] } });
        const kept = new Map<string, unknown>();
        readHeaderJson(enc.encode(text), (key, value) => kept.set(key, value));
        const reference = JSON.parse(text) as { a: { shape: unknown[] }; __metadata__: Record<string, string> };
        const entry = kept.get("a") as Record<string, unknown>;
        expect(Object.keys(entry)).toEqual(["shape"]);
        const read = entry["shape"] as unknown[];
        expect(read.length).toBe(reference.a.shape.length);
        read.forEach((v, i) => {
          expect(Object.is(v, reference.a.shape[i])).toBe(true);
        });
        expect({ ...(kept.get("__metadata__") as object) }).toEqual(reference.__metadata__);
      }),
      { numRuns: 500 },
    );
  });

  it("rejects an invalid `unsupported` option or an unknown option before reading", () => {
    const file = withEntry(good);
    expectSafetensorsError(
      // @ts-expect-error -- "ignore" is not a valid choice
      () => parseSafetensors(file, { unsupported: "ignore" }),
      /^options.unsupported must be one of "error", "skip", got string "ignore"$/,
    );
    expectSafetensorsError(
      // @ts-expect-error -- a misspelt option
      () => parseSafetensors(file, { unsuported: "skip" }),
      /^unknown option "unsuported": expected one of maxHeaderBytes, copy, unsupported$/,
    );
  });
});

function toU64(n: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, n, true);
  return out;
}

/** Parse must succeed (with consistent results) or throw SafetensorsError, never anything else. */
function parsesOrRejects(bytes: Uint8Array): void {
  let result: ReturnType<typeof parseSafetensors>;
  try {
    result = parseSafetensors(bytes, { unsupported: "skip" });
  } catch (error) {
    if (!(error instanceof SafetensorsError)) throw new Error(`expected SafetensorsError, got ${String(error)}`, { cause: error });
    expect(error.message.length).toBeGreaterThan(0);
    return;
  }
  for (const entry of result.tensors.values()) {
    expect(entry.data.length).toBe(entry.shape.reduce((a, b) => a * b, 1));
  }
}

describe("fuzz", () => {
  const golden = new Uint8Array(readFileSync(`${goldenDir}unet2_pytorch.safetensors`));
  const small = serializeSafetensors(
    {
      w: { shape: [2, 3], data: new Float32Array([1, 2, 3, 4, 5, 6]) },
      d: { shape: [2], data: new Float64Array([-0, NaN]) },
      s: { shape: [], data: new Float32Array([7]) },
    },
    { k: "v" },
  );
  const mixed = rawFile(
    {
      h: { dtype: "F16", shape: [2], data_offsets: [0, 4] },
      b: { dtype: "BF16", shape: [2], data_offsets: [4, 8] },
      i: { dtype: "I32", shape: [1], data_offsets: [8, 12] },
    },
    new Uint8Array(12).fill(0x3c),
  );
  const bases = fc.constantFrom(golden, small, mixed);

  type Mutation =
    | { kind: "truncate"; at: number }
    | { kind: "flip"; at: number; xor: number }
    | { kind: "length"; value: bigint }
    | { kind: "insert"; at: number; bytes: Uint8Array }
    | { kind: "headerChar"; at: number; char: string };

  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
    fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
    fc.record({
      kind: fc.constant("length" as const),
      value: fc.oneof(fc.bigInt({ min: 0n, max: 0xffffffffffffffffn }), fc.bigInt({ min: 0n, max: 2000n })),
    }),
    fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 9 }) }),
    fc.record({ kind: fc.constant("headerChar" as const), at: fc.nat(), char: fc.constantFrom(...'{}[],:"\\ 0123456789-.eE\u00e9aFx') }),
  );

  function apply(bytes: Uint8Array, m: Mutation): Uint8Array {
    const len = bytes.length;
    switch (m.kind) {
      case "truncate":
        return bytes.slice(0, m.at % (len + 1));
      case "flip": {
        const out = bytes.slice();
        if (len > 0) out[m.at % len] = out[m.at % len]! ^ m.xor;
        return out;
      }
      case "length": {
        const out = bytes.slice();
        if (len >= 8) out.set(toU64(m.value), 0);
        return out;
      }
      case "insert": {
        const at = m.at % (len + 1);
        return new Uint8Array([...bytes.subarray(0, at), ...m.bytes, ...bytes.subarray(at)]);
      }
      case "headerChar": {
        // edit the JSON text and keep the length prefix consistent, to reach the deeper checks
        if (len < 8) return bytes;
        const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
        if (8 + n > len) return bytes;
        const text = new TextDecoder().decode(bytes.subarray(8, 8 + n));
        const at = m.at % (text.length + 1);
        const header = enc.encode(text.slice(0, at) + m.char + text.slice(at + 1));
        return rawBytes(BigInt(header.length), header, bytes.subarray(8 + n));
      }
    }
  }

  it("mutated files parse or throw SafetensorsError, never anything else", () => {
    fc.assert(
      fc.property(bases, fc.array(mutation, { minLength: 1, maxLength: 4 }), (base, mutations) => {
        parsesOrRejects(mutations.reduce(apply, base));
      }),
      { numRuns: 3000 },
    );
  });

  it("random bytes parse or throw SafetensorsError", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.string({ maxLength: 80 }), (tail, header) => {
        parsesOrRejects(tail);
        parsesOrRejects(rawBytes(BigInt(enc.encode(header).length), enc.encode(header), tail));
      }),
      { numRuns: 2000 },
    );
  });

  it("random JSON headers parse or throw SafetensorsError", () => {
    const json = fc.jsonValue({ maxDepth: 4 });
    const entry = fc.record(
      {
        dtype: fc.oneof(fc.constantFrom("F32", "F64", "F16", "BF16", "I64", "F4", "BOOL"), json),
        shape: fc.oneof(fc.array(fc.integer({ min: -1, max: 4 }), { maxLength: 3 }), json),
        data_offsets: fc.oneof(fc.tuple(fc.integer({ min: -1, max: 40 }), fc.integer({ min: -1, max: 40 })), json),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 4 }), fc.oneof(entry, json), { maxKeys: 4 }), fc.nat({ max: 40 }), (header, dataLength) => {
        parsesOrRejects(rawFile(header, new Uint8Array(dataLength)));
      }),
      { numRuns: 3000 },
    );
  });
});
