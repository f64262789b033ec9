/**
 * Whether ops record onto the tape. Off inside `noGrad` (and while a VJP runs), as PyTorch's grad mode: a
 * module-level flag, since JavaScript runs one op at a time. `noGrad` takes a synchronous function; a promise's
 * continuation would run after the flag is restored.
 */
let enabled = true;

/** Whether ops record onto the tape now (false inside `noGrad`), as torch.is_grad_enabled. */
export function isGradEnabled(): boolean {
  return enabled;
}

/** Runs `fn` with recording off (PyTorch's `torch.no_grad()`): tensors made inside have no grad_fn. */
export function noGrad<T>(fn: () => T): T {
  return withGradMode(false, fn);
}

/** Runs `fn` with recording on, e.g. inside `noGrad` (PyTorch's `torch.enable_grad()`). */
export function enableGrad<T>(fn: () => T): T {
  return withGradMode(true, fn);
}

function withGradMode<T>(mode: boolean, fn: () => T): T {
  const previous = enabled;
  enabled = mode;
  try {
    return fn();
  } finally {
    enabled = previous;
  }
}
