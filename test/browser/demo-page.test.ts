/**
 * The page of `npm run demo:web` in Chromium: it trains the demo's U-Net live (a short run, set in the URL), the loss
 * falls, the IoU text and held-out images appear, the screenshot is not blank, the weights download as a
 * safetensors file holding the model's 16 tensors; the shape panel shows UNet2's layer table, and the obligation's
 * sentence for sizes that do not fit.
 */
import { readFileSync } from "node:fs";
import { decode } from "fast-png";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDemoWeb } from "../../scripts/demo-web.js";
import { launchChromium } from "../../scripts/serve-chromium.js";
import type { StaticServer } from "../../scripts/serve.js";
import { parseSafetensors, unet2Obligations, withConfig } from "../../src/index.js";

interface DemoState {
  readonly losses: number[];
  readonly iou: number | null;
  readonly backend: string | null;
  readonly threads: number;
}

const steps = 40;
let server: StaticServer;
let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  server = await startDemoWeb(0);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1100, height: 1000 } });
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${server.origin}/?steps=${steps}&size=32&batchSize=8&trainImages=64&testImages=8&evalEvery=20`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const demoState = (): Promise<DemoState> => page.evaluate(() => (globalThis as unknown as { shapeproofDemo: DemoState }).shapeproofDemo);

describe("the demo page (npm run demo:web)", () => {
  it("trains in a Worker on WebAssembly threads: the loss falls and the IoU appears", async () => {
    await page.waitForFunction((n) => (globalThis as unknown as { shapeproofDemo: DemoState }).shapeproofDemo.losses.length >= n, steps, {
      timeout: 240_000,
    });
    await page.waitForFunction(`document.getElementById("iou")?.textContent?.includes("step ${steps}")`, undefined, { timeout: 60_000 });
    const s = await demoState();
    expect(s.backend).toMatch(/^wasm-simd-\dt$/);
    expect(s.threads).toBe(Number(await page.evaluate("Math.min(8, navigator.hardwareConcurrency)")));
    expect(await page.textContent("#threads")).toBe(String(s.threads));
    expect(s.losses).toHaveLength(steps);
    expect(s.losses.every(Number.isFinite)).toBe(true);
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(s.losses.slice(-8))).toBeLessThan(0.8 * mean(s.losses.slice(0, 8)));
    expect(await page.textContent("#iou")).toMatch(/^IoU \d\.\d{3} \(step 40\)$/);
    expect(s.iou).toBeGreaterThanOrEqual(0);
    expect(await page.locator("#heldout canvas").count()).toBe(3 * 4);
    expect(errors).toEqual([]);
  }, 300_000);

  it("the screenshot is not blank: the loss curve and the held-out images are drawn", async () => {
    const png = decode(await page.screenshot({ fullPage: true }));
    const colors = new Set<number>();
    const px = png.data;
    for (let i = 0; i < px.length; i += png.channels * 7) colors.add((px[i]! << 16) | (px[i + 1]! << 8) | px[i + 2]!);
    expect(colors.size).toBeGreaterThan(50);
    const curve = decode(await page.locator("#loss").screenshot());
    const blue = [];
    for (let i = 0; i < curve.data.length; i += curve.channels) if (curve.data[i + 2]! > 150 && curve.data[i]! < 60) blue.push(i);
    expect(blue.length, "pixels of the running-mean line").toBeGreaterThan(100);
  });

  it("downloads the weights as safetensors holding the UNet2's 16 tensors", async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
    expect(download.suggestedFilename()).toBe(`unet2-segmenter-${steps}-steps.safetensors`);
    const parsed = parseSafetensors(new Uint8Array(readFileSync(await download.path())));
    expect(parsed.tensors.size).toBe(16);
    expect(parsed.metadata).toMatchObject({ inH: "32", inW: "32", steps: String(steps) });
  });

  it("reset starts over at step 0", async () => {
    await page.click("#reset");
    await page.waitForFunction(`document.getElementById("step")?.textContent === "0"`);
    expect((await demoState()).losses).toHaveLength(0);
  });

  it("the shape panel shows the layer table, and the obligation's sentence for an odd height", async () => {
    expect(await page.textContent("#shapeVerdict")).toBe("The eight UNet2 size obligations hold for 128x128.");
    expect(await page.textContent("#shapeTable")).toContain("down1_1");
    await page.fill("input[name=inH]", "127");
    await page.click("#shapeForm button[type=submit]");
    const sentence = unet2Obligations(withConfig({ baseC: 64 }), 127, 128);
    expect(sentence).not.toBeNull();
    expect(await page.textContent("#shapeVerdict")).toBe(sentence);
    expect(await page.isHidden("#shapeTable")).toBe(true);
  });
});
