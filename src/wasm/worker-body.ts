import { ARGS, CHUNKS, COMPLETED, ERROR, FN, GEN, NARGS, READY } from "./protocol.js";

/**
 * The worker's loop as source text, shared by both transports: `runKernelWorker(data, post)` instantiates the
 * module over the shared memory, posts READY, then loops forever waiting on GEN, claims chunks of that job until
 * none is left, counts each in COMPLETED and wakes the calling thread after the job's last one. It is text (not a
 * function's `toString()`) so that no bundler or transpiler can rewrite it, and it uses only what every host has
 * (WebAssembly, Atomics, BigInt): no `require`, no `import`, so it runs as a classic script, a CommonJS or an ES
 * module alike. Workers may block in Atomics.wait (browsers allow it in workers).
 */
const loop = `
function runKernelWorker(data, post) {
  const { module, memory, control, ticketBuffer, names, spins } = data;
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const fns = names.map((n) => instance.exports[n]);
  const ctl = new Int32Array(control);
  const ticket = new BigInt64Array(ticketBuffer);
  post(${JSON.stringify(READY)});
  let gen = 0;
  for (;;) {
    let s = 0;
    while (Atomics.load(ctl, ${GEN}) === gen) {
      if (++s > spins) { Atomics.wait(ctl, ${GEN}, gen); s = 0; }
    }
    gen = Atomics.load(ctl, ${GEN});
    if (Atomics.load(ctl, ${FN}) < 0) return;
    const tag = BigInt(gen);
    for (;;) {
      const t = Atomics.load(ticket, 0);
      if (t >> 32n !== tag) break;
      const chunks = Atomics.load(ctl, ${CHUNKS});
      const c = Number(t & 0xffffffffn);
      if (c >= chunks) break;
      if (Atomics.compareExchange(ticket, 0, t, t + 1n) !== t) continue;
      const f = Atomics.load(ctl, ${FN});
      const nargs = ctl[${NARGS}];
      const args = new Array(nargs + 2);
      for (let i = 0; i < nargs; i++) args[i] = ctl[${ARGS} + i];
      args[nargs] = c;
      args[nargs + 1] = chunks;
      try {
        fns[f](...args);
      } catch (e) {
        Atomics.store(ctl, ${ERROR}, 1);
      }
      if (Atomics.add(ctl, ${COMPLETED}, 1) === chunks - 1) Atomics.notify(ctl, ${COMPLETED});
    }
  }
}
`;

/** Node (worker_threads, `eval: true`): the data arrives as `workerData`; the module is reached without `require`. */
export const nodeWorkerSource = `"use strict";
${loop}
const { workerData, parentPort } = process.getBuiltinModule("node:worker_threads");
runKernelWorker(workerData, (message) => parentPort.postMessage(message));
`;

/** A Web Worker (classic script from a Blob URL): the data arrives as the first message. */
export const webWorkerSource = `"use strict";
${loop}
self.onmessage = (event) => {
  self.onmessage = null;
  runKernelWorker(event.data, (message) => self.postMessage(message));
};
`;
