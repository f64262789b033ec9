import { expectError, expectType } from "tsd";
import { bounds, type BoundsResult, type StepBounds } from "../../src/bounds/index.js";
import { linear } from "../../src/ops/linalg/index.js";
import { conv2d } from "../../src/ops/conv2d.js";
import { relu } from "../../src/ops/relu.js";
import { type Tensor, randn } from "../../src/tensor/tensor.js";

const w = randn([4, 2, 3, 3], { seed: 0 });
const cnn = (x: Tensor<[1, 2, 8, 8]>) => relu(conv2d(x, w, null, { padding: 1 }));
const c = randn([1, 2, 8, 8], { seed: 1 });

expectType<BoundsResult<[1, 4, 8, 8]>>(bounds(cnn, { center: c, epsilon: 0.05 }));
expectType<Tensor<[1, 4, 8, 8], "float64">>(bounds(cnn, { lower: c, upper: c }, { method: "crown" }).lower);
expectType<readonly StepBounds[]>(bounds(cnn, { center: c, epsilon: 0.05 }).intermediate);
expectType<"ibp" | "crown">(bounds(cnn, { center: c, epsilon: 0.05 }).method);

const head = randn([3, 5], { seed: 2 });
expectType<Tensor<[2, 3], "float64">>(bounds((x: Tensor<[2, 5]>) => linear(x, head), { center: randn([2, 5], { seed: 3 }), epsilon: 1 }).upper);

expectError(bounds(cnn, { center: randn([1, 2, 8, 9], { seed: 4 }), epsilon: 0.05 }));
expectError(bounds(cnn, { lower: c, upper: randn([1, 2, 9, 8], { seed: 5 }) }));
expectError(bounds(cnn, { center: c, epsilon: 0.05 }, { method: "alpha" }));
