import type { ShapedResult } from "./result.js";
import type { Conv2dOptions, Conv2dOptionsGuard, Conv2dShape } from "../../types/ops/conv2d.js";
import type { OpenOptions } from "../../types/ops/options.js";
import type { DType, Shape } from "../../types/tensor/shape.js";
import type { Tensor } from "../tensor/tensor.js";
import { type BiasCheck, type Conv2dWeightGuard, type ParamGuard, type XGuard, runConv2d } from "./conv2d.js";

/**
 * relu(conv2d(x, weight, bias, options)) in one kernel call: the activation is applied as the conv writes
 * its outputs (identical to the two ops on the JS backend; on WebAssembly, identical to its own conv then
 * relu). Shapes, options and messages as conv2d's, under the name "conv2dRelu". For training, keep the
 * output y: its gradient is conv2dBackward(x, weight, reluBackward(dy, y), options).
 */
export function conv2dRelu<
  XS extends Shape,
  WS extends Shape,
  D extends DType,
  WD extends DType,
  BS extends Shape = [WS[0]],
  BD extends DType = D,
  const O extends OpenOptions<Conv2dOptions> = {},
>(
  x: Tensor<XS, D> & XGuard<XS, "conv2dRelu">,
  weight: Tensor<WS, WD> & Conv2dWeightGuard<"conv2dRelu", XS, WS, O, D, WD>,
  bias?: (Tensor<BS, BD> & ParamGuard<"conv2dRelu", "bias", BiasCheck<WS, BS, 0, "conv2dRelu">, D, BD>) | null,
  options?: O & Conv2dOptionsGuard<"conv2dRelu", O>,
): ShapedResult<Conv2dShape<XS, WS, O, "conv2dRelu">, D> {
  return runConv2d("conv2dRelu", x, weight, bias ?? null, options, true) as ShapedResult<Conv2dShape<XS, WS, O, "conv2dRelu">, D>;
}
