/** The dependencies of bench/package.json. */
export type PeerName = "@tensorflow/tfjs" | "@tensorflow/tfjs-backend-wasm" | "onnxruntime-node" | "onnxruntime-web";

/** `import(name)` resolved from bench/ (bench/node_modules). Typed by scripts/bench/peers.ts. */
export declare function importPeer(name: PeerName): Promise<unknown>;
