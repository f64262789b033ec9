import type { DType, Mutable, NestedLeaf, NestedShape, Shape } from "../../types/tensor/shape.js";
import type { ValidShape } from "../../types/tensor/valid-shape.js";
import type { OrMessage } from "../../types/ops/common.js";
import { DTypeError, ReleasedTensorError, ShapeError } from "../errors.js";
import { createRng } from "../random.js";
import { toNat } from "../shape/natural.js";
import { dataLengthMismatch } from "./messages.js";
import type { ImplicitGradNeedsOneElement, NotALeaf } from "../../types/autograd/messages.js";
import type { ShapeText } from "../../types/tensor/shape-text.js";
import { type GradNode, record } from "../autograd/graph.js";
import { type BackwardCallOptions, runBackward } from "../autograd/engine.js";
import { notALeaf } from "../autograd/messages.js";
import { PRIME_AT_BYTES, primeHeapThresholds } from "./heap-thresholds.js";
import { formatShape } from "./format-shape.js";
import { requireDTypeName } from "./dtype-name.js";
import { requireElementCount } from "./element-limit.js";
import { sameShape } from "../shape/same-shape.js";
import type { ResidentBlock, ResidentHeap } from "./resident.js";
import { trackResident } from "./tidy.js";

/** The flat array type that backs a tensor of dtype D. */
export type ArrayFor<D extends DType> = D extends "float64" ? Float64Array : Float32Array;

/**
 * `unknown` when `backward()` may omit gy: the tensor has one element, or a size known only at run time (then
 * checked there). Otherwise the message, as PyTorch's "grad can be implicitly created only for scalar outputs".
 */
export type ImplicitGradCheck<S extends Shape> = [NonUnitDims<S>] extends [never] ? unknown : ImplicitGradNeedsOneElement<ShapeText<S>>;
/** The literal dims of S other than 1 (a `number` dim may be 1, so it is not one of them); per axis, since `3 | number` is `number`. */
type NonUnitDims<S extends Shape> = { [K in keyof S]: S[K] extends 1 ? never : number extends S[K] ? never : S[K] }[number];

/** Sets the op that made a tensor; only the tape's `record` calls it (the field is private to the class). */
export let attachGradFn: (t: Tensor<Shape, DType>, node: GradNode) => void;

/**
 * The array a kernel call reads for `t`: its data, or, when `t` lives in `heap`'s memory and was never copied out,
 * a view of its block for this one call (src/tensor/resident.ts). Only ops call it, right before the kernel call.
 */
export let kernelData: <D extends DType>(t: Tensor<Shape, D>, heap: ResidentHeap | null | undefined) => ArrayFor<D>;

/** A fresh copy of `t`'s elements (a resident tensor's read straight from its block, one copy, `t` left resident). */
let copyOfData: <D extends DType>(t: Tensor<Shape, D>) => ArrayFor<D>;

/** Frees a resident tensor's block at the end of the `tidy` that made it (src/tensor/tidy.ts); later reads throw. */
export let releaseResident: (t: Tensor<Shape, DType>) => void;

/**
 * Moves a float32 tensor's elements into a block of `heap` that no `tidy` frees (src/tensor/move-to-backend.ts): ops
 * and optimizers then read and update it there. False, and nothing moves, for float64, a tensor already resident or
 * ever made resident by an op, or a full heap.
 */
export let moveIntoHeap: (t: Tensor<Shape, DType>, heap: ResidentHeap) => boolean;

/**
 * A leaf's `.grad` as the engine and the optimizers read it: unlike the `grad` getter, it does not count as handing
 * the gradient out, so a gradient kept in the backend's memory can be freed when it is replaced (see `grad`).
 */
export let gradOf: <S extends Shape, D extends DType>(t: Tensor<S, D>) => Tensor<S, D> | null;

/**
 * Sets a leaf's first gradient (`.grad` is null) to a copy of g, since g may alias a gradient still in flight: for a
 * leaf moved into a backend's memory (`moveToBackend`), a float32 block of that memory, moved as the leaf is (the
 * optimizer updates the leaf from it in place, and zeroing frees it); else a JS array.
 */
export let setFirstGrad: (leaf: Tensor<Shape, DType>, g: Tensor<Shape, DType>) => void;

/** acc += g element by element, in place: in the backend's memory where acc lives there (no copy out). */
export let accumulateInto: (acc: Tensor<Shape, DType>, g: Tensor<Shape, DType>) => void;

/** Frees the block of a resident tensor that was collected. */
const collected = new FinalizationRegistry<ResidentBlock>((block) => {
  if (block.live) block.heap.free(block);
});

/**
 * A dense row-major tensor whose shape is part of its type.
 * `Tensor<[3, 8, 8]>` is not assignable to `Tensor<[3, 8, 9]>`; `number` dims are sizes known only at run time.
 * Only the constructors below create tensors (the class is branded by a private field), so a shape cannot be
 * claimed without being checked; and a tensor is frozen (its shape array too), so it cannot be changed after.
 */
export class Tensor<S extends Shape, D extends DType = "float32"> {
  readonly #brand = true;
  readonly shape: S;
  readonly dtype: D;
  /** The elements, row-major; null while they live only in a backend's memory (`#block`). */
  #data: ArrayFor<D> | null;
  /** Where the elements live in a backend's memory (an op's output inside `tidy`), or null. */
  #block: ResidentBlock | null = null;
  /** Set when `tidy` freed the block before the elements were ever read. */
  #released = false;
  /** Set while the elements live in a block `moveIntoHeap` gave them (no `tidy` frees it; reading `data` does). */
  #moved = false;
  /** Set once this tensor was handed out as a `.grad` (by the getter) or assigned as one: replacing it must then leave it readable. */
  #handedOut = false;
  #gradFn: GradNode | null = null;
  #leafRequiresGrad = false;
  /**
   * The gradient accumulated by `backward()` on a leaf that requires grad (PyTorch's `.grad`): null until the first
   * backward reaches it; later backwards add to it. Set it to null to zero it, as `zeroGrad` on an optimizer does.
   * A leaf moved into a backend's memory gets its gradient there too. Replacing it frees that memory, after copying
   * the old gradient out if this getter handed it out (or it was assigned), so a gradient read here stays readable,
   * as in PyTorch.
   */
  get grad(): Tensor<S, D> | null {
    const g = this.#grad;
    if (g !== null) g.#handedOut = true;
    return g;
  }
  set grad(value: Tensor<S, D> | null) {
    if (value !== null) {
      requireGradLike(this, value);
      value.#handedOut = true;
    }
    const old = this.#grad;
    this.#grad = value;
    if (old !== null && old !== value) old.#dropGradient();
  }
  #grad: Tensor<S, D> | null = null;

  /** This tensor stopped being a leaf's `.grad`: a block of its own goes back, copied out first if it was handed out. */
  #dropGradient(): void {
    const block = this.#block;
    if (!this.#moved || block === null || !block.live) return;
    if (this.#handedOut) this.#copyOut();
    else releaseResident(this);
  }

  static {
    attachGradFn = (t, node) => {
      t.#gradFn = node;
    };
    kernelData = <D extends DType>(t: Tensor<Shape, D>, heap: ResidentHeap | null | undefined): ArrayFor<D> => {
      const block = t.#block;
      if (t.#data !== null || block === null || heap === null || heap === undefined || block.heap !== heap || !block.live) return t.data;
      return heap.view(block) as ArrayFor<D>;
    };
    copyOfData = <D extends DType>(t: Tensor<Shape, D>): ArrayFor<D> => {
      const block = t.#block;
      if (t.#data !== null || block === null || !block.live) return t.data.slice() as ArrayFor<D>;
      return block.heap.read(block) as ArrayFor<D>;
    };
    moveIntoHeap = (t, heap) => {
      const data = t.#data;
      if (t.dtype !== "float32" || data === null || t.#block !== null) return false;
      const block = heap.allocBlock(data.length);
      if (block === null) return false;
      block.owned = true;
      heap.view(block).set(data);
      t.#data = null;
      t.#block = block;
      t.#moved = true;
      collected.register(t, block, t);
      return true;
    };
    gradOf = (t) => t.#grad;
    setFirstGrad = (leaf, g) => {
      const home = leaf.#block;
      const block = leaf.#moved && home?.live && g.dtype === "float32" ? home.heap.allocBlock(g.size) : null;
      if (block === null) {
        leaf.#grad = Tensor.wrap(leaf.shape, leaf.dtype, copyOfData(g));
        return;
      }
      block.owned = true;
      // the source's view after the allocation, which may have grown (and so detached) the memory
      block.heap.view(block).set(kernelData(g, block.heap));
      const kept = new Tensor(leaf.shape, leaf.dtype, null);
      kept.#block = block;
      kept.#moved = true;
      collected.register(kept, block, kept);
      leaf.#grad = kept;
    };
    accumulateInto = (acc, g) => {
      const block = acc.#block;
      const heap = acc.#data === null && block !== null && block.live ? block.heap : null;
      const gd = kernelData(g, heap);
      const cd = heap === null ? acc.data : heap.view(block!);
      for (let i = 0; i < cd.length; i++) cd[i] = cd[i]! + gd[i]!;
    };
    releaseResident = (t) => {
      const block = t.#block;
      if (block === null || !block.live) return;
      collected.unregister(t);
      if (t.#data === null) t.#released = true;
      block.heap.free(block);
    };
  }

  /** Use `tensor`, `zeros`, `randn`, ... instead; they validate the shape and the data length. */
  private constructor(shape: S, dtype: D, data: ArrayFor<D> | null) {
    // A frozen copy: an op reads the shape it was checked with, whoever else holds the array.
    this.shape = (Object.isFrozen(shape) ? shape : Object.freeze([...shape])) as S;
    this.dtype = dtype;
    this.#data = data;
    Object.freeze(this);
  }

  /**
   * The elements as a flat row-major array (Float32Array or Float64Array), which may be written. A tensor an op made
   * inside `tidy` on the WebAssembly backend, or moved there by `moveToBackend`, lives in WebAssembly memory until
   * this is first read: then its elements are copied out once, and this array is the tensor's from then on.
   */
  get data(): ArrayFor<D> {
    return this.#data ?? this.#copyOut();
  }

  #copyOut(): ArrayFor<D> {
    const block = this.#block!;
    if (this.#released) throw new ReleasedTensorError(this.toString());
    const data = (block.live ? block.heap.read(block) : block.spilled!) as ArrayFor<D>;
    this.#data = data;
    if (this.#moved) {
      // the copy is the truth now: the block goes back, and moveIntoHeap may move the tensor again
      this.#moved = false;
      this.#block = null;
      collected.unregister(this);
      if (block.live) block.heap.free(block);
    }
    return data;
  }

  /**
   * A float32 tensor over a block of a backend's memory (an op's output inside `tidy`); `tidy` frees the block when
   * it returns unless the tensor is part of its result, and the block is freed when the tensor is collected.
   */
  static resident<S extends Shape>(shape: S, block: ResidentBlock): Tensor<S, "float32"> {
    const size = checkShape("Tensor.resident", shape);
    if (block.length !== size) throw new ShapeError(dataLengthMismatch("Tensor.resident", `[${shape.join(", ")}]`, size, block.length));
    if (block.owned || !block.live) throw new TypeError("Tensor.resident: the block belongs to another tensor or was freed");
    block.owned = true;
    const t = new Tensor<S, "float32">(shape, "float32", null);
    t.#block = block;
    collected.register(t, block, t);
    trackResident(t);
    return t;
  }

  /** Whether the elements live in a backend's memory and were never copied out (read `data` to copy them). */
  get isResident(): boolean {
    return this.#data === null && !this.#released;
  }

  /** Whether `value` is a tensor made by this library (a brand check: a look-alike `{ shape, dtype, data }` is not). */
  static isTensor(value: unknown): value is Tensor<Shape, DType> {
    return typeof value === "object" && value !== null && #brand in value;
  }

  /**
   * Wraps a shape and data without copying; for the library's own ops, losses and loaders. Public, so it checks
   * what a caller could get wrong in O(rank): each dim, the data's length against the shape, its array type.
   */
  static wrap<S extends Shape, D extends DType>(shape: S, dtype: D, data: ArrayFor<D>): Tensor<S, D> {
    requireDTypeName("Tensor.wrap", "dtype", dtype);
    const size = checkShape("Tensor.wrap", shape);
    if (data.length !== size) throw new ShapeError(dataLengthMismatch("Tensor.wrap", `[${shape.join(", ")}]`, size, data.length));
    const expected = dtype === "float64" ? Float64Array : Float32Array;
    if (!(data instanceof expected))
      throw new TypeError(`Tensor.wrap: ${dtype} data must be a ${expected.name}, got ${Object.prototype.toString.call(data).slice(8, -1)}`);
    return new Tensor(shape, dtype, data);
  }

  /** The recorded op that made this tensor (PyTorch's `grad_fn`); null for leaves and for tensors made without grad. */
  get gradFn(): GradNode | null {
    return this.#gradFn;
  }

  /** Whether gradients flow to or through this tensor: a leaf marked with `requireGrad()`, or the output of a recorded op. */
  get requiresGrad(): boolean {
    return this.#leafRequiresGrad || this.#gradFn !== null;
  }

  /** True for tensors no recorded op made (PyTorch's `is_leaf`); only leaves get `.grad`. */
  get isLeaf(): boolean {
    return this.#gradFn === null;
  }

  /**
   * Marks a leaf as requiring grad (PyTorch's `requires_grad_()`); returns the same tensor. On a tensor an op made
   * (which requires grad already) `true` changes nothing and `false` throws, as PyTorch.
   */
  requireGrad(flag = true): this {
    if (this.#gradFn !== null) {
      if (flag) return this;
      throw new ShapeError(notALeaf satisfies NotALeaf);
    }
    this.#leafRequiresGrad = flag;
    return this;
  }

  /** A leaf over the same data that no gradient flows through (PyTorch's `detach()`). */
  detach(): Tensor<S, D> {
    return new Tensor(this.shape, this.dtype, this.data);
  }

  /**
   * Back-propagates from this tensor: every leaf that requires grad and reaches it gets `.grad` += d(this)/d(leaf)
   * contracted with `gy`. `gy` has this tensor's shape type; it may be omitted only for a one-element tensor (then
   * it is 1). Saved tensors are freed afterwards unless `{ retainGraph: true }`.
   */
  backward<G extends Tensor<S, D> | null | undefined = undefined>(
    this: [G] extends [Tensor<Shape, DType>] ? Tensor<S, D> : Tensor<S, D> & ImplicitGradCheck<S>,
    gy?: G,
    options?: BackwardCallOptions,
  ): void {
    runBackward(this as Tensor<Shape, DType>, gy as Tensor<Shape, DType> | null | undefined, options);
  }

  /** The value of a one-element tensor as a number (PyTorch's `item()`). */
  item(): number {
    if (this.data.length !== 1) throw new ShapeError(`item: the tensor must have one element, got shape ${formatShape(this.shape)}`);
    return this.data[0]!;
  }

  /** Number of elements. */
  get size(): number {
    return this.#data !== null ? this.#data.length : this.#block!.length;
  }

  /** Element at a multi-index (bounds-checked). */
  at(...index: { [K in keyof S]: number }): number {
    const idx = index as readonly number[];
    if (idx.length !== this.shape.length) {
      throw new ShapeError(`at: expected ${this.shape.length} indices, got ${idx.length}`);
    }
    let flat = 0;
    for (let i = 0; i < idx.length; i++) {
      const dim = this.shape[i]!;
      const j = idx[i]!;
      if (!Number.isInteger(j) || j < 0 || j >= dim) {
        throw new RangeError(`at: index ${j} out of range for dim ${i} of size ${dim}`);
      }
      flat = flat * dim + j;
    }
    return this.data[flat]!;
  }

  /** A copy with its own data; gradients flow through it to this tensor (PyTorch's `clone()`). */
  clone(): Tensor<S, D> {
    return record("clone", new Tensor(this.shape, this.dtype, this.data.slice() as ArrayFor<D>), [this], (gy) => [gy]);
  }

  /** Plain nested arrays, for printing and tests. */
  toNested(): unknown[] {
    const build = (dim: number, offset: number): unknown[] => {
      const size = this.shape[dim]!;
      const stride = this.shape.slice(dim + 1).reduce((a, b) => a * b, 1);
      const out: unknown[] = [];
      for (let i = 0; i < size; i++) {
        out.push(dim === this.shape.length - 1 ? this.data[offset + i] : build(dim + 1, offset + i * stride));
      }
      return out;
    };
    return this.shape.length === 0 ? [this.data[0]] : build(0, 0);
  }

  /** The shape and dtype, e.g. `Tensor<[2, 3], float32>`. */
  toString(): string {
    return `Tensor<[${this.shape.join(", ")}], ${this.dtype}>`;
  }
}

/** The seed's name for a (C, H, W) image. */
export type MultiChannelImage<C extends number, H extends number, W extends number, D extends DType = "float32"> = Tensor<[C, H, W], D>;

/** The element type of a new tensor; float32 when absent. */
export interface DTypeOption<D extends DType> {
  readonly dtype?: D;
  /** Make a leaf that requires grad (PyTorch's `requires_grad=True`). Default false. */
  readonly requiresGrad?: boolean;
}

/**
 * Checks every dim at run time (the twin of `ValidShape`, same sentences) and the element count against the
 * limit (MAX_ELEMENTS), and returns the count.
 */
export function checkShape(op: string, shape: readonly number[]): number {
  if (!Array.isArray(shape)) throw new ShapeError(`${op}: shape must be an array of dims, got ${shape === null ? "null" : typeof shape}`);
  let size = 1;
  for (let i = 0; i < shape.length; i++) size *= Number(toNat(shape[i]!, `${op}: dim ${i}`));
  requireElementCount(op, `shape ${formatShape(shape)}`, size);
  return size;
}

/**
 * A gradient assigned to `.grad` has the tensor's shape and dtype, as PyTorch requires (it would otherwise be
 * half-accumulated into by the next backward). Untyped code can assign anything; typed code only a same-typed one.
 */
function requireGradLike(t: Tensor<Shape, DType>, g: unknown): void {
  if (!Tensor.isTensor(g)) throw new TypeError(`.grad must be a tensor or null, got ${g === null ? "null" : typeof g}`);
  const gt = g as Tensor<Shape, DType>;
  if (!sameShape(gt.shape, t.shape)) {
    throw new ShapeError(`.grad: a gradient of shape ${formatShape(gt.shape)} for a tensor of shape ${formatShape(t.shape)}`);
  }
  if (gt.dtype !== t.dtype) throw new DTypeError(`.grad: a ${gt.dtype} gradient for a ${t.dtype} tensor`);
}

/** A zeroed array of `size` elements; `op` names the caller when `size` is over the element limit. */
export function allocate<D extends DType>(dtype: D, size: number, op = "allocate"): ArrayFor<D> {
  requireElementCount(op, "the result", size);
  if (size * (dtype === "float64" ? 8 : 4) >= PRIME_AT_BYTES) primeHeapThresholds();
  return (dtype === "float64" ? new Float64Array(size) : new Float32Array(size)) as ArrayFor<D>;
}

function make<const S extends Shape, D extends DType>(op: string, shape: S, options: DTypeOption<D> | undefined): Tensor<Mutable<S>, D> {
  const size = checkShape(op, shape);
  const dtype = dtypeOf(op, options);
  return Tensor.wrap([...shape] as Mutable<S>, dtype, allocate(dtype, size, op)).requireGrad(options?.requiresGrad === true);
}

function dtypeOf<D extends DType>(op: string, options: DTypeOption<D> | undefined | null): D {
  const dtype: unknown = options?.dtype ?? "float32";
  requireDTypeName(op, "options.dtype", dtype);
  return dtype as D;
}

/** A tensor over existing data (copied into the dtype's array). Throws when the length does not match. */
export function tensor<const S extends Shape, D extends DType = "float32">(
  shape: ValidShape<S, "tensor">,
  data: ArrayLike<number>,
  options?: DTypeOption<D>,
): Tensor<Mutable<S>, D> {
  const t = make("tensor", shape as S, options);
  const given: unknown = data;
  if (typeof given !== "object" || given === null || typeof (given as { length?: unknown }).length !== "number") {
    throw new TypeError(`tensor: data must be an array or typed array of numbers, got ${given === null ? "null" : typeof given}`);
  }
  if (data.length !== t.data.length) {
    throw new ShapeError(dataLengthMismatch("tensor", `[${(shape as S).join(", ")}]`, t.data.length, data.length));
  }
  t.data.set(data);
  return t;
}

/** A tensor of zeros of shape S. */
export function zeros<const S extends Shape, D extends DType = "float32">(
  shape: ValidShape<S, "zeros">,
  options?: DTypeOption<D>,
): Tensor<Mutable<S>, D> {
  return make("zeros", shape as S, options);
}

/** A tensor of shape S filled with one value. */
export function full<const S extends Shape, D extends DType = "float32">(
  shape: ValidShape<S, "full">,
  value: number,
  options?: DTypeOption<D>,
): Tensor<Mutable<S>, D> {
  const t = make("full", shape as S, options);
  t.data.fill(value);
  return t;
}

/** A tensor of ones of shape S. */
export function ones<const S extends Shape, D extends DType = "float32">(
  shape: ValidShape<S, "ones">,
  options?: DTypeOption<D>,
): Tensor<Mutable<S>, D> {
  const t = make("ones", shape as S, options);
  t.data.fill(1);
  return t;
}

/** randn's options: the dtype and the seed. */
export interface RandnOptions<D extends DType> extends DTypeOption<D> {
  /** Same seed, same numbers, on every platform. */
  readonly seed: number;
  /** Standard deviation (default 1). */
  readonly std?: number;
}

/** Normally distributed values from a seeded generator. */
export function randn<const S extends Shape, D extends DType = "float32">(
  shape: ValidShape<S, "randn">,
  options: RandnOptions<D>,
): Tensor<Mutable<S>, D> {
  const t = make("randn", shape as S, options);
  const rng = createRng(options.seed);
  const std = options.std ?? 1;
  for (let i = 0; i < t.data.length; i++) t.data[i] = std * rng.normal();
  return t;
}

/** A tensor from nested arrays, shape inferred: `fromNested([[1, 2], [3, 4]])` is `Tensor<[2, 2]>`. Ragged input throws. */
export function fromNested<const T extends readonly unknown[], D extends DType = "float32">(
  arrays: OrMessage<T, NestedLeaf<T> extends number ? true : "fromNested: leaves must be numbers">,
  options?: DTypeOption<D>,
): Tensor<Extract<NestedShape<T>, Shape>, D> {
  const shape: number[] = [];
  let level: unknown = arrays;
  while (Array.isArray(level)) {
    shape.push(level.length);
    level = level[0];
  }
  const flat: number[] = [];
  const walk = (node: unknown, dim: number, path: string): void => {
    if (dim === shape.length) {
      if (typeof node !== "number") throw new ShapeError(`fromNested: element ${path} must be a number, got ${typeof node}`);
      flat.push(node);
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[dim]) {
      const got = Array.isArray(node) ? `length ${node.length}` : typeof node;
      throw new ShapeError(`fromNested: ragged input at ${path || "top"}: expected length ${shape[dim]}, got ${got}`);
    }
    for (let i = 0; i < node.length; i++) walk(node[i], dim + 1, `${path}[${i}]`);
  };
  walk(arrays, 0, "");
  const dtype = dtypeOf("fromNested", options);
  const t = Tensor.wrap(shape as Extract<NestedShape<T>, Shape>, dtype, allocate(dtype, flat.length, "fromNested"));
  t.data.set(flat);
  t.requireGrad(options?.requiresGrad === true);
  return t;
}
