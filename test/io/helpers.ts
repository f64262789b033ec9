import { expect } from "vitest";
import { SafetensorsError } from "../../src/io/index.js";

/** A safetensors file assembled by hand: 8-byte length (the real one unless `headerLength` is given), header text, data. */
export function rawFile(header: string | object, data: Uint8Array = new Uint8Array(0), headerLength?: bigint): Uint8Array {
  let text = new TextEncoder().encode(typeof header === "string" ? header : JSON.stringify(header));
  if (typeof header !== "string") {
    const padded = new Uint8Array(text.length + ((8 - (text.length % 8)) % 8)).fill(0x20);
    padded.set(text);
    text = padded;
  }
  return rawBytes(headerLength ?? BigInt(text.length), text, data);
}

/** Header length, header bytes and data concatenated as given. */
export function rawBytes(headerLength: bigint, header: Uint8Array, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + header.length + data.length);
  new DataView(out.buffer).setBigUint64(0, headerLength, true);
  out.set(header, 8);
  out.set(data, 8 + header.length);
  return out;
}

/** Little-endian bytes of 16-bit patterns. */
export function u16Bytes(patterns: readonly number[]): Uint8Array {
  const out = new Uint8Array(patterns.length * 2);
  const view = new DataView(out.buffer);
  patterns.forEach((p, i) => {
    view.setUint16(2 * i, p, true);
  });
  return out;
}

/** Little-endian bytes of float32 values. */
export function f32Bytes(values: readonly number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => {
    view.setFloat32(4 * i, v, true);
  });
  return out;
}

/** Asserts `run` throws a SafetensorsError whose message matches every pattern. */
export function expectSafetensorsError(run: () => unknown, ...patterns: RegExp[]): SafetensorsError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught, "expected a SafetensorsError to be thrown").toBeInstanceOf(SafetensorsError);
  const error = caught as SafetensorsError;
  expect(error.name).toBe("SafetensorsError");
  for (const pattern of patterns) expect(error.message).toMatch(pattern);
  return error;
}

/** Bit patterns of float arrays, for bit-exact comparison (NaN payloads, -0). */
export function bitsOf(data: Float32Array | Float64Array): bigint[] | number[] {
  if (data instanceof Float64Array) return [...new BigUint64Array(data.slice().buffer)];
  return [...new Uint32Array(data.slice().buffer)];
}
