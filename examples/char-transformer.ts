/**
 * `npm run example:char-transformer`: a tiny character-level transformer language
 * model — token Embedding + learned positional Embedding, two TransformerEncoderLayers under a causal mask, a
 * Linear head — trained with crossEntropy on a short repeated text, then greedy generation.
 */
import {
  Embedding,
  LayerNorm,
  Linear,
  Module,
  ModuleList,
  type Tensor,
  TransformerEncoderLayer,
  adam,
  add,
  argmax,
  batches,
  causalMask,
  cosineLr,
  crossEntropy,
  manualSeed,
  narrow,
  noGrad,
  reshape,
  takeRows,
  tensor,
} from "../src/index.js";

export const TEXT = "the quick brown fox jumps over the lazy dog. ";
const VOCAB_CHARS = [...new Set(TEXT)].sort();
const VOCAB = 28; // distinct characters of TEXT: a literal, so tsc follows the shapes; checked below
const BLOCK = 16; // context length
const D_MODEL = 32;
if (VOCAB_CHARS.length !== VOCAB) throw new Error(`VOCAB is ${VOCAB} but the text has ${VOCAB_CHARS.length} characters`);

const encode = (s: string): number[] => [...s].map((c) => VOCAB_CHARS.indexOf(c));
const decode = (ids: ArrayLike<number>): string => Array.from(ids, (i) => VOCAB_CHARS[i]).join("");

/** PyTorch: tok_emb + pos_emb → TransformerEncoder(2 layers, norm_first, causal mask) → LayerNorm → Linear. */
export class CharTransformer extends Module {
  readonly tokEmb = this.registerModule("tok_emb", new Embedding(VOCAB, D_MODEL));
  readonly posEmb = this.registerModule("pos_emb", new Embedding(BLOCK, D_MODEL));
  // nn.TransformerEncoder's `layers.0`, `layers.1`: a ModuleList (Sequential cannot pass the mask).
  readonly layers = this.registerModule(
    "layers",
    new ModuleList([0, 1].map(() => new TransformerEncoderLayer(D_MODEL, 4, { dimFeedforward: 64, dropout: 0, normFirst: true }))),
  );
  readonly norm = this.registerModule("norm", new LayerNorm([D_MODEL]));
  readonly head = this.registerModule("head", new Linear(D_MODEL, VOCAB));
  readonly #positions = tensor(
    [BLOCK],
    Array.from({ length: BLOCK }, (_, i) => i),
  );
  readonly #mask = causalMask(BLOCK);

  forward(ids: Tensor<[number, typeof BLOCK]>): Tensor<[number, typeof BLOCK, typeof VOCAB]> {
    const x = add(this.tokEmb.forward(ids), this.posEmb.forward(this.#positions)); // (B, 16, 32)
    let h = x;
    for (const layer of this.layers.items) h = layer.forwardWith(h, { attnMask: this.#mask });
    return this.head.forward(this.norm.forward(h));
  }
}

/** Every window of BLOCK characters of `repeats` copies of TEXT, and the same window shifted by one (the targets). */
export function windows(repeats: number): { inputs: Tensor<[number, 16]>; targets: Tensor<[number, 16]> } {
  const ids = encode(TEXT.repeat(repeats));
  const n = ids.length - BLOCK;
  const inputs: number[] = [];
  const targets: number[] = [];
  for (let i = 0; i < n; i++) {
    inputs.push(...ids.slice(i, i + BLOCK));
    targets.push(...ids.slice(i + 1, i + 1 + BLOCK));
  }
  return { inputs: tensor([n, BLOCK], inputs), targets: tensor([n, BLOCK], targets) };
}

/** Greedy decoding: feed the last BLOCK characters, append the argmax of the last position's logits. */
export function generate(model: CharTransformer, prompt: string, count: number): string {
  if (prompt.length < BLOCK) throw new RangeError(`generate: prompt needs ≥ ${BLOCK} characters, got ${prompt.length}`);
  let text = prompt;
  model.eval();
  noGrad(() => {
    for (let k = 0; k < count; k++) {
      const logits = model.forward(tensor([1, BLOCK], encode(text.slice(-BLOCK))));
      const last = narrow(logits, 1, BLOCK - 1, 1); // (1, 1, 28)
      text += decode(argmax(last, { dim: -1 }).data);
    }
  });
  model.train();
  return text;
}

export interface CharRun {
  readonly losses: number[];
  readonly generated: string;
}

export function trainCharTransformer({ steps = 300, batchSize = 32, lr = 3e-3, seed = 0, log = (_: string): void => {} } = {}): CharRun {
  manualSeed(seed);
  const data = windows(8);
  const n = data.inputs.shape[0];
  const model = new CharTransformer();
  const optimizer = adam(model.parameters(), { lr });
  const losses: number[] = [];
  let step = 0;
  for (let epoch = 0; step < steps; epoch++) {
    for (const rows of batches(n, batchSize, { seed, epoch, dropLast: true })) {
      if (step >= steps) break;
      optimizer.lr = cosineLr(step, { lr, total: steps, warmup: Math.floor(steps / 10) });
      optimizer.zeroGrad();
      const logits = model.forward(takeRows(data.inputs, rows)); // (B, 16, 28)
      const loss = crossEntropy(reshape(logits, [-1, VOCAB]), reshape(takeRows(data.targets, rows), [-1]));
      loss.backward();
      optimizer.step();
      losses.push(loss.item());
      if (step % 50 === 0) log(`step ${step}: loss ${loss.item().toFixed(4)}`);
      step++;
    }
  }
  const generated = generate(model, TEXT.slice(0, BLOCK), 2 * TEXT.length);
  log(`generated: ${JSON.stringify(generated)}`);
  return { losses, generated };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { losses } = trainCharTransformer({ log: console.log });
  console.log(`loss ${losses[0]?.toFixed(3)} → ${losses[losses.length - 1]?.toFixed(3)}`);
}
