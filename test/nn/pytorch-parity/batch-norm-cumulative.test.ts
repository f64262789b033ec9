/**
 * BatchNorm2d(momentum=None, eps) from a PyTorch checkpoint that has tracked some batches: two train-mode forwards
 * must give PyTorch's outputs and buffers (cumulative average: factor 1/num_batches_tracked after the increment,
 * unbiased running variance).
 */
import { describe, expect, it } from "vitest";
import { BatchNorm2d } from "../../../src/nn/layers/batch-norm2d.js";
import { cases, expectBuffers, expectClose, type GoldenTensor, type StateRef, stateDictOf, toTensor } from "./fixtures.js";

interface BnCase {
  readonly state: StateRef;
  readonly eps: number;
  readonly numBatchesTracked: number;
  readonly x1: GoldenTensor;
  readonly x2: GoldenTensor;
  readonly y1: GoldenTensor;
  readonly y2: GoldenTensor;
  readonly after1: Record<string, GoldenTensor>;
  readonly after2: Record<string, GoldenTensor>;
}

const c = cases["bnCumulative"] as BnCase;

describe("BatchNorm2d momentum null (PyTorch's momentum=None) continues PyTorch's cumulative average", () => {
  it("two train-mode forwards: outputs, running_mean, running_var and num_batches_tracked", () => {
    const dict = stateDictOf(c.state);
    const channels = dict["running_mean"]!.shape[0]!;
    const bn = new BatchNorm2d(channels, { eps: c.eps, momentum: null });
    // the count from the file's I64 entry
    bn.loadStateDict(dict);
    expect([...bn.state.numBatchesTracked.data]).toEqual([c.numBatchesTracked]);
    bn.train();
    expectClose(bn.run(toTensor(c.x1)).data, c.y1, "y1");
    expectBuffers(bn, c.after1, "after the first batch");
    expectClose(bn.run(toTensor(c.x2)).data, c.y2, "y2");
    expectBuffers(bn, c.after2, "after the second batch");
  });
});
