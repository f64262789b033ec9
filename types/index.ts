// Public types of shapeproof (pure types: this module compiles to nothing).
export type * from "./nat/index.js";
export type * from "./shape/index.js";
export type * from "./messages/index.js";
