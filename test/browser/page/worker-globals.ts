/**
 * The few browser globals the test pages use, typed structurally: the repository's tsconfig has no DOM library
 * (src must not lean on it), and these files are type-checked with the rest of test/.
 */
export interface MessageTarget {
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  postMessage(message: unknown): void;
}
export interface PageWorker extends MessageTarget {
  onerror: ((event: { readonly message: string }) => void) | null;
  terminate(): void;
}
export interface BrowserGlobals {
  readonly location: { readonly href: string };
  readonly Worker: new (url: string, options?: { readonly type?: "module" | "classic" }) => PageWorker;
  /** In a dedicated Worker: the worker's scope. */
  readonly self: MessageTarget;
}

export const browser = globalThis as unknown as BrowserGlobals;
