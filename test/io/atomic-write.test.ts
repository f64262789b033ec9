import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseSafetensors, readSafetensors, SafetensorsError, writeFileAtomic, writeSafetensors } from "../../src/io/index.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "shapeproof-io-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const enc = new TextEncoder();

describe("writeFileAtomic", () => {
  it("creates and replaces a file, leaving no temporary file", async () => {
    const target = join(dir, "out.bin");
    await writeFileAtomic(target, enc.encode("first"));
    expect(readFileSync(target, "utf8")).toBe("first");
    await writeFileAtomic(target, [enc.encode("sec"), enc.encode("ond")]);
    expect(readFileSync(target, "utf8")).toBe("second");
    expect(readdirSync(dir)).toEqual(["out.bin"]);
  });

  it("keeps the target's permission bits", async () => {
    const target = join(dir, "private.bin");
    writeFileSync(target, "old");
    chmodSync(target, 0o600);
    await writeFileAtomic(target, enc.encode("new"));
    expect(statSync(target).mode & 0o777).toBe(0o600);
  });

  it("writes through a symlink, keeping the link", async () => {
    const real = join(dir, "real.bin");
    const link = join(dir, "link.bin");
    writeFileSync(real, "old");
    symlinkSync(real, link);
    await writeFileAtomic(link, enc.encode("new"));
    expect(readFileSync(real, "utf8")).toBe("new");
    expect(readFileSync(link, "utf8")).toBe("new");
    expect(readdirSync(dir).sort()).toEqual(["link.bin", "real.bin"]);
  });

  it("leaves the target unchanged and no temporary file when the data source fails midway", async () => {
    const target = join(dir, "out.bin");
    writeFileSync(target, "good old content");
    const boom = new Error("source failed");
    function* chunks(): Generator<Uint8Array> {
      yield enc.encode("half of the new");
      throw boom;
    }
    await expect(writeFileAtomic(target, chunks())).rejects.toBe(boom);
    expect(readFileSync(target, "utf8")).toBe("good old content");
    expect(readdirSync(dir)).toEqual(["out.bin"]);
  });

  it("cleans up when the final rename fails (target is a directory)", async () => {
    const target = join(dir, "taken");
    mkdirSync(target);
    writeFileSync(join(target, "inside"), "x");
    const error = await writeFileAtomic(target, enc.encode("data")).catch((e: unknown) => e);
    expect((error as NodeJS.ErrnoException).code).toMatch(/^(EISDIR|ENOTEMPTY|EEXIST|EPERM)$/);
    expect(readdirSync(dir)).toEqual(["taken"]);
    expect(readdirSync(target)).toEqual(["inside"]);
  });

  it("fails without side effects when the directory cannot be written", async () => {
    const notADir = join(dir, "file");
    writeFileSync(notADir, "x");
    await expect(writeFileAtomic(join(notADir, "out.bin"), enc.encode("data"))).rejects.toMatchObject({ code: "ENOTDIR" });
    expect(readdirSync(dir)).toEqual(["file"]);
  });

  it("a process killed mid-write never leaves a broken file where a good one was", () => {
    const target = join(dir, "model.safetensors");
    writeFileSync(target, "good old content");
    const child = fileURLToPath(new URL("./fixtures/crash-mid-write.ts", import.meta.url));
    const result = spawnSync(process.execPath, ["--import", "tsx", child, target], { encoding: "utf8", timeout: 30_000 });
    expect(result.signal, result.stderr).toBe("SIGKILL");
    expect(readFileSync(target, "utf8")).toBe("good old content");
    // the killed process had started writing: its temporary file is a sibling, never the target
    const others = readdirSync(dir).filter((name) => name !== "model.safetensors");
    expect(others).toHaveLength(1);
    expect(others[0]).toMatch(/^\.model\.safetensors\.\d+\.[0-9a-f]+\.tmp$/);
    expect(readFileSync(join(dir, others[0]!), "utf8")).toBe("half of the new ");
  });

  // Issue 15, item 2: temporaries of killed writers piled up (74 files, 632 MB after 240 kills).
  it("the next save of a target removes temporaries its killed writers left, and nothing else", async () => {
    const target = join(dir, "ckpt.safetensors");
    writeFileSync(target, "good old content");
    const child = fileURLToPath(new URL("./fixtures/crash-mid-write.ts", import.meta.url));
    const pids: number[] = [];
    for (let i = 0; i < 3; i++) {
      const result = spawnSync(process.execPath, ["--import", "tsx", child, target], { encoding: "utf8", timeout: 30_000 });
      expect(result.signal, result.stderr).toBe("SIGKILL");
      pids.push(result.pid!);
    }
    // each killed writer's save removed the one before it: no pile-up, only the last one's is left
    const stale = readdirSync(dir).filter((name) => name.endsWith(".tmp"));
    expect(stale).toHaveLength(1);
    expect(stale[0]).toMatch(new RegExp(`^\\.ckpt\\.safetensors\\.${pids[2]}\\.[0-9a-f]{12}\\.tmp$`));
    expect(readFileSync(target, "utf8")).toBe("good old content");
    // A live writer's temporary (this process's parent is alive), another target's, and unrelated files stay.
    const live = `.ckpt.safetensors.${process.ppid}.${"a".repeat(12)}.tmp`;
    const otherTarget = `.other.safetensors.${stale[0]!.split(".")[3]}.${"b".repeat(12)}.tmp`;
    const unrelated = [".ckpt.safetensors.notes.tmp", "ckpt.safetensors.123.abcdefabcdef.tmp"];
    for (const name of [live, otherTarget, ...unrelated]) writeFileSync(join(dir, name), "keep");
    await writeFileAtomic(target, enc.encode("new"));
    expect(readFileSync(target, "utf8")).toBe("new");
    expect(readdirSync(dir).sort()).toEqual(["ckpt.safetensors", live, otherTarget, ...unrelated].sort());
  });
});

describe("writeSafetensors", () => {
  it("writes a file readSafetensors reads back", async () => {
    const target = join(dir, "w.safetensors");
    await writeSafetensors(target, { w: { shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) } }, { step: "3" });
    const back = await readSafetensors(target);
    expect(back.metadata).toEqual({ step: "3" });
    expect([...back.tensors.get("w")!.data]).toEqual([1, 2, 3, 4]);
    expect(readdirSync(dir)).toEqual(["w.safetensors"]);
  });

  it("leaves the previous file intact when serialization throws", async () => {
    const target = join(dir, "w.safetensors");
    await writeSafetensors(target, { w: { shape: [1], data: new Float32Array([42]) } });
    const before = readFileSync(target);
    const error = await writeSafetensors(target, { w: { shape: [2], data: new Float32Array([1]) } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SafetensorsError);
    expect((error as Error).message).toMatch(/shape \[2\] has 2 elements but data has 1/);
    expect(readFileSync(target).equals(before)).toBe(true);
    expect(parseSafetensors(new Uint8Array(readFileSync(target))).tensors.get("w")!.data[0]).toBe(42);
    expect(readdirSync(dir)).toEqual(["w.safetensors"]);
  });

  it("wraps file-system failures in SafetensorsError with the cause", async () => {
    const target = join(dir, "taken");
    mkdirSync(target);
    const error = await writeSafetensors(target, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SafetensorsError);
    expect((error as Error).message).toMatch(/cannot write ".*taken"/);
    expect((error as Error).cause).toBeInstanceOf(Error);
    expect(readdirSync(dir)).toEqual(["taken"]);
  });
});
