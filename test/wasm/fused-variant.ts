/**
 * A backend seen with some of its optional fused kernels counted (calls that took the fused path, i.e. returned
 * true) or hidden (so the ops take their own steps): how the fused-kernel tests compare the two paths on one backend.
 */
import type { KernelBackend } from "../../src/kernels/backend.js";

export function fusedVariant<const K extends keyof KernelBackend>(
  backend: KernelBackend,
  names: readonly K[],
  hide: boolean,
): { readonly backend: KernelBackend; readonly fused: Record<K, number> } {
  const fused = Object.fromEntries(names.map((n) => [n, 0])) as Record<K, number>;
  const isFused = (key: string | symbol): key is K => (names as readonly (string | symbol)[]).includes(key);
  const proxy = new Proxy(backend, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (!isFused(key)) return typeof value === "function" ? value.bind(target) : value;
      if (hide || typeof value !== "function") return undefined;
      return (...args: unknown[]): boolean => {
        const took = (value as (...a: unknown[]) => boolean).apply(target, args) === true;
        if (took) fused[key]++;
        return took;
      };
    },
  });
  return { backend: proxy, fused };
}
