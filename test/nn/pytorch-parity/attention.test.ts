/**
 * nn.MultiheadAttention(batch_first=True, bias on and off) and nn.TransformerEncoderLayer (norm_first both ways,
 * relu and gelu, with and without a causal src_mask and a key padding mask, dropout 0.1 in eval mode) from PyTorch's
 * state dicts: outputs, attention weights, the inputs' and every parameter's gradient.
 */
import { expect, it } from "vitest";
import { MultiheadAttention } from "../../../src/nn/layers/attention.js";
import { TransformerEncoderLayer } from "../../../src/nn/layers/transformer.js";
import { add } from "../../../src/ops/elementwise/add.js";
import { mul } from "../../../src/ops/elementwise/mul.js";
import { sum } from "../../../src/ops/reduce/sum.js";
import {
  cases,
  describeOnEveryBackend,
  expectClose,
  expectGrads,
  type F32,
  type GoldenTensor,
  type StateRef,
  stateDictOf,
  toTensor,
} from "./fixtures.js";

interface MhaCall {
  readonly label: string;
  readonly kind: "self" | "cross";
  readonly needWeights: boolean;
  readonly attnMask: GoldenTensor | null;
  readonly keyPaddingMask: GoldenTensor | null;
  readonly inputs: Record<string, GoldenTensor>;
  readonly gy: GoldenTensor;
  readonly gWeights: GoldenTensor | null;
  readonly output: GoldenTensor;
  readonly weights: GoldenTensor | null;
  readonly inputGrads: Record<string, GoldenTensor>;
  readonly grads: Record<string, GoldenTensor>;
}

interface MhaCase {
  readonly state: StateRef;
  readonly embedDim: number;
  readonly numHeads: number;
  readonly bias: boolean;
  readonly calls: MhaCall[];
}

interface TelCall {
  readonly masked: boolean;
  readonly attnMask: GoldenTensor | null;
  readonly keyPaddingMask: GoldenTensor | null;
  readonly x: GoldenTensor;
  readonly gy: GoldenTensor;
  readonly output: GoldenTensor;
  readonly gradX: GoldenTensor;
  readonly grads: Record<string, GoldenTensor>;
}

interface TelCase {
  readonly state: StateRef;
  readonly dModel: number;
  readonly nhead: number;
  readonly dimFeedforward: number;
  readonly dropout: number;
  readonly normFirst: boolean;
  readonly activation: "relu" | "gelu";
  readonly calls: TelCall[];
}

const maskOf = (t: GoldenTensor | null): F32 | null => (t === null ? null : toTensor(t));

describeOnEveryBackend("MultiheadAttention from PyTorch's state dict", () => {
  for (const m of cases["mha"] as MhaCase[]) {
    for (const call of m.calls) {
      it(`bias ${m.bias}, ${call.label}: output, weights, input and parameter gradients`, () => {
        const mha = new MultiheadAttention(m.embedDim, m.numHeads, { bias: m.bias });
        expect(Object.keys(mha.stateDict())).toEqual(m.state.keys);
        mha.loadStateDict(stateDictOf(m.state));
        const inputs = Object.fromEntries(Object.entries(call.inputs).map(([k, t]) => [k, toTensor(t, true)]));
        const q = inputs["query"]!;
        const [k, v] = call.kind === "self" ? [q, q] : [inputs["key"]!, inputs["value"]!];
        const [out, weights] = mha.run(q, k, v, {
          needWeights: call.needWeights,
          attnMask: maskOf(call.attnMask),
          keyPaddingMask: maskOf(call.keyPaddingMask),
        });
        expectClose(out.data, call.output, "output");
        expect(weights === null, "weights returned exactly when asked").toBe(call.weights === null);
        let loss = sum(mul(out, toTensor(call.gy))) as F32;
        if (weights !== null) {
          expect(weights.shape).toEqual(call.weights!.shape);
          expectClose(weights.data, call.weights!, "weights");
          loss = add(loss, sum(mul(weights, toTensor(call.gWeights!)))) as F32;
        }
        loss.backward();
        for (const [name, t] of Object.entries(inputs)) expectClose(t.grad!.data, call.inputGrads[name]!, `grad ${name}`);
        expectGrads(mha, call.grads, call.label);
      });
    }
  }
});

describeOnEveryBackend("TransformerEncoderLayer from PyTorch's state dict (eval mode, PyTorch's dropout p)", () => {
  for (const t of cases["transformer"] as TelCase[]) {
    for (const call of t.calls) {
      it(`normFirst ${t.normFirst}, ${t.activation}, ${call.masked ? "causal + key padding masks" : "no mask"}: output, dx, every gradient`, () => {
        const tel = new TransformerEncoderLayer(t.dModel, t.nhead, {
          dimFeedforward: t.dimFeedforward,
          dropout: t.dropout,
          activation: t.activation,
          normFirst: t.normFirst,
        });
        expect(Object.keys(tel.stateDict())).toEqual(t.state.keys);
        tel.loadStateDict(stateDictOf(t.state));
        tel.eval();
        const x = toTensor(call.x, true);
        const y = tel.forwardWith(x, { attnMask: maskOf(call.attnMask), keyPaddingMask: maskOf(call.keyPaddingMask) });
        expectClose(y.data, call.output, "output");
        y.backward(toTensor(call.gy));
        expectClose(x.grad!.data, call.gradX, "dx");
        expectGrads(tel, call.grads, "transformer");
      });
    }
  }
});
