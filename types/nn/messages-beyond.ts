/** Messages of the depth-L and classic U-Nets, written once more as values in src/nn/messages-beyond.ts. */

/**
 * A pool of the same-padding U-Net gets an odd size: it would drop a row the upsampling cannot give back. Level k is
 * the k-th pool (the one in front of down.k); Chain the sizes from the input to it.
 */
export type UNetOddAtPool<
  Depth extends number,
  Level extends number,
  Axis extends string,
  Chain extends string,
  Divisor extends number,
> = `UNet depth ${Depth}: level ${Level} maxPool2d(2,2) gets an odd ${Axis} (${Chain}); ${Axis} must be divisible by ${Divisor}`;

/** A U-Net depth outside 1 to 5. */
export type UNetBadDepth<Name extends string, Got extends number> = `${Name}: depth must be 1, 2, 3, 4 or 5, got ${Got}`;

/** inC, outC, inH, inW must be ≠ 0; baseC must be > 0. */
export type UNetZeroField<Name extends string, Field extends string, Fact extends string> = `${Name}: ${Field} must be ${Fact}`;

/** Where a layer of the valid-convolution U-Net sits, prefixed to the op's own message. */
export type UNetClassicWhere<
  Depth extends number,
  Axis extends string,
  Size extends number,
  Layer extends string,
> = `UNetClassic depth ${Depth}, input ${Axis} ${Size}: ${Layer}`;
