import { defineConfig } from "vitest/config";

/**
 * Two projects: every test on this Node with the kernels' default build (relaxed SIMD, fused multiply-add: Node 20
 * gets it through the flag createWasmBackend's "auto" sets), and the kernels' golden and property tests again on the
 * plain SIMD build (SHAPEPROOF_TEST_RELAXED_SIMD=never, read by test/wasm/shared-backends.ts), so both builds are
 * checked against the same references.
 */
const plainSimdFiles = [
  "test/kernels/golden.test.ts",
  "test/wasm/wasm-backend.test.ts",
  "test/wasm/matmul.test.ts",
  "test/wasm/winograd.test.ts",
  "test/wasm/float32-properties.test.ts",
  "test/wasm/relaxed-simd.test.ts",
  "test/autograd/unet2-tape.test.ts",
  "test/wasm/row-kernels.test.ts",
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    projects: [
      { extends: true, test: { name: "node", include: ["test/**/*.test.ts"] } },
      {
        extends: true,
        test: {
          name: "plain-simd",
          include: plainSimdFiles,
          env: { SHAPEPROOF_TEST_RELAXED_SIMD: "never" },
        },
      },
    ],
  },
});
