/**
 * Launches Debian's Chromium (/usr/bin/chromium, `apt-get install -y chromium`) through playwright-core, which
 * downloads nothing. The flags keep a headless Chromium off the network (the machine's network is closed; a
 * Chromium that tries to reach Google's services gets its connections refused) and give it a fresh profile.
 */
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

export const chromiumPath = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";

export const chromiumFlags: readonly string[] = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Thrown, with how to install it, when there is no Chromium to drive. */
export class ChromiumMissingError extends Error {
  constructor(path: string) {
    super(
      `Chromium is not installed at ${path}: the browser tests need it. Install Debian's package (as root: apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
    this.name = "ChromiumMissingError";
  }
}

/** A headless Chromium with a fresh temporary profile (playwright-core passes --user-data-dir and deletes it on close). */
export async function launchChromium(path: string = chromiumPath): Promise<Browser> {
  if (!existsSync(path)) throw new ChromiumMissingError(path);
  return chromium.launch({ executablePath: path, headless: true, args: [...chromiumFlags] });
}
