import { randomBytes } from "node:crypto";
import { type FileHandle, open, readdir, realpath, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** What `writeFileAtomic` writes: one buffer, or chunks (a chunk source that throws aborts the write). */
export type AtomicWriteData = Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

/**
 * Replaces `path` atomically: writes a temporary file in the same directory, fsyncs it, renames it over the
 * target, then fsyncs the directory where the platform allows. Readers see the old file or the new one, never a
 * half-written one; on any failure the temporary file is removed and the target is left as it was.
 * An existing target keeps its permission bits; a symlinked target is replaced at the link's destination.
 * A process killed mid-write leaves its temporary file behind; the next write of the same target removes those
 * whose writer process is gone (see `removeStaleTemporaries`).
 * Errors are Node's own (`code` is set: EACCES, ENOSPC, ...).
 */
export async function writeFileAtomic(path: string, data: AtomicWriteData): Promise<void> {
  const target = await resolveTarget(path);
  const dir = dirname(target);
  const mode = await existingMode(target);
  await removeStaleTemporaries(dir, basename(target));
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

/**
 * Removes `.<name>.<pid>.<hex>.tmp` files of this target whose writer `pid` no longer exists on this host
 * (`process.kill(pid, 0)` fails with ESRCH). A live writer's file, this process's own, and every other file are
 * left alone; a reused pid only keeps a stale file longer. Best effort: failures are ignored, the write goes on.
 */
async function removeStaleTemporaries(dir: string, name: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return;
  }
  const prefix = `.${name}.`;
  for (const entry of entries) {
    if (!entry.startsWith(prefix)) continue;
    const match = /^(\d+).[0-9a-f]{12}\.tmp$/.exec(entry.slice(prefix.length));
    if (match === null) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || !Number.isSafeInteger(pid) || pid <= 0 || isAlive(pid)) continue;
    await unlink(join(dir, entry)).catch(() => undefined);
  }
}

/** Whether a process with this id exists (EPERM: it does, owned by someone else). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
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
