/**
 * Every failure of the safetensors reader and writer (`src/io/safetensors.ts`): a malformed or hostile file,
 * an unsupported dtype, an entry that cannot be serialized, or an I/O error (kept as `cause`).
 * The message says what is wrong, where (tensor name, field) and what was expected.
 */
export class SafetensorsError extends Error {
  /** The tensor the problem is about, when there is one. */
  readonly tensor: string | undefined;

  constructor(message: string, options?: { readonly tensor?: string; readonly cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "SafetensorsError";
    this.tensor = options?.tensor;
  }
}
