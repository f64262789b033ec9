import { createUNet2 } from "../nn/unet2.js";
import { intFlag, parseCommand, requiredIntFlag } from "./args.js";
import { type CliIO, exitCodes } from "./cli-io.js";
import { unet2ChannelFlags, unet2Channels } from "./unet2-flags.js";

export const summaryUsage = `Usage: shapeproof summary --in-c C --out-c C --height H --width W [--base-c 64] [--batch 1]

Prints the UNet2 layer table (output shape and parameters per layer, totals) for inputs (batch, C, H, W).
Sizes the U-Net cannot take (e.g. an odd H: pooling then upsampling does not restore it) fail with the
obligation that breaks, exit code 1.`;

/** `shapeproof summary`: builds the UNet2 (checking its eight size obligations) and prints its table. */
export function summaryCommand(argv: readonly string[], io: CliIO): number {
  const command = "summary";
  const { flags, help } = parseCommand({ command, valueFlags: [...unet2ChannelFlags, "height", "width", "batch"], positionals: [] }, argv);
  if (help) {
    io.stdout.write(`${summaryUsage}\n`);
    return exitCodes.ok;
  }
  const { inC, outC, baseC } = unet2Channels(command, flags);
  const inH = requiredIntFlag(command, flags, "height", 1);
  const inW = requiredIntFlag(command, flags, "width", 1);
  const batch = intFlag(command, flags, "batch", 1) ?? 1;
  // createUNet2 checks the obligations at run time for these `number` sizes and throws their sentence.
  const model = createUNet2({ inC, outC, inH, inW, config: { baseC } });
  io.stdout.write(`${model.summary(batch)}\n`);
  io.stdout.write(`The eight UNet2 size obligations hold for ${inH}x${inW}.\n`);
  return exitCodes.ok;
}
