import type { DType, Shape } from "../../types/tensor/shape.js";
import type { Tensor } from "../tensor/tensor.js";
import { moveToBackend } from "../tensor/move-to-backend.js";
import { assertStateDictLoadable, type StateDictEntry } from "./state-dict-problems.js";

type AnyTensor = Tensor<Shape, DType>;

/** What `loadStateDict` takes: a tensor, or any entry with a shape and data (e.g. a parsed safetensors entry). */
export type StateDictInput = Readonly<Record<string, AnyTensor | (StateDictEntry & { readonly data?: ArrayLike<number> })>>;

/**
 * PyTorch's `nn.Module`: parameters, buffers and child modules registered by name, so that every tensor has its
 * dotted state_dict name (`layers.0.weight`, `self_attn.in_proj_weight`). Parameters are leaves that require grad.
 * Subclasses register in their constructor and define `forward`.
 */
export abstract class Module {
  #parameters = new Map<string, AnyTensor>();
  #buffers = new Map<string, AnyTensor>();
  #children = new Map<string, Module>();
  #training = true;

  /** True in training mode (the default), false after `eval()`: dropout and batch norm read it. */
  get training(): boolean {
    return this.#training;
  }

  /** Registers a parameter (marked as requiring grad) under `name`; returns it. */
  protected registerParameter<T extends AnyTensor>(name: string, tensor: T): T {
    this.#claim(name);
    this.#parameters.set(name, tensor.requireGrad());
    return tensor;
  }

  /**
   * Registers a buffer (saved in the state dict, never trained), e.g. batch norm's running statistics. An
   * `optional` buffer may be missing from a state dict, and then keeps its value: batch norm's
   * `num_batches_tracked`, which PyTorch's loader leaves as it is when a plain dict (older checkpoints, safetensors
   * readers that skip its I64) lacks it.
   */
  protected registerBuffer<T extends AnyTensor>(name: string, tensor: T, options: { readonly optional?: boolean } = {}): T {
    this.#claim(name);
    this.#buffers.set(name, tensor);
    if (options.optional === true) this.#optional.add(name);
    return tensor;
  }

  readonly #optional = new Set<string>();

  /** Registers a child module; its tensors are named `name.<its names>`. */
  protected registerModule<M extends Module>(name: string, module: M): M {
    this.#claim(name);
    this.#children.set(name, module);
    return module;
  }

  #claim(name: string): void {
    if (name === "" || name.includes(".")) throw new TypeError(`Module: a name must be non-empty and contain no ".", got "${name}"`);
    if (this.#parameters.has(name) || this.#buffers.has(name) || this.#children.has(name)) {
      throw new TypeError(`Module: "${name}" is already registered`);
    }
  }

  /** The direct children by name, in registration order. */
  namedChildren(): [string, Module][] {
    return [...this.#children];
  }

  /**
   * Every module in the tree with its dotted name ("" for this one), parents before children (PyTorch's order). A
   * module registered at several places (a shared layer) is listed once, at its first name, as PyTorch's.
   */
  namedModules(): [string, Module][] {
    const seen = new Set<Module>();
    const out: [string, Module][] = [];
    for (const [name, module] of this.#paths()) {
      if (seen.has(module)) continue;
      seen.add(module);
      out.push([name, module]);
    }
    return out;
  }

  /** Every path of the tree, a shared module at each of its names (what `stateDict` keys, as PyTorch's). */
  #paths(): [string, Module][] {
    const out: [string, Module][] = [];
    const stack: [string, Module][] = [["", this]];
    while (stack.length > 0) {
      const [prefix, module] = stack.pop()!;
      out.push([prefix, module]);
      const children = [...module.#children].reverse();
      for (const [name, child] of children) stack.push([prefix === "" ? name : `${prefix}.${name}`, child]);
    }
    return out;
  }

  /**
   * Every parameter with its dotted name, in PyTorch's order (a module's own, then its children's); a parameter
   * shared by several modules (a layer used twice, tied weights) once, at its first name, so an optimizer steps it
   * once (PyTorch's `remove_duplicate=True`).
   */
  namedParameters(): [string, AnyTensor][] {
    return this.#collect((m) => m.#parameters);
  }

  /** Every parameter, in namedParameters' order (what an optimizer takes, as PyTorch's `parameters()`). */
  parameters(): AnyTensor[] {
    return this.namedParameters().map(([, t]) => t);
  }

  /** Every buffer (state that is not trained, e.g. BatchNorm's running statistics) with its dotted name, each once. */
  namedBuffers(): [string, AnyTensor][] {
    return this.#collect((m) => m.#buffers);
  }

  #collect(pick: (m: Module) => Map<string, AnyTensor>): [string, AnyTensor][] {
    const out: [string, AnyTensor][] = [];
    const seen = new Set<AnyTensor>();
    for (const [prefix, module] of this.#paths()) {
      for (const [name, t] of pick(module)) {
        if (seen.has(t)) continue;
        seen.add(t);
        out.push([prefix === "" ? name : `${prefix}.${name}`, t]);
      }
    }
    return out;
  }

  /** Sets training mode on this module and every descendant (PyTorch's `train(mode)`); returns this. */
  train(mode = true): this {
    for (const [, m] of this.namedModules()) m.#training = mode;
    return this;
  }

  /** Evaluation mode: `train(false)`. */
  eval(): this {
    return this.train(false);
  }

  /**
   * Moves every float32 parameter into the current backend's memory, where ops read it and the backend's Adam
   * updates it in place between steps (PyTorch's `module.to(device)`; what moves, and what reading `data` afterwards
   * does: `moveToBackend` in src/tensor/move-to-backend.ts). Returns this.
   */
  moveToBackend(): this {
    moveToBackend(this.parameters());
    return this;
  }

  /** Sets every parameter's `.grad` to null (PyTorch's `zero_grad(set_to_none=True)`). */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }

  /**
   * Parameters and buffers by dotted name, as PyTorch's `state_dict()` orders them per module (parameters, then
   * buffers, then children). The tensors are the module's own (not copies); `detach()` views.
   */
  stateDict(): Record<string, AnyTensor> {
    const out: Record<string, AnyTensor> = {};
    for (const [prefix, module] of this.#paths()) {
      const dotted = (name: string): string => (prefix === "" ? name : `${prefix}.${name}`);
      for (const [name, t] of module.#parameters) out[dotted(name)] = t.detach();
      for (const [name, t] of module.#buffers) out[dotted(name)] = t.detach();
    }
    return out;
  }

  /**
   * Copies a state dict into the module's tensors (PyTorch's `load_state_dict(strict=True)`). Everything is
   * checked first — every missing, extra or mis-shaped entry, and entries without data, listed in one ShapeError —
   * and nothing is changed unless all of it fits. Values are converted to each tensor's dtype.
   */
  loadStateDict(dict: StateDictInput): void {
    const own = this.stateDict();
    const given = dict as Readonly<Record<string, StateDictEntry>>;
    // optional buffers the dict lacks: not required, left as they are
    for (const [prefix, module] of this.#paths()) {
      for (const name of module.#optional) {
        const dotted = prefix === "" ? name : `${prefix}.${name}`;
        if (!Object.hasOwn(given, dotted)) delete own[dotted];
      }
    }
    assertStateDictLoadable(this.constructor.name, own, given);
    for (const [name, t] of Object.entries(own)) t.data.set(given[name]!.data as ArrayLike<number>);
  }
}
