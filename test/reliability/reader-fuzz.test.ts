import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseSafetensors, SafetensorsError, serializeSafetensors } from "../../src/io/index.js";
import { goldenDir } from "../helpers/golden.js";
import { rawBytes } from "../io/helpers.js";

// The reader's promise (docs/reliability.md), checked on seeded mutations of the real files in test/golden/:
// every input either parses to a consistent result or throws a SafetensorsError; nothing else is thrown, and
// what is allocated is bounded by the input (decoded data at most 2 × the file: F16/BF16 widen to float32).

const enc = new TextEncoder();
const dec = new TextDecoder();
const bases = readdirSync(goldenDir)
  .filter((name) => name.endsWith(".safetensors"))
  .map((name) => new Uint8Array(readFileSync(`${goldenDir}${name}`)));

type Mutation =
  | { readonly kind: "flip"; readonly at: number; readonly xor: number }
  | { readonly kind: "truncate"; readonly at: number }
  | { readonly kind: "length"; readonly value: bigint }
  | { readonly kind: "text"; readonly at: number; readonly insert: string; readonly remove: number }
  | { readonly kind: "number"; readonly which: number; readonly value: string }
  | { readonly kind: "duplicate"; readonly which: number };

/** Edits to the header text, where the checks are (the length prefix is kept consistent). */
const headerEdit = (header: string, m: Mutation): string => {
  switch (m.kind) {
    case "text": {
      const at = m.at % (header.length + 1);
      return header.slice(0, at) + m.insert + header.slice(at + m.remove);
    }
    case "number": {
      const numbers = [...header.matchAll(/-?\d+/g)];
      if (numbers.length === 0) return header;
      const n = numbers[m.which % numbers.length]!;
      return header.slice(0, n.index) + m.value + header.slice(n.index + n[0].length);
    }
    case "duplicate": {
      // repeat one "key": value member of the top-level object
      const keys = [...header.matchAll(/"([^"\\]+)":\{[^{}]*\}/g)];
      if (keys.length === 0) return header;
      const k = keys[m.which % keys.length]!;
      return `${header.slice(0, -1).trimEnd().replace(/\}$/, "")},${k[0]}}}`;
    }
    default:
      return header;
  }
};

function apply(bytes: Uint8Array, m: Mutation): Uint8Array {
  const len = bytes.length;
  switch (m.kind) {
    case "flip": {
      const out = bytes.slice();
      if (len > 0) out[m.at % len] = out[m.at % len]! ^ m.xor;
      return out;
    }
    case "truncate":
      return bytes.slice(0, m.at % (len + 1));
    case "length": {
      const out = bytes.slice();
      if (len >= 8) new DataView(out.buffer).setBigUint64(0, m.value, true);
      return out;
    }
    default: {
      if (len < 8) return bytes;
      const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
      if (8 + n > len) return bytes;
      const header = enc.encode(headerEdit(dec.decode(bytes.subarray(8, 8 + n)), m));
      return rawBytes(BigInt(header.length), header, bytes.subarray(8 + n));
    }
  }
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant("length" as const),
    value: fc.oneof(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.bigInt({ min: 0n, max: 50_000n })),
  }),
  fc.record({
    kind: fc.constant("text" as const),
    at: fc.nat(),
    insert: fc.oneof(
      fc.constantFrom(
        "[",
        "]",
        "{",
        "}",
        ",",
        ":",
        '"',
        "\\",
        "\\u",
        "\\ud800",
        "null",
        "-",
        "1e999",
        '"F16"',
        '"I64"',
        '"__metadata__"',
        "\u00e9",
        "\n",
      ),
      fc.integer({ min: 1, max: 400 }).map((k) => "[".repeat(k)),
      fc.string({ maxLength: 6 }),
    ),
    remove: fc.integer({ min: 0, max: 3 }),
  }),
  fc.record({
    kind: fc.constant("number" as const),
    which: fc.nat(),
    value: fc.constantFrom("0", "1", "-1", "2.0", "1e3", "4294967296", "9007199254740993", "1e400", "65536", "99999999999"),
  }),
  fc.record({ kind: fc.constant("duplicate" as const), which: fc.nat() }),
);

/** Parses `bytes`: a SafetensorsError or a consistent, bounded result; anything else fails the test. */
function check(bytes: Uint8Array): "parsed" | "rejected" {
  let result: ReturnType<typeof parseSafetensors>;
  try {
    result = parseSafetensors(bytes, { unsupported: "skip" });
  } catch (error) {
    if (error instanceof SafetensorsError && error.message.length > 0) return "rejected";
    throw new Error(`expected a SafetensorsError, got ${String(error)}`, { cause: error });
  }
  let decoded = 0;
  for (const [name, entry] of result.tensors) {
    if (entry.name !== name || entry.data.length !== entry.shape.reduce((a, b) => a * b, 1))
      throw new Error(`tensor ${JSON.stringify(name)}: data does not match its shape`);
    decoded += entry.data.byteLength;
  }
  if (decoded > 2 * bytes.length) throw new Error(`decoded ${decoded} bytes from a ${bytes.length}-byte file`);
  // a result the writer accepts and the reader reads back identically
  const again = parseSafetensors(
    serializeSafetensors(
      [...result.tensors].map(([name, e]) => [name, e] as const),
      result.metadata,
    ),
  );
  if ([...again.tensors.keys()].sort().join("\0") !== [...result.tensors.keys()].sort().join("\0"))
    throw new Error("names changed in a write and read back");
  for (const [name, e] of again.tensors) {
    if (Buffer.compare(rawView(e.data), rawView(result.tensors.get(name)!.data)) !== 0)
      throw new Error(`tensor ${JSON.stringify(name)} changed in a write and read back`);
  }
  return "parsed";
}

const rawView = (data: Float32Array | Float64Array): Buffer => Buffer.from(data.buffer, data.byteOffset, data.byteLength);

describe("seeded fuzz of the reader over mutated golden files", () => {
  it("finds the golden files", () => {
    expect(bases.length).toBeGreaterThanOrEqual(2);
    for (const base of bases) expect(check(base)).toBe("parsed");
  });

  it("3000 mutated files: a SafetensorsError or a consistent result, each in bounded time", () => {
    const outcomes = { parsed: 0, rejected: 0 };
    let slowest = 0;
    fc.assert(
      fc.property(fc.constantFrom(...bases), fc.array(mutation, { minLength: 1, maxLength: 3 }), (base, mutations) => {
        const bytes = mutations.reduce(apply, base);
        const start = performance.now();
        outcomes[check(bytes)]++;
        slowest = Math.max(slowest, performance.now() - start);
      }),
      { seed: 15, numRuns: 3000 },
    );
    // both outcomes happen: the mutations reach past the first checks
    expect(outcomes.parsed).toBeGreaterThan(50);
    expect(outcomes.rejected).toBeGreaterThan(1000);
    expect(slowest).toBeLessThan(500);
  });
});
