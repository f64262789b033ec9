/** The W1 conv and the UNet2 as ONNX graphs, with the same weights as shapeproof's workloads. */
import { unetSize } from "./workloads.js";
import { encodeOnnxModel, type OnnxInitializer, type OnnxNode } from "./onnx.js";

export interface ConvParams {
  readonly weight: { readonly shape: readonly number[]; readonly data: Float32Array };
  readonly bias: { readonly shape: readonly number[]; readonly data: Float32Array };
}

const pads1 = { pads: [1, 1, 1, 1], kernel_shape: [3, 3] };

/** W1: one 3x3 conv, padding 1. */
export function w1Model(x: readonly number[], p: ConvParams): Uint8Array {
  const y = [x[0]!, p.weight.shape[0]!, x[2]!, x[3]!];
  return encodeOnnxModel({
    nodes: [{ op: "Conv", inputs: ["x", "w", "b"], outputs: ["y"], attributes: pads1 }],
    initializers: [
      { name: "w", dims: p.weight.shape, data: p.weight.data },
      { name: "b", dims: p.bias.shape, data: p.bias.data },
    ],
    inputs: [{ name: "x", dims: x }],
    outputs: [{ name: "y", dims: y }],
  });
}

/** UNet2 (default config) in the seed's order; `layer(name)` gives each layer's weight and bias. */
export function unetModel(layer: (name: string) => ConvParams): Uint8Array {
  const { inC, outC, inH, inW } = unetSize;
  const nodes: OnnxNode[] = [];
  const initializers: OnnxInitializer[] = [];
  const conv = (name: string, input: string, op: "Conv" | "ConvTranspose", attributes: Record<string, number[]>, relu: boolean): string => {
    const p = layer(name);
    initializers.push({ name: `${name}.weight`, dims: p.weight.shape, data: p.weight.data });
    initializers.push({ name: `${name}.bias`, dims: p.bias.shape, data: p.bias.data });
    nodes.push({ op, inputs: [input, `${name}.weight`, `${name}.bias`], outputs: [relu ? `${name}.pre` : name], attributes });
    if (relu) nodes.push({ op: "Relu", inputs: [`${name}.pre`], outputs: [name] });
    return name;
  };
  const s1 = conv("down1_1", "x", "Conv", pads1, true);
  const skip = conv("down1_2", s1, "Conv", pads1, true);
  nodes.push({ op: "MaxPool", inputs: [skip], outputs: ["pooled"], attributes: { kernel_shape: [2, 2], strides: [2, 2] } });
  const b1 = conv("down2_1", "pooled", "Conv", pads1, true);
  const b2 = conv("down2_2", b1, "Conv", pads1, true);
  const up = conv("upT", b2, "ConvTranspose", { kernel_shape: [2, 2], strides: [2, 2] }, false);
  nodes.push({ op: "Concat", inputs: [skip, up], outputs: ["merged"], attributes: { axis: 1 } });
  const u1 = conv("up1_1", "merged", "Conv", pads1, true);
  const u2 = conv("up1_2", u1, "Conv", pads1, true);
  nodes.push({ op: "Conv", inputs: [u2, "out1x1.weight", "out1x1.bias"], outputs: ["y"], attributes: { kernel_shape: [1, 1] } });
  const head = layer("out1x1");
  initializers.push({ name: "out1x1.weight", dims: head.weight.shape, data: head.weight.data });
  initializers.push({ name: "out1x1.bias", dims: head.bias.shape, data: head.bias.data });
  return encodeOnnxModel({
    nodes,
    initializers,
    inputs: [{ name: "x", dims: [1, inC, inH, inW] }],
    outputs: [{ name: "y", dims: [1, outC, inH, inW] }],
  });
}
