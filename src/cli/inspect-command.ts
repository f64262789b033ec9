import { stat } from "node:fs/promises";
import { readSafetensors } from "../io/safetensors-file.js";
import { stateDictProblemText, stateDictProblems } from "../nn/state-dict-problems.js";
import { createUNet2 } from "../nn/unet2.js";
import { parseCommand } from "./args.js";
import { type CliIO, exitCodes } from "./cli-io.js";
import { printable } from "./printable.js";
import { unet2ChannelFlags, unet2Channels } from "./unet2-flags.js";

export const inspectUsage = `Usage: shapeproof inspect FILE.safetensors [--in-c C --out-c C [--base-c 64]]

Lists the file's tensors (name, dtype, shape, bytes), the total, and its __metadata__.
With --in-c and --out-c, also checks the file against a UNet2 with those channels (and --base-c, default 64):
every missing, extra or wrongly shaped tensor is listed with the expected and actual shape; exit code 1 when
any is found. A file that cannot be read or is not valid safetensors is an error, exit code 1.`;

const bytesPerElement: Readonly<Record<string, number>> = { F64: 8, F32: 4, F16: 2, BF16: 2 };
const decoded = (dtype: string): boolean => dtype in bytesPerElement;

/** A tensor as the file lists it. */
interface ListedTensor {
  readonly name: string;
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly bytes: number;
}

/** `shapeproof inspect FILE`: the tensor table, then (with channel flags) the check against a UNet2. */
export async function inspectCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const command = "inspect";
  const { flags, positionals, help } = parseCommand({ command, valueFlags: [...unet2ChannelFlags], positionals: ["FILE.safetensors"] }, argv);
  if (help) {
    io.stdout.write(`${inspectUsage}\n`);
    return exitCodes.ok;
  }
  const file = positionals[0]!;
  // Checked before reading, so a usage mistake is reported as one whatever the file holds.
  const channels = unet2ChannelFlags.some((f) => flags.has(f)) ? unet2Channels(command, flags) : undefined;
  const { tensors, metadata, skipped } = await readSafetensors(file, { unsupported: "skip" });
  const listed: ListedTensor[] = [
    ...[...tensors.values()].map((t) => ({ name: t.name, dtype: t.dtype, shape: t.shape, bytes: t.data.length * bytesPerElement[t.dtype]! })),
    // Skipped tensors' bytes are not known without their dtype's size; the parser checked their layout.
    ...skipped.map((t) => ({ name: t.name, dtype: t.dtype, shape: t.shape, bytes: NaN })),
  ];
  const fileBytes = (await stat(file)).size;
  io.stdout.write(`${file}: ${listed.length} tensor(s), ${fileBytes.toLocaleString("en-US")} bytes\n`);
  io.stdout.write(`${table(listed)}\n`);
  const total = listed.reduce((sum, t) => sum + (Number.isNaN(t.bytes) ? 0 : t.bytes), 0);
  io.stdout.write(
    `total: ${total.toLocaleString("en-US")} bytes of tensor data${skipped.length > 0 ? ` (plus ${skipped.length} tensor(s) of dtypes shapeproof does not decode)` : ""}\n`,
  );
  const meta = Object.entries(metadata);
  io.stdout.write(`metadata: ${meta.length === 0 ? "(none)" : meta.map(([k, v]) => `${printable(k)}=${printable(v)}`).join(" ")}\n`);
  if (channels === undefined) return exitCodes.ok;

  const { inC, outC, baseC } = channels;
  // Parameter shapes do not depend on the image size; 16×16 meets the default config's obligations.
  const model = createUNet2({ inC, outC, inH: 16, inW: 16, config: { baseC } });
  const problems = stateDictProblems(model.stateDict(), Object.fromEntries(listed.map((t) => [t.name, t])), decoded);
  const against = `UNet2 (inC ${inC}, outC ${outC}, baseC ${baseC})`;
  if (problems.length === 0) {
    io.stdout.write(`matches ${against}: all ${Object.keys(model.params).length} parameters present with the right shapes\n`);
    return exitCodes.ok;
  }
  io.stdout.write(`does not match ${against}: ${problems.length} problem(s)\n`);
  for (const p of problems) io.stdout.write(`  ${stateDictProblemText(p, printable)}\n`);
  const claimed = (["inC", "outC", "baseC"] as const).filter((k) => metadata[k] !== undefined && metadata[k] !== String(channels[k]));
  if (claimed.length > 0) io.stdout.write(`hint: the file's __metadata__ says ${claimed.map((k) => `${k} ${printable(metadata[k]!)}`).join(", ")}\n`);
  io.stderr.write(`shapeproof inspect: ${file} does not match ${against} (${problems.length} problem(s), listed above)\n`);
  return exitCodes.failure;
}

function table(rows: readonly ListedTensor[]): string {
  const cells = [
    ["name", "dtype", "shape", "bytes"],
    ...rows.map((t) => [
      printable(t.name),
      printable(t.dtype),
      `[${t.shape.join(", ")}]`,
      Number.isNaN(t.bytes) ? "?" : t.bytes.toLocaleString("en-US"),
    ]),
  ];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...cells.map((c) => c[i]!.length)));
  return cells
    .map((c) => `  ${c[0]!.padEnd(widths[0]!)}  ${c[1]!.padEnd(widths[1]!)}  ${c[2]!.padEnd(widths[2]!)}  ${c[3]!.padStart(widths[3]!)}`)
    .join("\n");
}
