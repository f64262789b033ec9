/**
 * A kernel call whose own scratch allocations grow the WebAssembly memory must still read and write through the
 * grown memory: a fresh backend's first call is the growing one. (conv2dBackwardData once kept a view taken
 * before growing and packed its weights into the detached buffer: silent zeros.) Also `directConvs` and
 * `winogradFor`, which certified bounds rely on.
 */
import { afterAll, describe, expect, it } from "vitest";
import type { Conv2dGeometry, ConvTranspose2dGeometry } from "../../src/kernels/geometry.js";
import { jsBackend } from "../../src/kernels/js-backend.js";
import { createWasmBackend, type WasmBackend } from "../../src/wasm/index.js";
import { convTransposeOut, expectFloat32Close, randomArray, signedRng } from "../kernels/kernel-helpers.js";

const opened: WasmBackend[] = [];
afterAll(() => {
  for (const b of opened) b.close();
});

async function fresh(winograd: "auto" | "never" | "always" = "auto"): Promise<WasmBackend> {
  const b = await createWasmBackend({ threads: 1, winograd });
  opened.push(b);
  return b;
}

const conv = (stride: number, n: number): Conv2dGeometry => {
  const inH = 24;
  const outH = Math.floor((inH + 2 - 3) / stride) + 1;
  return { n, inC: 3, inH, inW: inH, outC: 8, outH, outW: outH, kH: 3, kW: 3, strideH: stride, strideW: stride, padH: 1, padW: 1, dilH: 1, dilW: 1 };
};

describe("wasm kernels on a memory that grows inside the call", () => {
  for (const stride of [1, 2]) {
    it(`conv2dBackwardData, stride ${stride}, as the fresh backend's first call`, async () => {
      const g = conv(stride, 96);
      const next = signedRng(stride);
      const dy = randomArray(g.n * g.outC * g.outH * g.outW, next);
      const w = randomArray(g.outC * g.inC * 9, next);
      const got = new Float32Array(g.n * g.inC * g.inH * g.inW);
      const want = new Float32Array(got.length);
      const backend = await fresh("never");
      const before = backend.memoryBytes;
      backend.conv2dBackwardData(g, dy, w, got);
      expect(backend.memoryBytes).toBeGreaterThan(before);
      jsBackend.conv2dBackwardData(g, dy, w, want);
      expectFloat32Close(got, want, "dx", g.outC * 9);
    });
  }

  it("convTranspose2dForward, stride 2, as the fresh backend's first call", async () => {
    const inH = 12;
    const outH = convTransposeOut(inH, 3, 2, 1, 1, 1);
    const g: ConvTranspose2dGeometry = {
      n: 64,
      inC: 8,
      inH,
      inW: inH,
      outC: 3,
      outH,
      outW: outH,
      kH: 3,
      kW: 3,
      strideH: 2,
      strideW: 2,
      padH: 1,
      padW: 1,
      dilH: 1,
      dilW: 1,
      outPadH: 1,
      outPadW: 1,
    };
    const next = signedRng(7);
    const x = randomArray(g.n * g.inC * inH * inH, next);
    const w = randomArray(g.inC * g.outC * 9, next);
    const got = new Float32Array(g.n * g.outC * outH * outH);
    const want = new Float32Array(got.length);
    (await fresh("never")).convTranspose2dForward(g, x, w, null, got);
    jsBackend.convTranspose2dForward(g, x, w, null, want);
    expectFloat32Close(got, want, "y", g.inC * 9);
  });
});

describe("directConvs and winogradFor", () => {
  it("report and switch the Winograd path", async () => {
    const backend = await fresh("always");
    const g = conv(1, 2);
    expect(backend.winogradFor(g)).toBe(true);
    expect(backend.directConvs(() => backend.winogradFor(g))).toBe(false);
    expect(backend.winogradFor(g)).toBe(true);
    expect(backend.winogradFor(conv(2, 2))).toBe(false);
    expect(jsBackend.winogradFor?.(g)).toBe(false);
  });

  it("a direct conv inside directConvs matches the JS kernel as closely as the direct path does", async () => {
    const backend = await fresh("always");
    const g = conv(1, 4);
    const next = signedRng(3);
    const dy = randomArray(g.n * g.outC * g.outH * g.outW, next);
    const w = randomArray(g.outC * g.inC * 9, next);
    const want = new Float32Array(g.n * g.inC * g.inH * g.inW);
    jsBackend.conv2dBackwardData(g, dy, w, want);
    const direct = new Float32Array(want.length);
    backend.directConvs(() => backend.conv2dBackwardData(g, dy, w, direct));
    const directNever = new Float32Array(want.length);
    (await fresh("never")).conv2dBackwardData(g, dy, w, directNever);
    // the same direct kernel: bit for bit what a Winograd-free backend computes
    expect(Array.from(direct)).toEqual(Array.from(directNever));
    expectFloat32Close(direct, want, "dx", g.outC * 9);
  });
});
