import type { DType, Shape } from "../../types/tensor/shape.js";
import type { Rng } from "../random.js";
import { type Tensor, zeros } from "../tensor/tensor.js";
import { defaultInitBound } from "./layers/init.js";

/**
 * PyTorch's default Conv2d / ConvTranspose2d initialisation: kaiming_uniform_(a = √5) on the weight,
 * i.e. U(−1/√fanIn, 1/√fanIn), and the bias U(−1/√fanIn, 1/√fanIn).
 * fanIn = weight.size(1) · kH · kW — for a transposed conv's (inC, outC, kH, kW) weight that is outC · kH · kW, as in PyTorch.
 */
export function initConvParams<WS extends Shape, BS extends Shape, D extends DType>(
  weightShape: WS,
  biasShape: BS,
  dtype: D,
  rng: Rng,
): { weight: Tensor<WS, D>; bias: Tensor<BS, D> } {
  const fanIn = weightShape[1]! * weightShape[2]! * weightShape[3]!;
  const bound = defaultInitBound(fanIn);
  const weight = zeros(weightShape as readonly number[], { dtype }) as unknown as Tensor<WS, D>;
  const bias = zeros(biasShape as readonly number[], { dtype }) as unknown as Tensor<BS, D>;
  for (let i = 0; i < weight.data.length; i++) weight.data[i] = rng.uniformIn(-bound, bound);
  for (let i = 0; i < bias.data.length; i++) bias.data[i] = rng.uniformIn(-bound, bound);
  return { weight, bias };
}
