import type { DType, Shape } from "../../types/tensor/shape.js";
import { currentBackend } from "../backend.js";
import { type Tensor, moveIntoHeap } from "./tensor.js";

/**
 * Moves float32 tensors (a model's parameters) into the current backend's memory, where they stay between steps:
 * ops read them in place and the backend's Adam updates them there, so a training step copies no weight into
 * WebAssembly memory or out of it (PyTorch's `module.to(device)`; `Module.moveToBackend` moves a model's parameters).
 * Reading a moved tensor's `data` copies its elements back out: that array is the tensor's from then on (writes to
 * it are kept), and the tensor stays in JS memory until moved again. An array read from `data` before the move is
 * no longer the tensor's. Stays put: float64, a tensor already in a backend's memory, and every tensor where the
 * backend keeps none (the JS backend; a page that is not cross-origin isolated) or has no room left. Returns how
 * many moved.
 */
export function moveToBackend(tensors: Iterable<Tensor<Shape, DType>>): number {
  const heap = currentBackend().residentHeap;
  if (heap === null || heap === undefined) return 0;
  let moved = 0;
  for (const t of tensors) if (moveIntoHeap(t, heap)) moved++;
  return moved;
}
