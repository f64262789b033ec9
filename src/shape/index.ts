export { convOut } from "./conv-out.js";
export { poolOut } from "./pool-out.js";
export { convTransposeOut } from "./conv-transpose-out.js";
