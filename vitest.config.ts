import { defineConfig } from "vitest/config";

/**
 * Two projects: every test on this Node as it is, and the kernels' golden and property tests again with the
 * WebAssembly relaxed-SIMD proposal enabled (Node 20 needs the flag; Node 22 and current browsers have it on), so
 * both builds of the kernels (plain SIMD and fused multiply-add) are checked against the same references.
 */
const relaxedSimdFiles = [
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
          name: "relaxed-simd",
          include: relaxedSimdFiles,
          execArgv: ["--experimental-wasm-relaxed-simd"],
          env: { SHAPEPROOF_EXPECT_RELAXED_SIMD: "1" },
        },
      },
    ],
  },
});
