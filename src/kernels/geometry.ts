/**
 * Shape information for the kernels, computed once by the typed layer and handed
 * to every kernel so that inner loops never recompute sizes.
 *
 * Layouts are row-major and always batched: images (N, C, H, W), conv2d weights
 * (outC, inC, kH, kW), convTranspose2d weights (inC, outC, kH, kW) as in PyTorch.
 */
export type FloatArray = Float32Array | Float64Array;

/** A 2-D sliding window over (inH, inW) giving (outH, outW): what conv2d, its transpose and maxPool2d share. */
export interface Window2dGeometry {
  readonly n: number;
  readonly inH: number;
  readonly inW: number;
  readonly outH: number;
  readonly outW: number;
  readonly kH: number;
  readonly kW: number;
  readonly strideH: number;
  readonly strideW: number;
  readonly padH: number;
  readonly padW: number;
  readonly dilH: number;
  readonly dilW: number;
}

/** conv2d: x (n, inC, inH, inW) * w (outC, inC, kH, kW) -> y (n, outC, outH, outW). */
export interface Conv2dGeometry extends Window2dGeometry {
  readonly inC: number;
  readonly outC: number;
}

/**
 * convTranspose2d: x (n, inC, inH, inW), w (inC, outC, kH, kW) -> y (n, outC, outH, outW).
 * outH = (inH - 1) * strideH - 2 * padH + dilH * (kH - 1) + outPadH + 1.
 */
export interface ConvTranspose2dGeometry extends Conv2dGeometry {
  readonly outPadH: number;
  readonly outPadW: number;
}

/** maxPool2d over each (n, c) plane: x (n, c, inH, inW) -> y (n, c, outH, outW). Padding acts as -Infinity. */
export interface Pool2dGeometry extends Window2dGeometry {
  readonly c: number;
}
