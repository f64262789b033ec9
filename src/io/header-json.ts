/**
 * The JSON reader for safetensors headers. A header is hostile input of up to 100 MB, so unlike `JSON.parse`:
 * - nesting is bounded: more than 127 levels is rejected when the 128th opens (serde_json's recursion limit,
 *   which the reference reader inherits; a real header needs 3: header → tensor entry → shape);
 * - only what a header is made of is kept (each entry's dtype, shape and data_offsets, `__metadata__`'s values);
 *   everything else is checked and dropped, so memory stays a small multiple of the header's size and time
 *   linear in it, whatever the header's shape;
 * - a key repeated in a kept object is rejected (`JSON.parse` keeps the last one silently, so two readers
 *   could disagree about one file);
 * - it reads bytes: UTF-8 is checked per string, so a bomb is rejected before any of it is decoded;
 * - strings holding a lone UTF-16 surrogate (`"\ud800"`) are rejected, as the reference reader does.
 * Every failure is a `SafetensorsError`.
 */
import { SafetensorsError } from "./safetensors-error.js";

export const METADATA_KEY = "__metadata__";

/** Deepest nesting accepted (serde_json's limit, so this reader accepts what the reference reader accepts). */
export const MAX_HEADER_DEPTH = 127;

/** The fields of a tensor entry the reader keeps; others (the reference ignores them too) are checked and dropped. */
const ENTRY_FIELDS: ReadonlySet<string> = new Set(["dtype", "shape", "data_offsets"]);

/** Stands for an array or object nested below what a header needs: checked, not kept. */
export class Elided {
  static readonly array = new Elided("[...]");
  static readonly object = new Elided("{...}");
  private constructor(readonly text: string) {}
}

const q = (s: string): string => JSON.stringify(s);
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
/** With the `u` flag a surrogate pair is one code point, so only lone surrogates match. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** Whether `s` holds a lone UTF-16 surrogate, which UTF-8 cannot encode and the reference reader rejects. */
export function hasLoneSurrogate(s: string): boolean {
  return LONE_SURROGATE.test(s);
}

/**
 * Reads the header bytes (a JSON object; the caller checked the first byte is `{`) and calls `visit` with each
 * top-level key and its kept value, in order, as soon as it is read.
 */
export function readHeaderJson(header: Uint8Array, visit: (key: string, value: unknown) => void): void {
  new Reader(header).top(visit);
}

class Reader {
  private at = 0;

  constructor(private readonly b: Uint8Array) {}

  top(visit: (key: string, value: unknown) => void): void {
    this.at++;
    const seen = new Set<string>();
    if (this.peek() === 0x7d) this.at++;
    else {
      for (;;) {
        if (this.peek() !== 0x22) this.fail("a string key");
        const key = this.string();
        if (seen.has(key)) throw duplicateKey(key, "header", key);
        seen.add(key);
        this.expect(0x3a, '":"');
        const path = this.isContainerNext() ? `header[${q(key)}]` : "";
        visit(key, key === METADATA_KEY ? this.value(2, 1, path, undefined) : this.value(2, 1, path, ENTRY_FIELDS));
        if (!this.endOfMember(0x7d, '"," or "}"')) break;
      }
    }
    if (this.peek() !== undefined) this.fail("the end of the header (only spaces may follow the top-level object)");
  }

  /**
   * One value at nesting `depth` (its own, if a container). A container is kept when `keep >= 0`, its members
   * with `keep - 1`; below that it is checked and returned as `Elided`. Primitives are always returned.
   */
  private value(depth: number, keep: number, path: string, fields: ReadonlySet<string> | undefined): unknown {
    const c = this.peek();
    if (c === 0x7b) return this.object(depth, keep, path, fields);
    if (c === 0x5b) return this.array(depth, keep, path);
    if (c === 0x22) return this.string();
    if (c === 0x2d || (c !== undefined && c >= 0x30 && c <= 0x39)) return this.number();
    if (this.literal("true")) return true;
    if (this.literal("false")) return false;
    if (this.literal("null")) return null;
    return this.fail("a JSON value");
  }

  private object(depth: number, keep: number, path: string, fields: ReadonlySet<string> | undefined): unknown {
    this.enter(depth);
    // A null prototype keeps a "__proto__" key an ordinary property, as JSON.parse does.
    const out: Record<string, unknown> | undefined = keep >= 0 ? Object.create(null) : undefined;
    if (this.peek() === 0x7d) {
      this.at++;
    } else {
      for (;;) {
        if (this.peek() !== 0x22) this.fail("a string key");
        const key = this.string();
        this.expect(0x3a, '":"');
        const kept = out !== undefined && (fields === undefined || fields.has(key));
        if (kept && Object.hasOwn(out, key)) throw duplicateKey(key, path, undefined);
        const childPath = kept && this.isContainerNext() ? `${path}[${q(key)}]` : "";
        const v = this.value(depth + 1, kept ? keep - 1 : -1, childPath, undefined);
        if (kept) out[key] = v;
        if (!this.endOfMember(0x7d, '"," or "}"')) break;
      }
    }
    return out ?? Elided.object;
  }

  private array(depth: number, keep: number, path: string): unknown {
    this.enter(depth);
    const out: unknown[] | undefined = keep >= 0 ? [] : undefined;
    if (this.peek() === 0x5d) {
      this.at++;
    } else {
      const childPath = out === undefined ? "" : `${path}[...]`;
      for (;;) {
        const v = this.value(depth + 1, keep - 1, childPath, undefined);
        out?.push(v);
        if (!this.endOfMember(0x5d, '"," or "]"')) break;
      }
    }
    return out ?? Elided.array;
  }

  /** Steps into a container's opening bracket, refusing to nest deeper than MAX_HEADER_DEPTH. */
  private enter(depth: number): void {
    if (depth > MAX_HEADER_DEPTH) {
      throw new SafetensorsError(
        `header nests deeper than ${MAX_HEADER_DEPTH} levels (at byte ${this.at} of the header): expected at most ${MAX_HEADER_DEPTH}, the reference reader's limit (a safetensors header needs 3)`,
      );
    }
    this.at++;
  }

  /** After a member: true on ",", false on the closing bracket. */
  private endOfMember(close: number, expected: string): boolean {
    const c = this.peek();
    this.at++;
    if (c === 0x2c) return true;
    if (c === close) return false;
    this.at--;
    return this.fail(expected);
  }

  private string(): string {
    const open = this.at;
    const b = this.b;
    let at = open + 1;
    let escaped = false;
    for (;;) {
      if (at >= b.length) {
        this.at = b.length;
        this.fail(`a closing quote for the string at byte ${open}`);
      }
      const c = b[at]!;
      if (c === 0x22) break;
      if (c === 0x5c) {
        escaped = true;
        at += 2;
      } else if (c < 0x20) {
        this.at = at;
        this.fail("no raw control character inside a string (JSON requires an escape)");
      } else {
        at++;
      }
    }
    this.at = at + 1;
    let text: string;
    try {
      text = decoder.decode(b.subarray(open + 1, at));
    } catch (error) {
      throw new SafetensorsError(`header is not valid UTF-8: the string at byte ${open} of the header`, { cause: error });
    }
    if (!escaped) return text;
    try {
      text = JSON.parse(`"${text}"`) as string;
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new SafetensorsError(`header is not valid JSON: bad escape in the string at byte ${open} of the header (${detail})`, { cause: error });
    }
    if (hasLoneSurrogate(text)) {
      throw new SafetensorsError(
        `header is not valid: the string at byte ${open} of the header escapes a lone UTF-16 surrogate, which no UTF-8 text can hold`,
      );
    }
    return text;
  }

  private number(): number {
    const b = this.b;
    const start = this.at;
    const negative = b[this.at] === 0x2d;
    if (negative) this.at++;
    const intStart = this.at;
    if (b[this.at] === 0x30) this.at++;
    else this.digits();
    const intEnd = this.at;
    let integer = true;
    if (b[this.at] === 0x2e) {
      this.at++;
      this.digits();
      integer = false;
    }
    if (b[this.at] === 0x65 || b[this.at] === 0x45) {
      this.at++;
      if (b[this.at] === 0x2b || b[this.at] === 0x2d) this.at++;
      this.digits();
      integer = false;
    }
    // Shapes and offsets are integers: up to 15 digits are exact in a double, summed here without a string.
    if (integer && intEnd - intStart <= 15) {
      let value = 0;
      for (let i = intStart; i < intEnd; i++) value = value * 10 + (b[i]! - 0x30);
      return negative ? -value : value;
    }
    return Number(decoder.decode(b.subarray(start, this.at)));
  }

  private digits(): void {
    const b = this.b;
    const from = this.at;
    while (this.at < b.length && b[this.at]! >= 0x30 && b[this.at]! <= 0x39) this.at++;
    if (this.at === from) this.fail("a digit");
  }

  private literal(word: string): boolean {
    for (let i = 0; i < word.length; i++) if (this.b[this.at + i] !== word.charCodeAt(i)) return false;
    this.at += word.length;
    return true;
  }

  /** The next byte after JSON whitespace, or undefined at the end. */
  private peek(): number | undefined {
    const b = this.b;
    while (this.at < b.length && (b[this.at] === 0x20 || b[this.at] === 0x0a || b[this.at] === 0x0d || b[this.at] === 0x09)) this.at++;
    return b[this.at];
  }

  private isContainerNext(): boolean {
    const c = this.peek();
    return c === 0x7b || c === 0x5b;
  }

  private expect(c: number, expected: string): void {
    if (this.peek() !== c) this.fail(expected);
    this.at++;
  }

  private fail(expected: string): never {
    const c = this.b[this.at];
    const got =
      c === undefined ? "the end of the header" : c >= 0x20 && c < 0x7f ? q(String.fromCharCode(c)) : `byte 0x${c.toString(16).padStart(2, "0")}`;
    throw new SafetensorsError(`header is not valid JSON: expected ${expected} at byte ${this.at} of the header, got ${got}`);
  }
}

function duplicateKey(key: string, where: string, tensor: string | undefined): SafetensorsError {
  return new SafetensorsError(
    `duplicate key ${q(key)} in ${where}: expected each key once (JSON.parse would silently keep only the last)`,
    tensor === undefined ? undefined : { tensor },
  );
}
