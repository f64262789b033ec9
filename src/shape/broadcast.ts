import { ShapeError } from "../errors.js";
import { cannotBroadcast } from "../tensor/messages.js";

/** Runtime twin of `BroadcastShapes`: PyTorch's broadcast of two shapes, or the same sentence as a ShapeError. */
export function broadcastShapes(op: string, a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let k = 1; k <= rank; k++) {
    const x = k <= a.length ? a[a.length - k]! : 1;
    const y = k <= b.length ? b[b.length - k]! : 1;
    if (x !== y && x !== 1 && y !== 1) throw new ShapeError(cannotBroadcast(op, -k, x, y));
    out[rank - k] = x === 1 ? y : x;
  }
  return out;
}
