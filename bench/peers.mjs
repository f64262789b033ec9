// scripts/bench/peers.ts loads the benchmark peers through this file, so that `import()` resolves them from
// here, in bench/node_modules, exactly as a bare import in a module of this package would (ESM conditions).
const PEERS = ["@tensorflow/tfjs", "@tensorflow/tfjs-backend-wasm", "onnxruntime-node", "onnxruntime-web"];

export function importPeer(name) {
  if (!PEERS.includes(name)) throw new Error(`not a bench peer: ${name} (bench/package.json lists ${PEERS.join(", ")})`);
  return import(name);
}
