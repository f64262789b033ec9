export { notNatural, tooLarge, subBelowZero, divisionByZero, overflow } from "./nat.js";
export {
  notPositive,
  kernelTooLarge,
  padTooLarge,
  outputPaddingTooLarge,
  outputTooSmall,
  outputTooLarge,
} from "./shape.js";
