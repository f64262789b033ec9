import type { Conv2dGeometry, ConvTranspose2dGeometry } from "./geometry.js";

/**
 * The conv2d geometry whose backward-data is this transposed convolution: conv2d's input is the
 * transposed conv's output and vice versa. The weight layout (inC, outC, kH, kW) of the transposed
 * conv is exactly conv2d's (outC, inC, kH, kW) for the swapped channel counts.
 */
export function adjointConv2dGeometry(g: ConvTranspose2dGeometry): Conv2dGeometry {
  return {
    n: g.n,
    inC: g.outC,
    inH: g.outH,
    inW: g.outW,
    outC: g.inC,
    outH: g.inH,
    outW: g.inW,
    kH: g.kH,
    kW: g.kW,
    strideH: g.strideH,
    strideW: g.strideW,
    padH: g.padH,
    padW: g.padW,
    dilH: g.dilH,
    dilW: g.dilW,
  };
}
