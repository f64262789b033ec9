import { createUNet2 } from "../nn/unet2.js";
import { type Tensor, zeros } from "../tensor/tensor.js";
import { takeRows } from "../train/loop.js";

/** A batch of one-channel images (or masks, or logits): `(N, 1, H, W)`. */
export type ImageBatch = Tensor<[number, 1, number, number]>;

/** The demo's model: a UNet2 from one grayscale channel to one foreground logit per pixel. */
export function createSegmenter(size: number, baseC: number, seed: number) {
  return createUNet2({ inC: 1, outC: 1, inH: size, inW: size, config: { baseC }, seed });
}

export type Segmenter = ReturnType<typeof createSegmenter>;

/** Logits for every image, computed `chunk` images at a time (bounded memory for any set size). */
export function predictLogits(model: Segmenter, images: ImageBatch, chunk = 16): ImageBatch {
  const [n, , h, w] = images.shape;
  const out: ImageBatch = zeros([n, 1, h, w]);
  for (let start = 0; start < n; start += chunk) {
    const rows = Array.from({ length: Math.min(chunk, n - start) }, (_, i) => start + i);
    out.data.set(model.forward(takeRows(images, rows)).data, start * h * w);
  }
  return out;
}
