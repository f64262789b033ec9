import type { DivisionByZero, NotNatural, Overflow, SubBelowZero, TooLarge } from "../../types/messages/nat.js";
import type { Printable } from "../../types/messages/printable.js";

// Runtime twins of types/messages/nat.ts: each return type IS the message type, so the
// compiler proves both worlds print the same text.

export function notNatural<Where extends string, Got extends Printable>(where: Where, got: Got): NotNatural<Where, Got> {
  return `${where} must be a natural number, got ${got}`;
}

export function tooLarge<Where extends string, Got extends Printable>(where: Where, got: Got): TooLarge<Where, Got> {
  return `${where} must be at most 2^53 - 1, got ${got}`;
}

export function subBelowZero<A extends Printable, B extends Printable>(a: A, b: B): SubBelowZero<A, B> {
  return `Sub: ${a} - ${b} is below 0`;
}

export function divisionByZero<Op extends string, A extends Printable>(op: Op, a: A): DivisionByZero<Op, A> {
  return `${op}: cannot divide ${a} by 0`;
}

export function overflow<Op extends string, Expr extends string>(op: Op, expr: Expr): Overflow<Op, Expr> {
  return `${op}: ${expr} exceeds 2^53 - 1`;
}
