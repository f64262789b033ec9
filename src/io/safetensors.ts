/**
 * safetensors read and write (https://github.com/huggingface/safetensors), the format PyTorch, JAX and the
 * Hugging Face hub use for weights:
 *
 *   [8 bytes: header length N, little-endian u64][N bytes: UTF-8 JSON header][data buffer]
 *
 * The header maps each tensor name to `{ "dtype", "shape", "data_offsets": [begin, end] }` (offsets relative to
 * the data buffer) plus an optional `"__metadata__": { string: string }`.
 *
 * This file reads and writes bytes and imports no Node built-in (it runs in browsers); `safetensors-file.ts` adds
 * file paths for Node.
 *
 * F32 and F64 are read and written; F16 and BF16 are read and widened (exactly) to float32; I64 (PyTorch's long:
 * batch norm's `num_batches_tracked`) is read as float64, exactly (a value beyond ±2^53 is an error). Every file is treated
 * as hostile: the checks match the reference implementation's (no overlaps, no holes, sizes agree) plus duplicate
 * keys, which `JSON.parse` would silently collapse. Every failure is a `SafetensorsError`.
 */
import { Elided, hasLoneSurrogate, METADATA_KEY, readHeaderJson } from "./header-json.js";
import { SafetensorsError } from "./safetensors-error.js";

export { SafetensorsError } from "./safetensors-error.js";

/** The dtypes this module decodes. */
export type SafetensorsDType = "F32" | "F64" | "F16" | "BF16" | "I64";

/** A decoded tensor: `dtype` is the file's; F32, F16 and BF16 data is a `Float32Array`, F64 and I64 a `Float64Array`. */
export type SafetensorsEntry =
  | { readonly name: string; readonly dtype: "F32" | "F16" | "BF16"; readonly shape: number[]; readonly data: Float32Array }
  | { readonly name: string; readonly dtype: "F64" | "I64"; readonly shape: number[]; readonly data: Float64Array };

/** Limits and checks applied while parsing a safetensors buffer. */
export interface ParseSafetensorsOptions {
  /** Largest header accepted, in bytes (default 100 000 000, the reference implementation's cap). */
  readonly maxHeaderBytes?: number;
  /**
   * Copy F32/F64 data out of the input even when it could be viewed in place (default false: data that is
   * aligned in the input is returned as a view sharing the input's memory; misaligned data is always copied).
   */
  readonly copy?: boolean;
  /**
   * Tensors of a valid safetensors dtype this module does not decode (I32, U8, BOOL, ...): "error" (default)
   * throws; "skip" checks their layout like any other tensor, leaves them out of `tensors` and lists them in
   * `skipped`.
   */
  readonly unsupported?: "error" | "skip";
}

/** A parsed safetensors file: its tensors by name, and its metadata. */
export interface ParsedSafetensors {
  /** In header order. */
  readonly tensors: Map<string, SafetensorsEntry>;
  /** `__metadata__`, or `{}` when absent or null. */
  readonly metadata: Record<string, string>;
  /** Tensors left out under `unsupported: "skip"`. */
  readonly skipped: ReadonlyArray<{ readonly name: string; readonly dtype: string; readonly shape: number[] }>;
}

/** One tensor to write; a `Tensor` fits as is. */
export interface SafetensorsInput {
  readonly shape: readonly number[];
  readonly data: Float32Array | Float64Array;
}

/** Tensors to write: `[name, tensor]` pairs (a `Map`, an array) or a record such as a model's `stateDict()`. */
export type SafetensorsEntries = Iterable<readonly [string, SafetensorsInput]> | Readonly<Record<string, SafetensorsInput>>;

/** The reference implementation's header cap. */
export const DEFAULT_MAX_HEADER_BYTES = 100_000_000;

/** Bits per element of every dtype the safetensors format defines. */
const DTYPE_BITS: Readonly<Record<string, number>> = {
  BOOL: 8,
  U8: 8,
  I8: 8,
  F8_E5M2: 8,
  F8_E4M3: 8,
  F8_E8M0: 8,
  I16: 16,
  U16: 16,
  F16: 16,
  BF16: 16,
  I32: 32,
  U32: 32,
  F32: 32,
  F64: 64,
  I64: 64,
  U64: 64,
  C64: 64,
  F4: 4,
  F6_E2M3: 6,
  F6_E3M2: 6,
};

const SUPPORTED: readonly SafetensorsDType[] = ["F32", "F64", "F16", "BF16", "I64"];

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const q = (s: string): string => JSON.stringify(s);

/** A short, shallow description of a JSON value (never recursive: hostile headers nest arbitrarily deep). */
function describe(value: unknown): string {
  if (value === null) return "null";
  if (value instanceof Elided) return `${value === Elided.array ? "array" : "object"} ${value.text}`;
  if (Array.isArray(value)) return `array ${preview(value)}`;
  if (typeof value === "object") return `object ${preview(value)}`;
  if (typeof value === "string") return `string ${truncate(q(value))}`;
  return `${typeof value} ${String(value)}`;
}

function preview(value: unknown): string {
  if (value === null || typeof value !== "object") return typeof value === "string" ? truncate(q(value)) : String(value);
  if (Array.isArray(value)) {
    const items = value
      .slice(0, 4)
      .map((v: unknown) =>
        v instanceof Elided ? v.text : v !== null && typeof v === "object" ? (Array.isArray(v) ? "[...]" : "{...}") : preview(v),
      );
    return truncate(`[${items.join(", ")}${value.length > 4 ? `, ... (${value.length} items)` : ""}]`);
  }
  const keys = Object.keys(value);
  return truncate(`{${keys.slice(0, 4).map(q).join(", ")}${keys.length > 4 ? ", ..." : ""}}`);
}

function truncate(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------------------------
// parse

const PARSE_OPTIONS: readonly string[] = ["maxHeaderBytes", "copy", "unsupported"];
const UNSUPPORTED_CHOICES: readonly string[] = ["error", "skip"];

/** Options are checked before the bytes: a misspelt or invalid option must not quietly act like another. */
function checkParseOptions(options: ParseSafetensorsOptions): void {
  for (const key of Object.keys(options)) {
    if (!PARSE_OPTIONS.includes(key)) throw new SafetensorsError(`unknown option ${q(key)}: expected one of ${PARSE_OPTIONS.join(", ")}`);
  }
  const { maxHeaderBytes, copy, unsupported } = options;
  if (maxHeaderBytes !== undefined && (!Number.isSafeInteger(maxHeaderBytes) || maxHeaderBytes < 0)) {
    throw new SafetensorsError(`options.maxHeaderBytes must be a non-negative safe integer, got ${describe(maxHeaderBytes)}`);
  }
  if (copy !== undefined && typeof copy !== "boolean") throw new SafetensorsError(`options.copy must be a boolean, got ${describe(copy)}`);
  if (unsupported !== undefined && !UNSUPPORTED_CHOICES.includes(unsupported)) {
    throw new SafetensorsError(`options.unsupported must be one of ${UNSUPPORTED_CHOICES.map(q).join(", ")}, got ${describe(unsupported)}`);
  }
}

interface Layout {
  readonly name: string;
  readonly dtype: string;
  readonly shape: number[];
  readonly count: number;
  readonly begin: number;
  readonly end: number;
}

/**
 * Parses a safetensors file held in memory. Throws `SafetensorsError` on anything malformed.
 * F32/F64 data aligned in `bytes` is a view into `bytes` unless `options.copy` (little-endian hosts).
 */
export function parseSafetensors(bytes: Uint8Array, options: ParseSafetensorsOptions = {}): ParsedSafetensors {
  checkParseOptions(options);
  const maxHeader = options.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES;
  const unsupported = options.unsupported ?? "error";
  if (bytes.length < 8) {
    throw new SafetensorsError(`file too short: expected at least 8 bytes (the header length), got ${bytes.length}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getBigUint64(0, true);
  if (headerLength > BigInt(maxHeader)) {
    // Past the cap and past the end of the file: these 8 bytes are not a header length at all (a text file's
    // first characters read as a u64 give some 10^18), so say what the file is not before why.
    if (headerLength > BigInt(bytes.length - 8)) {
      throw new SafetensorsError(
        `not a safetensors file: its first 8 bytes give a header length of ${headerLength}, more than the ${maxHeader}-byte maximum`,
      );
    }
    throw new SafetensorsError(`header length ${headerLength} exceeds the maximum of ${maxHeader} bytes (options.maxHeaderBytes)`);
  }
  const n = Number(headerLength);
  if (8 + n > bytes.length) {
    throw new SafetensorsError(
      `header length ${n} runs past the end of the file: expected at most ${bytes.length - 8} bytes after the 8-byte length, file is ${bytes.length} bytes`,
    );
  }
  const dataStart = 8 + n;
  const dataLength = bytes.length - dataStart;

  if (n === 0 || bytes[8] !== 0x7b) {
    const start = new TextDecoder().decode(bytes.subarray(8, Math.min(dataStart, 28)));
    throw new SafetensorsError(`header must be a JSON object starting with "{", got ${describe(start)}`);
  }
  let metadata: Record<string, string> = {};
  const layouts: Layout[] = [];
  // Each entry is checked as soon as it is read, so a bad file fails at its first bad entry.
  readHeaderJson(bytes.subarray(8, dataStart), (key, value) => {
    if (key === METADATA_KEY) metadata = checkMetadata(value);
    else layouts.push(checkEntry(key, value, dataLength, unsupported));
  });
  checkCoverage(layouts, dataLength);

  const tensors = new Map<string, SafetensorsEntry>();
  const skipped: { name: string; dtype: string; shape: number[] }[] = [];
  for (const layout of layouts) {
    const start = dataStart + layout.begin;
    const end = dataStart + layout.end;
    const { name, shape } = layout;
    switch (layout.dtype) {
      case "F32":
        tensors.set(name, { name, dtype: "F32", shape, data: readFloat32(bytes, start, end, options.copy === true) });
        break;
      case "F64":
        tensors.set(name, { name, dtype: "F64", shape, data: readFloat64(bytes, start, end, options.copy === true) });
        break;
      case "F16":
        tensors.set(name, { name, dtype: "F16", shape, data: widen16(bytes, start, layout.count, halfToFloatBits) });
        break;
      case "BF16":
        tensors.set(name, { name, dtype: "BF16", shape, data: widen16(bytes, start, layout.count, bfloat16ToFloatBits) });
        break;
      case "I64":
        tensors.set(name, { name, dtype: "I64", shape, data: readInt64(name, bytes, start, layout.count) });
        break;
      default:
        skipped.push({ name, dtype: layout.dtype, shape });
    }
  }
  return { tensors, metadata, skipped };
}

function checkMetadata(value: unknown): Record<string, string> {
  if (value === null) return {};
  if (!isPlainObject(value)) {
    throw new SafetensorsError(`${METADATA_KEY} must be an object of string values, got ${describe(value)}`);
  }
  const pairs: [string, string][] = [];
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== "string") {
      throw new SafetensorsError(`${METADATA_KEY}[${q(k)}] must be a string, got ${describe(v)}`);
    }
    pairs.push([k, v]);
  }
  // fromEntries defines own properties, so a "__proto__" key stays data
  return Object.fromEntries(pairs);
}

function checkEntry(name: string, value: unknown, dataLength: number, unsupported: "error" | "skip"): Layout {
  const at = `tensor ${q(name)}`;
  const fail = (message: string): never => {
    throw new SafetensorsError(`${at}: ${message}`, { tensor: name });
  };
  if (!isPlainObject(value)) {
    return fail(`entry must be an object with dtype, shape and data_offsets, got ${describe(value)}`);
  }
  const dtype = value["dtype"];
  if (typeof dtype !== "string") return fail(`dtype must be a string, got ${describe(dtype)}`);
  const bits = Object.hasOwn(DTYPE_BITS, dtype) ? DTYPE_BITS[dtype] : undefined;
  if (bits === undefined) {
    return fail(`unknown dtype ${q(dtype)}: expected one of ${Object.keys(DTYPE_BITS).join(", ")}`);
  }

  const shapeValue = value["shape"];
  if (!Array.isArray(shapeValue)) return fail(`shape must be an array of non-negative integers, got ${describe(shapeValue)}`);
  const shape: number[] = [];
  let count = 1;
  for (let i = 0; i < shapeValue.length; i++) {
    const d: unknown = shapeValue[i];
    if (typeof d !== "number" || !Number.isSafeInteger(d) || d < 0) {
      return fail(`shape[${i}] must be a non-negative safe integer, got ${describe(d)}`);
    }
    shape.push(d);
    count *= d;
    if (count > Number.MAX_SAFE_INTEGER) {
      return fail(
        `element count of shape [${shapeValue.slice(0, i + 1).join(", ")}${i + 1 < shapeValue.length ? ", ..." : ""}] overflows (more than 2^53 - 1 elements)`,
      );
    }
  }
  if (count > Math.floor(Number.MAX_SAFE_INTEGER / bits)) {
    return fail(`byte size of ${count} elements of ${dtype} overflows`);
  }
  if ((count * bits) % 8 !== 0) {
    return fail(`${count} elements of ${dtype} (${bits} bits each) are not a whole number of bytes`);
  }
  const bytes = (count * bits) / 8;

  const offsets = value["data_offsets"];
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o: unknown) => typeof o === "number" && Number.isSafeInteger(o) && o >= 0)) {
    return fail(`data_offsets must be a pair [begin, end] of non-negative safe integers, got ${describe(offsets)}`);
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end) return fail(`data_offsets must have begin <= end, got [${begin}, ${end}]`);
  if (end > dataLength) {
    return fail(`data_offsets end ${end} is past the end of the data buffer: expected at most ${dataLength}, got ${end}`);
  }
  if (end - begin !== bytes) {
    return fail(
      `data_offsets [${begin}, ${end}] span ${end - begin} bytes, expected ${bytes} (${dtype} × shape [${shape.join(", ")}] = ${count} elements)`,
    );
  }
  if (unsupported === "error" && !(SUPPORTED as readonly string[]).includes(dtype)) {
    return fail(`dtype ${dtype} is not supported: expected one of ${SUPPORTED.join(", ")} (or parse with unsupported: "skip")`);
  }
  return { name, dtype, shape, count, begin, end };
}

/** Like the reference implementation: sorted by offset, the ranges must tile the data buffer exactly. */
function checkCoverage(layouts: readonly Layout[], dataLength: number): void {
  const sorted = [...layouts].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  let previous: Layout | undefined;
  for (const layout of sorted) {
    if (layout.begin < cursor && previous !== undefined) {
      throw new SafetensorsError(
        `tensors ${q(previous.name)} and ${q(layout.name)} overlap: ${q(previous.name)} covers bytes [${previous.begin}, ${previous.end}) of the data buffer, ${q(layout.name)} covers [${layout.begin}, ${layout.end})`,
        { tensor: layout.name },
      );
    }
    if (layout.begin > cursor) {
      throw new SafetensorsError(
        `hole in the data buffer: bytes [${cursor}, ${layout.begin}) before tensor ${q(layout.name)} belong to no tensor (expected its data_offsets to begin at ${cursor}, got ${layout.begin})`,
        { tensor: layout.name },
      );
    }
    cursor = layout.end;
    previous = layout;
  }
  if (cursor !== dataLength) {
    throw new SafetensorsError(
      `data buffer not fully covered: bytes [${cursor}, ${dataLength}) after the last tensor belong to no tensor (expected the tensors to cover ${dataLength} bytes, they cover ${cursor})`,
    );
  }
}

/** The bytes [start, end) of `bytes` in a fresh, aligned buffer, converted to host order. */
function copyOut(bytes: Uint8Array, start: number, end: number, elementSize: number): ArrayBuffer {
  const out = new Uint8Array(end - start);
  out.set(bytes.subarray(start, end));
  if (!LITTLE_ENDIAN) {
    for (let i = 0; i < out.length; i += elementSize) out.subarray(i, i + elementSize).reverse();
  }
  return out.buffer;
}

function readFloat32(bytes: Uint8Array, start: number, end: number, copy: boolean): Float32Array {
  const at = bytes.byteOffset + start;
  if (!copy && LITTLE_ENDIAN && at % 4 === 0) return new Float32Array(bytes.buffer, at, (end - start) / 4);
  return new Float32Array(copyOut(bytes, start, end, 4));
}

function readFloat64(bytes: Uint8Array, start: number, end: number, copy: boolean): Float64Array {
  const at = bytes.byteOffset + start;
  if (!copy && LITTLE_ENDIAN && at % 8 === 0) return new Float64Array(bytes.buffer, at, (end - start) / 8);
  return new Float64Array(copyOut(bytes, start, end, 8));
}

/** Little-endian int64s as float64s, each exactly: one beyond ±2^53 (not every such integer is a float64) is an error. */
function readInt64(name: string, bytes: Uint8Array, start: number, count: number): Float64Array {
  const out = new Float64Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset + start, count * 8);
  for (let i = 0; i < count; i++) {
    const value = view.getBigInt64(8 * i, true);
    if (value > EXACT_INT64 || value < -EXACT_INT64) {
      throw new SafetensorsError(`tensor ${q(name)}: I64 element ${i} is ${value}, beyond ±2^53: expected an integer a float64 holds exactly`, {
        tensor: name,
      });
    }
    out[i] = Number(value);
  }
  return out;
}

const EXACT_INT64 = 2n ** 53n;

/** Widens 16-bit floats bit-exactly by writing float32 bit patterns (NaN payloads and -0 survive). */
function widen16(bytes: Uint8Array, start: number, count: number, toBits: (h: number) => number): Float32Array {
  const out = new Float32Array(count);
  const bits = new Uint32Array(out.buffer);
  const view = new DataView(bytes.buffer, bytes.byteOffset + start, count * 2);
  for (let i = 0; i < count; i++) bits[i] = toBits(view.getUint16(2 * i, true));
  return out;
}

/** IEEE binary16 bits to binary32 bits (exact: every half is a float). */
export function halfToFloatBits(h: number): number {
  const sign = (h & 0x8000) << 16;
  const exponent = (h >>> 10) & 0x1f;
  let mantissa = h & 0x3ff;
  if (exponent === 0x1f) return (sign | 0x7f800000 | (mantissa << 13)) >>> 0; // inf, NaN (payload kept)
  if (exponent !== 0) return (sign | ((exponent + 112) << 23) | (mantissa << 13)) >>> 0;
  if (mantissa === 0) return sign >>> 0; // ±0
  // subnormal: mantissa × 2^-24; normalise so the leading 1 becomes the implicit bit
  let e = 113;
  while ((mantissa & 0x400) === 0) {
    mantissa <<= 1;
    e--;
  }
  return (sign | (e << 23) | ((mantissa & 0x3ff) << 13)) >>> 0;
}

/** bfloat16 bits to binary32 bits: bfloat16 is the top half of a float32. */
export function bfloat16ToFloatBits(h: number): number {
  return (h << 16) >>> 0;
}

// ---------------------------------------------------------------------------------------------------------------
// serialize

function isIterable(entries: SafetensorsEntries): entries is Iterable<readonly [string, SafetensorsInput]> {
  return typeof (entries as Partial<Iterable<unknown>>)[Symbol.iterator] === "function";
}

const utf8 = new TextEncoder();

/** Why a string with a lone surrogate cannot be written: UTF-8 cannot encode it (TextEncoder would write U+FFFD). */
const loneSurrogate = "it holds a lone UTF-16 surrogate, which UTF-8 cannot encode (readers reject the escaped form)";

/** Orders names by their UTF-8 bytes, like the reference implementation's Rust `String` ordering. */
function compareUtf8(a: string, b: string): number {
  const x = utf8.encode(a);
  const y = utf8.encode(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/**
 * Serializes tensors to safetensors bytes: F32 for `Float32Array` data, F64 for `Float64Array`. Deterministic:
 * F64 tensors first, then F32 (keeping every tensor aligned), each group by name; `__metadata__` (when given)
 * first in the header with its keys sorted; the header is padded with spaces to a multiple of 8 bytes.
 */
export function serializeSafetensors(entries: SafetensorsEntries, metadata?: Readonly<Record<string, string>>): Uint8Array {
  const pairs: (readonly [string, SafetensorsInput])[] = isIterable(entries) ? [...entries] : Object.entries(entries);
  const seen = new Set<string>();
  const items: { name: string; dtype: "F32" | "F64"; shape: readonly number[]; data: Float32Array | Float64Array }[] = [];
  for (const [name, input] of pairs) {
    const fail = (message: string): never => {
      throw new SafetensorsError(`cannot serialize tensor ${q(name)}: ${message}`, { tensor: name });
    };
    if (typeof name !== "string") throw new SafetensorsError(`cannot serialize: tensor name must be a string, got ${describe(name)}`);
    if (name === METADATA_KEY) fail(`the name ${METADATA_KEY} is reserved for metadata`);
    if (hasLoneSurrogate(name)) fail(loneSurrogate);
    if (seen.has(name)) fail("duplicate name: expected each name once");
    seen.add(name);
    const { shape, data } = input;
    let dtype: "F32" | "F64";
    if (data instanceof Float32Array) dtype = "F32";
    else if (data instanceof Float64Array) dtype = "F64";
    else return fail(`data must be a Float32Array or Float64Array, got ${describe(data)}`);
    if (!Array.isArray(shape)) return fail(`shape must be an array, got ${describe(shape)}`);
    let count = 1;
    for (let i = 0; i < shape.length; i++) {
      const d: unknown = shape[i];
      if (typeof d !== "number" || !Number.isSafeInteger(d) || d < 0) fail(`shape[${i}] must be a non-negative safe integer, got ${describe(d)}`);
      count *= d as number;
    }
    if (count !== data.length) fail(`shape [${shape.join(", ")}] has ${count} elements but data has ${data.length}`);
    items.push({ name, dtype, shape, data });
  }
  items.sort((a, b) => (a.dtype === b.dtype ? compareUtf8(a.name, b.name) : a.dtype === "F64" ? -1 : 1));

  const parts: string[] = [];
  if (metadata !== undefined) {
    if (typeof metadata !== "object" || metadata === null)
      throw new SafetensorsError(`cannot serialize: metadata must be a record of strings, got ${describe(metadata)}`);
    const fields: string[] = [];
    for (const key of Object.keys(metadata).sort(compareUtf8)) {
      const value: unknown = metadata[key];
      if (typeof value !== "string") {
        throw new SafetensorsError(`cannot serialize ${METADATA_KEY}[${q(key)}]: must be a string, got ${describe(value)}`);
      }
      if (hasLoneSurrogate(key)) throw new SafetensorsError(`cannot serialize ${METADATA_KEY} key ${q(key)}: ${loneSurrogate}`);
      if (hasLoneSurrogate(value)) throw new SafetensorsError(`cannot serialize ${METADATA_KEY}[${q(key)}]: ${loneSurrogate}`);
      fields.push(`${q(key)}:${q(value)}`);
    }
    parts.push(`${q(METADATA_KEY)}:{${fields.join(",")}}`);
  }
  let offset = 0;
  for (const item of items) {
    const end = offset + item.data.byteLength;
    parts.push(`${q(item.name)}:{"dtype":"${item.dtype}","shape":[${item.shape.join(",")}],"data_offsets":[${offset},${end}]}`);
    offset = end;
  }
  const json = utf8.encode(`{${parts.join(",")}}`);
  const headerLength = json.length + ((8 - (json.length % 8)) % 8);
  const total = 8 + headerLength + offset;
  let out: Uint8Array;
  try {
    out = new Uint8Array(total);
  } catch (error) {
    throw new SafetensorsError(`cannot serialize: ${total} bytes is more than this runtime can allocate`, { cause: error });
  }
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  let at = 8 + headerLength;
  for (const { data } of items) {
    const raw = out.subarray(at, at + data.byteLength);
    raw.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    if (!LITTLE_ENDIAN) {
      const size = data.BYTES_PER_ELEMENT;
      for (let i = 0; i < raw.length; i += size) raw.subarray(i, i + size).reverse();
    }
    at += data.byteLength;
  }
  return out;
}
