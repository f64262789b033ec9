/** What one (system, workload) measurement reports, as a JSON line from a child process. */
export interface BenchResult {
  readonly system: string;
  readonly workload: string;
  /** Why the system cannot run (or was not asked to run) the workload. */
  readonly skip?: string;
  /** Wall-clock ms of each timed run. */
  readonly wall?: readonly number[];
  /** CPU ms (all threads of the process) of each timed run. */
  readonly cpu?: readonly number[];
  /** Minor page faults of the process (all threads) during each timed run: first touches of fresh memory. */
  readonly faults?: readonly number[];
  /** Peak resident set size of the process that ran it. */
  readonly maxRssBytes?: number;
  readonly wasmBytes?: number;
  /** The engine shapeproof ran on: "Node 22.23.5, relaxed SIMD" (shapeproof's rows only). */
  readonly runtime?: string;
  readonly outputSample?: readonly number[];
}
