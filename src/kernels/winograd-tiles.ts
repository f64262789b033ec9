/**
 * Winograd F(4x4, 3x3) is allowed (src/wasm/backend.ts) only where the input and output images are at least this many pixels a side, whatever the
 * option: there it beats F(2x2) (below, a tile is mostly padding), and the certified bounds of smaller convs keep
 * F(2x2)'s float32 error bound, about 18 times tighter (src/bounds/conv-rounding.ts).
 */
export const WINOGRAD4_MIN_SIDE = 16;
