// Messages of the tape.
export type { BackwardTwice, ImplicitGradNeedsOneElement, InvalidGradient, NoGradFn, NotALeaf } from "./messages.js";
