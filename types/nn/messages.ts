/** UNet2 messages, written once more as values in src/nn/messages.ts (the compiler checks they agree). */
export type NonZeroFact<Field extends string, Fact extends string> = `UNet2Config.WF: ${Field} must be ${Fact}`;

/** `inC` or `outC` of 0: the seed's `h_inC : inC ≠ 0` (and the same for the head); `inH` or `inW` of 0. */
export type NonZeroSize<Field extends string> = `UNet2: ${Field} must be ≠ 0`;

export type ConvMustPreserve<
  Name extends string,
  Layer extends string,
  K extends number,
  S extends number,
  P extends number,
  Axis extends string,
  Size extends number,
  Out extends number,
> = `UNet2 ${Name}: ${Layer}(k=${K}, s=${S}, p=${P}) maps ${Axis} ${Size} → ${Out}; it must preserve ${Axis}`;

export type UpMustRestore<
  Name extends string,
  PK extends number,
  PS extends number,
  UK extends number,
  US extends number,
  Axis extends string,
  Size extends number,
  Up extends number,
  Hint extends string,
> = `UNet2 ${Name}: maxPool2d(${PK},${PS}) then convTranspose2d(${UK},${US}) maps ${Axis} ${Size} → ${Up}${Hint}`;

/** Why pool-then-upsample lost rows: the size is not a multiple of the pool stride. */
export type MustBeEven<Axis extends string> = `; ${Axis} must be even`;
export type MustBeMultiple<Axis extends string, Stride extends number> = `; ${Axis} must be a multiple of ${Stride}`;
