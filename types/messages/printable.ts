/**
 * Anything a template literal can print. Values in messages are number literals, or digit
 * strings when a value is past 2^53 - 1 (the type level computes those exactly as digits),
 * or bigint at run time.
 */
export type Printable = string | number | bigint;
