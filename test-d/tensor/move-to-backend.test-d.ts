import { expectError, expectType } from "tsd";
import { Linear } from "../../src/nn/layers/linear.js";
import { ReLU } from "../../src/nn/layers/activations.js";
import { sequential } from "../../src/nn/sequential.js";
import { moveToBackend } from "../../src/tensor/move-to-backend.js";
import { type Tensor, zeros } from "../../src/tensor/tensor.js";

// Module.moveToBackend returns the module with its own type, so the model's shapes are still known.
const model = sequential(new Linear(8, 16), new ReLU(), new Linear(16, 3));
expectType<typeof model>(model.moveToBackend());
expectType<Tensor<[4, 3]>>(model.moveToBackend().forward(zeros([4, 8])));
// moveToBackend takes tensors of any shape and dtype and says how many moved.
expectType<number>(moveToBackend([zeros([2, 3]), zeros([4], { dtype: "float64" })]));
expectError(moveToBackend([[1, 2, 3]]));
expectError(moveToBackend(zeros([2, 3])));
