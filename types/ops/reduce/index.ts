export type { DuplicateDim, EmptyReduction } from "./messages.js";
export type {
  ArgmaxOptionNames,
  ArgmaxOptions,
  DimOf,
  DimRank,
  KeepDimOf,
  ReduceOptionNames,
  ReduceOptions,
  ReduceOptionsGuard,
  ReduceRule,
  ReduceShape,
  VarOptionNames,
  VarOptions,
} from "./reduce-shape.js";
