import type { ConvMustPreserve, MustBeEven, MustBeMultiple, NonZeroFact, NonZeroSize, UpMustRestore } from "../../types/nn/messages.js";

export function nonZeroFact<Field extends string, Fact extends string>(field: Field, fact: Fact): NonZeroFact<Field, Fact> {
  return `UNet2Config.WF: ${field} must be ${fact}`;
}

export function nonZeroSize<Field extends string>(field: Field): NonZeroSize<Field> {
  return `UNet2: ${field} must be ≠ 0`;
}

export function convMustPreserve<
  Name extends string,
  Layer extends string,
  K extends number,
  S extends number,
  P extends number,
  Axis extends string,
  Size extends number,
  Out extends number,
>(name: Name, layer: Layer, k: K, s: S, p: P, axis: Axis, size: Size, out: Out): ConvMustPreserve<Name, Layer, K, S, P, Axis, Size, Out> {
  return `UNet2 ${name}: ${layer}(k=${k}, s=${s}, p=${p}) maps ${axis} ${size} → ${out}; it must preserve ${axis}`;
}

export function upMustRestore<
  Name extends string,
  PK extends number,
  PS extends number,
  UK extends number,
  US extends number,
  Axis extends string,
  Size extends number,
  Up extends number,
  Hint extends string,
>(name: Name, pk: PK, ps: PS, uk: UK, us: US, axis: Axis, size: Size, up: Up, hint: Hint): UpMustRestore<Name, PK, PS, UK, US, Axis, Size, Up, Hint> {
  return `UNet2 ${name}: maxPool2d(${pk},${ps}) then convTranspose2d(${uk},${us}) maps ${axis} ${size} → ${up}${hint}`;
}

export function mustBeEven<Axis extends string>(axis: Axis): MustBeEven<Axis> {
  return `; ${axis} must be even`;
}

export function mustBeMultiple<Axis extends string, Stride extends number>(axis: Axis, stride: Stride): MustBeMultiple<Axis, Stride> {
  return `; ${axis} must be a multiple of ${stride}`;
}
