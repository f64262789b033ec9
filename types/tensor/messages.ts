/** Written once more as a value in src/tensor/messages.ts; the compiler checks the two agree. */
export type NotNaturalDim<Op extends string, Position extends string | number, Got extends number> =
  `${Op}: dim ${Position} must be a natural number below 2^53, got ${Got}`;

export type DataLengthMismatch<Op extends string, Shape extends string, Expected extends number, Got extends number> =
  `${Op}: data has ${Got} elements but shape ${Shape} needs ${Expected}`;

export type AxisMismatch<Op extends string, What extends string, A extends number, B extends number> =
  `${Op}: ${What} must match: ${A} vs ${B}`;

export type BadRank<Op extends string, Arg extends string, Expected extends string, Got extends number> =
  `${Op}: ${Arg} must be ${Expected}, got rank ${Got}`;

export type EmptyTensor<Op extends string, Arg extends string, Shape extends string> =
  `${Op}: ${Arg} must not be empty, got shape ${Shape}`;
