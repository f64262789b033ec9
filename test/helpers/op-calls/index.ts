/**
 * How every case of test/golden/tensor_ops.json (elementwise, image, linalg, norm, reduce, shape, losses) calls
 * its op, in one table shared by the vitest golden tests (test/ops/<family>/golden.test.ts) and the browser page
 * (test/browser/page/golden-suite.ts). Free of Node and vitest.
 */
import { elementwiseCalls } from "./elementwise.js";
import { imageCalls } from "./image.js";
import { linalgCalls } from "./linalg.js";
import { lossCalls } from "./losses.js";
import { normCalls } from "./norm.js";
import { reduceCalls } from "./reduce.js";
import type { CallOp } from "./run-case.js";
import { shapeCalls } from "./shape.js";

const opCalls: Readonly<Record<string, CallOp>> = {
  ...elementwiseCalls,
  ...imageCalls,
  ...linalgCalls,
  ...normCalls,
  ...reduceCalls,
  ...shapeCalls,
  ...lossCalls,
};

/** Whether `op` is one of the ops called here. */
export function hasOpCall(op: string): boolean {
  return Object.hasOwn(opCalls, op);
}

export function callFor(op: string): CallOp {
  if (!hasOpCall(op)) throw new Error(`no caller for op ${op}`);
  return opCalls[op]!;
}
