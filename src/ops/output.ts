import type { DType, Shape } from "../../types/tensor/shape.js";
import type { ResidentHeap } from "../tensor/resident.js";
import { allocate, type ArrayFor, Tensor } from "../tensor/tensor.js";
import { insideTidy } from "../tensor/tidy.js";

/**
 * An op's result before it is a tensor: the array its kernel call writes, then `tensor(shape)` once. Inside `tidy`, a
 * float32 result on a backend with a resident heap is a block of that backend's memory and `array` a view of it for
 * the kernel call alone (never kept: read it again through `kernelData`); otherwise a fresh zeroed JS array.
 * A block's elements are not zeroed: only a kernel that overwrites every element may write one.
 */
export interface OpOutput<D extends DType> {
  readonly array: ArrayFor<D>;
  tensor<S extends Shape>(shape: S): Tensor<S, D>;
}

export function opOutput<D extends DType>(dtype: D, size: number, heap: ResidentHeap | null | undefined, op = "allocate"): OpOutput<D> {
  if (dtype === "float32" && heap && size > 0 && insideTidy()) {
    const block = heap.allocBlock(size);
    if (block !== null) {
      return { array: heap.view(block) as ArrayFor<D>, tensor: (shape) => Tensor.resident(shape, block) as unknown as Tensor<typeof shape, D> };
    }
  }
  const array = allocate(dtype, size, op);
  return { array, tensor: (shape) => Tensor.wrap(shape, dtype, array) };
}
