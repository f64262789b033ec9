import type { KernelBackend } from "./backend.js";
import { conv2dBackwardData } from "./conv2d-backward-data.js";
import { conv2dBackwardWeight } from "./conv2d-backward-weight.js";
import { conv2dForward } from "./conv2d-forward.js";
import { convTranspose2dBackwardData } from "./conv-transpose2d-backward-data.js";
import { convTranspose2dBackwardWeight } from "./conv-transpose2d-backward-weight.js";
import { convTranspose2dForward } from "./conv-transpose2d-forward.js";
import { matmul } from "./matmul.js";
import { maxPool2dBackward } from "./max-pool2d-backward.js";
import { maxPool2dForward } from "./max-pool2d-forward.js";
import { reluBackward } from "./relu-backward.js";
import { reluForward } from "./relu-forward.js";

/** The pure TypeScript reference backend (and fallback when WebAssembly is unavailable). */
export const jsBackend: KernelBackend = {
  name: "js",
  conv2dForward,
  conv2dBackwardData,
  conv2dBackwardWeight,
  convTranspose2dForward,
  convTranspose2dBackwardData,
  convTranspose2dBackwardWeight,
  maxPool2dForward,
  maxPool2dBackward,
  reluForward,
  reluBackward,
  matmul,
  stridedMatmul: true,
  reluMatmul: true,
  // every conv here is a direct sum of products (computed in float64, stored in the array's type)
  winogradFor: () => false,
};
