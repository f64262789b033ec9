export { convOut } from "./conv-out.js";
export { poolOut } from "./pool-out.js";
export { convTransposeOut } from "./conv-transpose-out.js";
export { broadcastShapes } from "./broadcast.js";
export { normalizeAxis } from "./axis.js";
export { sameShape } from "./same-shape.js";
