/**
 * How much two threads really get on this machine right now: spin loops in worker threads, one alone, then two
 * at once, each for the same wall time; the ratio of the work done (2.0 on two free cores). On a shared 2-core
 * machine a neighbour often holds part of the second core, and then a 2-thread timing says more about the
 * neighbour than about the code, so the bench prints this figure and calls 2-thread ratios meaningful only at
 * or above `MEANINGFUL_TWO_THREAD_GAIN`.
 */
import { Worker } from "node:worker_threads";

export const MEANINGFUL_TWO_THREAD_GAIN = 1.7;

const SPIN_MS = 300;
const spinSource = `
const { parentPort, workerData } = require("node:worker_threads");
const end = Date.now() + workerData;
let n = 0, x = 1;
while (Date.now() < end) { for (let i = 0; i < 10000; i++) x = (x * 1103515245 + 12345) % 2147483648; n++; }
parentPort.postMessage(n + (x < 0 ? 1 : 0));
`;

function spin(): Promise<number> {
  return new Promise((resolve, reject) => {
    const w = new Worker(spinSource, { eval: true, workerData: SPIN_MS });
    w.once("message", (n: number) => {
      void w.terminate();
      resolve(n);
    });
    w.once("error", reject);
  });
}

/** Median over `trials` of (work of two concurrent spinners) ÷ (work of one alone). */
export async function twoThreadGain(trials = 3): Promise<number> {
  const gains: number[] = [];
  for (let t = 0; t < trials; t++) {
    const one = await spin();
    const [a, b] = await Promise.all([spin(), spin()]);
    gains.push((a + b) / one);
  }
  gains.sort((x, y) => x - y);
  return gains[gains.length >> 1]!;
}
