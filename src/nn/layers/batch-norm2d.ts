import type { InputShape, ShapeFn } from "../../../types/nn/shape-fn.js";
import type { BatchNorm2dCheck } from "../../../types/ops/batch-norm2d.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { ShapeError } from "../../errors.js";
import { type BatchNorm2dState, batchNorm2d } from "../../ops/batch-norm2d.js";
import type { Tensor } from "../../tensor/tensor.js";
import { Layer } from "../layer.js";
import { filledTensor } from "./init.js";

export interface BatchNorm2dFn<C extends number> extends ShapeFn {
  readonly output: BatchNorm2dCheck<InputShape<this>, C> extends infer R extends string ? R : InputShape<this>;
}

/** BatchNorm2d's options besides num_features (as torch.nn.BatchNorm2d's). */
export interface BatchNorm2dLayerOptions<D extends DType> {
  readonly dtype?: D;
  /** Default 1e-5. */
  readonly eps?: number;
  /** Default 0.1; null = cumulative average. */
  readonly momentum?: number | null;
  /** An existing state to register (its tensors become this layer's parameters and buffers) instead of a new one. */
  readonly from?: BatchNorm2dState<number, D>;
}

/**
 * PyTorch's `nn.BatchNorm2d(C)`: parameters `weight`, `bias`; buffers `running_mean`, `running_var`,
 * `num_batches_tracked` (PyTorch's names). Training mode (the module's `training`) normalises with the batch's
 * statistics and updates the buffers; eval mode uses the running ones.
 */
export class BatchNorm2d<C extends number, D extends DType = "float32"> extends Layer<BatchNorm2dFn<C>> {
  readonly state: BatchNorm2dState<C, D>;

  constructor(numFeatures: C, options: BatchNorm2dLayerOptions<D> = {}) {
    super();
    if (!Number.isSafeInteger(numFeatures) || numFeatures <= 0)
      throw new ShapeError(`BatchNorm2d: num_features must be a positive integer, got ${numFeatures}`);
    const dtype = (options.dtype ?? "float32") as D;
    const eps = options.eps ?? 1e-5;
    const momentum = options.momentum === undefined ? 0.1 : options.momentum;
    const vec = (value: number): Tensor<[C], D> => filledTensor([numFeatures] as [C], value, dtype);
    const given = options.from as BatchNorm2dState<C, D> | undefined;
    if (given !== undefined && given.numFeatures !== numFeatures) {
      throw new ShapeError(`BatchNorm2d: the given state has ${given.numFeatures} features, expected ${numFeatures}`);
    }
    this.state = {
      numFeatures,
      eps: given?.eps ?? eps,
      momentum: given !== undefined ? given.momentum : momentum,
      weight: this.registerParameter("weight", given?.weight ?? vec(1)),
      bias: this.registerParameter("bias", given?.bias ?? vec(0)),
      runningMean: this.registerBuffer("running_mean", given?.runningMean ?? vec(0)),
      runningVar: this.registerBuffer("running_var", given?.runningVar ?? vec(1)),
      numBatchesTracked: this.registerBuffer("num_batches_tracked", given?.numBatchesTracked ?? filledTensor([] as [], 0, dtype), { optional: true }),
    };
  }

  run<XD extends DType>(x: Tensor<Shape, XD>): Tensor<Shape, XD> {
    const state = this.state as BatchNorm2dState<number, DType> as BatchNorm2dState<number, XD>;
    return batchNorm2d(x, state, { training: this.training }).output;
  }
}
