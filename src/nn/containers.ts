import { Module } from "./module.js";

/** PyTorch's `nn.ModuleList`: children named "0", "1", ..., so their tensors are `0.weight`, `1.bias`, ... */
export class ModuleList<M extends Module = Module> extends Module {
  readonly items: readonly M[];

  constructor(items: readonly M[]) {
    super();
    this.items = items;
    items.forEach((m, i) => {
      this.registerModule(String(i), m);
    });
  }

  get length(): number {
    return this.items.length;
  }

  /** The module at `index` (negative counts from the end), or undefined. */
  at(index: number): M | undefined {
    return this.items.at(index);
  }
}

/** PyTorch's `nn.ModuleDict`: children by name, in insertion order. */
export class ModuleDict<M extends Module = Module> extends Module {
  readonly #items = new Map<string, M>();

  constructor(items: Readonly<Record<string, M>>) {
    super();
    for (const [name, m] of Object.entries(items)) this.#items.set(name, this.registerModule(name, m));
  }

  /** The module registered as `name`, or undefined. */
  get(name: string): M | undefined {
    return this.#items.get(name);
  }

  /** The names of the modules, in insertion order. */
  keys(): string[] {
    return [...this.#items.keys()];
  }
}
