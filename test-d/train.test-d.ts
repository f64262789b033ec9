import { expectAssignable, expectError, expectType } from "tsd";
import { syntheticShapes } from "../src/data/index.js";
import { type Tensor, randn, tensor, zeros } from "../src/tensor/tensor.js";
import {
  type ClassTargetShape,
  type GradsFor,
  type LossResult,
  adam,
  adamw,
  bceWithLogits,
  binaryIoU,
  crossEntropy,
  dice,
  mse,
  sgd,
  takeRows,
} from "../src/train/index.js";

const logits = zeros([2, 1, 8, 8]);
const mask = zeros([2, 1, 8, 8]);
const wrongMask = zeros([2, 1, 8, 9]);

// Losses: the target must have the logits' shape; the gradient has the logits' shape and dtype.
expectType<LossResult<[2, 1, 8, 8], "float32">>(bceWithLogits(logits, mask));
expectType<Tensor<[2, 1, 8, 8], "float32">>(mse(logits, mask, { reduction: "sum" }).grad);
expectType<number>(dice(logits, mask, { smooth: 0.5 }).loss);
expectError(bceWithLogits(logits, wrongMask));
expectError(mse(logits, wrongMask));
expectError(dice(logits, wrongMask));
// ... and the target parameter's type is then the run time's sentence (literal shapes).
expectType<"bceWithLogits: target shape [2, 1, 8, 9] does not match logits shape [2, 1, 8, 8]">(
  {} as Parameters<typeof bceWithLogits<[2, 1, 8, 8], "float32", [2, 1, 8, 9]>>[1],
);
expectType<"mse: target shape [2, 1, 8, 9] does not match pred shape [2, 1, 8, 8]">({} as Parameters<typeof mse<[2, 1, 8, 8], "float32", [2, 1, 8, 9]>>[1]);
expectType<"dice: target shape [8, 8] does not match logits shape [2, 1, 8, 8]">({} as Parameters<typeof dice<[2, 1, 8, 8], "float32", [8, 8]>>[1]);
expectError(bceWithLogits(logits, mask, { reduction: "none" }));
// dtypes must agree.
const f32 = zeros([3]);
expectError(mse(zeros([3], { dtype: "float64" }), f32));
expectError(bceWithLogits(zeros([3], { dtype: "float64" }), f32));
expectType<Tensor<[3], "float64">>(mse(zeros([3], { dtype: "float64" }), zeros([3], { dtype: "float64" })).grad);
// A runtime-shaped target is accepted (checked at run time) against literal logits.
const dynamic = tensor<number[]>([2, 1, 8, 8], new Float32Array(128));
expectType<number>(bceWithLogits(logits, dynamic).loss);

// Cross-entropy: the target is the logits' shape without the class axis.
expectType<[8, 8]>({} as ClassTargetShape<[3, 8, 8]>);
expectType<[2, 8, 8]>({} as ClassTargetShape<[2, 3, 8, 8]>);
expectType<"crossEntropy: logits must have shape (C, H, W) or (N, C, H, W), got [3, 8]">({} as ClassTargetShape<[3, 8]>);
const classLogits = randn([2, 3, 8, 8], { seed: 1 });
expectType<Tensor<[2, 3, 8, 8], "float32">>(crossEntropy(classLogits, zeros([2, 8, 8])).grad);
expectType<Tensor<[3, 8, 8], "float32">>(crossEntropy(zeros([3, 8, 8]), zeros([8, 8])).grad);
expectError(crossEntropy(classLogits, zeros([2, 3, 8, 8])));
expectError(crossEntropy(classLogits, zeros([8, 8])));
expectError(crossEntropy(classLogits, zeros([2, 8, 9])));
expectType<"crossEntropy: target shape [2, 8, 9] does not match logits (minus the class axis) shape [2, 8, 8]">(
  {} as Parameters<typeof crossEntropy<[2, 3, 8, 8], "float32", [2, 8, 9]>>[1],
);
expectError(crossEntropy(zeros([3, 8]), zeros([8])));

// Optimizers: the gradient record must have the parameters' names and shapes.
interface Params {
  weight: Tensor<[4, 3, 3, 3]>;
  bias: Tensor<[4]>;
}
const params: Params = { weight: zeros([4, 3, 3, 3]), bias: zeros([4]) };
const grads: GradsFor<Params> = { weight: zeros([4, 3, 3, 3]), bias: zeros([4]) };
const opt = adam(params, { lr: 1e-3 });
opt.step(grads);
sgd(params, { lr: 0.1, momentum: 0.9, nesterov: true }).step({ weight: zeros([4, 3, 3, 3]), bias: zeros([4]) });
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
