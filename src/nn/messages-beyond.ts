import type { UNetBadDepth, UNetClassicWhere, UNetOddAtPool, UNetZeroField } from "../../types/nn/messages-beyond.js";

export function unetOddAtPool<Depth extends number, Level extends number, Axis extends string, Chain extends string, Divisor extends number>(
  depth: Depth,
  level: Level,
  axis: Axis,
  chain: Chain,
  divisor: Divisor,
): UNetOddAtPool<Depth, Level, Axis, Chain, Divisor> {
  return `UNet depth ${depth}: level ${level} maxPool2d(2,2) gets an odd ${axis} (${chain}); ${axis} must be divisible by ${divisor}`;
}

export function unetBadDepth<Name extends string, Got extends number>(name: Name, got: Got): UNetBadDepth<Name, Got> {
  return `${name}: depth must be 1, 2, 3, 4 or 5, got ${got}`;
}

export function unetZeroField<Name extends string, Field extends string, Fact extends string>(
  name: Name,
  field: Field,
  fact: Fact,
): UNetZeroField<Name, Field, Fact> {
  return `${name}: ${field} must be ${fact}`;
}

export function unetClassicWhere<Depth extends number, Axis extends string, Size extends number, Layer extends string>(
  depth: Depth,
  axis: Axis,
  size: Size,
  layer: Layer,
): UNetClassicWhere<Depth, Axis, Size, Layer> {
  return `UNetClassic depth ${depth}, input ${axis} ${size}: ${layer}`;
}
