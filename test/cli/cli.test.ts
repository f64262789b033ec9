// `shapeproof` run in-process through main(argv, io): what a user sees on stdout/stderr and the exit code.
import { writeFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { serializeSafetensors } from "../../src/io/index.js";
import { createUNet2 } from "../../src/nn/unet2.js";
import { goldenDir } from "../helpers/golden.js";
import { runCli, tempDir } from "./helpers.js";

const golden = `${goldenDir}unet2_pytorch.safetensors`;
const tmp = tempDir("shapeproof-cli-");
afterAll(() => tmp.cleanup());

describe("usage errors exit 2 with a clear message on stderr", () => {
  it("no command", async () => {
    const r = await runCli();
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("shapeproof: missing command (demo, summary or inspect)");
    expect(r.stderr).toContain('Run "shapeproof --help" for usage.');
    expect(r.stdout).toBe("");
  });

  it("unknown command", async () => {
    const r = await runCli("train");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('shapeproof: unknown command "train" (expected demo, summary or inspect)');
  });

  it("unknown flag, naming it and the command", async () => {
    const r = await runCli("summary", "--in-c", "3", "--colour", "red");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^shapeproof summary: .*'--colour'/);
    expect(r.stderr).toContain('Run "shapeproof summary --help" for usage.');
  });

  it("missing positional argument and missing flag value", async () => {
    const noFile = await runCli("inspect");
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toContain("shapeproof inspect: missing argument FILE.safetensors");
    const noValue = await runCli("inspect", golden, "--in-c");
    expect(noValue.code).toBe(2);
    expect(noValue.stderr).toMatch(/shapeproof inspect: .*--in-c.*argument missing/);
    const extra = await runCli("inspect", golden, "other.safetensors");
    expect(extra.code).toBe(2);
    expect(extra.stderr).toContain('unexpected argument "other.safetensors"');
  });

  it("missing required flags and malformed numbers name the flag, the rule and the value", async () => {
    const missing = await runCli("summary", "--in-c", "3", "--height", "8", "--width", "8");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("shapeproof summary: missing --out-c N");
    const bad = await runCli("summary", "--in-c", "abc", "--out-c", "2", "--height", "8", "--width", "8");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--in-c must be an integer in [1, 1024], got "abc"');
    const fraction = await runCli("summary", "--in-c", "3", "--out-c", "2", "--height", "8.5", "--width", "8");
    expect(fraction.stderr).toContain('--height must be an integer ≥ 1, got "8.5"');
    const choice = await runCli("demo", "--backend", "gpu");
    expect(choice.code).toBe(2);
    expect(choice.stderr).toContain('--backend must be one of wasm, js, got "gpu"');
    const partial = await runCli("inspect", golden, "--base-c", "8");
    expect(partial.code).toBe(2);
    expect(partial.stderr).toContain("shapeproof inspect: missing --in-c N");
  });

  it("a negative value gets the flag's own rule, not parseArgs' \"ambiguous\"", async () => {
    const negative = await runCli("summary", "--in-c", "3", "--out-c", "2", "--height", "-64", "--width", "8");
    expect(negative.code).toBe(2);
    expect(negative.stderr).toBe('shapeproof summary: --height must be an integer ≥ 1, got "-64"\nRun "shapeproof summary --help" for usage.\n');
    const negativeFraction = await runCli("demo", "--lr", "-0.5");
    expect(negativeFraction.code).toBe(2);
    expect(negativeFraction.stderr).toMatch(/^shapeproof demo: --lr must be a number in \[.*\], got "-0\.5"\n/);
    const flagAsValue = await runCli("summary", "--in-c", "3", "--out-c", "2", "--height", "--width", "8");
    expect(flagAsValue.code).toBe(2);
    expect(flagAsValue.stderr).toContain('shapeproof summary: --height needs a value, got the flag "--width"');
  });

  it("a flag given twice is a usage error, not the last value silently", async () => {
    const twice = await runCli("summary", "--in-c", "3", "--out-c", "2", "--height", "64", "--height", "32", "--width", "8");
    expect(twice.code).toBe(2);
    expect(twice.stdout).toBe("");
    expect(twice.stderr).toContain('shapeproof summary: --height is given more than once ("64", "32"); give it once');
    const mixed = await runCli("summary", "--in-c", "3", "--out-c", "2", "--height=64", "--height", "64", "--width", "8");
    expect(mixed.stderr).toContain('--height is given more than once ("64", "64"); give it once');
  });
});

describe("--help", () => {
  it("prints the usage on stdout and exits 0, for the program and for each command", async () => {
    const top = await runCli("--help");
    expect(top.code).toBe(0);
    expect(top.stdout).toContain("shapeproof summary --in-c C --out-c C --height H --width W");
    expect(top.stdout).toContain("Exit codes: 0 ok, 1");
    for (const command of ["demo", "summary", "inspect"]) {
      const r = await runCli(command, "--help");
      expect(r.code, command).toBe(0);
      expect(r.stdout, command).toContain(`Usage: shapeproof ${command}`);
      expect(r.stderr, command).toBe("");
    }
  });
});

describe("shapeproof summary", () => {
  it("prints the UNet2 table for the sizes and batch", async () => {
    const r = await runCli("summary", "--in-c", "3", "--out-c", "2", "--height", "128", "--width", "128", "--batch", "4");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("UNet2 (input [4, 3, 128, 128], float32)");
    expect(r.stdout).toMatch(/pool \(MaxPool2d\)\s+\[4, 64, 64, 64\]/);
    expect(r.stdout).toMatch(/out1x1 \(Conv2d\)\s+\[4, 2, 128, 128\]\s+130/);
    // 3·64·9+64 + 64·64·9+64 + 128·64·9+128 + 128·128·9+128 + 128·64·4+64 + 64·128·9+64 + 64·64·9+64 + 2·64+2
    expect(r.stdout).toContain("Total params: 403,842");
    const small = await runCli("summary", "--in-c", "3", "--out-c", "2", "--height", "16", "--width", "24", "--base-c", "8");
    expect(small.stdout).toMatch(/down2_2 \(Conv2d\) \+ ReLU\s+\[1, 16, 8, 12\]/);
  });

  it("odd H fails with the obligation sentence, exit 1", async () => {
    const r = await runCli("summary", "--in-c", "3", "--out-c", "2", "--height", "127", "--width", "128");
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("shapeproof summary: UNet2 h_upH: maxPool2d(2,2) then convTranspose2d(2,2) maps H 127 → 126; H must be even\n");
    expect(r.stdout).toBe("");
    const w = await runCli("summary", "--in-c", "3", "--out-c", "2", "--height", "128", "--width", "9");
    expect(w.code).toBe(1);
    expect(w.stderr).toContain("h_upW");
    expect(w.stderr).toContain("W 9 → 8; W must be even");
  });
});

describe("shapeproof inspect", () => {
  it("lists the golden file's tensors, dtypes, shapes, bytes and metadata", async () => {
    const r = await runCli("inspect", golden);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("16 tensor(s)");
    expect(r.stdout).toMatch(/down1_1\.weight\s+F32\s+\[8, 3, 3, 3\]\s+864/);
    expect(r.stdout).toMatch(/upT\.weight\s+F32\s+\[16, 8, 2, 2\]\s+2,048/);
    expect(r.stdout).toMatch(/metadata: .*inC=3 outC=2 baseC=8/);
    expect(r.stderr).toBe("");
  });

  it("the golden file matches a UNet2 with its metadata's sizes: no mismatches", async () => {
    const r = await runCli("inspect", golden, "--in-c", "3", "--out-c", "2", "--base-c", "8");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("matches UNet2 (inC 3, outC 2, baseC 8): all 16 parameters present with the right shapes");
    expect(r.stdout).not.toContain("expected");
  });

  it("against other sizes: every mismatch with expected and actual, a hint from the metadata, exit 1", async () => {
    const r = await runCli("inspect", golden, "--in-c", "1", "--out-c", "2", "--base-c", "8");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("does not match UNet2 (inC 1, outC 2, baseC 8): 1 problem(s)");
    expect(r.stdout).toContain("down1_1.weight: expected [8, 1, 3, 3], got [8, 3, 3, 3]");
    expect(r.stdout).toContain("hint: the file's __metadata__ says inC 3");
    expect(r.stderr).toContain("does not match UNet2 (inC 1, outC 2, baseC 8) (1 problem(s), listed above)");
  });

  it("a file with a wrongly shaped, a missing and an extra tensor: each listed", async () => {
    const model = createUNet2({ inC: 3, outC: 2, inH: 16, inW: 16, config: { baseC: 4 } });
    const entries = new Map<string, { shape: readonly number[]; data: Float32Array }>(Object.entries(model.stateDict()));
    entries.set("out1x1.weight", { shape: [3, 4, 1, 1], data: new Float32Array(12) });
    entries.delete("upT.bias");
    entries.set("head.extra", { shape: [5], data: new Float32Array(5) });
    const file = tmp.path("wrong.safetensors");
    writeFileSync(file, serializeSafetensors(entries));
    const r = await runCli("inspect", file, "--in-c", "3", "--out-c", "2", "--base-c", "4");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("3 problem(s)");
    expect(r.stdout).toContain("  missing upT.bias (expected [4])\n");
    expect(r.stdout).toContain("  out1x1.weight: expected [2, 4, 1, 1], got [3, 4, 1, 1]\n");
    expect(r.stdout).toContain("  unexpected head.extra [5]\n");
  });

  it("a dtype shapeproof cannot load is listed and reported against the model", async () => {
    const model = createUNet2({ inC: 1, outC: 1, inH: 16, inW: 16, config: { baseC: 2 } });
    const bytes = Buffer.from(serializeSafetensors(model.stateDict()));
    // Rewrite out1x1.bias (F32, 1 element, 4 bytes) as I32 of the same size: same layout, other dtype.
    const field = '"out1x1.bias":{"dtype":"F32"';
    const at = bytes.indexOf(field);
    expect(at).toBeGreaterThan(0);
    bytes.write("I", at + field.length - 4, "latin1");
    const file = tmp.path("i32.safetensors");
    writeFileSync(file, bytes);
    const r = await runCli("inspect", file, "--in-c", "1", "--out-c", "1", "--base-c", "2");
    expect(r.stdout).toMatch(/out1x1\.bias\s+I32\s+\[1\]\s+\?/);
    expect(r.stdout).toContain("out1x1.bias: dtype I32 cannot be loaded (expected F32, F64, F16 or BF16)");
    expect(r.code).toBe(1);
  });

  it("prints a hostile file's names and metadata with control characters escaped", async () => {
    const file = tmp.path("escape.safetensors");
    writeFileSync(file, serializeSafetensors({ "w\u001b[2J": { shape: [1], data: new Float32Array(1) } }, { "note\u009b": "a\u0007b" }));
    const r = await runCli("inspect", file, "--in-c", "1", "--out-c", "1", "--base-c", "1");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for raw terminal escapes.
    expect(r.stdout).not.toMatch(/[\u001b\u0007\u009b]/);
    expect(r.stdout).toMatch(/w\\u\{1b\}\[2J\s+F32\s+\[1\]/);
    expect(r.stdout).toContain("metadata: note\\u{9b}=a\\u{7}b");
    expect(r.stdout).toContain("  unexpected w\\u{1b}[2J [1]\n");
    expect(r.code).toBe(1);
  });

  it("a missing file: exit 1, the path and the reason", async () => {
    const file = tmp.path("nope.safetensors");
    const r = await runCli("inspect", file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`shapeproof inspect: cannot read ${JSON.stringify(file)}`);
    expect(r.stderr).toContain("ENOENT");
    expect(r.stdout).toBe("");
  });

  it("corrupt files: truncated header, garbage, empty — exit 1 saying what is wrong", async () => {
    const good = serializeSafetensors({ w: { shape: [2], data: new Float32Array([1, 2]) } });
    const cases: Array<[string, Uint8Array, RegExp]> = [
      ["truncated-header.safetensors", good.subarray(0, 20), /header length \d+ runs past the end of the file/],
      [
        "garbage.safetensors",
        new TextEncoder().encode("this is not a safetensors file at all"),
        /not a safetensors file: its first 8 bytes give a header length of \d+, more than the 100000000-byte maximum/,
      ],
      ["empty.safetensors", new Uint8Array(0), /file too short: expected at least 8 bytes/],
      [
        "short-data.safetensors",
        good.subarray(0, good.length - 4),
        /tensor "w": data_offsets end 8 is past the end of the data buffer: expected at most 4, got 8/,
      ],
    ];
    for (const [name, bytes, pattern] of cases) {
      const file = tmp.path(name);
      writeFileSync(file, bytes);
      const r = await runCli("inspect", file);
      expect(r.code, name).toBe(1);
      expect(r.stderr, name).toMatch(new RegExp(`^shapeproof inspect: ${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: `));
      expect(r.stderr, name).toMatch(pattern);
      expect(r.stdout, name).toBe("");
    }
  });
});
