import { expectAssignable, expectError, expectType } from "tsd";
import { syntheticShapes } from "../src/data/index.js";
import { type Tensor, randn, tensor, zeros } from "../src/tensor/tensor.js";
import {
  type ClassTargetShape,
  type GradsFor,
  adam,
  adamw,
  bceWithLogits,
  binaryIoU,
  crossEntropy,
  dice,
  mse,
  nllLoss,
  sgd,
  takeRows,
} from "../src/train/index.js";

const logits = zeros([2, 1, 8, 8]);
const mask = zeros([2, 1, 8, 8]);
const wrongMask = zeros([2, 1, 8, 9]);

// Losses are tensors on the tape: Tensor<[], D> for "mean" / "sum", the per-element shape for "none".
expectType<Tensor<[], "float32">>(bceWithLogits(logits, mask));
expectType<Tensor<[2, 1, 8, 8], "float32">>(mse(logits, mask, { reduction: "none" }));
expectType<Tensor<[], "float32">>(mse(logits, mask, { reduction: "sum" }));
expectType<number>(dice(logits, mask, { smooth: 0.5 }).item());
expectError(bceWithLogits(logits, wrongMask));
expectError(mse(logits, wrongMask));
expectError(dice(logits, wrongMask));
expectError(dice(logits, mask, { reduction: "none" }));
// dtypes must agree.
const f32 = zeros([3]);
expectError(mse(zeros([3], { dtype: "float64" }), f32));
expectError(bceWithLogits(zeros([3], { dtype: "float64" }), f32));
expectType<Tensor<[], "float64">>(mse(zeros([3], { dtype: "float64" }), zeros([3], { dtype: "float64" })));
// A runtime-shaped target is accepted (checked at run time) against literal logits.
const dynamic = tensor<number[]>([2, 1, 8, 8], new Float32Array(128));
expectType<number>(bceWithLogits(logits, dynamic).item());

// Cross-entropy: the target is the logits' shape without the class axis (axis 1; axis 0 for (C)), as PyTorch.
expectType<[3]>({} as ClassTargetShape<[3, 8]>);
expectType<[2, 8, 8]>({} as ClassTargetShape<[2, 3, 8, 8]>);
expectType<[]>({} as ClassTargetShape<[5]>);
expectType<"crossEntropy: logits must have shape (C), (N, C) or (N, C, d1, ..., dk), got []">({} as ClassTargetShape<[]>);
const classLogits = randn([2, 3, 8, 8], { seed: 1 });
expectType<Tensor<[2, 8, 8], "float32">>(crossEntropy(classLogits, zeros([2, 8, 8]), { reduction: "none" }));
expectType<Tensor<[], "float32">>(crossEntropy(classLogits, zeros([2, 8, 8]), { weight: zeros([3]), ignoreIndex: 0, labelSmoothing: 0.1 }));
expectType<Tensor<[4], "float32">>(nllLoss(zeros([4, 5]), zeros([4]), { reduction: "none" }));
expectError(crossEntropy(classLogits, zeros([2, 3, 8, 8])));
expectError(crossEntropy(classLogits, zeros([8, 8])));
expectError(crossEntropy(classLogits, zeros([2, 8, 9])));
expectError(crossEntropy(classLogits, zeros([2, 8, 8]), { weight: zeros([4]) }));
expectError(crossEntropy(zeros([]), zeros([])));

// Optimizers: a record of named parameters or an iterable of tensors; step() reads .grad, zeroGrad() clears it;
// an explicit gradient record must have the parameters' names and shapes.
interface Params {
  weight: Tensor<[4, 3, 3, 3]>;
  bias: Tensor<[4]>;
}
const params: Params = { weight: zeros([4, 3, 3, 3]), bias: zeros([4]) };
const grads: GradsFor<Params> = { weight: zeros([4, 3, 3, 3]), bias: zeros([4]) };
const opt = adam(params, { lr: 1e-3 });
opt.step(grads);
opt.step();
opt.zeroGrad();
sgd(params, { lr: 0.1, momentum: 0.9, nesterov: true }).step({ weight: zeros([4, 3, 3, 3]), bias: zeros([4]) });
sgd([params.weight, params.bias], { lr: 0.1 }).step();
expectType<Params>(opt.params);
expectType<number>(opt.state.bias.step);
expectError(opt.state.nope);
expectError(opt.step({ weight: zeros([4, 3, 3, 3]) }));
expectError(opt.step({ weight: zeros([4, 3, 3, 3]), bias: zeros([5]) }));
expectError(opt.step({ weight: zeros([4, 3, 3, 3]), bias: zeros([4]), extra: zeros([1]) }));
expectError(adamw(params).step({ weight: zeros([4, 3, 3, 3]), bias: zeros([4], { dtype: "float64" }) }));
expectError(sgd(params, {}));
expectError(sgd({ notATensor: [1, 2, 3] }, { lr: 0.1 }));

// Data: literal sizes flow into the tensor types; takeRows keeps the trailing dims.
const data = syntheticShapes({ n: 16, height: 32, width: 48, seed: 0 });
expectType<Tensor<[16, 1, 32, 48]>>(data.images);
expectType<Tensor<[16, 1, 32, 48]>>(data.masks);
expectType<Tensor<[number, 1, 32, 48]>>(takeRows(data.images, [0, 1]));
expectAssignable<number>(binaryIoU(data.images, data.masks).mean);
expectError(binaryIoU(data.images, mask));
