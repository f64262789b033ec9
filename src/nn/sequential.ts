import type { ChainShape } from "../../types/nn/sequential.js";
import type { InputShape, ShapeFn } from "../../types/nn/shape-fn.js";
import type { DType, Shape } from "../../types/tensor/shape.js";
import { ShapeError } from "../errors.js";
import type { Tensor } from "../tensor/tensor.js";
import { Layer } from "./layer.js";
import { sequentialLayerMessage } from "./messages-module.js";

type AnyLayer = Layer<ShapeFn>;

/** Sequential's rule: its layers' rules folded over the input shape. */
export interface SequentialFn<Layers extends readonly AnyLayer[]> extends ShapeFn {
  readonly output: ChainShape<Layers, InputShape<this>>;
}

/**
 * PyTorch's `nn.Sequential`: layers applied in order, registered as children "0", "1", ... so their tensors are
 * named `0.weight`, `2.bias` as in PyTorch. Its forward's type is computed through the whole chain; a layer that
 * does not fit is named by index and op, in the same sentence at compile time and at run time:
 * `"sequential layer 6 (linear): weight axis 1 (in_features) and x's last axis must match: 400 vs 392"`.
 */
export class Sequential<const Layers extends readonly AnyLayer[]> extends Layer<SequentialFn<Layers>> {
  readonly layers: Layers;

  constructor(...layers: Layers) {
    super();
    this.layers = layers;
    layers.forEach((layer, i) => {
      this.registerModule(String(i), layer);
    });
  }

  run<D extends DType>(x: Tensor<Shape, D>): Tensor<Shape, D> {
    let h = x;
    for (let i = 0; i < this.layers.length; i++) {
      try {
        h = this.layers[i]!.run(h);
      } catch (error) {
        // Same class (a DTypeError stays one), the sentence re-addressed to the layer.
        if (error instanceof ShapeError) throw new (error.constructor as typeof ShapeError)(sequentialLayerMessage(i, error.message));
        throw error;
      }
    }
    return h;
  }
}

/** `new Sequential(...layers)` as a function. */
export function sequential<const Layers extends readonly AnyLayer[]>(...layers: Layers): Sequential<Layers> {
  return new Sequential(...layers);
}
