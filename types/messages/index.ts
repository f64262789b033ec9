export type { Printable } from "./printable.js";
export type { NotNatural, TooLarge, SubBelowZero, DivisionByZero, Overflow } from "./nat.js";
export type {
  NotPositive,
  KernelTooLarge,
  PadTooLarge,
  OutputPaddingTooLarge,
  OutputTooSmall,
  OutputTooLarge,
} from "./shape.js";
