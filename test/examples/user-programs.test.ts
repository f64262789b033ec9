// The user programs (examples/cnn-classifier.ts, char-transformer.ts, lenet5.ts), run with small step counts: each must train, and what a user
// checks by hand (reloaded predictions, generated text, the two LeNet ports agreeing) must hold.
import { describe, expect, it } from "vitest";
import { TEXT, trainCharTransformer } from "../../examples/char-transformer.js";
import { trainCnn } from "../../examples/cnn-classifier.js";
import { runPort } from "../../examples/lenet5.js";

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe("the user programs", () => {
  it("the CNN classifier learns the toy set and its safetensors reload predicts identically", () => {
    const r = trainCnn({ steps: 120 });
    expect(mean(r.losses.slice(-20))).toBeLessThan(0.5 * mean(r.losses.slice(0, 10)));
    expect(r.validationAccuracy).toBeGreaterThan(0.8); // three classes: chance is 1/3
    expect(r.identicalAfterReload).toBe(true);
    expect(r.reloadedAccuracy).toBe(r.validationAccuracy);
  }, 60_000);

  it("the character transformer's loss drops and greedy generation continues the training text", () => {
    const r = trainCharTransformer({ steps: 80, batchSize: 16, lr: 1e-2 });
    expect(mean(r.losses.slice(-10))).toBeLessThan(0.25 * mean(r.losses.slice(0, 5)));
    // Started from TEXT's first 16 characters, the continuation must be the repeated text itself.
    const continued = r.generated.slice(16, 16 + 40);
    const expected = TEXT.repeat(3).slice(16, 16 + 40);
    let same = 0;
    for (let i = 0; i < continued.length; i++) if (continued[i] === expected[i]) same++;
    expect(same / expected.length).toBeGreaterThan(0.9);
  }, 120_000);

  it("the LeNet-5 port: Module and Sequential agree, tsc's shapes are the runtime's, and it trains", () => {
    const r = runPort(15);
    expect(r.moduleShape).toEqual([8, 10]);
    expect(r.sequentialShape).toEqual([8, 10]);
    expect(r.sameOutputs).toBe(true);
    expect(r.losses[r.losses.length - 1]!).toBeLessThan(0.5 * r.losses[0]!);
  }, 60_000);
});
