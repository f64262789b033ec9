/**
 * PyTorch models reproduced from their own state dicts (test/golden/models.json): each model is built from
 * shapeproof modules with every size taken from the case, loads PyTorch's state dict by PyTorch's names, and must
 * reproduce the output, the loss and the gradient of x and of every parameter, on every backend.
 */
import { afterAll, describe, expect, it } from "vitest";
import { currentBackend, useBackend } from "../../src/backend.js";
import { ReLU } from "../../src/nn/layers/activations.js";
import { causalMask, MultiheadAttention } from "../../src/nn/layers/attention.js";
import { Conv2d } from "../../src/nn/layers/conv2d.js";
import { Flatten } from "../../src/nn/layers/flatten.js";
import { Linear } from "../../src/nn/layers/linear.js";
import { MaxPool2d } from "../../src/nn/layers/max-pool2d.js";
import { TransformerEncoderLayer } from "../../src/nn/layers/transformer.js";
import type { Layer } from "../../src/nn/layer.js";
import type { Module } from "../../src/nn/module.js";
import { Sequential } from "../../src/nn/sequential.js";
import { UNetUpsample } from "../../src/nn/unet-upsample.js";
import { bceWithLogits } from "../../src/train/losses/bce-with-logits.js";
import { crossEntropy } from "../../src/train/losses/cross-entropy.js";
import { mse } from "../../src/train/losses/mse.js";
import { type Tensor, tensor } from "../../src/tensor/tensor.js";
import type { ShapeFn } from "../../types/nn/shape-fn.js";
import type { Shape } from "../../types/tensor/shape.js";
import { backendsUnderTest } from "../helpers/backends.js";
import { expectClose, type GoldenCase, type GoldenTensor, loadGolden } from "../helpers/golden.js";

type F32 = Tensor<Shape, "float32">;
type Params = Record<string, unknown>;

interface ModelCase extends GoldenCase {
  readonly loss: GoldenTensor;
}

const cases = loadGolden("models.json") as ModelCase[];

function num(p: Params, key: string): number {
  const v = p[key];
  if (typeof v !== "number") throw new Error(`models.json: ${key} must be a number, got ${JSON.stringify(v)}`);
  return v;
}

/** One Sequential layer from its description in the case. */
function layerOf(spec: Params): Layer<ShapeFn> {
  switch (spec["type"]) {
    case "Linear":
      return new Linear(num(spec, "inFeatures"), num(spec, "outFeatures"));
    case "Conv2d":
      return new Conv2d(num(spec, "inChannels"), num(spec, "outChannels"), num(spec, "kernel"), {
        stride: num(spec, "stride"),
        padding: num(spec, "padding"),
      });
    case "ReLU":
      return new ReLU();
    case "MaxPool2d":
      return new MaxPool2d({ kernel: num(spec, "kernel"), stride: num(spec, "stride") });
    case "Flatten":
      return new Flatten(num(spec, "startDim"));
    default:
      throw new Error(`models.json: no layer for ${String(spec["type"])}`);
  }
}

interface Built {
  readonly module: Module;
  readonly forward: (x: F32) => F32;
}

function build(c: ModelCase): Built {
  const p = c.params;
  switch (c.op) {
    case "mlp":
    case "cnn": {
      const specs = p["layers"] as Params[];
      specs.forEach((s, i) => {
        expect(s["name"], "Sequential names its layers by index").toBe(String(i));
      });
      const model = new Sequential(...specs.map(layerOf));
      return { module: model, forward: (x) => model.run(x) };
    }
    case "attention": {
      const m = p["module"] as Params;
      const mha = new MultiheadAttention(num(m, "embedDim"), num(m, "numHeads"), { bias: m["bias"] !== false });
      return {
        module: mha,
        forward: (x) => mha.run(x, x, x, { attnMask: maskOf(p["attnMask"], x.shape[1]!) })[0],
      };
    }
    case "transformerEncoderLayer": {
      const m = p["module"] as Params;
      const layer = new TransformerEncoderLayer(num(m, "dModel"), num(m, "nhead"), {
        dimFeedforward: num(m, "dimFeedforward"),
        dropout: num(m, "dropout"),
        activation: m["activation"] as "relu" | "gelu",
        layerNormEps: num(m, "layerNormEps"),
        normFirst: m["normFirst"] === true,
      });
      return { module: layer, forward: (x) => layer.forwardWith(x, { attnMask: maskOf(p["srcMask"], x.shape[1]!) }) };
    }
    case "unetUpsample": {
      const unet = new UNetUpsample({ inC: num(p, "inC"), outC: num(p, "outC"), baseC: num(p, "baseC"), groups: num(p, "groups") });
      return { module: unet, forward: (x) => unet.run(x) };
    }
    default:
      throw new Error(`models.json: unknown model ${c.op}`);
  }
}

function maskOf(kind: unknown, length: number): F32 | null {
  if (kind === null || kind === undefined) return null;
  if (kind === "causal") return causalMask(length);
  throw new Error(`models.json: unknown mask ${JSON.stringify(kind)}`);
}

function lossOf(c: ModelCase, output: F32, target: F32): F32 {
  const spec = c.params["loss"] as Params;
  const reduction = spec["reduction"] as "mean" | "sum";
  switch (spec["type"]) {
    case "crossEntropy":
      return crossEntropy(output, target, { reduction }) as F32;
    case "mse":
      return mse(output, target, { reduction }) as F32;
    case "bceWithLogits":
      return bceWithLogits(output, target, { reduction }) as F32;
    default:
      throw new Error(`models.json: unknown loss ${String(spec["type"])}`);
  }
}

const f32 = (t: GoldenTensor, requiresGrad = false): F32 => tensor(t.shape as [number], t.data, { requiresGrad }) as F32;

describe("models.json holds every model the issue names", () => {
  it("has cases", () => {
    expect(cases.length).toBeGreaterThan(0);
  });
});

for (const entry of backendsUnderTest) {
  describe(`PyTorch models [${entry.name}]`, () => {
    const before = currentBackend();
    afterAll(() => {
      useBackend(before);
    });
    for (const c of cases) {
      it(`${c.name}: output, loss and every gradient`, async () => {
        useBackend(await entry.create());
        const { module, forward } = build(c);
        module.loadStateDict(c.stateDict!);
        expect(Object.keys(module.stateDict())).toEqual(Object.keys(c.stateDict!));
        const x = f32(c.inputs["x"]!, true);
        const target = f32(c.inputs["target"]!);
        const output = forward(x);
        expect(output.shape).toEqual(c.output!.shape);
        expectClose(output.data, c.output!, `${c.name} output`);
        const loss = lossOf(c, output, target);
        expect(loss.shape).toEqual([]);
        expectClose(loss.data, c.loss, `${c.name} loss`);
        loss.backward();
        expectClose(x.grad!.data, c.grads!["x"]!, `${c.name} grad x`);
        const params = Object.fromEntries(module.namedParameters());
        for (const name of Object.keys(c.stateDict!)) {
          const want = c.grads![name];
          if (want === undefined) continue; // a buffer
          expect(params[name]?.grad, `${c.name}: grad of ${name}`).toBeTruthy();
          expectClose(params[name]!.grad!.data, want, `${c.name} grad ${name}`);
        }
        expect(Object.keys(params).every((name) => c.grads![name] !== undefined)).toBe(true);
      });
    }
  });
}
