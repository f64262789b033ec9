/**
 * Paired steps: two systems' processes, both warm, take turns one step at a time (A B, then B A, ...) with an idle
 * gap between steps, and each pair's ratio is taken. On a shared machine the load from other tenants comes in phases
 * of seconds (one vCPU's worth of throughput lost for a while, then back), longer than a training step and shorter
 * than a bench round: timed one process after another, one system can get a quiet phase and the other a loaded one.
 * Steps a fraction of a second apart see the same phase, so the median of per-pair ratios says how the two compare
 * under the same conditions; the spread of the ratios is printed beside it. The load can also sit on one vCPU only,
 * for seconds, and the scheduler keeps each process on the vCPU it ran on: two one-thread systems left to it can run
 * on different vCPUs, one loaded and one not. So one-thread pairs are pinned to one CPU (`cpu`, with taskset).
 *
 * Protocol (a child started in serve mode; one JSON object per line on stdout): after its warm-up it prints
 * `{"ready": true, "system": ..., "runtime"?: ...}`; for each "step" line on stdin it runs one step and prints
 * `{"wall": ms, "cpu": ms}`; on "end" it exits. run-one.ts and torch_bench.py serve it with `serve` as their runs.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface } from "node:readline";

/** What a serving child says once it is warm. */
export interface ServerReady {
  readonly ready: true;
  readonly system: string;
  readonly runtime?: string;
}

/** One step's times, as a serving child reports them. */
export interface StepTimes {
  readonly wall: number;
  readonly cpu: number;
}

/** A warm child process that runs one step of its workload per request. */
export interface StepServer {
  readonly system: string;
  readonly runtime: string | undefined;
  step(): Promise<StepTimes>;
  close(): Promise<void>;
}

/** The order of pair i: the first system first in even pairs, second in odd ones, so neither always goes first. */
export function pairOrder(i: number): readonly [0 | 1, 0 | 1] {
  return i % 2 === 0 ? [0, 1] : [1, 0];
}

/** Quantile q of xs (nearest rank on the sorted values; xs must not be empty). */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) throw new RangeError("quantile of no values");
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))]!;
}

/** The per-pair ratios peer ÷ mine (> 1: mine is faster) and their median and quartiles. */
export interface PairedRatio {
  readonly ratios: readonly number[];
  readonly median: number;
  readonly q1: number;
  readonly q3: number;
}

export function pairedRatio(mine: readonly number[], peer: readonly number[]): PairedRatio {
  if (mine.length !== peer.length || mine.length === 0) {
    throw new RangeError(`paired ratio: ${mine.length} and ${peer.length} steps (expected the same number, at least 1)`);
  }
  const ratios = mine.map((m, i) => peer[i]! / m);
  return { ratios, median: quantile(ratios, 0.5), q1: quantile(ratios, 0.25), q3: quantile(ratios, 0.75) };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `pairs` pairs of steps on two servers (pairOrder's alternation, `gapMs` idle before every step so that
 * neither process's spinning threads are still on a core when the other's step starts), and returns each server's
 * step times in pair order.
 */
export async function runPairs(servers: readonly [StepServer, StepServer], pairs: number, gapMs: number): Promise<[StepTimes[], StepTimes[]]> {
  const times: [StepTimes[], StepTimes[]] = [[], []];
  for (let i = 0; i < pairs; i++) {
    for (const which of pairOrder(i)) {
      await sleep(gapMs);
      times[which].push(await servers[which].step());
    }
  }
  return times;
}

/** Where and how a serving child runs: its working directory, its environment, and the one CPU it is pinned to, if any. */
export interface ServerOptions {
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly cpu?: number;
}

/** `command args` run on CPU `cpu` only, every thread of it (taskset), or as they are without one. */
export function pinned(command: string, args: readonly string[], cpu: number | undefined): [string, readonly string[]] {
  return cpu === undefined ? [command, args] : ["taskset", ["-c", String(cpu), command, ...args]];
}

/** Starts `command args` in serve mode and resolves once it is warm (its ready line), or rejects with why it is not. */
export function startServer(command: string, args: readonly string[], options: ServerOptions): Promise<StepServer> {
  const [file, argv] = pinned(command, args, options.cpu);
  const child: ChildProcessWithoutNullStreams = spawn(file, argv, { cwd: options.cwd, env: options.env ?? process.env, stdio: "pipe" });
  const lines = createInterface({ input: child.stdout });
  const waiting: ((line: string | null) => void)[] = [];
  const queued: string[] = [];
  let ended = false;
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-2000);
  });
  lines.on("line", (line) => {
    if (!line.startsWith("{")) return;
    const w = waiting.shift();
    if (w) w(line);
    else queued.push(line);
  });
  const finish = (): void => {
    ended = true;
    for (const w of waiting.splice(0)) w(null);
  };
  child.on("close", finish);
  child.on("error", finish);
  const next = (): Promise<string> =>
    new Promise((resolve, reject) => {
      const fail = (): void => reject(new Error(`${command} exited: ${stderr.trim().split("\n").slice(-3).join(" / ").slice(0, 300)}`));
      const q = queued.shift();
      if (q !== undefined) resolve(q);
      else if (ended) fail();
      else waiting.push((line) => (line === null ? fail() : resolve(line)));
    });
  return next().then((line) => {
    const ready = JSON.parse(line) as ServerReady | { skip: string };
    if (!("ready" in ready)) {
      child.stdin.end();
      throw new Error(ready.skip);
    }
    return {
      system: ready.system,
      runtime: ready.runtime,
      async step() {
        child.stdin.write("step\n");
        return JSON.parse(await next()) as StepTimes;
      },
      async close() {
        if (ended) return;
        const closed = new Promise<void>((resolve) => child.once("close", () => resolve()));
        child.stdin.end("end\n");
        await closed;
      },
    };
  });
}
