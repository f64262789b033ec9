import { expectError, expectType } from "tsd";
import { LayerNorm } from "../../src/nn/layers/norms.js";
import { TransformerEncoder } from "../../src/nn/layers/transformer-encoder.js";
import { TransformerEncoderLayer } from "../../src/nn/layers/transformer.js";
import { causalMask } from "../../src/nn/layers/attention.js";
import { type Tensor, zeros } from "../../src/tensor/tensor.js";

// (B, T, E) in, the same out, through forward and forwardWith (masks); E must be d_model.
const encoder = new TransformerEncoder(new TransformerEncoderLayer(16, 4, { dimFeedforward: 32 }), 2, { norm: new LayerNorm([16]) });
expectType<Tensor<[2, 5, 16]>>(encoder.forward(zeros([2, 5, 16])));
expectType<Tensor<[2, 5, 16]>>(encoder.forwardWith(zeros([2, 5, 16]), { attnMask: causalMask(5) }));
expectError(encoder.forward(zeros([2, 5, 12])));
expectError(encoder.forward(zeros([5, 16])));

// A generic batch and length are kept.
function stack<B extends number, T extends number>(x: Tensor<[B, T, 16]>): Tensor<[B, T, 16]> {
  return encoder.forwardWith(x, { attnMask: causalMask(8) });
}
expectType<Tensor<[3, 8, 16]>>(stack(zeros([3, 8, 16])));
