#!/usr/bin/env node
/**
 * The `shapeproof` command (package.json `bin`): `demo`, `summary`, `inspect`. `main` takes the arguments and
 * the output streams and returns the exit code, so tests run it in-process; run as a program, it uses the
 * process's. Exit codes: 0 ok, 1 the command failed, 2 bad usage.
 */
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type CliIO, exitCodes, processIO } from "./cli/cli-io.js";
import { demoCommand, demoUsage } from "./cli/demo-command.js";
import { inspectCommand, inspectUsage } from "./cli/inspect-command.js";
import { summaryCommand, summaryUsage } from "./cli/summary-command.js";
import { UsageError } from "./cli/usage-error.js";

export { type CliIO, exitCodes, processIO } from "./cli/cli-io.js";

const commands: Readonly<Record<string, { run(argv: readonly string[], io: CliIO): number | Promise<number>; usage: string }>> = {
  demo: { run: demoCommand, usage: demoUsage },
  summary: { run: summaryCommand, usage: summaryUsage },
  inspect: { run: inspectCommand, usage: inspectUsage },
};

export const usage = `shapeproof: tensors whose shapes the compiler proves, and a U-Net built on them.

Usage:
  shapeproof demo [--out DIR] [--steps N] [...]     train a UNet2 on synthetic shapes, write weights and PNGs
  shapeproof summary --in-c C --out-c C --height H --width W [--base-c 64] [--batch 1]
                                                    the UNet2 layer table for those sizes
  shapeproof inspect FILE.safetensors [--in-c C --out-c C [--base-c 64]]
                                                    list a file's tensors; with sizes, check it against a UNet2
  shapeproof COMMAND --help                         a command's flags

Exit codes: 0 ok, 1 the command failed (file unreadable or not matching, sizes the U-Net rejects, IoU target
missed), 2 bad usage (unknown command or flag, missing or malformed argument).`;

/** Runs one command line (`argv` without node and the script); returns the exit code. Never throws. */
export async function main(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined) throw new UsageError("", "missing command (demo, summary or inspect)");
    if (name === "--help" || name === "-h" || name === "help") {
      io.stdout.write(`${usage}\n`);
      return exitCodes.ok;
    }
    const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
    if (command === undefined) throw new UsageError("", `unknown command ${JSON.stringify(name)} (expected demo, summary or inspect)`);
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      const where = error.command === "" ? "shapeproof" : `shapeproof ${error.command}`;
      io.stderr.write(`${where}: ${error.message}\nRun "${where} --help" for usage.\n`);
      return exitCodes.usage;
    }
    const where = name !== undefined && Object.hasOwn(commands, name) ? `shapeproof ${name}` : "shapeproof";
    io.stderr.write(`${where}: ${error instanceof Error ? error.message : String(error)}\n`);
    return exitCodes.failure;
  }
}

/** True when this module is the program node was asked to run (directly, through tsx, or via the bin symlink). */
function isProgram(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isProgram()) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
