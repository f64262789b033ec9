import type { Shape } from "./shape.js";

/** `[2, 3]`-style rendering of a literal shape: the type twin of `formatShape` in src/tensor/format-shape.ts. */
export type ShapeText<S extends Shape> = `[${JoinDims<S>}]`;
type JoinDims<S> = S extends readonly [infer A extends number, ...infer Rest] ? (Rest extends readonly [] ? `${A}` : `${A}, ${JoinDims<Rest>}`) : "";
