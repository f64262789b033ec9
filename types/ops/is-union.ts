/**
 * `true` for a union such as `0 | 1`, `number | readonly number[] | null` or `Tensor<[2, 3]> | Tensor<[2, 5]>`, else
 * `false`. Decided without deferring on a type that merely contains a type parameter (`Tensor<[N, D]>`).
 */
export type IsUnion<T, U = T> = T extends unknown ? ([U] extends [T] ? false : true) : never;
