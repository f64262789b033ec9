/** Where the CLI writes: injected so tests run `main` in-process and read what a user would see. */
export interface CliIO {
  /** Standard output: results. */
  readonly stdout: {
    /** Writes text. */
    write(chunk: string): unknown;
  };
  /** Also receives the demo's progress bar (redrawn in place when `isTTY`). */
  readonly stderr: {
    /** Writes text. */
    write(chunk: string): unknown;
    /** Whether it is a terminal. */
    readonly isTTY?: boolean;
  };
}

/** The real process streams. */
export const processIO: CliIO = { stdout: process.stdout, stderr: process.stderr };

/** Exit codes: 0 success; 1 the command ran and failed (unreadable file, mismatch, missed target); 2 bad usage. */
export const exitCodes = { ok: 0, failure: 1, usage: 2 } as const;
