import type { OpenOptions } from "../../../types/ops/options.js";
import type { ArgmaxOptionNames, ArgmaxOptions, ReduceOptionsGuard, ReduceRule } from "../../../types/ops/reduce/reduce-shape.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { allocate, Tensor } from "../../tensor/tensor.js";
import type { ShapedResult } from "../result.js";
import { argmaxOptionNames, planCall } from "./plan.js";

/**
 * The index of the maximum along `dim`, as torch.argmax: with `dim` omitted or null, the index into the flattened
 * tensor (result shape `[]`, or all ones with `keepdim`). The first maximum wins on ties; NaN counts as the
 * maximum (the first NaN wins), as PyTorch. The indices are returned as a float tensor of x's dtype (shapeproof has
 * no integer dtype; they are exact up to 2^24 in float32). Not differentiable: nothing is recorded.
 */
export function argmax<S extends Shape, D extends DType, const O extends OpenOptions<ArgmaxOptions> = {}>(
  x: Tensor<S, D>,
  options?: O & ReduceOptionsGuard<"argmax", O, ArgmaxOptionNames, ReduceRule<"argmax", S, O>>,
): ShapedResult<ReduceRule<"argmax", S, O>, D> {
  const dim = (options as ArgmaxOptions | undefined)?.dim;
  if (Array.isArray(dim)) throw new TypeError("argmax: dim must be one axis or null (argmax takes no list of axes)");
  const t = x as Tensor<Shape, D>;
  const plan = planCall("argmax", t.shape, options, argmaxOptionNames, true);
  const { base, offsets, outSize, count } = plan;
  const xd = t.data;
  const y = allocate(t.dtype, outSize);
  for (let o = 0; o < outSize; o++) {
    const b = base[o]!;
    let best = xd[b]!;
    let at = 0;
    for (let r = 1; r < count; r++) {
      const v = xd[b + offsets[r]!]!;
      if (v > best || (v !== v && best === best)) {
        best = v;
        at = r;
      }
    }
    y[o] = at;
  }
  return Tensor.wrap(plan.outShape, t.dtype, y) as ShapedResult<ReduceRule<"argmax", S, O>, D>;
}
