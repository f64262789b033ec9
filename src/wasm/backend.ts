import type { KernelBackend } from "../kernels/backend.js";
import { WINOGRAD4_MIN_SIDE } from "../kernels/winograd-tiles.js";
import type { Conv2dGeometry, ConvTranspose2dGeometry, FloatArray, Pool2dGeometry } from "../kernels/geometry.js";
import type { AttentionBackwardProblems } from "../kernels/attention.js";
import type { AdamStepConstants } from "../kernels/adam-step.js";
import { matmul as jsMatmul, type MatmulProblem } from "../kernels/matmul.js";
import { blockedRows } from "../kernels/blocked-rows.js";
import type { KernelPool, KernelName } from "./pool.js";
import { PAGE_BYTES, type WasmMemory } from "./wasm-api.js";
import { ResidentBlock, type ResidentHeap } from "../tensor/resident.js";
import { allocate } from "../tensor/tensor.js";

/** A KernelBackend running on WebAssembly SIMD; `close()` stops its worker threads. */
export interface WasmBackend extends KernelBackend {
  readonly threads: number;
  /** Whether it runs the relaxed-SIMD build of the kernels (fused multiply-add), as createWasmBackend's `relaxedSimd` chose. */
  readonly relaxedSimd: boolean;
  /** Bytes of WebAssembly memory reserved so far (the high-water mark of every call's scratch). */
  readonly memoryBytes: number;
  /**
   * When set, told the wall time of every kernel run (by kernel name) and of every copy into and out
   * of WebAssembly memory ("copy in", "copy out": the calling thread's serial part); for profiling.
   */
  trace: ((part: string, ms: number) => void) | null;
  /** Releases the WebAssembly workers and memory; the backend is unusable afterwards. */
  close(): void;
  winogradFor(g: Conv2dGeometry): boolean;
  directConvs<T>(fn: () => T): T;
}

const ALIGN = 64;
/** A strided result this large (floats) is made contiguous by a kernel before it is copied out; a smaller one row by row. */
const COMPACT_MIN_FLOATS = 1 << 16;
const BASE = 1024; // nothing lives below; address 0 is never handed out
const ceilTo = (v: number, m: number): number => Math.ceil(v / m) * m;

/**
 * The scores' product writes its matrices unpadded, one after another (rows a multiple of 4, columns of 8, no
 * layout for C), so softmax and the next products read them where they lie.
 */
function scoresInPlace(p: MatmulProblem): boolean {
  const c = p.layout;
  const dense = c === undefined || (c.cRowStride === p.n && c.cOffsets.every((o, i) => o === i * p.m * p.n));
  return dense && !empty(p) && p.m % 4 === 0 && p.n % 8 === 0;
}

function float32OrNull(a: FloatArray | null): a is Float32Array | null {
  return a === null || a instanceof Float32Array;
}

/** A product with nothing to compute or nothing to write (the ops' own loops handle those). */
function empty(p: MatmulProblem): boolean {
  return p.batch === 0 || p.m === 0 || p.n === 0 || p.k === 0;
}

/** A kernel's operand: a JS array it copies in, or `length` floats already in WebAssembly memory at byte address `at`. */
type Operand = Float32Array | { readonly at: number; readonly length: number };

/** Where a product's C lies in WebAssembly memory: `batch` matrices of MP x NP floats from byte address cp. */
interface PaddedProduct {
  readonly cp: number;
  readonly MP: number;
  readonly NP: number;
}

/** A prepared image buffer (see `pad` in src/wasm/assembly/kernels.ts). */
interface Prepared {
  readonly raw: number; // contiguous copy of the source
  readonly ptr: number; // phase-split, zero-padded copy
  readonly imgBytes: number;
  readonly planeBytes: number;
  readonly rowBytes: number;
  readonly Hq: number;
  readonly Wq: number;
}

/** convTranspose2d as the conv2d whose data gradient it is: the conv's input is the transposed conv's output. */
function asConv(g: ConvTranspose2dGeometry): Conv2dGeometry {
  return {
    n: g.n,
    inC: g.outC,
    inH: g.outH,
    inW: g.outW,
    outC: g.inC,
    outH: g.inH,
    outW: g.inW,
    kH: g.kH,
    kW: g.kW,
    strideH: g.strideH,
    strideW: g.strideW,
    padH: g.padH,
    padW: g.padW,
    dilH: g.dilH,
    dilW: g.dilW,
  };
}

/** Tiles per pass of winoDw: its 4 rows of dM (8 KiB) stay in L1 while every channel pair passes. */
const WINO_DW_CHUNK = 512;

/** Tiles per slab of the Winograd weight gradient (whole tile rows): V and dM of a slab, 16 (C + O) floats per tile, take 1-2 MiB at 64-128 channels; 256 measured 10% faster than 512-2048 and the same as 128. */
const WINO_DW_SLAB = 256;

/** The same for F(4x4) (36 positions per tile): 128 measured 3-12% faster than 64 and 256 at 64-128 channels. */
const WINO4_DW_SLAB = 128;

/**
 * GEMM cache blocks (see `gemm` in src/wasm/assembly/kernels.ts): a KC-deep slice of one packed B panel
 * (KC x 8 floats, 8 KiB) stays in L1 while the A panels of an MC-row block (128 KiB) stream from L2; an
 * NC-column block of B (512 KiB) is one work unit's share. Measured on one thread, 256-1024 square: the
 * 4 x 8 tile runs at the f32x4 multiply-add peak whenever the machine is otherwise idle, whatever the
 * blocks; these keep A and B's blocks within a 1 MiB L2.
 */
/** Floats per partial sum of `squaredDifferenceSum`: fixed, so the sum does not depend on the thread count. */
const SQUARED_DIFFERENCE_BLOCK = 4096;

const GEMM_MC = 128;
const GEMM_NC = 512;
const GEMM_KC = 256;

/**
 * When 3x3 convs take a Winograd path: "auto" where it pays (`winogradTile`, `usesWinograd`), "always" for every
 * conv that fits (by F(4x4) where it is allowed, else F(2x2)), "f2x2" for every conv that fits by F(2x2) only, or
 * "never".
 */
export type WinogradUse = "auto" | "always" | "never" | "f2x2";

/** The Winograd output tile of a conv: 0 (direct), 2 for F(2x2, 3x3) or 4 for F(4x4, 3x3). */
export type WinogradTile = 0 | 2 | 4;

/**
 * Whether a Winograd kernel may run conv g: 3x3, stride 1, dilation 1, padding at most 2 (so the data gradient's,
 * 2 - pad, is too), images at least 3 a side (so some output has all its taps in the image, which the float32
 * error bound of src/bounds/conv-rounding.ts relies on).
 */
function winogradFits(g: Conv2dGeometry): boolean {
  const taps = g.kH === 3 && g.kW === 3 && g.strideH === 1 && g.strideW === 1 && g.dilH === 1 && g.dilW === 1 && g.padH <= 2 && g.padW <= 2;
  return taps && Math.min(g.inH, g.inW, g.outH, g.outW) >= 3;
}

/**
 * The path of conv2d's forward and data gradient. The transforms cost about (inC + outC) per tile and the
 * saving is about inC * outC, so "auto" needs enough channels, c = inC * outC / (inC + outC). Measured on one
 * thread, forward and data gradient: F(4x4) beats F(2x2) and direct from 16x16 images on (1.6-1.8x F(2x2)'s
 * speed at 64-128 channels, 128x128 and 64x64; equal at 16x16; 1.6x slower at 8x8), and direct from 3 -> 64
 * (c = 2.9: 1.5x) and 8 -> 8 (c = 4: 1.6x) on 128x128; 4 -> 4 (c = 2) breaks even. F(2x2) on smaller images
 * needs c > 20 (32 -> 32 breaks even at 128x128; 128 -> 128 at 8x8 is 1.8x faster than direct).
 */
export function winogradTile(g: Conv2dGeometry, use: WinogradUse): WinogradTile {
  if (use === "never" || !winogradFits(g)) return 0;
  if (use === "f2x2") return 2;
  const c = (g.inC * g.outC) / (g.inC + g.outC);
  const large = Math.min(g.outH, g.outW, g.inH, g.inW) >= WINOGRAD4_MIN_SIDE;
  if (use === "always") return large ? 4 : 2;
  return large && c > 2.5 ? 4 : c > 20 ? 2 : 0;
}

/**
 * Whether conv2d's weight gradient takes a Winograd path, with the tile `winogradTile` gives (any use but "never"
 * for every conv that fits; "auto" with c > 20 as F(2x2)'s forward: 64 -> 64 and 128 -> 64 on 128x128 1.4-1.8x
 * faster than direct, 16 -> 64 and 3 -> 64 slower). F(4x4)'s weight gradient is 1.05-1.25x faster than F(2x2)'s
 * at 64-128 channels on 64x64 and 128x128 (one thread).
 */
export function usesWinograd(g: Conv2dGeometry, use: WinogradUse): boolean {
  if (use === "never" || !winogradFits(g)) return false;
  return use !== "auto" || g.inC * g.outC > 20 * (g.inC + g.outC);
}

/**
 * The kernels over one WebAssembly memory: every call resets a bump allocator, copies its inputs
 * in, runs the SIMD kernels (split over the pool's threads) and copies the outputs out. The memory
 * grows to the largest call seen and stays, so steady-state calls allocate nothing.
 */
export class WasmKernels implements WasmBackend, ResidentHeap {
  readonly name: string;
  readonly stridedMatmul = true;
  readonly reluMatmul = true;
  readonly threads: number;
  private readonly memory: WasmMemory;
  private readonly pool: KernelPool;
  private readonly fallback: KernelBackend;
  private readonly winogradUse: WinogradUse;
  private f32: Float32Array;
  private i32: Int32Array;
  private top = BASE;
  /** Where `reset` puts the arena's top: BASE, or above operands a fused call keeps (`keepingArena`). */
  private floor = BASE;
  trace: ((part: string, ms: number) => void) | null = null;

  // ---- resident blocks: [BASE, heapTop) holds tensors kept between calls; each call's arena starts above ----
  readonly residentHeap: ResidentHeap | null;
  private heapTop = BASE;
  private readonly residentLimit: number;
  /** Freed blocks by size in bytes, handed out again first (a training step asks for the same sizes every time). */
  private readonly freeBlocks = new Map<number, number[]>();
  private readonly liveBlocks = new Set<ResidentBlock>();
  /** The views `view` made, so a kernel call given one reads its block in place instead of copying it in. */
  private readonly views = new WeakMap<Float32Array, ResidentBlock>();

  constructor(
    memory: WasmMemory,
    pool: KernelPool,
    fallback: KernelBackend,
    winograd: WinogradUse,
    readonly relaxedSimd: boolean,
    residentBytes = 0,
  ) {
    this.residentLimit = BASE + residentBytes;
    this.residentHeap = residentBytes > 0 ? this : null;
    this.memory = memory;
    this.winogradUse = winograd;
    this.pool = pool;
    this.fallback = fallback;
    this.threads = pool.threads;
    this.name = `wasm-simd-${pool.threads}t`;
    this.f32 = new Float32Array(memory.buffer);
    this.i32 = new Int32Array(memory.buffer);
  }

  get memoryBytes(): number {
    return this.memory.buffer.byteLength;
  }

  close(): void {
    // tensors still in WebAssembly memory keep their elements
    for (const block of this.liveBlocks) block.spilled = this.read(block);
    for (const block of this.liveBlocks) block.live = false;
    this.liveBlocks.clear();
    this.closed = true;
    this.pool.close();
  }

  private closed = false;

  /** Bytes of WebAssembly memory that resident blocks take now (live and free). */
  get residentBytes(): number {
    return this.heapTop - BASE;
  }

  /** Live resident blocks (tensors made inside `tidy` and not yet freed). */
  get residentBlocks(): number {
    return this.liveBlocks.size;
  }

  allocBlock(length: number): ResidentBlock | null {
    if (this.closed) return null;
    const bytes = ceilTo(Math.max(length, 1) * 4, ALIGN);
    let at = this.freeBlocks.get(bytes)?.pop();
    if (at === undefined) {
      if (this.heapTop + bytes > this.residentLimit) return null;
      at = this.heapTop;
      this.heapTop += bytes;
      this.reserve(this.heapTop);
    }
    const block = new ResidentBlock(this, at, length);
    this.liveBlocks.add(block);
    return block;
  }

  view(block: ResidentBlock): Float32Array {
    const v = new Float32Array(this.memory.buffer, block.at, block.length);
    this.views.set(v, block);
    return v;
  }

  read(block: ResidentBlock): Float32Array {
    const t0 = this.trace === null ? 0 : performance.now();
    const out = allocate("float32", block.length);
    out.set(this.f32.subarray(block.at >> 2, (block.at >> 2) + block.length));
    this.trace?.("copy out", performance.now() - t0);
    return out;
  }

  free(block: ResidentBlock): void {
    if (!block.live) return;
    block.live = false;
    this.liveBlocks.delete(block);
    const bytes = ceilTo(Math.max(block.length, 1) * 4, ALIGN);
    if (block.at + bytes === this.heapTop) this.heapTop = block.at;
    else {
      const list = this.freeBlocks.get(bytes);
      if (list === undefined) this.freeBlocks.set(bytes, [block.at]);
      else list.push(block.at);
    }
  }

  /**
   * Where a kernel writes `dst`'s elements: the block of a resident dst (then `copyOut` to it moves nothing), else
   * arena scratch. A copied-in operand is never an output: a resident operand is its tensor's block, read in place.
   */
  private outputAt(dst: Float32Array): number {
    return this.blockOf(dst)?.at ?? this.alloc(dst.length * 4);
  }

  /** The block a kernel operand is a view of (`view`), or undefined for a JS array. */
  private blockOf(a: Float32Array): ResidentBlock | undefined {
    const block = this.views.get(a);
    return block?.live === true ? block : undefined;
  }

  /** Runs a kernel on the pool (timed when tracing). */
  private run(name: KernelName, args: readonly number[]): void {
    const trace = this.trace;
    if (trace === null) {
      this.pool.run(name, args);
      return;
    }
    const t0 = performance.now();
    this.pool.run(name, args);
    trace(name, performance.now() - t0);
  }

  // ---- scratch memory -------------------------------------------------------------------------

  private reset(): void {
    this.top = Math.max(this.floor, this.heapTop);
  }

  /**
   * Runs fn with the arena's floor at its top: the steps inside (each starting with `reset`) keep what lies below,
   * so one call can hand an operand in WebAssembly memory to several kernels without copying it out and in again.
   */
  private keepingArena<T>(fn: () => T): T {
    const floor = this.floor;
    this.floor = this.top;
    try {
      return fn();
    } finally {
      this.floor = floor;
    }
  }

  /** Reserves `bytes` (64-byte aligned) and returns the byte address. */
  private alloc(bytes: number): number {
    const at = this.top;
    this.top = ceilTo(at + bytes, ALIGN);
    this.reserve(this.top);
    return at;
  }

  /** Grows the memory to at least `end` bytes. */
  private reserve(end: number): void {
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      this.memory.grow(Math.ceil((end - have) / PAGE_BYTES));
      this.f32 = new Float32Array(this.memory.buffer);
      this.i32 = new Int32Array(this.memory.buffer);
    }
  }

  private copyIn(src: Operand): number {
    if (!(src instanceof Float32Array)) return src.at;
    const resident = this.blockOf(src);
    if (resident !== undefined) return resident.at;
    const t0 = this.trace === null ? 0 : performance.now();
    const at = this.alloc(src.length * 4);
    this.f32.set(src, at >> 2);
    this.trace?.("copy in", performance.now() - t0);
    return at;
  }

  /**
   * Copies planes out of a strided wasm buffer: dst[p][r][c] = mem[src + ((p' * rows + r) * stride + c)]
   * for p < planes (p' = b * srcPlanesPerImage + k for p = b * planesPerImage + k).
   */
  private copyOut(
    src: number,
    dst: Float32Array,
    images: number,
    planesPerImage: number,
    srcPlanesPerImage: number,
    rows: number,
    cols: number,
    stride: number,
  ): void {
    const t0 = this.trace === null ? 0 : performance.now();
    this.copyPlanes(src, dst, images, planesPerImage, srcPlanesPerImage, rows, cols, stride);
    this.trace?.("copy out", performance.now() - t0);
  }

  /** `copyOut`'s work, untimed. */
  private copyPlanes(
    src: number,
    dst: Float32Array,
    images: number,
    planesPerImage: number,
    srcPlanesPerImage: number,
    rows: number,
    cols: number,
    stride: number,
  ): void {
    const f32 = this.f32;
    const s0 = src >> 2;
    const size = images * planesPerImage * rows * cols;
    const resident = this.blockOf(dst);
    if (resident !== undefined) {
      // a resident tensor's block: moved inside WebAssembly memory (strided results by the threads), unless the
      // kernel wrote it there (`outputAt`)
      if (resident.at === src) return;
      if (stride === cols && srcPlanesPerImage === planesPerImage) f32.copyWithin(resident.at >> 2, s0, s0 + size);
      else this.run("compactPlanes", [src, resident.at, images, planesPerImage, srcPlanesPerImage, rows, cols, stride]);
      return;
    }
    if (stride === cols && srcPlanesPerImage === planesPerImage) {
      dst.set(f32.subarray(s0, s0 + size));
      return;
    }
    if (size >= COMPACT_MIN_FLOATS) {
      // made contiguous by the threads in WebAssembly memory, then one block copy (a `set` per row costs ~3x)
      const packed = this.alloc(size * 4);
      this.run("compactPlanes", [src, packed, images, planesPerImage, srcPlanesPerImage, rows, cols, stride]);
      dst.set(this.f32.subarray(packed >> 2, (packed >> 2) + size));
      return;
    }
    let d = 0;
    for (let b = 0; b < images; b++) {
      for (let k = 0; k < planesPerImage; k++) {
        let s = s0 + (b * srcPlanesPerImage + k) * rows * stride;
        if (stride === cols) {
          dst.set(f32.subarray(s, s + rows * cols), d);
          d += rows * cols;
          continue;
        }
        for (let r = 0; r < rows; r++, s += stride) {
          if (cols >= 32) {
            dst.set(f32.subarray(s, s + cols), d);
            d += cols;
          } else {
            for (let c = 0; c < cols; c++) dst[d++] = f32[s + c]!;
          }
        }
      }
    }
  }

  /** Copies n images (C, H, W) in and builds the padded phase layout with dstC planes per image. */
  private prepare(
    x: Operand,
    n: number,
    C: number,
    H: number,
    W: number,
    dstC: number,
    top: number,
    left: number,
    sH: number,
    sW: number,
    Hq: number,
    Wq: number,
  ): Prepared {
    const raw = this.copyIn(x);
    const planeBytes = sH * sW * Hq * Wq * 4;
    const imgBytes = dstC * planeBytes;
    const rowBytes = Wq * 4;
    if (top === 0 && left === 0 && sH === 1 && sW === 1 && dstC === C && Hq === H && Wq === W) {
      return { raw, ptr: raw, imgBytes, planeBytes, rowBytes, Hq, Wq };
    }
    const ptr = this.alloc(n * imgBytes + 64); // +64: vector reads of masked tails may pass the end
    this.run("pad", [raw, ptr, n, C, dstC, H, W, top, left, sH, sW, Hq, Wq]);
    return { raw, ptr, imgBytes, planeBytes, rowBytes, Hq, Wq };
  }

  /** Byte offset of each tap (kh, kw) in a prepared buffer; `flip` reverses the tap order. */
  private tapTable(kH: number, kW: number, dH: number, dW: number, sH: number, sW: number, p: Prepared): number {
    const at = this.alloc(kH * kW * 4);
    const base = at >> 2;
    for (let kh = 0; kh < kH; kh++) {
      const rr = kh * dH;
      const ph = rr % sH;
      const qh = Math.floor(rr / sH);
      for (let kw = 0; kw < kW; kw++) {
        const cc = kw * dW;
        const pw = cc % sW;
        const qw = Math.floor(cc / sW);
        this.i32[base + kh * kW + kw] = ((ph * sW + pw) * p.Hq * p.Wq + qh * p.Wq + qw) * 4;
      }
    }
    return at;
  }

  /** Bias (or zeros) padded to `count` floats. */
  private biasIn(bias: Float32Array | null, count: number): number {
    const at = this.alloc(count * 4);
    const b0 = at >> 2;
    this.f32.fill(0, b0, b0 + count);
    if (bias !== null) this.f32.set(bias, b0);
    return at;
  }

  // ---- conv2d ---------------------------------------------------------------------------------

  /**
   * A 3x3, stride-1, dilation-1 conv by Winograd F(tile x tile, 3x3) (see `winoConv` and `winoConv4` in
   * src/wasm/assembly/kernels.ts): out (n, Cout, outH, outW) from src (n, Cin, H, W) zero-padded by
   * (padTop, padLeft); the filter of (o, c) is w[o][c] (flip false, w is [Cout][Cin][3][3]) or
   * w[c][o] rotated 180 degrees (flip true: the data gradient of a conv with weights w); `relu` clamps
   * the outputs at 0 as they are stored. Returns false, writing nothing to `out`, when an output was not finite
   * (`metNonFinite`): the caller then takes its direct kernels.
   */
  private winograd(
    n: number,
    Cin: number,
    H: number,
    W: number,
    Cout: number,
    outH: number,
    outW: number,
    padTop: number,
    padLeft: number,
    src: Operand,
    w: Float32Array,
    flip: boolean,
    bias: Float32Array | null,
    out: Float32Array,
    tile: 2 | 4,
    relu = false,
  ): boolean {
    this.reset();
    const tH = Math.ceil(outH / tile);
    const tWp = ceilTo(Math.ceil(outW / tile), 4);
    const O4 = Math.ceil(Cout / 4);
    const positions = (tile + 2) * (tile + 2);
    // F(4x4) reads 5 vectors per patch row: 4 columns past the last tile's start (F(2x2): 2)
    const xin = this.prepare(src, n, Cin, H, W, Cin, padTop, padLeft, 1, 1, tile * tH + 2, tile * tWp + tile);
    const wIn = this.copyIn(w);
    const U = this.alloc(positions * (O4 * Cin * 16 + 64)); // positions a line apart more (`winoUPosBytes`)
    this.run(tile === 4 ? "winoWeights4" : "winoWeights", [wIn, U, Cout, Cin, O4, flip ? 1 : 0]);
    const bp = this.biasIn(bias, Cout);
    // a resident out whose rows the tiles fill exactly (outW a multiple of 4 tiles' width) is written in place
    const yp = (tile * tWp === outW ? this.blockOf(out)?.at : undefined) ?? this.alloc(n * Cout * outH * tile * tWp * 4);
    // V and M of one 8-tile block per chunk (F(4x4): positions padded by a line, and output-transform temporaries)
    const perChunk = tile === 4 ? 36 * ((Cin + O4 * 4) * 32 + 128) + 640 : 16 * (Cin + O4 * 4) * 32;
    const scratch = this.alloc(this.pool.chunks * perChunk);
    const flag = this.flagWord();
    const args = [xin.ptr, xin.imgBytes, xin.planeBytes, xin.rowBytes, U, scratch, Cin, Cout, O4, n, tH, tWp, outH, bp, yp, relu ? 1 : 0, flag];
    this.run(tile === 4 ? "winoConv4" : "winoConv", args);
    if (this.metNonFinite(flag)) return false;
    this.copyOut(yp, out, n, Cout, Cout, outH, outW, tile * tWp);
    return true;
  }

  /** A zeroed word the Winograd kernels set when an output is not finite (`markNonFinite` in kernels.ts). */
  private flagWord(): number {
    const at = this.alloc(4);
    this.i32[at >> 2] = 0;
    return at;
  }

  /**
   * Whether a Winograd kernel met a non-finite output (a NaN or an infinity among its inputs, or an overflow in
   * its transforms): the caller then redoes the call with the direct kernels, whose results are PyTorch's (a NaN
   * reaches only the outputs whose sums include it) and finite wherever those sums are.
   */
  private metNonFinite(flag: number): boolean {
    if (this.i32[flag >> 2] === 0) return false;
    this.trace?.("winograd met a non-finite value: direct kernels", 0);
    return true;
  }

  private convForward(g: Conv2dGeometry, x: Float32Array, w: Float32Array, bias: Float32Array | null, y: Float32Array, relu = false): void {
    const { n, inC: C, inH, inW, outC: O, outH, outW, kH, kW, strideH: sH, strideW: sW, padH, padW, dilH, dilW } = g;
    const tile = winogradTile(g, this.winogradNow());
    if (tile !== 0 && this.winograd(n, C, inH, inW, O, outH, outW, padH, padW, x, w, false, bias, y, tile, relu)) return;
    this.reset();
    if (bias === null && !relu && this.patchGeometry(g)) {
      // Windows that tile the input (kernel = stride: a transposed conv's data gradient, a patch embedding): y = w
      // (O x C·k·k) times the patches (C·k·k x pixels), one GEMM per image.
      const P = outH * outW;
      const K = C * kH * kW;
      const patches = this.prepare(x, n, C, inH, inW, C, 0, 0, sH, sW, outH, outW);
      const aIn = this.copyIn(w);
      const problem: MatmulProblem = { batch: n, m: O, n: P, k: K, transA: false, transB: false, aIndex: new Int32Array(n), bIndex: null };
      const { cp, MP, NP } = this.gemmInMemory(problem, aIn, 1, patches.ptr, n, null);
      this.copyOut(cp, y, n, O, MP, 1, P, NP);
      return;
    }
    const outWp = ceilTo(outW, 8);
    const Hq = outH + Math.floor(((kH - 1) * dilH) / sH);
    const Wq = outWp + Math.floor(((kW - 1) * dilW) / sW);
    const xin = this.prepare(x, n, C, inH, inW, C, padH, padW, sH, sW, Hq, Wq);
    const taps = this.tapTable(kH, kW, dilH, dilW, sH, sW, xin);
    const nT = kH * kW;
    const O4 = Math.ceil(O / 4);
    const wp = this.alloc(O4 * nT * C * 16);
    const f32 = this.f32;
    const w0 = wp >> 2;
    if (O % 4 !== 0) f32.fill(0, w0, w0 + O4 * nT * C * 4);
    for (let o = 0; o < O; o++) {
      const ob = o >> 2;
      const lane = o & 3;
      for (let c = 0; c < C; c++) {
        const src = (o * C + c) * nT;
        let dst = w0 + (ob * nT * C + c) * 4 + lane;
        for (let t = 0; t < nT; t++, dst += C * 4) f32[dst] = w[src + t]!;
      }
    }
    const bp = this.biasIn(bias, O4 * 4);
    const yp = this.alloc(n * O4 * 4 * outH * outWp * 4);
    this.run("conv", [xin.ptr, xin.imgBytes, xin.planeBytes, xin.rowBytes, taps, nT, C, wp, bp, yp, O4, outH, outWp, n, relu ? 1 : 0]);
    this.copyOut(yp, y, n, O, O4 * 4, outH, outW, outWp);
  }

  /**
   * Whether g's windows tile its input (kernel = stride > 1, no padding or dilation) over a multiple of 8 output
   * pixels: then its forward is a GEMM over the input's patches, which the pad kernel's phase layout (`prepare`
   * with the stride as phases, Hq x Wq = the output) already lays out as a C·k·k x pixels matrix. (Its weight
   * gradient as a GEMM was slower than the direct kernel at the U-Net's upT: 13.0 vs 9.8 ms on 1 thread.)
   */
  private patchGeometry(g: Conv2dGeometry): boolean {
    return (
      g.kH === g.strideH &&
      g.kW === g.strideW &&
      g.kH * g.kW > 1 &&
      g.padH === 0 &&
      g.padW === 0 &&
      g.dilH === 1 &&
      g.dilW === 1 &&
      (g.outH * g.outW) % 8 === 0
    );
  }

  /** dx for conv geometry g (also convTranspose2d's forward, with its bias). */
  private convBackwardData(g: Conv2dGeometry, dy: Operand, w: Float32Array, bias: Float32Array | null, dx: Float32Array): void {
    const { n, inC: C, inH, inW, outC: O, outH, outW, kH, kW, strideH: sH, strideW: sW, padH, padW, dilH, dilW } = g;
    const tile = winogradTile(g, this.winogradNow());
    // the same kernel on dy, padded by 2 - pad, with the flipped, transposed filters
    if (tile !== 0 && this.winograd(n, O, outH, outW, C, inH, inW, 2 - padH, 2 - padW, dy, w, true, bias, dx, tile)) return;
    this.reset();
    const nT = kH * kW;
    if (sH === 1 && sW === 1) {
      // A stride-1 conv of the padded dy with the flipped, transposed kernel.
      const inWp = ceilTo(inW, 8);
      const Hq = inH + (kH - 1) * dilH;
      const Wq = inWp + (kW - 1) * dilW;
      const din = this.prepare(dy, n, O, outH, outW, O, (kH - 1) * dilH - padH, (kW - 1) * dilW - padW, 1, 1, Hq, Wq);
      const taps = this.tapTable(kH, kW, dilH, dilW, 1, 1, din);
      const C4 = Math.ceil(C / 4);
      const wp = this.alloc(C4 * nT * O * 16);
      // the view after the last growth: an alloc may grow the memory and detach an earlier view
      const f32 = this.f32;
      const w0 = wp >> 2;
      if (C % 4 !== 0) f32.fill(0, w0, w0 + C4 * nT * O * 4);
      for (let o = 0; o < O; o++) {
        for (let c = 0; c < C; c++) {
          const src = (o * C + c) * nT;
          let dst = w0 + ((c >> 2) * nT * O + o) * 4 + (c & 3);
          for (let t = 0; t < nT; t++, dst += O * 4) f32[dst] = w[src + nT - 1 - t]!;
        }
      }
      const bp = this.biasIn(bias, C4 * 4);
      const xp = this.alloc(n * C4 * 4 * inH * inWp * 4);
      this.run("conv", [din.ptr, din.imgBytes, din.planeBytes, din.rowBytes, taps, nT, O, wp, bp, xp, C4, inH, inWp, n, 0]);
      this.copyOut(xp, dx, n, C, C4 * 4, inH, inW, inWp);
      return;
    }
    // Strided: T[(t, c)] = sum_o w[o][c][t] dy[o] (a 1x1 conv), then col2im scatters T into dx.
    const J = nT * C;
    const P = outH * outW;
    if (P % 8 === 0) {
      // T as one GEMM per image, (J x O) · (O x P), at the matrix product's speed (the 1x1 conv kernel reached
      // ~40% of it here); rows of P floats are whole planes of T, as col2im reads them.
      const aIn = this.alloc(J * O * 4);
      const f32 = this.f32; // after the alloc: a growth detaches earlier views
      const a0 = aIn >> 2;
      for (let o = 0; o < O; o++) {
        for (let c = 0; c < C; c++) {
          const src = (o * C + c) * nT;
          for (let t = 0; t < nT; t++) f32[a0 + (t * C + c) * O + o] = w[src + t]!;
        }
      }
      const bIn = this.copyIn(dy);
      const problem: MatmulProblem = { batch: n, m: J, n: P, k: O, transA: false, transB: false, aIndex: new Int32Array(n), bIndex: null };
      const { cp, MP } = this.gemmInMemory(problem, aIn, 1, bIn, n, null);
      const bp = this.biasIn(bias, C);
      const xp = this.alloc(n * C * inH * inW * 4);
      this.run("col2im", [cp, MP, outH, outW, outW, C, kH, kW, xp, inH, inW, sH, sW, padH, padW, dilH, dilW, bp, bias !== null ? 1 : 0, n]);
      this.copyOut(xp, dx, n, C, C, inH, inW, inW);
      return;
    }
    const outWp = ceilTo(outW, 8);
    const din = this.prepare(dy, n, O, outH, outW, O, 0, 0, 1, 1, outH, outWp);
    const tap0 = this.alloc(4);
    this.i32[tap0 >> 2] = 0;
    const J4 = Math.ceil(J / 4);
    const wp = this.alloc(J4 * O * 16);
    const f32 = this.f32;
    const w0 = wp >> 2;
    if (J % 4 !== 0) f32.fill(0, w0, w0 + J4 * O * 4);
    for (let o = 0; o < O; o++) {
      for (let c = 0; c < C; c++) {
        const src = (o * C + c) * nT;
        for (let t = 0; t < nT; t++) {
          const j = t * C + c;
          f32[w0 + ((j >> 2) * O + o) * 4 + (j & 3)] = w[src + t]!;
        }
      }
    }
    const zeroBias = this.biasIn(null, J4 * 4);
    const tp = this.alloc(n * J4 * 4 * outH * outWp * 4);
    this.run("conv", [din.ptr, din.imgBytes, din.planeBytes, din.rowBytes, tap0, 1, O, wp, zeroBias, tp, J4, outH, outWp, n, 0]);
    const bp = this.biasIn(bias, C);
    const xp = this.alloc(n * C * inH * inW * 4);
    this.run("col2im", [tp, J4 * 4, outH, outW, outWp, C, kH, kW, xp, inH, inW, sH, sW, padH, padW, dilH, dilW, bp, bias !== null ? 1 : 0, n]);
    this.copyOut(xp, dx, n, C, C, inH, inW, inW);
  }

  /**
   * dw (and db) of a conv that `usesWinograd`, by F(tile x tile, 3x3), as the adjoint of its forward transform:
   * dU[pos][o][c] = sum over tiles of (A dY A^T)[pos] (B^T d B)[pos], then dw[o][c] = G^T dU G.
   */
  private winogradWeightGrad(g: Conv2dGeometry, x: Float32Array, dy: Operand, dw: Float32Array, db: Float32Array | null, tile: 2 | 4): boolean {
    const { n, inC: C, inH, inW, outC: O, outH, outW, padH, padW } = g;
    this.reset();
    const tH = Math.ceil(outH / tile);
    const tWp = ceilTo(Math.ceil(outW / tile), 4);
    const O4 = Math.ceil(O / 4);
    const C2 = C + (C & 1);
    const positions = (tile + 2) * (tile + 2);
    const xin = this.prepare(x, n, C, inH, inW, C, padH, padW, 1, 1, tile * tH + 2, tile * tWp + tile);
    const din = this.prepare(dy, n, O, outH, outW, O4 * 4, 0, 0, 1, 1, tile * tH, tile * tWp);
    // Slabs of about WINO_DW_SLAB (WINO4_DW_SLAB) tiles (whole tile rows of one image): each slab's transformed
    // tiles are summed into dU while they are still in cache, and the scratch stays small.
    const rowsPerSlab = Math.min(tH, Math.max(1, Math.round((tile === 4 ? WINO4_DW_SLAB : WINO_DW_SLAB) / tWp)));
    const S = rowsPerSlab * tWp;
    // positions a cache line apart more (`winoSlabPosBytes`); + a row: winoDw's read of a missing odd channel
    const V = this.alloc(positions * (C * S * 4 + 64) + S * 4);
    const dM = this.alloc(positions * (O4 * 4 * S * 4 + 64));
    // positions a cache line apart more (`winoDUPosBytes`)
    const dUBytes = positions * (O4 * 4 * C2 * 4 + 64);
    const dU = this.alloc(dUBytes);
    this.f32.fill(0, dU >> 2, (dU + dUBytes) >> 2);
    for (let b = 0; b < n; b++) {
      for (let th0 = 0; th0 < tH; th0 += rowsPerSlab) {
        const rows = Math.min(rowsPerSlab, tH - th0);
        const Ts = rows * tWp; // a multiple of 4, as tWp is
        const xs = xin.ptr + b * xin.imgBytes + tile * th0 * xin.rowBytes;
        this.run(tile === 4 ? "winoIn4" : "winoIn", [xs, xin.imgBytes, xin.planeBytes, xin.rowBytes, C, 1, rows, tWp, V, Ts]);
        const ds = din.ptr + b * din.imgBytes + tile * th0 * din.rowBytes;
        this.run(tile === 4 ? "winoDyIn4" : "winoDyIn", [ds, din.imgBytes, din.planeBytes, din.rowBytes, O4, 1, rows, tWp, dM, Ts]);
        this.run("winoDw", [dM, V, dU, C, C2, O4, Ts, WINO_DW_CHUNK, positions]);
      }
    }
    const dwp = this.alloc(O * C * 9 * 4);
    const flag = this.flagWord();
    this.run(tile === 4 ? "winoDwOut4" : "winoDwOut", [dU, dwp, O, O4, C, C2, flag]);
    if (this.metNonFinite(flag)) return false;
    dw.set(this.f32.subarray(dwp >> 2, (dwp >> 2) + O * C * 9));
    if (db !== null) {
      const out = this.alloc(O4 * 16);
      this.run("channelSum", [din.ptr, n, O4 * 4, tile * tH * tile * tWp, out]);
      db.set(this.f32.subarray(out >> 2, (out >> 2) + O));
    }
    return true;
  }

  /** dw (and db from dy when given) for conv geometry g. */
  private convBackwardWeight(g: Conv2dGeometry, x: Float32Array, dy: Operand, dw: Float32Array, db: Float32Array | null): void {
    const use = this.winogradNow();
    if (usesWinograd(g, use) && this.winogradWeightGrad(g, x, dy, dw, db, winogradTile(g, use) === 4 ? 4 : 2)) return;
    const { n, inC: C, inH, inW, outC: O, outH, outW, kH, kW, strideH: sH, strideW: sW, padH, padW, dilH, dilW } = g;
    this.reset();
    const nT = kH * kW;
    const C2 = C + (C & 1);
    const O4 = Math.ceil(O / 4);
    const dyW = ceilTo(outW, 4);
    const Hq = outH + Math.floor(((kH - 1) * dilH) / sH);
    const Wq = dyW + Math.floor(((kW - 1) * dilW) / sW);
    const xin = this.prepare(x, n, C, inH, inW, C2, padH, padW, sH, sW, Hq, Wq);
    const taps = this.tapTable(kH, kW, dilH, dilW, sH, sW, xin);
    const din = this.prepare(dy, n, O, outH, outW, O4 * 4, 0, 0, 1, 1, outH, dyW);
    const dwp = this.alloc(O4 * 4 * C2 * nT * 4);
    const d0 = dwp >> 2;
    this.f32.fill(0, d0, d0 + O4 * 4 * C2 * nT);
    const rowChunk = Math.max(1, Math.floor(512 / dyW));
    this.run("convDw", [xin.ptr, xin.imgBytes, xin.planeBytes, xin.rowBytes, taps, nT, C2, din.ptr, O4, outH, outW, dyW, n, dwp, rowChunk]);
    if (C2 === C) {
      this.copyOut(dwp, dw, 1, O, O4 * 4, 1, C * nT, C * nT);
    } else {
      // per output channel C * nT floats, stored with a stride of C2 * nT
      const f32 = this.f32;
      for (let o = 0; o < O; o++) for (let i = 0; i < C * nT; i++) dw[o * C * nT + i] = f32[d0 + o * C2 * nT + i]!;
    }
    if (db !== null) {
      const out = this.alloc(O4 * 16);
      this.run("channelSum", [din.ptr, n, O4 * 4, outH * dyW, out]);
      db.set(this.f32.subarray(out >> 2, (out >> 2) + O));
    }
  }

  /** Per-channel sum of dy (n, C, H, W) into db. */
  private channelSums(dy: Float32Array, n: number, C: number, plane: number, db: Float32Array): void {
    this.reset();
    if (plane % 4 === 0) {
      const raw = this.copyIn(dy);
      const out = this.alloc(C * 4);
      this.run("channelSum", [raw, n, C, plane, out]);
      db.set(this.f32.subarray(out >> 2, (out >> 2) + C));
      return;
    }
    for (let c = 0; c < C; c++) {
      let s = 0;
      for (let b = 0; b < n; b++) {
        const o = (b * C + c) * plane;
        for (let i = 0; i < plane; i++) s += dy[o + i]!;
      }
      db[c] = s;
    }
  }

  // ---- matmul ----------------------------------------------------------------------------------

  /**
   * c[i] = op(a) · op(b) + bias for a MatmulProblem: every distinct operand matrix is packed once (in
   * WebAssembly, split over the threads; transposed operands packed from where they lie), then the
   * 4 x 8-tile kernel runs on (matrix, row block, column block) units split over the threads, into a
   * padded C (rows a multiple of 4, columns of 8) copied out row by row.
   */
  private gemmF32(p: MatmulProblem, a: Float32Array, b: Float32Array, bias: Float32Array | null, c: Float32Array, relu: boolean): void {
    this.reset();
    const aIn = this.copyIn(a);
    const bIn = b === a ? aIn : this.copyIn(b);
    const product = this.gemmAt(p, aIn, a.length, bIn, b.length, bias, this.productTarget(p, c));
    if (relu) this.run("reluFwd", [product.cp, product.cp, p.batch * product.MP * product.NP]);
    this.copyOutProduct(p, product, c);
  }

  /**
   * The product of problem p on operands already in WebAssembly memory (aLength and bLength floats at aIn and bIn):
   * returns where C is, `batch` matrices of MP x NP floats (rows padded to a multiple of 4, columns of 8).
   */
  private gemmAt(
    p: MatmulProblem,
    aIn: number,
    aLength: number,
    bIn: number,
    bLength: number,
    bias: Float32Array | null,
    into: number | null = null,
  ): PaddedProduct {
    const { batch, m, n, k, transA, transB } = p;
    const l = p.layout;
    if (l === undefined) return this.gemmInMemory(p, aIn, aLength / (m * k), bIn, bLength / (k * n), bias, into);
    const MP = ceilTo(m, 4);
    const NP = ceilTo(n, 8);
    const a = this.packDistinct(aIn, l.aOffsets, batch, m, k, transA ? 1 : l.aRowStride, transA ? l.aRowStride : 1, 4);
    const b = this.packDistinct(bIn, l.bOffsets, batch, n, k, transB ? l.bRowStride : 1, transB ? 1 : l.bRowStride, 8);
    const cp = this.gemmPacked(batch, a.slots, a.at, MP * k * 4, b.slots, b.at, NP * k * 4, MP, NP, k, bias);
    return { cp, MP, NP };
  }

  /**
   * Copies problem p's products out of WebAssembly memory into c: each matrix's m rows of n floats, to where p's
   * layout puts them (one after another without one).
   */
  /**
   * Where the kernel may write problem p's C itself: the block of a resident c when C needs no padding there (rows a
   * multiple of 4, columns of 8, no layout), so nothing is copied after; else null.
   */
  private productTarget(p: MatmulProblem, c: Float32Array): number | null {
    if (p.layout !== undefined || p.m % 4 !== 0 || p.n % 8 !== 0) return null;
    const block = this.blockOf(c);
    return block === undefined || block.length !== p.batch * p.m * p.n ? null : block.at;
  }

  private copyOutProduct(p: MatmulProblem, { cp, MP, NP }: PaddedProduct, c: Float32Array): void {
    const { batch, m, n } = p;
    const l = p.layout;
    if (l === undefined) {
      this.copyOut(cp, c, batch, m, MP, 1, n, NP);
      return;
    }
    const t0 = this.trace === null ? 0 : performance.now();
    const ldc = l.cRowStride;
    const resident = this.blockOf(c);
    if (resident !== undefined) {
      // a resident tensor's block (attention heads into their columns): rows moved by the threads
      const table = this.alloc(batch * 4);
      this.i32.set(l.cOffsets.subarray(0, batch), table >> 2);
      this.run("placeRows", [cp, MP * NP * 4, NP, resident.at, ldc, table, batch, m, n]);
      this.trace?.("copy out", performance.now() - t0);
      return;
    }
    const f32 = this.f32;
    for (let i = 0; i < batch; i++) {
      let s = (cp >> 2) + i * MP * NP;
      let d = l.cOffsets[i]!;
      if (ldc === n && NP === n) {
        // the product's rows are one run on both sides (attention's scores): one copy
        c.set(f32.subarray(s, s + m * n), d);
        continue;
      }
      // element loops: a `subarray` view per row would make ~4,000 garbage objects per call
      for (let r = 0; r < m; r++, s += NP, d += ldc) for (let j = 0; j < n; j++) c[d + j] = f32[s + j]!;
    }
    this.trace?.("copy out", performance.now() - t0);
  }

  /**
   * Packs the distinct matrices among `batch` offsets (floats from `src`) into panels of P, in one `gemmPack` call
   * reading each from its offset: returns where they are and each product's slot.
   */
  private packDistinct(
    src: number,
    offsets: Int32Array,
    batch: number,
    rows: number,
    depth: number,
    rs: number,
    ks: number,
    P: 4 | 8,
  ): { readonly at: number; readonly slots: Int32Array } {
    const slots = new Int32Array(batch);
    const distinct: number[] = [];
    const slotOf = new Map<number, number>();
    for (let i = 0; i < batch; i++) {
      const o = offsets[i]!;
      let slot = slotOf.get(o);
      if (slot === undefined) {
        slot = distinct.length;
        distinct.push(o);
        slotOf.set(o, slot);
      }
      slots[i] = slot;
    }
    const matBytes = ceilTo(rows, P) * depth * 4;
    const at = this.alloc(distinct.length * matBytes);
    const table = this.alloc(distinct.length * 4);
    this.i32.set(distinct, table >> 2);
    this.run("gemmPack", [src, distinct.length, 0, rows, depth, rs, ks, P, at, table]);
    return { at, slots };
  }

  /**
   * `gemmF32`'s work on operands already in WebAssembly memory (nA matrices at aIn, nB at bIn, laid out as p says):
   * returns where C is, `batch` matrices of MP x NP floats (rows padded to a multiple of 4, columns of 8).
   */
  private gemmInMemory(
    p: MatmulProblem,
    aIn: number,
    nA: number,
    bIn: number,
    nB: number,
    bias: Float32Array | null,
    into: number | null = null,
  ): PaddedProduct {
    const { batch, m, n, k, transA, transB, aIndex, bIndex } = p;
    const MP = ceilTo(m, 4);
    const NP = ceilTo(n, 8);
    const aMatBytes = MP * k * 4;
    const bMatBytes = NP * k * 4;
    const ap = this.alloc(nA * aMatBytes);
    const bp = this.alloc(nB * bMatBytes);
    // op(A)[r][kk] is a[r * k + kk] (stored m x k) or a[kk * m + r] (stored k x m); B's panels pack op(B)ᵀ.
    this.run("gemmPack", [aIn, nA, m * k, m, k, transA ? 1 : k, transA ? m : 1, 4, ap, 0]);
    this.run("gemmPack", [bIn, nB, k * n, n, k, transB ? k : 1, transB ? 1 : n, 8, bp, 0]);
    const cp = this.gemmPacked(batch, aIndex, ap, aMatBytes, bIndex, bp, bMatBytes, MP, NP, k, bias, MP === m && NP === n ? into : null);
    return { cp, MP, NP };
  }

  /** The 4 x 8-tile kernel over packed operands: product i multiplies packed matrices aIndex[i] and bIndex[i] (null: i). */
  private gemmPacked(
    batch: number,
    aIndex: Int32Array | null,
    ap: number,
    aMatBytes: number,
    bIndex: Int32Array | null,
    bp: number,
    bMatBytes: number,
    MP: number,
    NP: number,
    k: number,
    bias: Float32Array | null,
    into: number | null = null,
  ): number {
    const table = this.alloc(batch * 8);
    const t0 = table >> 2;
    for (let i = 0; i < batch; i++) {
      this.i32[t0 + 2 * i] = aIndex === null ? i : aIndex[i]!;
      this.i32[t0 + 2 * i + 1] = bIndex === null ? i : bIndex[i]!;
    }
    const bz = this.biasIn(bias, NP);
    const cp = into ?? this.alloc(batch * MP * NP * 4);
    // Enough units for every thread to take several (chunks are claimed first-come).
    let mc = GEMM_MC;
    let nc = GEMM_NC;
    const units = (): number => batch * Math.ceil(MP / mc) * Math.ceil(NP / nc);
    while (this.threads > 1 && units() < 4 * this.threads && (nc > 64 || mc > 32)) {
      if (nc > 64 && nc >= 4 * mc) nc >>= 1;
      else if (mc > 32) mc >>= 1;
      else nc >>= 1;
    }
    this.run("gemm", [ap, aMatBytes, bp, bMatBytes, table, batch, MP, NP, k, cp, NP, bz, mc, nc, GEMM_KC]);
    return cp;
  }

  // ---- KernelBackend ----------------------------------------------------------------------------

  /** Whether conv2d's forward and data gradient take a Winograd path for g now. */
  winogradFor(g: Conv2dGeometry): boolean {
    return winogradTile(g, this.winogradNow()) !== 0;
  }

  /** Calls inside `directConvs` (nested or not) take no Winograd path. */
  private directDepth = 0;

  private winogradNow(): WinogradUse {
    return this.directDepth > 0 ? "never" : this.winogradUse;
  }

  directConvs<T>(fn: () => T): T {
    this.directDepth++;
    try {
      return fn();
    } finally {
      this.directDepth--;
    }
  }

  matmul(p: MatmulProblem, a: FloatArray, b: FloatArray, bias: FloatArray | null, c: FloatArray, relu = false): void {
    if (!(a instanceof Float32Array && b instanceof Float32Array && c instanceof Float32Array) || bias instanceof Float64Array || p.k === 0) {
      jsMatmul(p, a, b, bias, c, relu);
      return;
    }
    if (c.length === 0) return;
    this.gemmF32(p, a, b, bias, c, relu);
  }

  linearBackward(
    rows: number,
    inF: number,
    outF: number,
    x: FloatArray,
    w: FloatArray,
    gy: FloatArray,
    reluY: FloatArray | null,
    dx: FloatArray | null,
    dw: FloatArray | null,
    db: FloatArray | null,
  ): boolean {
    if (!(x instanceof Float32Array && w instanceof Float32Array && gy instanceof Float32Array)) return false;
    if (!(float32OrNull(reluY) && float32OrNull(dx) && float32OrNull(dw) && float32OrNull(db))) return false;
    if (rows === 0 || inF === 0 || outF === 0) return false;
    this.reset();
    const gIn = this.copyIn(gy);
    // relu's mask into scratch: gy may be a resident tensor's block, which no kernel writes
    const g = reluY === null ? gIn : this.alloc(gy.length * 4);
    if (reluY !== null) this.run("reluBwd", [this.copyIn(reluY), gIn, g, gy.length]);
    if (dx !== null) {
      const p: MatmulProblem = { batch: 1, m: rows, n: inF, k: outF, transA: false, transB: false, aIndex: null, bIndex: null };
      this.copyOutProduct(p, this.gemmAt(p, g, gy.length, this.copyIn(w), w.length, null, this.productTarget(p, dx)), dx);
    }
    if (dw !== null) {
      const p: MatmulProblem = { batch: 1, m: outF, n: inF, k: rows, transA: true, transB: false, aIndex: null, bIndex: null };
      this.copyOutProduct(p, this.gemmAt(p, g, gy.length, this.copyIn(x), x.length, null, this.productTarget(p, dw)), dw);
    }
    if (db !== null) {
      const dbAt = this.alloc(outF * 4);
      this.run("addRowsF32", [g, rows, outF, dbAt]);
      this.copyOut(dbAt, db, 1, 1, 1, 1, outF, outF);
    }
    return true;
  }

  attentionForward(
    qk: MatmulProblem,
    pv: MatmulProblem,
    q: FloatArray,
    k: FloatArray,
    v: FloatArray,
    scale: number,
    maskScaled: ((scores: Float32Array) => void) | null,
    probs: FloatArray,
    out: FloatArray,
  ): boolean {
    if (!(q instanceof Float32Array && k instanceof Float32Array && v instanceof Float32Array)) return false;
    if (!(probs instanceof Float32Array && out instanceof Float32Array) || !scoresInPlace(qk) || empty(pv)) return false;
    this.reset();
    const [qIn, kIn, vIn] = this.copyInDistinct([q, k, v]);
    const scores = this.gemmAt(qk, qIn, q.length, kIn, k.length, null).cp;
    this.scaleInPlace(scores, probs.length, scale);
    maskScaled?.(this.f32.subarray(scores >> 2, (scores >> 2) + probs.length));
    this.safeSoftmaxInPlace(scores, qk.batch * qk.m, qk.n);
    this.copyOut(scores, probs, 1, 1, 1, 1, probs.length, probs.length);
    this.copyOutProduct(pv, this.gemmAt(pv, scores, probs.length, vIn, v.length, null), out);
    return true;
  }

  attentionBackward(
    p: AttentionBackwardProblems,
    q: FloatArray,
    k: FloatArray,
    v: FloatArray,
    probs: FloatArray,
    gy: FloatArray,
    scale: number,
    dq: FloatArray | null,
    dk: FloatArray | null,
    dv: FloatArray | null,
  ): boolean {
    if (!(q instanceof Float32Array && k instanceof Float32Array && v instanceof Float32Array)) return false;
    if (!(probs instanceof Float32Array && gy instanceof Float32Array)) return false;
    if (!(float32OrNull(dq) && float32OrNull(dk) && float32OrNull(dv))) return false;
    if (p.dp !== null && !scoresInPlace(p.dp)) return false;
    if ([p.dv, p.dq, p.dk].some((problem) => problem !== null && empty(problem))) return false;
    this.reset();
    const [qIn, kIn, vIn, pIn, gIn] = this.copyInDistinct([q, k, v, probs, gy]);
    if (p.dv !== null && dv !== null) this.copyOutProduct(p.dv, this.gemmAt(p.dv, pIn, probs.length, gIn, gy.length, null), dv);
    if (p.dp === null) return true;
    // dP, then dS = softmax's gradient (over dP), scaled: the operand of both remaining products
    const ds = this.gemmAt(p.dp, gIn, gy.length, vIn, v.length, null).cp;
    this.run("softmaxRowsBwd", [pIn, ds, ds, p.dp.batch * p.dp.m, p.dp.n]);
    this.scaleInPlace(ds, probs.length, scale);
    if (p.dq !== null && dq !== null) this.copyOutProduct(p.dq, this.gemmAt(p.dq, ds, probs.length, kIn, k.length, null), dq);
    if (p.dk !== null && dk !== null) this.copyOutProduct(p.dk, this.gemmAt(p.dk, ds, probs.length, qIn, q.length, null), dk);
    return true;
  }

  /** Copies each array in once (an array given twice, like a packed projection's q, k and v, shares one copy). */
  private copyInDistinct(arrays: readonly Float32Array[]): number[] {
    const at: number[] = [];
    for (let i = 0; i < arrays.length; i++) {
      const first = arrays.indexOf(arrays[i]!);
      at.push(first < i ? at[first]! : this.copyIn(arrays[i]!));
    }
    return at;
  }

  /** x ← x · scale over n floats at byte address at, on the threads, rounded as the JS ops round (the product in f64). */
  private scaleInPlace(at: number, n: number, scale: number): void {
    this.run("scaleF32", [at, at, n, this.f64Argument(scale)]);
  }

  /** Where a kernel reads an f64 argument (`value` stored in scratch): kernel arguments travel as i32, so by address. */
  private f64Argument(value: number): number {
    const at = this.alloc(8);
    new Float64Array(this.memory.buffer, at, 1)[0] = value;
    return at;
  }

  /**
   * Softmax of `rows` rows of n floats in place, as the attention op's own (PyTorch's `_safe_softmax`): a row whose
   * every score is -inf is 0, not NaN.
   */
  private safeSoftmaxInPlace(at: number, rows: number, n: number): void {
    const blocked = blockedRows(this.f32, at >> 2, rows, n);
    this.run("softmaxRows", [at, at, rows, n]);
    for (const o of blocked) this.f32.fill(0, o, o + n);
  }

  conv2dForward(g: Conv2dGeometry, x: FloatArray, w: FloatArray, bias: FloatArray | null, y: FloatArray, relu = false): void {
    if (!(x instanceof Float32Array && w instanceof Float32Array && y instanceof Float32Array) || bias instanceof Float64Array) {
      this.fallback.conv2dForward(g, x, w, bias, y, relu);
      return;
    }
    this.convForward(g, x, w, bias, y, relu);
  }

  conv2dBackwardData(g: Conv2dGeometry, dy: FloatArray, w: FloatArray, dx: FloatArray): void {
    if (!(dy instanceof Float32Array && w instanceof Float32Array && dx instanceof Float32Array)) {
      this.fallback.conv2dBackwardData(g, dy, w, dx);
      return;
    }
    this.convBackwardData(g, dy, w, null, dx);
  }

  conv2dBackwardWeight(g: Conv2dGeometry, x: FloatArray, dy: FloatArray, dw: FloatArray, db: FloatArray | null): void {
    if (!(x instanceof Float32Array && dy instanceof Float32Array && dw instanceof Float32Array) || db instanceof Float64Array) {
      this.fallback.conv2dBackwardWeight(g, x, dy, dw, db);
      return;
    }
    this.convBackwardWeight(g, x, dy, dw, db);
  }

  conv2dBackward(
    g: Conv2dGeometry,
    x: FloatArray,
    w: FloatArray,
    dy: FloatArray,
    reluY: FloatArray | null,
    dx: FloatArray | null,
    dw: FloatArray | null,
    db: FloatArray | null,
  ): boolean {
    if (!(x instanceof Float32Array && w instanceof Float32Array && dy instanceof Float32Array)) return false;
    if (!(float32OrNull(reluY) && float32OrNull(dx) && float32OrNull(dw) && float32OrNull(db))) return false;
    if (g.n === 0 || (dx === null && dw === null)) return false;
    this.reset();
    const dyIn = this.copyIn(dy);
    // relu's mask into scratch: dy may be a resident tensor's block, which no kernel writes
    const at = reluY === null ? dyIn : this.alloc(dy.length * 4);
    if (reluY !== null) this.run("reluBwd", [this.copyIn(reluY), dyIn, at, dy.length]);
    const grad = { at, length: dy.length };
    this.keepingArena(() => {
      if (dx !== null) this.convBackwardData(g, grad, w, null, dx);
      if (dw !== null) this.convBackwardWeight(g, x, grad, dw, db);
    });
    return true;
  }

  convTranspose2dForward(g: ConvTranspose2dGeometry, x: FloatArray, w: FloatArray, bias: FloatArray | null, y: FloatArray): void {
    if (!(x instanceof Float32Array && w instanceof Float32Array && y instanceof Float32Array) || bias instanceof Float64Array) {
      this.fallback.convTranspose2dForward(g, x, w, bias, y);
      return;
    }
    this.convBackwardData(asConv(g), x, w, bias, y);
  }

  convTranspose2dBackwardData(g: ConvTranspose2dGeometry, dy: FloatArray, w: FloatArray, dx: FloatArray): void {
    if (!(dy instanceof Float32Array && w instanceof Float32Array && dx instanceof Float32Array)) {
      this.fallback.convTranspose2dBackwardData(g, dy, w, dx);
      return;
    }
    this.convForward(asConv(g), dy, w, null, dx);
  }

  convTranspose2dBackwardWeight(g: ConvTranspose2dGeometry, x: FloatArray, dy: FloatArray, dw: FloatArray, db: FloatArray | null): void {
    if (!(x instanceof Float32Array && dy instanceof Float32Array && dw instanceof Float32Array) || db instanceof Float64Array) {
      this.fallback.convTranspose2dBackwardWeight(g, x, dy, dw, db);
      return;
    }
    // The conv whose data gradient this is has input dy and output gradient x.
    this.convBackwardWeight(asConv(g), dy, x, dw, null);
    if (db !== null) this.channelSums(dy, g.n, g.outC, g.outH * g.outW, db);
  }

  maxPool2dForward(g: Pool2dGeometry, x: FloatArray, y: FloatArray, indices: Int32Array): void {
    if (!(x instanceof Float32Array && y instanceof Float32Array)) {
      this.fallback.maxPool2dForward(g, x, y, indices);
      return;
    }
    this.reset();
    const planes = g.n * g.c;
    const xp = this.copyIn(x);
    const outLen = planes * g.outH * g.outW;
    const yp = this.outputAt(y);
    const ip = this.alloc(outLen * 4);
    this.run("maxPoolFwd", [xp, yp, ip, planes, g.inH, g.inW, g.outH, g.outW, g.kH, g.kW, g.strideH, g.strideW, g.padH, g.padW, g.dilH, g.dilW]);
    this.copyOut(yp, y, 1, 1, 1, 1, outLen, outLen);
    indices.set(this.i32.subarray(ip >> 2, (ip >> 2) + outLen));
  }

  maxPool2dBackward(g: Pool2dGeometry, dy: FloatArray, indices: Int32Array, dx: FloatArray): void {
    if (!(dy instanceof Float32Array && dx instanceof Float32Array)) {
      this.fallback.maxPool2dBackward(g, dy, indices, dx);
      return;
    }
    this.reset();
    const planes = g.n * g.c;
    const dyp = this.copyIn(dy);
    const ip = this.alloc(indices.length * 4);
    this.i32.set(indices, ip >> 2);
    const inPlane = g.inH * g.inW;
    const dxp = this.outputAt(dx);
    this.run("maxPoolBwd", [dyp, ip, dxp, planes, inPlane, g.outH * g.outW]);
    this.copyOut(dxp, dx, 1, 1, 1, 1, planes * inPlane, planes * inPlane);
  }

  adamStep(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, k: AdamStepConstants): void {
    if (p.length === 0) return;
    this.reset();
    const [pIn, gIn, mIn, vIn] = this.copyInDistinct([p, g, m, v]);
    const h = this.alloc(64);
    new Float64Array(this.memory.buffer, h, 8).set([k.keep, k.l2, k.beta1, k.c1, k.beta2, k.c2, k.stepScaled, k.epsScaled]);
    this.run("adamF32", [pIn!, gIn!, mIn!, vIn!, p.length, h]);
    this.copyOut(pIn!, p, 1, 1, 1, 1, p.length, p.length);
    this.copyOut(mIn!, m, 1, 1, 1, 1, m.length, m.length);
    this.copyOut(vIn!, v, 1, 1, 1, 1, v.length, v.length);
  }

  squaredDifferenceSum(p: Float32Array, t: Float32Array): number {
    this.reset();
    const [pIn, tIn] = this.copyInDistinct([p, t]);
    const blocks = Math.ceil(p.length / SQUARED_DIFFERENCE_BLOCK);
    const partials = this.alloc(blocks * 8);
    this.run("squaredDiffSums", [pIn, tIn, p.length, SQUARED_DIFFERENCE_BLOCK, partials]);
    const sums = new Float64Array(this.memory.buffer, partials, blocks);
    let sum = 0;
    for (let b = 0; b < blocks; b++) sum += sums[b]!;
    return sum;
  }

  scaledDifference(p: Float32Array, t: Float32Array, g: Float32Array | null, scale: number, out: Float32Array): void {
    this.reset();
    const [pIn, tIn, gIn] = this.copyInDistinct(g === null ? [p, t] : [p, t, g]);
    const scaleAt = this.f64Argument(scale);
    const at = this.outputAt(out);
    this.run("scaledDiffF32", [pIn, tIn, gIn ?? 0, scaleAt, at, out.length]);
    this.copyOut(at, out, 1, 1, 1, 1, out.length, out.length);
  }

  addArrays(a: Float32Array, b: Float32Array, out: Float32Array): void {
    this.reset();
    const [aIn, bIn] = this.copyInDistinct([a, b]);
    const at = this.outputAt(out);
    this.run("addF32", [aIn, bIn, at, out.length]);
    this.copyOut(at, out, 1, 1, 1, 1, out.length, out.length);
  }

  reluForward(x: FloatArray, y: FloatArray): void {
    if (!(x instanceof Float32Array && y instanceof Float32Array)) {
      this.fallback.reluForward(x, y);
      return;
    }
    this.reset();
    const xp = this.copyIn(x);
    const yp = this.outputAt(y);
    this.run("reluFwd", [xp, yp, x.length]);
    this.copyOut(yp, y, 1, 1, 1, 1, x.length, x.length);
  }

  reluBackward(y: FloatArray, dy: FloatArray, dx: FloatArray): void {
    if (!(y instanceof Float32Array && dy instanceof Float32Array && dx instanceof Float32Array)) {
      this.fallback.reluBackward(y, dy, dx);
      return;
    }
    this.reset();
    const yp = this.copyIn(y);
    const dyp = this.copyIn(dy);
    const dxp = this.outputAt(dx);
    this.run("reluBwd", [yp, dyp, dxp, y.length]);
    this.copyOut(dxp, dx, 1, 1, 1, 1, y.length, y.length);
  }

  // ---- rows of the last axis: softmax, layer norm ------------------------------------------------

  softmaxRows(rows: number, n: number, x: Float32Array, y: Float32Array): void {
    if (y.length === 0) return;
    this.reset();
    const xp = this.copyIn(x);
    const yp = this.outputAt(y);
    this.run("softmaxRows", [xp, yp, rows, n]);
    this.copyOut(yp, y, 1, 1, 1, 1, y.length, y.length);
  }

  softmaxRowsBackward(rows: number, n: number, y: Float32Array, gy: Float32Array, dx: Float32Array): void {
    if (dx.length === 0) return;
    this.reset();
    const yp = this.copyIn(y);
    const gp = this.copyIn(gy);
    const dp = this.outputAt(dx);
    this.run("softmaxRowsBwd", [yp, gp, dp, rows, n]);
    this.copyOut(dp, dx, 1, 1, 1, 1, dx.length, dx.length);
  }

  layerNormRows(
    rows: number,
    n: number,
    eps: number,
    x: Float32Array,
    weight: Float32Array | null,
    bias: Float32Array | null,
    y: Float32Array,
    mean: Float64Array,
    rstd: Float64Array,
  ): void {
    if (rows === 0) return; // (rows of n = 0 run: their mean and rstd are NaN, as on the JS path)
    this.reset();
    const xp = this.copyIn(x);
    const wp = this.weightIn(weight, n);
    const bp = this.biasIn(bias, n);
    const mp = this.alloc(rows * 8);
    const rp = this.alloc(rows * 8);
    const ep = this.f64Argument(eps);
    const yp = this.outputAt(y);
    this.run("layerNormRows", [xp, wp, bp, yp, mp, rp, ep, rows, n]);
    this.copyOut(yp, y, 1, 1, 1, 1, y.length, y.length);
    mean.set(new Float64Array(this.memory.buffer, mp, rows));
    rstd.set(new Float64Array(this.memory.buffer, rp, rows));
  }

  layerNormRowsBackward(
    rows: number,
    n: number,
    x: Float32Array,
    weight: Float32Array | null,
    mean: Float64Array,
    rstd: Float64Array,
    gy: Float32Array,
    dx: Float32Array | null,
    dWeight: Float32Array | null,
    dBias: Float32Array | null,
  ): void {
    if (rows * n === 0) {
      dWeight?.fill(0);
      dBias?.fill(0);
      return;
    }
    this.reset();
    const xp = this.copyIn(x);
    const gp = this.copyIn(gy);
    const mp = this.alloc(rows * 8);
    new Float64Array(this.memory.buffer, mp, rows).set(mean);
    const rp = this.alloc(rows * 8);
    new Float64Array(this.memory.buffer, rp, rows).set(rstd);
    if (dWeight !== null || dBias !== null) {
      const dwp = this.alloc(n * 4);
      const dbp = this.alloc(n * 4);
      this.run("layerNormParamsBwd", [xp, gp, mp, rp, dwp, dbp, rows, n]);
      if (dWeight !== null) this.copyOut(dwp, dWeight, 1, 1, 1, 1, n, n);
      if (dBias !== null) this.copyOut(dbp, dBias, 1, 1, 1, 1, n, n);
    }
    if (dx !== null) {
      const wp = this.weightIn(weight, n);
      const dxp = this.outputAt(dx);
      this.run("layerNormRowsBwd", [xp, gp, wp, mp, rp, dxp, rows, n]);
      this.copyOut(dxp, dx, 1, 1, 1, 1, dx.length, dx.length);
    }
  }

  /** A layer norm's weight (or ones without one), n floats. */
  private weightIn(weight: Float32Array | null, n: number): number {
    if (weight !== null) return this.copyIn(weight);
    const at = this.alloc(n * 4);
    this.f32.fill(1, at >> 2, (at >> 2) + n);
    return at;
  }
}
