/**
 * safetensors files on disk (Node only): read whole, parse with `parseSafetensors`; write with `writeFileAtomic`
 * so a crash mid-save leaves the previous file whole.
 */
import { open } from "node:fs/promises";
import { writeFileAtomic } from "./atomic-write.js";
import { SafetensorsError } from "./safetensors-error.js";
import {
  type ParseSafetensorsOptions,
  type ParsedSafetensors,
  type SafetensorsEntries,
  parseSafetensors,
  serializeSafetensors,
} from "./safetensors.js";

const q = (s: string): string => JSON.stringify(s);

/**
 * Reads and parses a safetensors file. Allocates one buffer of the file's size (F32/F64 tensors are views into
 * it when aligned); header sizes and offsets are checked against the file before anything else is allocated.
 * I/O failures are wrapped in `SafetensorsError` with the original error as `cause`.
 */
export async function readSafetensors(path: string, options?: ParseSafetensorsOptions): Promise<ParsedSafetensors> {
  let bytes: Uint8Array;
  try {
    const handle = await open(path, "r");
    try {
      const info = await handle.stat();
      if (!info.isFile()) throw new SafetensorsError(`cannot read ${q(path)}: not a regular file`);
      bytes = new Uint8Array(info.size);
      let filled = 0;
      while (filled < bytes.length) {
        const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      if (filled !== bytes.length) {
        throw new SafetensorsError(`cannot read ${q(path)}: file shrank while reading (expected ${bytes.length} bytes, got ${filled})`);
      }
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof SafetensorsError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new SafetensorsError(`cannot read ${q(path)}: ${detail}`, { cause: error });
  }
  try {
    return parseSafetensors(bytes, options);
  } catch (error) {
    if (error instanceof SafetensorsError) {
      throw new SafetensorsError(`${path}: ${error.message}`, { tensor: error.tensor, cause: error });
    }
    throw error;
  }
}

/**
 * Serializes and writes tensors atomically (`writeFileAtomic`): a failure or crash mid-save leaves any previous
 * file untouched. Serialization errors are thrown before the file system is touched.
 */
export async function writeSafetensors(path: string, entries: SafetensorsEntries, metadata?: Readonly<Record<string, string>>): Promise<void> {
  const bytes = serializeSafetensors(entries, metadata);
  try {
    await writeFileAtomic(path, bytes);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new SafetensorsError(`cannot write ${q(path)}: ${detail}`, { cause: error });
  }
}
