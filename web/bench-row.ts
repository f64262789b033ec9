/** One measurement of `npm run bench:web` (web/bench-page.ts measures, scripts/bench-web.ts prints). */
export interface WebBenchRow {
  readonly system: string;
  readonly workload: "W1 fwd" | "W3";
  /** Wall-clock milliseconds of every timed run. */
  readonly ms: readonly number[];
  /** The output's first values, for the Node side to compare between systems. */
  readonly head: readonly number[];
}
