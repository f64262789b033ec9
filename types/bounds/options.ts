/** "ibp": interval bound propagation; "crown": backward linear relaxation (CROWN intermediate bounds). */
export type BoundsMethod = "ibp" | "crown";
/** The option keys `bounds` accepts, in the order the unknown-option message lists them. */
export type BoundsOptionNames = readonly ["method"];
