/**
 * The parameter-type part of a list of checks: `unknown` when every check passed (each is then `true` or
 * `unknown`), else the messages of the first check that failed. One message per argument, so two failing checks
 * never intersect into `never`; a check that is a union (union inputs) fails if any of its alternatives does.
 */
export type FirstMessage<Checks extends readonly unknown[]> = Checks extends readonly [infer C, ...infer Rest]
  ? [Extract<C, string>] extends [never]
    ? FirstMessage<Rest>
    : Extract<C, string>
  : unknown;
