/** Placeholder demo: a shape computed by tsc and checked again at run time. */
import { conv2d, maxPool2d, randn, type Tensor } from "../src/index.js";

const x = randn([3, 64, 64], { seed: 0 });
const w = randn([8, 3, 3, 3], { seed: 1 });
const y: Tensor<[8, 64, 64]> = conv2d(x, w, undefined, { padding: 1 });
const p: Tensor<[8, 32, 32]> = maxPool2d(y, { kernel: 2 });
console.log(`conv2d ${JSON.stringify(x.shape)} -> ${JSON.stringify(y.shape)}; maxPool2d -> ${JSON.stringify(p.shape)}`);
