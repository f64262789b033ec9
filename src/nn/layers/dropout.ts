import type { SameShapeFn } from "../../../types/nn/shape-fn.js";
import type { DType, Shape } from "../../../types/tensor/shape.js";
import { ShapeError } from "../../errors.js";
import { dropout } from "../../ops/elementwise/dropout.js";
import type { Rng } from "../../random.js";
import type { Tensor } from "../../tensor/tensor.js";
import { Layer } from "../layer.js";
import { rngFor } from "./init.js";

/**
 * PyTorch's `nn.Dropout(p)`: in training mode zeroes each element with probability p and scales the rest by
 * 1/(1-p); the identity in eval mode. Each call draws a fresh mask from the layer's generator (seeded by `seed`,
 * else by the shared one), so a run is reproducible.
 */
export class Dropout extends Layer<SameShapeFn> {
  readonly p: number;
  readonly #rng: Rng;

  constructor(p = 0.5, options: { readonly seed?: number } = {}) {
    super();
    if (!(p >= 0 && p <= 1)) throw new ShapeError(`Dropout: p must be in [0, 1], got ${p}`);
    this.p = p;
    this.#rng = rngFor(options.seed);
  }

  run<D extends DType>(x: Tensor<Shape, D>): Tensor<Shape, D> {
    if (!this.training || this.p === 0) return x;
    return dropout(x, { p: this.p, training: true, seed: this.#rng.int(2 ** 31) });
  }
}
