/** Without Chromium the browser tests fail (never skip), with a message saying how to install it. */
import { describe, expect, it } from "vitest";
import { ChromiumMissingError, launchChromium } from "../../scripts/serve-chromium.js";

describe("launchChromium", () => {
  it("rejects with how to install Chromium when there is none at the path", async () => {
    const missing = "/nonexistent/chromium";
    await expect(launchChromium(missing)).rejects.toThrow(ChromiumMissingError);
    await expect(launchChromium(missing)).rejects.toThrow("apt-get install -y chromium");
  });
});
