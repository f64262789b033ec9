import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseSafetensors, readSafetensors, SafetensorsError, type SafetensorsInput, serializeSafetensors } from "../../src/io/index.js";
import { goldenDir } from "../helpers/golden.js";
import { bitsOf, expectSafetensorsError, f32Bytes, rawFile, u16Bytes } from "./helpers.js";

const MODEL = `${goldenDir}unet2_pytorch.safetensors`;
const IO = `${goldenDir}unet2_pytorch_io.safetensors`;

/** The header of a trusted file, read independently of the module under test. */
function referenceHeader(path: string): {
  n: number;
  header: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
  bytes: Buffer;
} {
  const bytes = readFileSync(path);
  const n = Number(bytes.readBigUInt64LE(0));
  const parsed = JSON.parse(bytes.toString("utf8", 8, 8 + n)) as Record<string, unknown>;
  delete parsed["__metadata__"];
  return { n, header: parsed as Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>, bytes };
}

function paramShapes(inC: number, outC: number, c: number): Record<string, number[]> {
  return {
    "down1_1.weight": [c, inC, 3, 3],
    "down1_1.bias": [c],
    "down1_2.weight": [c, c, 3, 3],
    "down1_2.bias": [c],
    "down2_1.weight": [2 * c, c, 3, 3],
    "down2_1.bias": [2 * c],
    "down2_2.weight": [2 * c, 2 * c, 3, 3],
    "down2_2.bias": [2 * c],
    "upT.weight": [2 * c, c, 2, 2],
    "upT.bias": [c],
    "up1_1.weight": [c, 2 * c, 3, 3],
    "up1_1.bias": [c],
    "up1_2.weight": [c, c, 3, 3],
    "up1_2.bias": [c],
    "out1x1.weight": [outC, c, 1, 1],
    "out1x1.bias": [outC],
  };
}

describe("golden PyTorch files", () => {
  it("reads the U-Net state_dict with PyTorch's names, shapes and the sizes in __metadata__", async () => {
    const { tensors, metadata, skipped } = await readSafetensors(MODEL);
    expect(metadata).toEqual({ inC: "3", outC: "2", baseC: "8", inH: "16", inW: "24", format: "pt" });
    expect(skipped).toEqual([]);
    const shapes = paramShapes(Number(metadata["inC"]), Number(metadata["outC"]), Number(metadata["baseC"]));
    expect([...tensors.keys()]).toEqual(Object.keys(shapes));
    for (const [name, entry] of tensors) {
      expect(entry.name).toBe(name);
      expect(entry.dtype).toBe("F32");
      expect(entry.data).toBeInstanceOf(Float32Array);
      expect(entry.shape, name).toEqual(shapes[name]);
      expect(entry.data.length).toBe(entry.shape.reduce((a, b) => a * b, 1));
    }
  });

  it("returns exactly the bytes the header points at", async () => {
    for (const path of [MODEL, IO]) {
      const { n, header, bytes } = referenceHeader(path);
      const { tensors } = await readSafetensors(path);
      expect(tensors.size).toBe(Object.keys(header).length);
      for (const [name, info] of Object.entries(header)) {
        const entry = tensors.get(name);
        expect(entry, name).toBeDefined();
        expect(entry!.shape).toEqual(info.shape);
        const [begin, end] = info.data_offsets;
        expect(entry!.data.length * 4, `${name}: size vs data_offsets`).toBe(end - begin);
        for (let i = 0; i < entry!.data.length; i++) {
          expect(entry!.data[i]).toBe(bytes.readFloatLE(8 + n + begin + 4 * i));
        }
      }
    }
  });

  it("reads the io file: x, y, gy, grad.x and a grad for every parameter, shaped by __metadata__", async () => {
    const { tensors, metadata } = await readSafetensors(IO);
    const inC = Number(metadata["inC"]);
    const outC = Number(metadata["outC"]);
    const h = Number(metadata["inH"]);
    const w = Number(metadata["inW"]);
    expect([inC, outC, h, w]).toEqual([3, 2, 16, 24]);
    expect(tensors.get("x")?.shape).toEqual([inC, h, w]);
    expect(tensors.get("y")?.shape).toEqual([outC, h, w]);
    expect(tensors.get("gy")?.shape).toEqual([outC, h, w]);
    expect(tensors.get("grad.x")?.shape).toEqual([inC, h, w]);
    const shapes = paramShapes(inC, outC, Number(metadata["baseC"]));
    for (const [name, shape] of Object.entries(shapes)) expect(tensors.get(`grad.${name}`)?.shape, name).toEqual(shape);
    expect(tensors.size).toBe(4 + Object.keys(shapes).length);
    for (const entry of tensors.values()) expect(entry.data.every(Number.isFinite), entry.name).toBe(true);
  });

  it("re-serializes the golden file into an equivalent one", async () => {
    const first = await readSafetensors(MODEL);
    const bytes = serializeSafetensors(first.tensors, first.metadata);
    const second = parseSafetensors(bytes);
    expect(second.metadata).toEqual(first.metadata);
    expect(new Set(second.tensors.keys())).toEqual(new Set(first.tensors.keys()));
    for (const [name, entry] of first.tensors) {
      expect(second.tensors.get(name)?.shape).toEqual(entry.shape);
      expect(bitsOf(second.tensors.get(name)!.data)).toEqual(bitsOf(entry.data));
    }
  });

  it("wraps I/O failures and names the path", async () => {
    const missing = await readSafetensors(`${goldenDir}no-such-file.safetensors`).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(SafetensorsError);
    expect((missing as SafetensorsError).message).toMatch(/cannot read .*no-such-file/);
    expect(((missing as SafetensorsError).cause as NodeJS.ErrnoException).code).toBe("ENOENT");
    const dir = await readSafetensors(goldenDir).catch((e: unknown) => e);
    expect(dir).toBeInstanceOf(SafetensorsError);
    expect((dir as Error).message).toMatch(/not a regular file/);
    const notSafetensors = await readSafetensors(`${goldenDir}README.md`).catch((e: unknown) => e);
    expect(notSafetensors).toBeInstanceOf(SafetensorsError);
    expect((notSafetensors as Error).message).toMatch(
      /README\.md: not a safetensors file: its first 8 bytes give a header length of \d+, more than the 100000000-byte maximum$/,
    );
  });
});

const SPECIAL32 = [0x7fc00000, 0xffc00000, 0x7fc00001, 0x7f800001, 0x7f800000, 0xff800000, 0x80000000, 0, 1, 0x80000001, 0x7f7fffff, 0x3f800000];
const SPECIAL64 = [
  0x7ff8000000000000n,
  0xfff8000000000001n,
  0x7ff0000000000001n,
  0x7ff0000000000000n,
  0xfff0000000000000n,
  0x8000000000000000n,
  0n,
  1n,
  0x7fefffffffffffffn,
  0x3ff0000000000000n,
];

function f32FromBits(bits: readonly number[]): Float32Array {
  return new Float32Array(new Uint32Array(bits).buffer);
}

function f64FromBits(bits: readonly bigint[]): Float64Array {
  return new Float64Array(new BigUint64Array(bits).buffer);
}

describe("serialize → parse", () => {
  it("round-trips F32 and F64 bit for bit: NaN payloads, ±0, ±inf, subnormals", () => {
    const a = f32FromBits(SPECIAL32);
    const b = f64FromBits(SPECIAL64);
    const parsed = parseSafetensors(
      serializeSafetensors({ a: { shape: [3, 4], data: a }, b: { shape: [2, 5], data: b }, scalar: { shape: [], data: new Float32Array([-0]) } }),
    );
    const pa = parsed.tensors.get("a")!;
    const pb = parsed.tensors.get("b")!;
    expect(pa.dtype).toBe("F32");
    expect(pb.dtype).toBe("F64");
    expect(pb.data).toBeInstanceOf(Float64Array);
    expect(pa.shape).toEqual([3, 4]);
    expect(pb.shape).toEqual([2, 5]);
    expect(bitsOf(pa.data)).toEqual(SPECIAL32);
    expect(bitsOf(pb.data)).toEqual(SPECIAL64);
    expect(parsed.tensors.get("scalar")!.shape).toEqual([]);
    expect(Object.is(parsed.tensors.get("scalar")!.data[0], -0)).toBe(true);
  });

  it("round-trips arbitrary bit patterns and shapes (property)", () => {
    const tensor32 = fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 3 }).chain((shape) => {
      const n = shape.reduce((x, y) => x * y, 1);
      return fc.record({ shape: fc.constant(shape), bits: fc.array(fc.nat({ max: 0xffffffff }), { minLength: n, maxLength: n }), f64: fc.boolean() });
    });
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ maxLength: 6 }), tensor32, { maxKeys: 5 }),
        fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }),
        (dict, metadata) => {
          delete dict["__metadata__"];
          const entries = new Map<string, SafetensorsInput>();
          for (const [name, t] of Object.entries(dict)) {
            const data = t.f64 ? f64FromBits(t.bits.map((x) => (BigInt(x) << 32n) | BigInt((x ^ 0x5a5a5a5a) >>> 0))) : f32FromBits(t.bits);
            entries.set(name, { shape: t.shape, data });
          }
          const bytes = serializeSafetensors(entries, metadata);
          const parsed = parseSafetensors(bytes);
          expect(parsed.metadata).toEqual(metadata);
          expect(parsed.tensors.size).toBe(entries.size);
          for (const [name, input] of entries) {
            const got = parsed.tensors.get(name)!;
            expect(got.shape).toEqual(input.shape);
            expect(got.dtype).toBe(input.data instanceof Float64Array ? "F64" : "F32");
            expect(bitsOf(got.data)).toEqual(bitsOf(input.data));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("writes the reference layout: u64 length, space-padded header (multiple of 8), F64 before F32, names sorted, no gaps", () => {
    const bytes = serializeSafetensors(
      [
        ["z", { shape: [1], data: new Float32Array([1]) }],
        ["b", { shape: [3], data: new Float32Array([1, 2, 3]) }],
        ["y", { shape: [1], data: new Float64Array([2]) }],
        ["a", { shape: [0, 2], data: new Float32Array(0) }],
      ],
      { note: "hi", a: "1" },
    );
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const n = Number(view.getBigUint64(0, true));
    expect(n % 8).toBe(0);
    const text = new TextDecoder().decode(bytes.subarray(8, 8 + n));
    expect(text).toMatch(/^\{.*\} *$/);
    expect(text.trimEnd().length).toBeGreaterThan(n - 8);
    expect(text.trimEnd()).toBe(
      '{"__metadata__":{"a":"1","note":"hi"},' +
        '"y":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},' +
        '"a":{"dtype":"F32","shape":[0,2],"data_offsets":[8,8]},' +
        '"b":{"dtype":"F32","shape":[3],"data_offsets":[8,20]},' +
        '"z":{"dtype":"F32","shape":[1],"data_offsets":[20,24]}}',
    );
    expect(bytes.length).toBe(8 + n + 24);
    expect(view.getFloat64(8 + n, true)).toBe(2);
    expect(view.getFloat32(8 + n + 8, true)).toBe(1);
    expect(view.getFloat32(8 + n + 20, true)).toBe(1);
  });

  it("is deterministic: insertion order does not change the bytes", () => {
    const t = (v: number): SafetensorsInput => ({ shape: [2], data: new Float32Array([v, -v]) });
    const one = serializeSafetensors({ é: t(1), e: t(2), "\u{1F600}": t(3), "\uFFFD": t(4) }, { k: "v", a: "b" });
    const two = serializeSafetensors(
      new Map([
        ["\uFFFD", t(4)],
        ["\u{1F600}", t(3)],
        ["e", t(2)],
        ["é", t(1)],
      ]),
      { a: "b", k: "v" },
    );
    expect(Buffer.from(one).equals(Buffer.from(two))).toBe(true);
    // UTF-8 byte order (like Rust's String order): U+FFFD (EF BF BD) before U+1F600 (F0 9F 98 80)
    expect([...parseSafetensors(one).tensors.keys()]).toEqual(["e", "é", "\uFFFD", "\u{1F600}"]);
  });

  it("accepts Float32Array views at any offset and keeps names like __proto__ as data", () => {
    const backing = new Float32Array([9, 1, 2, 3, 9]);
    const bytes = serializeSafetensors({ ["__proto__"]: { shape: [3], data: backing.subarray(1, 4) } }, { ["__proto__"]: "x" });
    const parsed = parseSafetensors(bytes);
    expect([...parsed.tensors.get("__proto__")!.data]).toEqual([1, 2, 3]);
    expect(Object.getPrototypeOf(parsed.metadata)).toBe(Object.prototype);
    expect(Object.keys(parsed.metadata)).toEqual(["__proto__"]);
    expect(Object.getOwnPropertyDescriptor(parsed.metadata, "__proto__")?.value).toBe("x");
  });

  it("rejects what it cannot write, with SafetensorsError", () => {
    const ok = new Float32Array(2);
    expectSafetensorsError(() => serializeSafetensors({ a: { shape: [3], data: ok } }), /tensor "a"/, /shape \[3\] has 3 elements but data has 2/);
    expectSafetensorsError(
      () => serializeSafetensors({ a: { shape: [2, -1], data: ok } }),
      /shape\[1\] must be a non-negative safe integer, got number -1/,
    );
    expectSafetensorsError(() => serializeSafetensors({ a: { shape: [2.5], data: ok } }), /shape\[0\]/);
    expectSafetensorsError(() => serializeSafetensors({ __metadata__: { shape: [2], data: ok } }), /reserved/);
    expectSafetensorsError(
      () =>
        serializeSafetensors([
          ["a", { shape: [2], data: ok }],
          ["a", { shape: [2], data: ok }],
        ]),
      /tensor "a": duplicate name/,
    );
    const wrong = { shape: [2], data: new Int32Array(2) } as unknown as SafetensorsInput;
    expectSafetensorsError(() => serializeSafetensors({ a: wrong }), /data must be a Float32Array or Float64Array/);
    const badMeta = { k: 3 } as unknown as Record<string, string>;
    expectSafetensorsError(() => serializeSafetensors({}, badMeta), /__metadata__\["k"\]: must be a string, got number 3/);
  });

  it("writes an empty file that parses", () => {
    const parsed = parseSafetensors(serializeSafetensors({}));
    expect(parsed.tensors.size).toBe(0);
    expect(parsed.metadata).toEqual({});
  });
});

describe("memory", () => {
  const header = { a: { dtype: "F32", shape: [2], data_offsets: [0, 8] }, b: { dtype: "F64", shape: [1], data_offsets: [8, 16] } };
  const data = new Uint8Array(16);
  new DataView(data.buffer).setFloat32(0, 1.5, true);
  new DataView(data.buffer).setFloat32(4, -2.5, true);
  new DataView(data.buffer).setFloat64(8, Math.PI, true);

  it("views aligned data in place unless copy is asked for", () => {
    const bytes = rawFile(header, data);
    const view = parseSafetensors(bytes);
    expect(view.tensors.get("a")!.data.buffer).toBe(bytes.buffer);
    const copied = parseSafetensors(bytes, { copy: true });
    expect(copied.tensors.get("a")!.data.buffer).not.toBe(bytes.buffer);
    expect(copied.tensors.get("b")!.data.buffer).not.toBe(bytes.buffer);
    expect([...copied.tensors.get("a")!.data]).toEqual([1.5, -2.5]);
    expect([...copied.tensors.get("b")!.data]).toEqual([Math.PI]);
  });

  it("copies misaligned data out instead of creating an unaligned view", () => {
    const file = rawFile(header, data);
    for (let shift = 1; shift < 8; shift++) {
      const backing = new Uint8Array(file.length + shift);
      backing.set(file, shift);
      const parsed = parseSafetensors(backing.subarray(shift));
      expect([...parsed.tensors.get("a")!.data], `shift ${shift}`).toEqual([1.5, -2.5]);
      expect([...parsed.tensors.get("b")!.data], `shift ${shift}`).toEqual([Math.PI]);
      if (shift % 4 !== 0) expect(parsed.tensors.get("a")!.data.buffer).not.toBe(backing.buffer);
    }
  });
});

/** binary16 value from its bits, by the IEEE 754 definition (independent of the module's bit manipulation). */
function halfValue(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return sign * m * 2 ** -24;
  if (e === 31) return m === 0 ? sign * Infinity : NaN;
  return sign * (1 + m / 1024) * 2 ** (e - 15);
}

/** bfloat16 value from its bits: 1 sign, 8 exponent (bias 127), 7 mantissa bits. */
function bfloat16Value(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const e = (h >> 7) & 0xff;
  const m = h & 0x7f;
  if (e === 0) return sign * m * 2 ** -133;
  if (e === 255) return m === 0 ? sign * Infinity : NaN;
  return sign * (1 + m / 128) * 2 ** (e - 127);
}

function parse16(dtype: "F16" | "BF16", patterns: readonly number[]): Float32Array {
  const entry = parseSafetensors(
    rawFile({ t: { dtype, shape: [patterns.length], data_offsets: [0, 2 * patterns.length] } }, u16Bytes(patterns)),
  ).tensors.get("t")!;
  expect(entry.dtype).toBe(dtype);
  expect(entry.data).toBeInstanceOf(Float32Array);
  return entry.data as Float32Array;
}

describe("F16 and BF16 widen to float32", () => {
  it("decodes F16 landmarks", () => {
    const cases: [number, number][] = [
      [0x3c00, 1],
      [0xbc00, -1],
      [0xc000, -2],
      [0x3800, 0.5],
      [0x7bff, 65504],
      [0x0400, 2 ** -14],
      [0x0001, 2 ** -24],
      [0x03ff, 1023 * 2 ** -24],
      [0x8001, -(2 ** -24)],
      [0x7c00, Infinity],
      [0xfc00, -Infinity],
      [0x0000, 0],
      [0x8000, -0],
      [0x3555, 0.333251953125],
    ];
    const got = parse16(
      "F16",
      cases.map(([bits]) => bits),
    );
    cases.forEach(([bits, want], i) => {
      expect(Object.is(got[i], want), `0x${bits.toString(16)}: got ${got[i]}, want ${want}`).toBe(true);
    });
    expect(parse16("F16", [0x7e00, 0xfe00, 0x7c01]).every(Number.isNaN)).toBe(true);
  });

  it("decodes every F16 bit pattern to its IEEE value", () => {
    const all = Array.from({ length: 65536 }, (_, i) => i);
    const got = parse16("F16", all);
    for (const h of all) {
      if (!Object.is(got[h], halfValue(h))) expect.fail(`F16 0x${h.toString(16)}: got ${got[h]}, want ${halfValue(h)}`);
    }
  });

  it("keeps F16 NaN sign and payload", () => {
    const got = new Uint32Array(parse16("F16", [0x7e01, 0xfc01, 0x7fff]).buffer);
    expect([...got]).toEqual([0x7fc02000, 0xff802000, 0x7fffe000]);
  });

  it("decodes BF16 landmarks", () => {
    const cases: [number, number][] = [
      [0x3f80, 1],
      [0xc000, -2],
      [0x4049, 3.140625],
      [0x7f80, Infinity],
      [0xff80, -Infinity],
      [0x0001, 2 ** -133],
      [0x0080, 2 ** -126],
      [0x8000, -0],
      [0x7f7f, (1 + 127 / 128) * 2 ** 127],
    ];
    const got = parse16(
      "BF16",
      cases.map(([bits]) => bits),
    );
    cases.forEach(([bits, want], i) => {
      expect(Object.is(got[i], want), `0x${bits.toString(16)}: got ${got[i]}, want ${want}`).toBe(true);
    });
    expect([...new Uint32Array(parse16("BF16", [0x7fc1, 0xff81]).buffer)]).toEqual([0x7fc10000, 0xff810000]);
  });

  it("decodes every BF16 bit pattern to its value", () => {
    const all = Array.from({ length: 65536 }, (_, i) => i);
    const got = parse16("BF16", all);
    for (const h of all) {
      if (!Object.is(got[h], bfloat16Value(h))) expect.fail(`BF16 0x${h.toString(16)}: got ${got[h]}, want ${bfloat16Value(h)}`);
    }
  });

  it("decodes F16 at an odd offset in the data buffer", () => {
    const header = {
      pad: { dtype: "U8", shape: [1], data_offsets: [0, 1] },
      t: { dtype: "F16", shape: [2], data_offsets: [1, 5] },
    };
    const data = new Uint8Array([0xaa, ...u16Bytes([0x3c00, 0xc000])]);
    const parsed = parseSafetensors(rawFile(header, data), { unsupported: "skip" });
    expect([...parsed.tensors.get("t")!.data]).toEqual([1, -2]);
    expect(parsed.skipped).toEqual([{ name: "pad", dtype: "U8", shape: [1] }]);
    expect(parsed.tensors.has("pad")).toBe(false);
  });

  it("mixes dtypes in one file", () => {
    const header = {
      h: { dtype: "F16", shape: [1], data_offsets: [0, 2] },
      b: { dtype: "BF16", shape: [1], data_offsets: [2, 4] },
      f: { dtype: "F32", shape: [1], data_offsets: [4, 8] },
    };
    const data = new Uint8Array([...u16Bytes([0x3c00, 0x3f80]), ...f32Bytes([7])]);
    const parsed = parseSafetensors(rawFile(header, data));
    expect([...parsed.tensors.values()].map((e) => [e.name, e.dtype, e.data[0]])).toEqual([
      ["h", "F16", 1],
      ["b", "BF16", 1],
      ["f", "F32", 7],
    ]);
  });
});
