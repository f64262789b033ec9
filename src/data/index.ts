export { type SyntheticShapes, type SyntheticShapesOptions, syntheticShapes } from "./synthetic-shapes.js";
