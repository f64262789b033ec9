import { expectType } from "tsd";
import type { IsShapeError, ShapeErrorMessage, Sub } from "../../types/index.js";

declare const of: <T>() => T;

expectType<false>(of<IsShapeError<3>>());
expectType<false>(of<IsShapeError<number>>());
expectType<true>(of<IsShapeError<Sub<3, 5>>>());
expectType<true>(of<IsShapeError<"Sub: 3 - 5 is below 0">>());
expectType<true>(of<IsShapeError<3 | "oops">>());
expectType<false>(of<IsShapeError<never>>());
expectType<string>(of<ShapeErrorMessage>());
