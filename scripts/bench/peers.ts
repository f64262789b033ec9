/**
 * The bench's peers — onnxruntime-node, onnxruntime-web, @tensorflow/tfjs, @tensorflow/tfjs-backend-wasm — are
 * not root devDependencies: they are the package bench/ (bench/package.json, bench/package-lock.json), which
 * `ensurePeers` installs with `npm ci` on first use. They load through bench/peers.mjs, so they resolve in
 * bench/node_modules, and are typed here by the small surface scripts/bench/systems.ts uses (the root
 * type-checks without them installed).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { importPeer, type PeerName } from "../../bench/peers.mjs";

const benchDir = fileURLToPath(new URL("../../bench/", import.meta.url));
const peerNames: readonly PeerName[] = ["@tensorflow/tfjs", "@tensorflow/tfjs-backend-wasm", "onnxruntime-node", "onnxruntime-web"];

/** True when every peer is installed in bench/node_modules. */
export function peersInstalled(): boolean {
  return peerNames.every((p) => existsSync(join(benchDir, "node_modules", p, "package.json")));
}

/**
 * Installs bench/ from its lockfile (`npm ci`) unless every peer is there already; npm's output goes to
 * stderr. Nothing downloads beyond the registry's tarballs: bench/package.json's `allowScripts` denies the
 * peers' install scripts, and ONNXRUNTIME_NODE_INSTALL=skip stops onnxruntime-node's with an npm that
 * ignores `allowScripts` (its CPU binaries ship in the package).
 */
export function ensurePeers(): void {
  if (peersInstalled()) return;
  process.stderr.write(`bench: installing the peers into ${join(benchDir, "node_modules")} (npm ci, once)\n`);
  const args = ["ci", "--prefix", benchDir, "--no-audit", "--no-fund"];
  // Under `npm run`, the npm that runs us; otherwise the one on PATH.
  const npmCli = process.env["npm_execpath"];
  const [command, argv] = npmCli?.endsWith(".js") ? [process.execPath, [npmCli, ...args]] : ["npm", args];
  const r = spawnSync(command, argv, {
    cwd: benchDir,
    stdio: ["ignore", process.stderr, process.stderr],
    env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: "skip" },
  });
  if (r.status !== 0 || !peersInstalled()) {
    throw new Error(`bench: \`npm ci --prefix bench\` failed (${r.error?.message ?? `exit ${r.status}`}); run it by hand to see why`);
  }
}

/** Imports a peer, installing bench/ first if needed, and checks that it has the members the bench uses. */
async function load<T>(name: PeerName, members: readonly string[]): Promise<T> {
  ensurePeers();
  const ns = await importPeer(name);
  const isObject = (m: unknown): m is Record<string, unknown> => typeof m === "object" && m !== null;
  const complete = (m: unknown): boolean => isObject(m) && members.every((k) => m[k] !== undefined);
  // A CommonJS peer may expose its exports only on the namespace's default.
  const mod = complete(ns) ? ns : isObject(ns) && complete(ns["default"]) ? ns["default"] : undefined;
  if (mod === undefined) throw new Error(`bench: ${name} lacks one of ${members.join(", ")} (scripts/bench/peers.ts types another version)`);
  return mod as T;
}

// ---- @tensorflow/tfjs ------------------------------------------------------------------------------

export type TfPadding = "same" | "valid";
export type TfShape4 = [number, number, number, number];

export interface TfTensor {
  readonly shape: number[];
  transpose(perm: number[]): TfTensor;
  reshape(shape: number[]): TfTensor;
  add(b: TfTensor | number): TfTensor;
  sub(b: TfTensor): TfTensor;
  mul(b: TfTensor | number): TfTensor;
  sum(axis?: number): TfTensor;
  mean(axis?: number): TfTensor;
  square(): TfTensor;
  dataSync(): Float32Array | Int32Array | Uint8Array;
  dispose(): void;
}

/** tf.train.Optimizer: `minimize` runs f, takes the gradients of its scalar with respect to varList and applies them. */
export interface TfOptimizer {
  minimize(f: () => TfTensor, returnCost: true, varList: readonly TfTensor[]): TfTensor | null;
  dispose(): void;
}

export interface Tfjs {
  setBackend(name: string): Promise<boolean>;
  tensor(values: Float32Array, shape: number[]): TfTensor;
  tensor4d(values: Float32Array, shape: TfShape4): TfTensor;
  tensor1d(values: Float32Array): TfTensor;
  /** A trainable tf.Variable holding t's values. */
  variable(t: TfTensor): TfTensor;
  tidy<T>(fn: () => T): T;
  grads(f: (...args: TfTensor[]) => TfTensor): (args: TfTensor[]) => TfTensor[];
  conv2d(x: TfTensor, filter: TfTensor, strides: number, pad: TfPadding): TfTensor;
  conv2dTranspose(x: TfTensor, filter: TfTensor, outputShape: TfShape4, strides: number, pad: TfPadding): TfTensor;
  relu(x: TfTensor): TfTensor;
  maxPool(x: TfTensor, filterSize: number, strides: number, pad: TfPadding): TfTensor;
  concat(tensors: TfTensor[], axis: number): TfTensor;
  matMul(a: TfTensor, b: TfTensor, transposeA?: boolean, transposeB?: boolean): TfTensor;
  softmax(x: TfTensor): TfTensor;
  logSoftmax(x: TfTensor): TfTensor;
  moments(x: TfTensor, axis: number, keepDims: boolean): { mean: TfTensor; variance: TfTensor };
  rsqrt(x: TfTensor): TfTensor;
  split(x: TfTensor, parts: number, axis: number): TfTensor[];
  readonly train: { adam(learningRate: number, beta1: number, beta2: number, epsilon: number): TfOptimizer };
}

const tfjsMembers = [
  "setBackend",
  "tensor",
  "tensor4d",
  "tensor1d",
  "variable",
  "tidy",
  "grads",
  "conv2d",
  "conv2dTranspose",
  "relu",
  "maxPool",
  "concat",
  "matMul",
  "softmax",
  "logSoftmax",
  "moments",
  "rsqrt",
  "split",
  "train",
];

/** @tensorflow/tfjs; with `backend` "wasm", @tensorflow/tfjs-backend-wasm is imported too (it registers itself). */
export async function loadTfjs(backend: "cpu" | "wasm"): Promise<Tfjs> {
  const tf = await load<Tfjs>("@tensorflow/tfjs", tfjsMembers);
  if (backend === "wasm") await load<object>("@tensorflow/tfjs-backend-wasm", ["setWasmPaths"]);
  return tf;
}

// ---- onnxruntime-node / onnxruntime-web -------------------------------------------------------------

export interface OrtTensor {
  readonly data: unknown;
  readonly dims: readonly number[];
}

export interface OrtSessionOptions {
  executionProviders: string[];
  intraOpNumThreads: number;
  interOpNumThreads: number;
  graphOptimizationLevel: "disabled" | "basic" | "extended" | "all";
}

export interface OrtSession {
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  release(): Promise<void>;
}

export interface Ort {
  readonly env: { readonly wasm: { numThreads?: number } };
  readonly Tensor: new (type: "float32", data: Float32Array, dims: readonly number[]) => OrtTensor;
  readonly InferenceSession: { create(model: Uint8Array, options: OrtSessionOptions): Promise<OrtSession> };
}

/** onnxruntime-node or onnxruntime-web (the same API). */
export function loadOrt(kind: "node" | "web"): Promise<Ort> {
  return load<Ort>(kind === "web" ? "onnxruntime-web" : "onnxruntime-node", ["env", "Tensor", "InferenceSession"]);
}
