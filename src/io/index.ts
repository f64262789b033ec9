export { type AtomicWriteData, writeFileAtomic } from "./atomic-write.js";
export { SafetensorsError } from "./safetensors-error.js";
export {
  DEFAULT_MAX_HEADER_BYTES,
  type ParsedSafetensors,
  type ParseSafetensorsOptions,
  type SafetensorsDType,
  type SafetensorsEntries,
  type SafetensorsEntry,
  type SafetensorsInput,
  bfloat16ToFloatBits,
  halfToFloatBits,
  parseSafetensors,
  serializeSafetensors,
} from "./safetensors.js";
export { readSafetensors, writeSafetensors } from "./safetensors-file.js";
