import { intFlag, requiredIntFlag } from "./args.js";

/**
 * Largest channel count the CLI accepts: a UNet2 has about 98·baseC² parameters, and `summary`/`inspect` build
 * one, so 1024 (≈ 100 M parameters, 400 MB) keeps a typo from allocating gigabytes.
 */
export const maxChannels = 1024;

/** The default base channel count, the seed's `unet2DefaultConfig.baseC`. */
export const defaultBaseC = 64;

export const unet2ChannelFlags = ["in-c", "out-c", "base-c"] as const;

export interface UNet2Channels {
  readonly inC: number;
  readonly outC: number;
  readonly baseC: number;
}

/** `--in-c`, `--out-c` (required) and `--base-c` (default 64), each in [1, maxChannels]. */
export function unet2Channels(command: string, flags: ReadonlyMap<string, string>): UNet2Channels {
  return {
    inC: requiredIntFlag(command, flags, "in-c", 1, maxChannels),
    outC: requiredIntFlag(command, flags, "out-c", 1, maxChannels),
    baseC: intFlag(command, flags, "base-c", 1, maxChannels) ?? defaultBaseC,
  };
}
