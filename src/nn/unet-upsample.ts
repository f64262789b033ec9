import type { DType, Shape } from "../../types/tensor/shape.js";
import { ShapeError } from "../errors.js";
import { concat } from "../ops/concat.js";
import { relu } from "../ops/relu.js";
import type { Tensor } from "../tensor/tensor.js";
import { Conv2d } from "./layers/conv2d.js";
import { rngFor } from "./layers/init.js";
import { MaxPool2d } from "./layers/max-pool2d.js";
import { GroupNorm } from "./layers/norms.js";
import { Upsample } from "./layers/pooling.js";
import { Module } from "./module.js";

/** UNetUpsample's sizes, dtype and seed. */
export interface UNetUpsampleOptions<InC extends number, OutC extends number, D extends DType> {
  readonly inC: InC;
  readonly outC: OutC;
  /** Channels of the first level (default 8); the bottleneck has twice as many. */
  readonly baseC?: number;
  /** GroupNorm groups after every 3x3 conv (default 2); must divide baseC. */
  readonly groups?: number;
  readonly dtype?: D;
  readonly seed?: number;
}

/**
 * A 2-level U-Net that upsamples with bilinear interpolation and a 3x3 conv instead of a transposed conv, with
 * GroupNorm after each 3x3 conv. Each block B(name) is Conv2d 3x3 pad 1 `name` → GroupNorm `name_gn` → ReLU:
 * skip = B(down1_2, B(down1_1, x)); b = B(down2_2, B(down2_1, maxPool2(skip))); u = B(up_conv, upsample×2(b));
 * y = out1x1(B(up1_2, B(up1_1, cat([skip, u], 1)))). x is (N, inC, H, W) with H and W even.
 */
export class UNetUpsample<InC extends number, OutC extends number, D extends DType = "float32"> extends Module {
  readonly inC: InC;
  readonly outC: OutC;
  readonly #convs = new Map<string, Conv2d<number, number, number, { padding: number }, D>>();
  readonly #norms = new Map<string, GroupNorm<number, number, D>>();
  readonly #pool = new MaxPool2d({ kernel: 2, stride: 2 });
  readonly #upsample = new Upsample({ scaleFactor: 2, mode: "bilinear", alignCorners: false });
  readonly #head: Conv2d<number, OutC, 1, {}, D>;

  constructor(options: UNetUpsampleOptions<InC, OutC, D>) {
    super();
    const { inC, outC } = options;
    const base = options.baseC ?? 8;
    const groups = options.groups ?? 2;
    const dtype = (options.dtype ?? "float32") as D;
    const rng = rngFor(options.seed);
    this.inC = inC;
    this.outC = outC;
    const plan: [string, number, number][] = [
      ["down1_1", inC, base],
      ["down1_2", base, base],
      ["down2_1", base, 2 * base],
      ["down2_2", 2 * base, 2 * base],
      ["up_conv", 2 * base, base],
      ["up1_1", 2 * base, base],
      ["up1_2", base, base],
    ];
    for (const [name, cin, cout] of plan) {
      this.#convs.set(name, this.registerModule(name, new Conv2d(cin, cout, 3, { padding: 1, dtype, seed: rng.int(2 ** 31) })));
      this.#norms.set(name, this.registerModule(`${name}_gn`, new GroupNorm(groups, cout, { dtype })));
    }
    this.#head = this.registerModule("out1x1", new Conv2d(base, outC, 1, { dtype, seed: rng.int(2 ** 31) }));
  }

  /** The model on a batch: same height and width out, OutC channels. */
  forward<N extends number, H extends number, W extends number, XD extends DType>(x: Tensor<[N, InC, H, W], XD>): Tensor<[N, OutC, H, W], XD> {
    return this.run(x) as Tensor<[N, OutC, H, W], XD>;
  }

  /** The forward on a tensor of any shape, checked at run time. */
  run<XD extends DType>(x: Tensor<Shape, XD>): Tensor<Shape, XD> {
    const [, , h, w] = x.shape;
    if (x.shape.length === 4 && (h! % 2 !== 0 || w! % 2 !== 0)) throw new ShapeError(`UNetUpsample: H and W must be even, got ${h} and ${w}`);
    const block = (name: string, t: Tensor<Shape, XD>): Tensor<Shape, XD> => relu(this.#norms.get(name)!.run(this.#convs.get(name)!.run(t)));
    const skip = block("down1_2", block("down1_1", x));
    const bottom = block("down2_2", block("down2_1", this.#pool.run(skip)));
    const up = block("up_conv", this.#upsample.run(bottom));
    const merged = concat([skip, up], 1) as Tensor<Shape, XD>;
    return this.#head.run(block("up1_2", block("up1_1", merged)));
  }
}
