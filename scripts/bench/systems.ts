/**
 * Every system the bench compares, each able to set up one workload in the current process.
 * A system returns a runner, or a sentence saying why it cannot run the workload.
 * Peers are the package bench/ (scripts/bench/peers.ts), imported only when their system is asked for.
 */
import { useBackend } from "../../src/backend.js";
import { tidy } from "../../src/tensor/tidy.js";
import { conv2d, conv2dBackward } from "../../src/ops/conv2d.js";
import { createWasmBackend } from "../../src/wasm/index.js";
import { unetModel, w1Model, type ConvParams } from "./onnx-graphs.js";
import { loadOrt, loadTfjs, type Tfjs, type TfShape4, type TfTensor } from "./peers.js";
import {
  makeUNetWorkload,
  makeW1Data,
  makeW5Workload,
  makeW6Workload,
  runW4,
  runW5,
  runW6,
  w5Size,
  W5_LR,
  w6Label,
  w6Size,
  W6_LR,
  type UNetWorkload,
  type W1Data,
} from "./workloads.js";

export const workloadNames = ["W1 fwd", "W1 bwd", "W3", "W4", "W5", "W6"] as const;
export type WorkloadName = (typeof workloadNames)[number];

export interface Runner {
  run(): void | Promise<void>;
  /** The output of the last run (W1 fwd, W3), or the losses of the first two steps (W5, W6), to check systems agree. */
  output?(): Float32Array | Promise<Float32Array>;
  /** WebAssembly memory of shapeproof's backend, bytes. */
  wasmBytes?(): number;
  /** The engine and kernel build it runs on, e.g. "Node 22.23.5, relaxed SIMD". */
  readonly runtime?: string;
  close?(): void | Promise<void>;
}

export interface System {
  readonly name: string;
  prepare(workload: WorkloadName): Promise<Runner | string>;
}

function layerOf(w: UNetWorkload): (name: string) => ConvParams {
  const sd = w.model.stateDict();
  return (name) => {
    const weight = sd[`${name}.weight` as keyof typeof sd];
    const bias = sd[`${name}.bias` as keyof typeof sd];
    return { weight: { shape: weight.shape, data: weight.data }, bias: { shape: bias.shape, data: bias.data } };
  };
}

/** How a shapeproof row's runtime (BenchResult.runtime) ends when its process ran the relaxed-SIMD build. */
export const relaxedSimdLabel = "relaxed SIMD";

function shapeproof(threads: number): System {
  return {
    name: `shapeproof wasm ${threads}t`,
    async prepare(workload) {
      const be = await createWasmBackend({ threads });
      useBackend(be);
      const close = (): void => be.close();
      const wasmBytes = (): number => be.memoryBytes;
      const runtime = `Node ${process.versions.node}, ${be.relaxedSimd ? relaxedSimdLabel : "SIMD"}`;
      if (workload === "W5" || workload === "W6") {
        const losses: number[] = [];
        const output = (): Float32Array => Float32Array.from(losses.slice(0, 2));
        // the parameters live in the backend's memory, as a PyTorch model moved to its device
        if (workload === "W5") {
          const w = makeW5Workload();
          w.model.moveToBackend();
          return { run: () => void losses.push(tidy(() => runW5(w))), output, close, wasmBytes, runtime };
        }
        const w = makeW6Workload();
        w.model.moveToBackend();
        return { run: () => void losses.push(tidy(() => runW6(w))), output, close, wasmBytes, runtime };
      }
      if (workload === "W1 fwd" || workload === "W1 bwd") {
        const d: W1Data = makeW1Data();
        let y: Float32Array = new Float32Array(0);
        if (workload === "W1 fwd")
          return {
            run: () => {
              y = tidy(() => conv2d(d.x, d.weight, d.bias, { padding: 1 }).data);
            },
            output: () => y,
            close,
            wasmBytes,
            runtime,
          };
        return { run: () => tidy(() => void conv2dBackward(d.x, d.weight, d.dy, { padding: 1 })), close, wasmBytes, runtime };
      }
      const w = makeUNetWorkload();
      let y: Float32Array = new Float32Array(0);
      if (workload === "W3")
        return {
          run: () => {
            y = tidy(() => w.model.forward(w.x).data);
          },
          output: () => y,
          close,
          wasmBytes,
          runtime,
        };
      return { run: () => tidy(() => runW4(w)), close, wasmBytes, runtime };
    },
  };
}

/** tfjs in NHWC (its native layout; the wasm backend has no NCHW conv). */
function tfjs(backend: "cpu" | "wasm"): System {
  return {
    name: `tfjs-${backend}`,
    async prepare(workload) {
      const tf = await loadTfjs(backend);
      if (!(await tf.setBackend(backend))) return `tfjs ${backend} backend did not initialise`;
      if (workload === "W5" || workload === "W6") return tfjsTraining(tf, workload);
      const nhwc = (t: { shape: readonly number[]; data: Float32Array }): TfTensor =>
        tf.tensor4d(t.data, t.shape as TfShape4).transpose([0, 2, 3, 1]);
      // conv weight (O, I, kH, kW) -> (kH, kW, I, O); transposed-conv weight (I, O, kH, kW) -> (kH, kW, O, I)
      const convW = (t: { shape: readonly number[]; data: Float32Array }): TfTensor =>
        tf.tensor4d(t.data, t.shape as TfShape4).transpose([2, 3, 1, 0]);
      const convTW = (t: { shape: readonly number[]; data: Float32Array }): TfTensor =>
        tf.tensor4d(t.data, t.shape as TfShape4).transpose([2, 3, 1, 0]);
      if (workload === "W1 fwd" || workload === "W1 bwd") {
        const d = makeW1Data();
        const x = nhwc(d.x),
          w = convW(d.weight),
          b = tf.tensor1d(d.bias.data),
          dy = nhwc(d.dy);
        let y: Float32Array = new Float32Array(0);
        if (workload === "W1 fwd") {
          return {
            run: () =>
              tf.tidy(() => {
                y = tf.conv2d(x, w, 1, "same").add(b).transpose([0, 3, 1, 2]).dataSync() as Float32Array;
              }),
            output: () => y,
          };
        }
        if (backend === "wasm") return "tfjs-backend-wasm has no Conv2DBackpropFilter kernel (cannot train)";
        const grads = tf.grads((...xw: TfTensor[]) => tf.conv2d(xw[0]!, xw[1]!, 1, "same").mul(dy).sum());
        return { run: () => tf.tidy(() => void grads([x, w]).map((g) => g.dataSync())) };
      }
      const u = makeUNetWorkload();
      const layer = layerOf(u);
      const names = ["down1_1", "down1_2", "down2_1", "down2_2", "upT", "up1_1", "up1_2", "out1x1"];
      const params: TfTensor[] = [];
      for (const n of names) {
        const p = layer(n);
        params.push(n === "upT" ? convTW(p.weight) : convW(p.weight), tf.tensor1d(p.bias.data));
      }
      const x = nhwc(u.x);
      const forward = (ps: TfTensor[]): TfTensor => {
        const c = (t: TfTensor, i: number, relu: boolean): TfTensor => {
          const y = tf.conv2d(t, ps[2 * i]!, 1, i === 7 ? "valid" : "same").add(ps[2 * i + 1]!);
          return relu ? tf.relu(y) : y;
        };
        const s1 = c(x, 0, true);
        const skip = c(s1, 1, true);
        const pooled = tf.maxPool(skip, 2, 2, "valid");
        const b2 = c(c(pooled, 2, true), 3, true);
        const up = tf.conv2dTranspose(b2, ps[8]!, [1, 128, 128, 64], 2, "valid").add(ps[9]!);
        const merged = tf.concat([skip, up], 3);
        return c(c(c(merged, 5, true), 6, true), 7, false);
      };
      if (workload === "W3") {
        let y: Float32Array = new Float32Array(0);
        return {
          run: () =>
            tf.tidy(() => {
              y = forward(params).transpose([0, 3, 1, 2]).dataSync() as Float32Array;
            }),
          output: () => y,
        };
      }
      if (backend === "wasm") return "tfjs-backend-wasm has no Conv2DBackpropFilter kernel (cannot train)";
      const dy = nhwc(u.dy);
      const grads = tf.grads((...ps: TfTensor[]) => forward(ps).mul(dy).sum());
      return { run: () => tf.tidy(() => void grads(params).map((g) => g.dataSync())) };
    },
  };
}

/**
 * W5 / W6 in tfjs with shapeproof's initial weights (its state dict) and data, so the first steps' losses must
 * agree: tf.variable parameters, the forward from tfjs ops (attention as batched matMul + softmax, layer norm
 * from tf.moments), and tf.train.adam's `minimize` (gradients by tfjs's autodiff, then the Adam update).
 */
function tfjsTraining(tf: Tfjs, workload: "W5" | "W6"): Runner {
  const param = (t: { shape: readonly number[]; data: Float32Array | Float64Array }): TfTensor =>
    tf.variable(tf.tensor(Float32Array.from(t.data), [...t.shape]));
  const linear = (x: TfTensor, w: TfTensor, b: TfTensor): TfTensor => tf.matMul(x, w, false, true).add(b);
  const vars: TfTensor[] = [];
  /** Every parameter of the state dict as a tf.variable; the getter throws on a name the model lacks. */
  const paramsOf = (sd: Record<string, { shape: readonly number[]; data: Float32Array | Float64Array }>): ((name: string) => TfTensor) => {
    const byName = new Map(Object.entries(sd).map(([k, v]) => [k, param(v)] as const));
    vars.push(...byName.values());
    return (name) => {
      const v = byName.get(name);
      if (v === undefined) throw new Error(`tfjs ${workload}: no parameter ${name} in shapeproof's state dict (${[...byName.keys()].join(", ")})`);
      return v;
    };
  };
  let loss: () => TfTensor;
  if (workload === "W5") {
    const w = makeW5Workload();
    const p = paramsOf(w.model.stateDict());
    const { batch: b, seq: t, dModel: e, heads: h } = w5Size;
    const hd = e / h;
    const x = tf.tensor(w.x.data, [b * t, e]);
    const target = tf.tensor(w.target.data, [b * t, e]);
    const layerNorm = (z: TfTensor, g: TfTensor, beta: TfTensor): TfTensor => {
      const { mean, variance } = tf.moments(z, -1, true);
      return z
        .sub(mean)
        .mul(tf.rsqrt(variance.add(1e-5)))
        .mul(g)
        .add(beta);
    };
    const heads = (z: TfTensor): TfTensor => z.reshape([b, t, h, hd]).transpose([0, 2, 1, 3]);
    loss = () => {
      const [q, k, v] = tf.split(linear(x, p("self_attn.in_proj_weight"), p("self_attn.in_proj_bias")), 3, 1) as [TfTensor, TfTensor, TfTensor];
      const scores = tf.matMul(heads(q), heads(k), false, true).mul(1 / Math.sqrt(hd));
      const context = tf
        .matMul(tf.softmax(scores), heads(v))
        .transpose([0, 2, 1, 3])
        .reshape([b * t, e]);
      const sa = linear(context, p("self_attn.out_proj.weight"), p("self_attn.out_proj.bias"));
      const h1 = layerNorm(x.add(sa), p("norm1.weight"), p("norm1.bias"));
      const ff = linear(tf.relu(linear(h1, p("linear1.weight"), p("linear1.bias"))), p("linear2.weight"), p("linear2.bias"));
      const y = layerNorm(h1.add(ff), p("norm2.weight"), p("norm2.bias"));
      return y.sub(target).square().mean();
    };
  } else {
    const w = makeW6Workload();
    const p = paramsOf(w.model.stateDict());
    const { batch, inF, classes } = w6Size;
    const x = tf.tensor(w.x.data, [batch, inF]);
    const oneHot = new Float32Array(batch * classes);
    for (let i = 0; i < batch; i++) oneHot[i * classes + w6Label(i)] = 1;
    const target = tf.tensor(oneHot, [batch, classes]);
    loss = () => {
      const h1 = tf.relu(linear(x, p("0.weight"), p("0.bias")));
      const h2 = tf.relu(linear(h1, p("2.weight"), p("2.bias")));
      const logits = linear(h2, p("4.weight"), p("4.bias"));
      return tf.logSoftmax(logits).mul(target).sum(1).mean().mul(-1);
    };
  }
  const optimizer = tf.train.adam(workload === "W5" ? W5_LR : W6_LR, 0.9, 0.999, 1e-8);
  const losses: number[] = [];
  return {
    run: () => {
      const cost = optimizer.minimize(loss, true, vars);
      if (cost === null) throw new Error("tfjs: minimize returned no cost");
      losses.push(cost.dataSync()[0]!);
      cost.dispose();
    },
    output: () => Float32Array.from(losses.slice(0, 2)),
    close: () => optimizer.dispose(),
  };
}

/** onnxruntime (inference only): the ONNX graphs of scripts/bench/onnx-graphs.ts, intra-op threads 2. */
function onnxruntime(kind: "web" | "node"): System {
  return {
    name: `onnxruntime-${kind} 2t`,
    async prepare(workload) {
      if (workload === "W1 bwd" || workload === "W4" || workload === "W5" || workload === "W6") return "onnxruntime runs inference only";
      const ort = await loadOrt(kind);
      if (kind === "web") ort.env.wasm.numThreads = 2;
      let model: Uint8Array;
      let input: { data: Float32Array; shape: readonly number[] };
      if (workload === "W1 fwd") {
        const d = makeW1Data();
        model = w1Model(d.x.shape, { weight: d.weight, bias: d.bias });
        input = d.x;
      } else {
        const u = makeUNetWorkload();
        model = unetModel(layerOf(u));
        input = u.x;
      }
      const session = await ort.InferenceSession.create(model, {
        executionProviders: [kind === "web" ? "wasm" : "cpu"],
        intraOpNumThreads: 2,
        interOpNumThreads: 1,
        graphOptimizationLevel: "all",
      });
      const feed = { x: new ort.Tensor("float32", input.data, [...input.shape]) };
      let y: Float32Array = new Float32Array(0);
      return {
        run: async () => {
          const out = await session.run(feed);
          y = out["y"]!.data as Float32Array;
        },
        output: () => y,
        close: () => session.release(),
      };
    },
  };
}

export const inProcessSystems: readonly System[] = [shapeproof(1), shapeproof(2), onnxruntime("node"), onnxruntime("web"), tfjs("wasm"), tfjs("cpu")];
