/**
 * `npm run example:transformer [-- --steps N | --quick]`: a small transformer learns to sort.
 *
 * Task (examples/lib/sort-data.ts): 8 tokens from a vocabulary of 10 (repeats allowed) in, the same tokens in
 * ascending order out, one prediction per position. Model: token Embedding + learned positional Embedding, two
 * pre-norm TransformerEncoderLayers (PyTorch's `nn.TransformerEncoderLayer(norm_first=True, batch_first=True)`),
 * a final LayerNorm and a Linear head to 10 logits per position; cross-entropy, Adam, `loss.backward()`.
 * Target: ≥ 99% token accuracy on held-out sequences (the process exits 1 below it).
 */
import { noGrad } from "../src/autograd/grad-mode.js";
import { Embedding } from "../src/nn/layers/embedding.js";
import { manualSeed } from "../src/nn/layers/init.js";
import { Linear } from "../src/nn/layers/linear.js";
import { LayerNorm } from "../src/nn/layers/norms.js";
import { TransformerEncoderLayer } from "../src/nn/layers/transformer.js";
import { Module } from "../src/nn/module.js";
import { sequential } from "../src/nn/sequential.js";
import { add } from "../src/ops/elementwise/add.js";
import { argmax } from "../src/ops/reduce/argmax.js";
import { reshape } from "../src/ops/shape/reshape.js";
import { type Tensor, tensor } from "../src/tensor/tensor.js";
import { takeRows } from "../src/train/loop.js";
import { crossEntropy } from "../src/train/losses/cross-entropy.js";
import { cosineLr } from "../src/train/lr-schedule.js";
import { adam } from "../src/train/optimizers/adam.js";
import {
  type CommonOptions,
  type ExampleResult,
  checkInt,
  endlessBatches,
  isMain,
  main,
  parameterCount,
  range,
  trainingBar,
  withBackend,
  finishExample,
  optionsFromFlags,
} from "./lib/common.js";
import { sortingTask } from "./lib/sort-data.js";

export interface TransformerExampleOptions extends CommonOptions {
  /** Sequences per step. */
  readonly batchSize?: number;
  /** Adam's peak learning rate (linear warm-up, then cosine decay to 0). */
  readonly lr?: number;
  readonly trainSequences?: number;
  readonly testSequences?: number;
  /** Held-out token accuracy the run must reach. */
  readonly target?: number;
}

export const transformerDefaults = {
  steps: 500,
  batchSize: 64,
  lr: 3e-3,
  trainSequences: 50_000,
  testSequences: 2000,
  target: 0.99,
  seed: 0,
  outDir: "out/examples/transformer",
  backend: "wasm",
  threads: 1,
} as const;

/** What `--quick` runs: a smoke test of a few seconds (the target is not expected to be met). */
export const transformerQuick = { steps: 60, trainSequences: 2000, testSequences: 500 } as const;

/** Sequence length, vocabulary, model width, heads and layers: literals, so the compiler follows every shape. */
const LENGTH = 8;
const VOCAB = 10;
const D_MODEL = 64;
const HEADS = 4;

/** The training set (from `seed`) and the held-out set (from another seed) the example uses. */
export function sortingData(seed: number, trainSequences: number, testSequences: number) {
  return {
    train: sortingTask({ n: trainSequences, length: LENGTH, vocab: VOCAB, seed }),
    test: sortingTask({ n: testSequences, length: LENGTH, vocab: VOCAB, seed: seed + 1_000_003 }),
  };
}

type Tokens = Tensor<[number, typeof LENGTH]>;

/**
 * (N, 8) token ids → (N, 8, 10) logits; every step's shape is computed by the compiler. State-dict names follow
 * PyTorch's `nn.TransformerEncoder` (`layers.0.self_attn.in_proj_weight`, `layers.1.linear2.bias`, ...).
 */
export class SortTransformer extends Module {
  readonly tokenEmbedding = this.registerModule("tok_emb", new Embedding(VOCAB, D_MODEL));
  readonly positionEmbedding = this.registerModule("pos_emb", new Embedding(LENGTH, D_MODEL));
  readonly layers = this.registerModule(
    "layers",
    sequential(
      new TransformerEncoderLayer(D_MODEL, HEADS, { dimFeedforward: 128, dropout: 0, normFirst: true }),
      new TransformerEncoderLayer(D_MODEL, HEADS, { dimFeedforward: 128, dropout: 0, normFirst: true }),
    ),
  );
  readonly norm = this.registerModule("norm", new LayerNorm([D_MODEL]));
  readonly head = this.registerModule("head", new Linear(D_MODEL, VOCAB));
  readonly #positions: Tensor<[typeof LENGTH]> = tensor([LENGTH], range(0, LENGTH));

  forward(tokens: Tokens): Tensor<[number, typeof LENGTH, typeof VOCAB]> {
    const x = add(this.tokenEmbedding.forward(tokens), this.positionEmbedding.forward(this.#positions)); // (N, 8, 64)
    const h = this.norm.forward(this.layers.forward(x)); // (N, 8, 64)
    return this.head.forward(h); // (N, 8, 10)
  }
}

export interface SortingScore {
  /** Fraction of output tokens that are right. */
  readonly tokenAccuracy: number;
  /** Fraction of sequences sorted without a single mistake. */
  readonly sequenceAccuracy: number;
  /** The predicted tokens, row-major (N, 8). */
  readonly predicted: Float32Array;
}

/** Greedy predictions (argmax per position, evaluation mode, no tape), scored against the targets. */
export function scoreSorting(model: SortTransformer, inputs: Tokens, targets: Tokens, chunk = 500): SortingScore {
  const n = inputs.shape[0];
  const predicted = new Float32Array(n * LENGTH);
  model.eval();
  noGrad(() => {
    for (let start = 0; start < n; start += chunk) {
      const logits = model.forward(takeRows(inputs, range(start, Math.min(chunk, n - start))));
      predicted.set(argmax(logits, { dim: -1 }).data, start * LENGTH);
    }
  });
  model.train();
  let tokens = 0;
  let sequences = 0;
  for (let i = 0; i < n; i++) {
    let right = 0;
    for (let j = 0; j < LENGTH; j++) if (predicted[i * LENGTH + j] === targets.data[i * LENGTH + j]) right++;
    tokens += right;
    if (right === LENGTH) sequences++;
  }
  return { tokenAccuracy: tokens / (n * LENGTH), sequenceAccuracy: sequences / n, predicted };
}

export async function run(options: TransformerExampleOptions = {}): Promise<ExampleResult> {
  const started = performance.now();
  const d = transformerDefaults;
  const steps = options.steps ?? d.steps;
  const batchSize = options.batchSize ?? d.batchSize;
  const lr = options.lr ?? d.lr;
  const trainSequences = options.trainSequences ?? d.trainSequences;
  const testSequences = options.testSequences ?? d.testSequences;
  const target = options.target ?? d.target;
  const seed = options.seed ?? d.seed;
  const outDir = options.outDir ?? d.outDir;
  const log = options.log ?? ((line: string) => console.log(line));
  for (const [name, value, min] of [
    ["steps", steps, 1],
    ["batchSize", batchSize, 1],
    ["trainSequences", trainSequences, batchSize],
    ["testSequences", testSequences, 1],
  ] as const) {
    checkInt("transformer", name, value, min);
  }

  const { train, test } = sortingData(seed, trainSequences, testSequences);
  manualSeed(seed);
  const model = new SortTransformer();

  return withBackend(options.backend ?? d.backend, options.threads ?? d.threads, log, async (active) => {
    log(`data: sort ${LENGTH} tokens from a vocabulary of ${VOCAB}; ${trainSequences} training + ${testSequences} held-out sequences (seed ${seed})`);
    log(
      `model: transformer, 2 encoder layers, d_model ${D_MODEL}, ${HEADS} heads, ${parameterCount(model).toLocaleString("en-US")} parameters; backend ${active.name}`,
    );
    const initial = scoreSorting(model, test.inputs, test.targets);

    const optimizer = adam(model.parameters(), { lr });
    const schedule = { lr, total: steps, warmup: Math.min(100, Math.floor(steps / 10)) };
    const bar = trainingBar(steps, options.progress);
    const order = endlessBatches(trainSequences, batchSize, seed);
    const losses: number[] = [];
    const trainStart = performance.now();
    for (let step = 0; step < steps; step++) {
      const rows = order.next().value;
      const logits = model.forward(takeRows(train.inputs, rows)); // Tensor<[number, 8, 10]>
      // One prediction per position: (N·8, 10) logits against (N·8) target tokens.
      const loss = crossEntropy(reshape(logits, [-1, VOCAB]), reshape(takeRows(train.targets, rows), [-1])); // Tensor<[]>
      optimizer.zeroGrad();
      loss.backward();
      optimizer.lr = cosineLr(step, schedule);
      optimizer.step();
      losses.push(loss.item());
      bar.tick({ loss: loss.item(), items: batchSize });
    }
    bar.done();
    const trainSeconds = (performance.now() - trainStart) / 1000;

    const score = scoreSorting(model, test.inputs, test.targets);
    const metric = score.tokenAccuracy;
    const passed = metric >= target;
    const row = (data: Float32Array, i: number): string => Array.from(data.subarray(i * LENGTH, (i + 1) * LENGTH)).join(" ");
    const samples = range(0, Math.min(3, testSequences)).map((i) => ({
      input: row(test.inputs.data, i),
      predicted: row(score.predicted, i),
      target: row(test.targets.data, i),
    }));
    for (const s of samples) log(`  ${s.input}  ->  ${s.predicted}${s.predicted === s.target ? "" : `  (want ${s.target})`}`);
    const summary = {
      metricName: "held-out token accuracy",
      metric,
      initialMetric: initial.tokenAccuracy,
      target,
      passed,
      sequenceAccuracy: score.sequenceAccuracy,
      initialSequenceAccuracy: initial.sequenceAccuracy,
      task: { kind: "sort", length: LENGTH, vocab: VOCAB },
      model: { dModel: D_MODEL, heads: HEADS, layers: 2, dimFeedforward: 128, normFirst: true },
      samples,
      steps,
      batchSize,
      lr,
      seed,
      trainSequences,
      testSequences,
      parameters: parameterCount(model),
      finalLoss: losses[losses.length - 1],
      trainSeconds,
      backend: active.name,
    };
    const result = await finishExample({
      name: "transformer",
      outDir,
      model,
      losses,
      metadata: {
        example: "transformer",
        task: "sort",
        length: String(LENGTH),
        vocab: String(VOCAB),
        dModel: String(D_MODEL),
        heads: String(HEADS),
        steps: String(steps),
        seed: String(seed),
        heldOutTokenAccuracy: metric.toFixed(4),
      },
      summary,
      metricName: "held-out token accuracy",
      metric,
      initialMetric: initial.tokenAccuracy,
      target,
      steps,
      trainSeconds,
      started,
      backend: active.name,
      log,
    });
    log(`held-out sequences sorted without a mistake: ${(100 * score.sequenceAccuracy).toFixed(2)}%`);
    return result;
  });
}

if (isMain(import.meta.url)) {
  process.exitCode = await main("transformer", "npm run example:transformer -- [flags]", process.argv.slice(2), (flags) =>
    run(optionsFromFlags(flags, transformerQuick)),
  );
}
