/**
 * The kernels' binary imports a *shared* memory (threads need one). One thread needs none, and a page that is not
 * cross-origin isolated cannot create one; this returns a copy of the binary whose memory import is unshared. Only
 * the import's limits flag changes (0x03 shared+max to 0x01 max, same length): the kernels use no atomic
 * instruction, and the code section is untouched.
 */

const SECTION_IMPORT = 2;
const KIND_FUNC = 0,
  KIND_TABLE = 1,
  KIND_MEMORY = 2,
  KIND_GLOBAL = 3,
  KIND_TAG = 4;
const LIMITS_SHARED_MAX = 0x03,
  LIMITS_MAX = 0x01;

export function unsharedMemoryBinary(binary: Uint8Array): Uint8Array {
  const bytes = binary.slice();
  let at = 8; // magic and version
  const u32 = (): number => {
    let result = 0;
    for (let shift = 0; ; shift += 7) {
      const b = bytes[at++];
      if (b === undefined) throw new Error("wasm binary: truncated LEB128");
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
    }
  };
  const skipLimits = (): number => {
    const flag = bytes[at++]!;
    u32();
    if (flag & 1) u32();
    return flag;
  };
  while (at < bytes.length) {
    const id = bytes[at++]!;
    const size = u32();
    const end = at + size;
    if (id !== SECTION_IMPORT) {
      at = end;
      continue;
    }
    for (let n = u32(); n > 0; n--) {
      for (const _name of ["module", "field"]) {
        const length = u32(); // read before advancing: `at += u32()` would add to the old position
        at += length;
      }
      const kind = bytes[at++];
      if (kind === KIND_MEMORY) {
        const flagAt = at;
        if (skipLimits() === LIMITS_SHARED_MAX) bytes[flagAt] = LIMITS_MAX;
        return bytes;
      }
      if (kind === KIND_FUNC) {
        u32();
      } else if (kind === KIND_TABLE) {
        at++; // reference type
        skipLimits();
      } else if (kind === KIND_GLOBAL) {
        at += 2; // value type, mutability
      } else if (kind === KIND_TAG) {
        at++; // attribute
        u32();
      } else {
        throw new Error(`wasm binary: unknown import kind ${kind}`);
      }
    }
    break;
  }
  throw new Error("wasm binary: no memory import");
}
