import { randomBytes } from "node:crypto";
import { type FileHandle, open, realpath, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** What `writeFileAtomic` writes: one buffer, or chunks (a chunk source that throws aborts the write). */
export type AtomicWriteData = Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

/**
 * Replaces `path` atomically: writes a temporary file in the same directory, fsyncs it, renames it over the
 * target, then fsyncs the directory where the platform allows. Readers see the old file or the new one, never a
 * half-written one; on any failure the temporary file is removed and the target is left as it was.
 * An existing target keeps its permission bits; a symlinked target is replaced at the link's destination.
 * Errors are Node's own (`code` is set: EACCES, ENOSPC, ...).
 */
export async function writeFileAtomic(path: string, data: AtomicWriteData): Promise<void> {
  const target = await resolveTarget(path);
  const dir = dirname(target);
  const mode = await existingMode(target);
  const tmp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  let handle: FileHandle | undefined = await open(tmp, "wx", mode ?? 0o666);
  try {
    if (mode !== undefined) await handle.chmod(mode);
    if (data instanceof Uint8Array) {
      await writeAll(handle, data);
    } else {
      for await (const chunk of data) await writeAll(handle, chunk);
    }
    await handle.sync();
    const closing = handle;
    handle = undefined;
    await closing.close();
    await rename(tmp, target);
  } catch (error) {
    if (handle !== undefined) await handle.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dir);
}

async function writeAll(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    if (bytesWritten <= 0) throw new Error(`writeFileAtomic: write made no progress at byte ${offset} of ${bytes.length}`);
    offset += bytesWritten;
  }
}

/** Follows a symlink so the link survives; a missing target is written where named. */
async function resolveTarget(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    return path;
  }
}

async function existingMode(target: string): Promise<number | undefined> {
  try {
    return (await stat(target)).mode & 0o7777;
  } catch {
    return undefined;
  }
}

/** Makes the rename durable on POSIX; Windows cannot open a directory, so failures are ignored. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, "r");
    await handle.sync();
  } catch {
    // best effort
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
