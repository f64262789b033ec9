// Type-level naturals: exact digit arithmetic on number literals up to 2^53 - 1.
export type { ShapeErrorMessage, NatOrError, IsShapeError } from "./error.js";
export type { Digit } from "./digits.js";
export type { Ordering } from "./compare-digits.js";
export type { CheckNat } from "./check-nat.js";
export type { Add } from "./add.js";
export type { Sub } from "./sub.js";
export type { Mul } from "./mul.js";
export type { FloorDiv } from "./floor-div.js";
export type { Mod } from "./mod.js";
export type { Lt } from "./lt.js";
export type { Lte } from "./lte.js";
export type { Eq } from "./eq.js";
export type { Max } from "./max.js";
export type { Min } from "./min.js";
export type { IsEven } from "./is-even.js";
