/** "ibp": interval bound propagation; "crown": backward linear relaxation (CROWN intermediate bounds). */
export type BoundsMethod = "ibp" | "crown";
/**
 * The float32 forwards the bounds cover: "any" — the JS backend and the WebAssembly backend in every configuration,
 * its Winograd paths included; "direct" — convolutions as direct sums only (the JS backend, WebAssembly created with
 * `winograd: "never"`), for tighter bounds on 3x3 stride-1 convolutions.
 */
export type BoundsKernels = "any" | "direct";
/** The option keys `bounds` accepts, in the order the unknown-option message lists them. */
export type BoundsOptionNames = readonly ["method", "kernels"];
