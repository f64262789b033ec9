// WebAssembly SIMD kernels for shapeproof (AssemblyScript, compiled by scripts/build-wasm.ts).
//
// Everything works on raw byte addresses inside one (shared) linear memory owned by the
// JavaScript side (src/wasm/backend.ts); nothing here allocates and there is no static data,
// so every worker can instantiate the module over the same memory.
//
// Every exported kernel takes (part, nparts) last: it does the part-th of nparts equal slices of
// its work, so the main thread and the workers run the same function on disjoint outputs.
//
// Image buffers prepared by `pad` use a "phase" layout so that any stride becomes unit-stride:
//   dst[b][c][ph][pw][qi][qj] = padded(b, c, qi * sH + ph, qj * sW + pw)
// where padded(r, s) = src[r - top][s - left] inside the source and 0 outside. A conv tap
// (kh, kw) of output pixel (oh, ow) then reads phase ((kh*dH) % sH, (kw*dW) % sW) at
// (oh + (kh*dH) / sH, ow + (kw*dW) / sW): the caller precomputes one byte offset per tap.

/**
 * a * b + c on f32x4. Built twice (scripts/build-wasm.ts): with relaxed SIMD it is `f32x4.relaxed_madd`, which
 * engines with FMA fuse (one rounding instead of two; the result may differ from the unfused one in the last
 * bit, which relaxed SIMD allows); without it, a multiply then an add.
 */
@inline
function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return v128.relaxed_madd<f32>(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

@inline
function sliceStart(total: i32, part: i32, nparts: i32): i32 {
  return <i32>((<i64>total * <i64>part) / <i64>nparts);
}

/**
 * Marks the word at `flag` when a lane of `seen` is not finite. The Winograd kernels add every output into `seen`
 * (one add per vector), which is then NaN or infinite if any output was, so a call whose transforms met a
 * non-finite value, or overflowed, says so and the backend redoes it with the direct kernels (PyTorch's results: a
 * NaN stays where a direct sum puts it). A sum of huge finite outputs may overflow too: that call is redone as well,
 * which costs time, never a result.
 */
@inline function markNonFinite(seen: v128, flag: usize): void {
  const zeroIfFinite = f32x4.sub(seen, seen);
  if (v128.any_true(f32x4.ne(zeroIfFinite, zeroIfFinite))) atomic.store<i32>(flag, 1);
}

/** Zero-padded, phase-split copy of n images (see the header). Rows of dst are split over parts. */
export function pad(
  src: usize, dst: usize, n: i32, srcC: i32, dstC: i32, srcH: i32, srcW: i32,
  top: i32, left: i32, sH: i32, sW: i32, Hq: i32, Wq: i32, part: i32, nparts: i32,
): void {
  if (sW == 2) {
    padPhases2(src, dst, n, srcC, dstC, srcH, srcW, top, left, sH, Hq, Wq, part, nparts);
    return;
  }
  const rows = n * dstC * sH * sW * Hq;
  const r0 = sliceStart(rows, part, nparts);
  const r1 = sliceStart(rows, part + 1, nparts);
  const rowBytes = <usize>Wq << 2;
  for (let r = r0; r < r1; r++) {
    let rest = r;
    const qi = rest % Hq; rest /= Hq;
    const pw = rest % sW; rest /= sW;
    const ph = rest % sH; rest /= sH;
    const c = rest % dstC;
    const b = rest / dstC;
    const d = dst + <usize>r * rowBytes;
    const sr = qi * sH + ph - top;
    if (c >= srcC || sr < 0 || sr >= srcH) {
      memory.fill(d, 0, rowBytes);
      continue;
    }
    const s = src + ((<usize>(b * srcC + c) * <usize>srcH + <usize>sr) * <usize>srcW << 2);
    if (sW == 1) {
      // columns qj with 0 <= qj - left < srcW
      let a = left; if (a < 0) a = 0; if (a > Wq) a = Wq;
      let e = left + srcW; if (e > Wq) e = Wq; if (e < a) e = a;
      if (a > 0) memory.fill(d, 0, <usize>a << 2);
      if (e > a) memory.copy(d + (<usize>a << 2), s + (<usize>(a - left) << 2), <usize>(e - a) << 2);
      if (Wq > e) memory.fill(d + (<usize>e << 2), 0, <usize>(Wq - e) << 2);
    } else {
      for (let qj = 0; qj < Wq; qj++) {
        const sc = qj * sW + pw - left;
        let v: f32 = 0;
        if (sc >= 0 && sc < srcW) v = load<f32>(s + (<usize>sc << 2));
        store<f32>(d + (<usize>qj << 2), v);
      }
    }
  }
}

/**
 * `pad` for sW = 2: each source row read once for both column phases, split by vectors into its even and odd
 * columns (the scalar loop took 1.6 ms at 64 x 128 x 128). Rows (b, c, ph, qi) are split over parts.
 */
function padPhases2(
  src: usize, dst: usize, n: i32, srcC: i32, dstC: i32, srcH: i32, srcW: i32,
  top: i32, left: i32, sH: i32, Hq: i32, Wq: i32, part: i32, nparts: i32,
): void {
  const rows = n * dstC * sH * Hq;
  const r0 = sliceStart(rows, part, nparts);
  const r1 = sliceStart(rows, part + 1, nparts);
  const rowBytes = <usize>Wq << 2;
  const phaseBytes = <usize>Hq * rowBytes;
  // the phase's column qj reads source column 2 qj + pw - left: the vectors cover qj in [q0, q1) for both phases
  let q0 = (left + 1) >> 1;
  if (q0 < 0) q0 = 0;
  let q1 = q0;
  while (q1 + 4 <= Wq && 2 * q1 - left + 8 <= srcW) q1 += 4;
  for (let r = r0; r < r1; r++) {
    let rest = r;
    const qi = rest % Hq; rest /= Hq;
    const ph = rest % sH; rest /= sH;
    const c = rest % dstC;
    const b = rest / dstC;
    const d0 = dst + (<usize>((b * dstC + c) * sH + ph) * 2 * phaseBytes) + <usize>qi * rowBytes;
    const d1 = d0 + phaseBytes;
    const sr = qi * sH + ph - top;
    if (c >= srcC || sr < 0 || sr >= srcH) {
      memory.fill(d0, 0, rowBytes);
      memory.fill(d1, 0, rowBytes);
      continue;
    }
    const s = src + ((<usize>(b * srcC + c) * <usize>srcH + <usize>sr) * <usize>srcW << 2);
    for (let qj = 0; qj < Wq; qj++) {
      if (qj == q0 && q1 > q0) {
        for (; qj < q1; qj += 4) {
          const p = s + (<usize>(2 * qj - left) << 2);
          const u = v128.load(p), v = v128.load(p, 16);
          v128.store(d0 + (<usize>qj << 2), v128.shuffle<f32>(u, v, 0, 2, 4, 6));
          v128.store(d1 + (<usize>qj << 2), v128.shuffle<f32>(u, v, 1, 3, 5, 7));
        }
        if (qj >= Wq) break;
      }
      const sc = 2 * qj - left;
      let v0: f32 = 0, v1: f32 = 0;
      if (sc >= 0 && sc < srcW) v0 = load<f32>(s + (<usize>sc << 2));
      if (sc + 1 >= 0 && sc + 1 < srcW) v1 = load<f32>(s + (<usize>(sc + 1) << 2));
      store<f32>(d0 + (<usize>qj << 2), v0);
      store<f32>(d1 + (<usize>qj << 2), v1);
    }
  }
}

/**
 * Direct convolution over a buffer prepared by `pad`:
 *   y[b][o][oh][ow] = bias[o] + sum over taps t and channels c of w[o][c][t] * x(b, c, oh, ow, t)
 * Weights packed [O4][nTaps][C][4] (4 output channels innermost, read with load32_splat),
 * y laid out [n][O4 * 4][outH][outWp] with outWp a multiple of 8.
 * Tile: 4 output channels x 8 pixels in 8 v128 accumulators; per tap one loop over channels.
 * Output rows (n * outH) are split over parts. With `relu` (1), every output is max(v, 0) as
 * `reluFwd` computes it (NaN stays NaN), applied in the registers before the store.
 */
export function conv(
  xp: usize, imgBytes: usize, planeBytes: usize, rowBytes: usize, taps: usize, nTaps: i32, C: i32,
  wp: usize, bias: usize, y: usize, O4: i32, outH: i32, outWp: i32, n: i32, relu: i32, part: i32, nparts: i32,
): void {
  const rows = n * outH;
  const r0 = sliceStart(rows, part, nparts);
  const r1 = sliceStart(rows, part + 1, nparts);
  const wobBytes = <usize>nTaps * <usize>C << 4;
  const yPlane = <usize>outH * <usize>outWp << 2;
  for (let r = r0; r < r1; r++) {
    const b = r / outH;
    const oh = r - b * outH;
    const xrow = xp + <usize>b * imgBytes + <usize>oh * rowBytes;
    const yrow = y + ((<usize>b * <usize>(O4 << 2) * <usize>outH + <usize>oh) * <usize>outWp << 2);
    for (let ob = 0; ob < O4; ob++) {
      const wob = wp + <usize>ob * wobBytes;
      const bb = bias + (<usize>ob << 4);
      const b0 = v128.load32_splat(bb, 0);
      const b1 = v128.load32_splat(bb, 4);
      const b2 = v128.load32_splat(bb, 8);
      const b3 = v128.load32_splat(bb, 12);
      const y0 = yrow + <usize>(ob << 2) * yPlane;
      for (let ow = 0; ow < outWp; ow += 8) {
        let a00 = b0, a01 = b0, a10 = b1, a11 = b1, a20 = b2, a21 = b2, a30 = b3, a31 = b3;
        let wpt = wob;
        const xpix = xrow + (<usize>ow << 2);
        for (let t = 0; t < nTaps; t++) {
          let xpt = xpix + <usize>load<i32>(taps + (<usize>t << 2));
          for (let c = 0; c < C; c++) {
            const x0 = v128.load(xpt, 0);
            const x1 = v128.load(xpt, 16);
            let wv = v128.load32_splat(wpt, 0);
            a00 = madd(wv, x0, a00);
            a01 = madd(wv, x1, a01);
            wv = v128.load32_splat(wpt, 4);
            a10 = madd(wv, x0, a10);
            a11 = madd(wv, x1, a11);
            wv = v128.load32_splat(wpt, 8);
            a20 = madd(wv, x0, a20);
            a21 = madd(wv, x1, a21);
            wv = v128.load32_splat(wpt, 12);
            a30 = madd(wv, x0, a30);
            a31 = madd(wv, x1, a31);
            xpt += planeBytes;
            wpt += 16;
          }
        }
        if (relu) {
          const zero = f32x4.splat(0);
          a00 = f32x4.max(a00, zero); a01 = f32x4.max(a01, zero); a10 = f32x4.max(a10, zero); a11 = f32x4.max(a11, zero);
          a20 = f32x4.max(a20, zero); a21 = f32x4.max(a21, zero); a30 = f32x4.max(a30, zero); a31 = f32x4.max(a31, zero);
        }
        const yo = y0 + (<usize>ow << 2);
        v128.store(yo, a00, 0);
        v128.store(yo, a01, 16);
        v128.store(yo + yPlane, a10, 0);
        v128.store(yo + yPlane, a11, 16);
        v128.store(yo + 2 * yPlane, a20, 0);
        v128.store(yo + 2 * yPlane, a21, 16);
        v128.store(yo + 3 * yPlane, a30, 0);
        v128.store(yo + 3 * yPlane, a31, 16);
      }
    }
  }
}

@inline
function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

/**
 * Weight gradient, accumulated into dw[O4 * 4][C2][nTaps] (the caller zeroes it):
 *   dw[o][c][t] += sum over b, oh, ow of dy[b][o][oh][ow] * x(b, c, oh, ow, t)
 * x prepared by `pad` with C2 (even) channels; dy laid out [n][O4 * 4][outH][dyW], dyW a multiple
 * of 4 and zero past outW. Tile: 4 output channels x 2 input channels at one tap, 4 pixels per
 * vector; the last partial vector of a row masks x so padding never meets a non-finite input.
 * Units (output block, channel pair) are split over parts; rows are walked in chunks of
 * `rowChunk` so one unit's slice of dy and x stays in L1 across all taps.
 */
export function convDw(
  xp: usize, imgBytes: usize, planeBytes: usize, rowBytes: usize, taps: usize, nTaps: i32, C2: i32,
  dy: usize, O4: i32, outH: i32, outW: i32, dyW: i32, n: i32, dw: usize, rowChunk: i32, part: i32, nparts: i32,
): void {
  const cPairs = C2 >> 1;
  const units = O4 * cPairs;
  const u0 = sliceStart(units, part, nparts);
  const u1 = sliceStart(units, part + 1, nparts);
  if (u0 >= u1) return;
  const dyPlane = <usize>outH * <usize>dyW << 2;
  const dyImg = <usize>(O4 << 2) * dyPlane;
  const nv = outW >> 2;
  const rem = outW & 3;
  const mask = i32x4(rem > 0 ? -1 : 0, rem > 1 ? -1 : 0, rem > 2 ? -1 : 0, 0);
  const rows = n * outH;
  for (let k0 = 0; k0 < rows; k0 += rowChunk) {
    let k1 = k0 + rowChunk; if (k1 > rows) k1 = rows;
    for (let u = u0; u < u1; u++) {
      const ob = u / cPairs;
      const c = (u - ob * cPairs) << 1;
      for (let t = 0; t < nTaps; t++) {
        const toff = <usize>load<i32>(taps + (<usize>t << 2));
        let a00 = f32x4.splat(0), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00;
        for (let r = k0; r < k1; r++) {
          const b = r / outH;
          const oh = r - b * outH;
          let d = dy + <usize>b * dyImg + <usize>(ob << 2) * dyPlane + (<usize>oh * <usize>dyW << 2);
          let xpt = xp + <usize>b * imgBytes + <usize>c * planeBytes + <usize>oh * rowBytes + toff;
          for (let v = 0; v < nv; v++) {
            const x0 = v128.load(xpt);
            const x1 = v128.load(xpt + planeBytes);
            let dv = v128.load(d);
            a00 = madd(dv, x0, a00);
            a01 = madd(dv, x1, a01);
            dv = v128.load(d + dyPlane);
            a10 = madd(dv, x0, a10);
            a11 = madd(dv, x1, a11);
            dv = v128.load(d + 2 * dyPlane);
            a20 = madd(dv, x0, a20);
            a21 = madd(dv, x1, a21);
            dv = v128.load(d + 3 * dyPlane);
            a30 = madd(dv, x0, a30);
            a31 = madd(dv, x1, a31);
            d += 16;
            xpt += 16;
          }
          if (rem > 0) {
            const x0 = v128.and(v128.load(xpt), mask);
            const x1 = v128.and(v128.load(xpt + planeBytes), mask);
            let dv = v128.load(d);
            a00 = madd(dv, x0, a00);
            a01 = madd(dv, x1, a01);
            dv = v128.load(d + dyPlane);
            a10 = madd(dv, x0, a10);
            a11 = madd(dv, x1, a11);
            dv = v128.load(d + 2 * dyPlane);
            a20 = madd(dv, x0, a20);
            a21 = madd(dv, x1, a21);
            dv = v128.load(d + 3 * dyPlane);
            a30 = madd(dv, x0, a30);
            a31 = madd(dv, x1, a31);
          }
        }
        const oStride = <usize>C2 * <usize>nTaps << 2;
        const p = dw + ((<usize>(ob << 2) * <usize>C2 + <usize>c) * <usize>nTaps + <usize>t << 2);
        const tStride = <usize>nTaps << 2;
        store<f32>(p, load<f32>(p) + hsum(a00));
        store<f32>(p + tStride, load<f32>(p + tStride) + hsum(a01));
        store<f32>(p + oStride, load<f32>(p + oStride) + hsum(a10));
        store<f32>(p + oStride + tStride, load<f32>(p + oStride + tStride) + hsum(a11));
        store<f32>(p + 2 * oStride, load<f32>(p + 2 * oStride) + hsum(a20));
        store<f32>(p + 2 * oStride + tStride, load<f32>(p + 2 * oStride + tStride) + hsum(a21));
        store<f32>(p + 3 * oStride, load<f32>(p + 3 * oStride) + hsum(a30));
        store<f32>(p + 3 * oStride + tStride, load<f32>(p + 3 * oStride + tStride) + hsum(a31));
      }
    }
  }
}

/**
 * col2im for the data gradient of a strided conv (= transposed conv forward):
 *   y[b][c][ih * sH - pH + kh * dH][iw * sW - pW + kw * dW] += T[b][(kh * kW + kw) * C + c][ih][iw]
 * with y first set to bias[c] (hasBias) or 0. T is [n][J4][H][Tw]; y is [n][C][outH][outW].
 * Output planes (b, c) are split over parts, so no two parts write the same element.
 */
export function col2im(
  T: usize, J4: i32, H: i32, W: i32, Tw: i32, C: i32, kH: i32, kW: i32,
  y: usize, outH: i32, outW: i32, sH: i32, sW: i32, pH: i32, pW: i32, dH: i32, dW: i32,
  bias: usize, hasBias: i32, n: i32, part: i32, nparts: i32,
): void {
  const planes = n * C;
  const p0 = sliceStart(planes, part, nparts);
  const p1 = sliceStart(planes, part + 1, nparts);
  const yPlane = <usize>outH * <usize>outW;
  const tPlane = <usize>H * <usize>Tw;
  for (let p = p0; p < p1; p++) {
    const b = p / C;
    const c = p - b * C;
    const yp = y + (<usize>p * yPlane << 2);
    const init: f32 = hasBias != 0 ? load<f32>(bias + (<usize>c << 2)) : 0;
    const iv = f32x4.splat(init);
    let i: usize = 0;
    for (; i + 4 <= yPlane; i += 4) v128.store(yp + (i << 2), iv);
    for (; i < yPlane; i++) store<f32>(yp + (i << 2), init);
    if (kH == sH && kW == sW && pH == 0 && pW == 0 && dH == 1 && dW == 1 && H * kH <= outH && W * kW <= outW) {
      // Windows that neither overlap nor fall outside (a k = s transposed conv): each output pixel takes at most
      // one tap, so it is written, not added to; kW = 2 interleaves two taps' rows four inputs at a time.
      col2imTiles(T, J4, H, W, Tw, C, kH, kW, yp, outW, b, c, init);
      continue;
    }
    for (let kh = 0; kh < kH; kh++) {
      for (let kw = 0; kw < kW; kw++) {
        const j = (kh * kW + kw) * C + c;
        const tp = T + ((<usize>b * <usize>J4 + <usize>j) * tPlane << 2);
        for (let ih = 0; ih < H; ih++) {
          const oh = ih * sH - pH + kh * dH;
          if (oh < 0 || oh >= outH) continue;
          const trow = tp + (<usize>ih * <usize>Tw << 2);
          const yrow = yp + (<usize>oh * <usize>outW << 2);
          for (let iw = 0; iw < W; iw++) {
            const ow = iw * sW - pW + kw * dW;
            if (ow < 0 || ow >= outW) continue;
            const q = yrow + (<usize>ow << 2);
            store<f32>(q, load<f32>(q) + load<f32>(trow + (<usize>iw << 2)));
          }
        }
      }
    }
  }
}

/**
 * col2im's plane p = (b, c) when kH = sH, kW = sW, no padding or dilation and every window inside the output:
 * y = bias + the one tap of each covered pixel (the rest keep the bias already stored).
 */
@inline
function col2imTiles(
  T: usize, J4: i32, H: i32, W: i32, Tw: i32, C: i32, kH: i32, kW: i32,
  yp: usize, outW: i32, b: i32, c: i32, init: f32,
): void {
  const tPlane = <usize>H * <usize>Tw;
  const iv = f32x4.splat(init);
  const nv = kW == 2 ? W & ~3 : 0;
  for (let kh = 0; kh < kH; kh++) {
    for (let ih = 0; ih < H; ih++) {
      const yrow = yp + (<usize>(ih * kH + kh) * <usize>outW << 2);
      if (nv > 0) {
        const t0 = T + ((<usize>b * <usize>J4 + <usize>(kh * kW * C + c)) * tPlane << 2) + (<usize>ih * <usize>Tw << 2);
        const t1 = t0 + (<usize>C * tPlane << 2);
        for (let iw = 0; iw < nv; iw += 4) {
          const a = v128.load(t0 + (<usize>iw << 2));
          const e = v128.load(t1 + (<usize>iw << 2));
          v128.store(yrow + (<usize>(2 * iw) << 2), f32x4.add(v128.shuffle<f32>(a, e, 0, 4, 1, 5), iv));
          v128.store(yrow + (<usize>(2 * iw + 4) << 2), f32x4.add(v128.shuffle<f32>(a, e, 2, 6, 3, 7), iv));
        }
      }
      for (let kw = 0; kw < kW; kw++) {
        const trow = T + ((<usize>b * <usize>J4 + <usize>((kh * kW + kw) * C + c)) * tPlane << 2) + (<usize>ih * <usize>Tw << 2);
        for (let iw = nv; iw < W; iw++) store<f32>(yrow + (<usize>(iw * kW + kw) << 2), load<f32>(trow + (<usize>iw << 2)) + init);
      }
    }
  }
}

/** out[c] = sum over b and the plane of src[b][c] (planes of planeLen floats, a multiple of 4). Not split. */
export function channelSum(src: usize, n: i32, C: i32, planeLen: i32, out: usize, part: i32, nparts: i32): void {
  const c0 = sliceStart(C, part, nparts);
  const c1 = sliceStart(C, part + 1, nparts);
  for (let c = c0; c < c1; c++) {
    let acc = f32x4.splat(0);
    for (let b = 0; b < n; b++) {
      let s = src + ((<usize>(b * C + c) * <usize>planeLen) << 2);
      const e = s + (<usize>planeLen << 2);
      for (; s < e; s += 16) acc = f32x4.add(acc, v128.load(s));
    }
    store<f32>(out + (<usize>c << 2), hsum(acc));
  }
}

/**
 * maxPool2d forward over `planes` planes, PyTorch's CPU rule: start at the first in-bounds cell with
 * -Infinity, take a cell when val > max or val is NaN (so a NaN window reports its last NaN); a window
 * of padding only gives -Infinity and index -1. y and idx are [planes][outH][outW].
 */
export function maxPoolFwd(
  x: usize, y: usize, idx: usize, planes: i32, inH: i32, inW: i32, outH: i32, outW: i32,
  kH: i32, kW: i32, sH: i32, sW: i32, pH: i32, pW: i32, dH: i32, dW: i32, part: i32, nparts: i32,
): void {
  const p0 = sliceStart(planes, part, nparts);
  const p1 = sliceStart(planes, part + 1, nparts);
  const inPlane = <usize>inH * <usize>inW;
  const outPlane = <usize>outH * <usize>outW;
  // 2x2 windows, stride 2, no padding or dilation, every window inside the input (the U-Net's pool; not a ceil
  // mode's last partial window): four outputs per vector.
  const pairs = kH == 2 && kW == 2 && sH == 2 && sW == 2 && pH == 0 && pW == 0 && dH == 1 && dW == 1 && 2 * outH <= inH && 2 * outW <= inW;
  for (let p = p0; p < p1; p++) {
    const xp = x + (<usize>p * inPlane << 2);
    const yp = y + (<usize>p * outPlane << 2);
    const ip = idx + (<usize>p * outPlane << 2);
    if (pairs) {
      maxPool2x2Plane(xp, yp, ip, inW, outH, outW);
      continue;
    }
    for (let oh = 0; oh < outH; oh++) {
      let h0 = oh * sH - pH;
      const h1 = min(h0 + (kH - 1) * dH + 1, inH);
      while (h0 < 0) h0 += dH;
      for (let ow = 0; ow < outW; ow++) {
        let w0 = ow * sW - pW;
        const w1 = min(w0 + (kW - 1) * dW + 1, inW);
        while (w0 < 0) w0 += dW;
        let best: f32 = -Infinity;
        let bi = h0 < h1 && w0 < w1 ? h0 * inW + w0 : -1; // -1: a window of padding only
        for (let h = h0; h < h1; h += dH) {
          for (let w = w0; w < w1; w += dW) {
            const k = h * inW + w;
            const v = load<f32>(xp + (<usize>k << 2));
            if (v > best || isNaN(v)) {
              best = v;
              bi = k;
            }
          }
        }
        const o = <usize>(oh * outW + ow) << 2;
        store<f32>(yp + o, best);
        store<i32>(ip + o, bi);
      }
    }
  }
}

/**
 * One plane of a 2x2, stride-2 max pool, as maxPoolFwd's general loop computes it: taps in window order (row 0
 * left, right, row 1 left, right), a tap replaces the best so far when greater or NaN (so a NaN wins and the
 * last NaN's index is kept, as PyTorch's CPU kernel). Four outputs per vector: the even and odd columns of
 * eight inputs are the windows' left and right taps. The row's last outW % 4 outputs take the scalar loop.
 */
@inline
function maxPool2x2Plane(xp: usize, yp: usize, ip: usize, inW: i32, outH: i32, outW: i32): void {
  const nv = outW & ~3;
  const rowBytes = <usize>inW << 2;
  for (let oh = 0; oh < outH; oh++) {
    const r0 = xp + (<usize>(2 * oh) * rowBytes);
    const r1 = r0 + rowBytes;
    const yr = yp + (<usize>(oh * outW) << 2);
    const ir = ip + (<usize>(oh * outW) << 2);
    // flat input index of each lane's top-left tap: 2 oh inW + 2 ow
    let k0 = i32x4.add(i32x4.splat(2 * oh * inW), i32x4(0, 2, 4, 6));
    for (let ow = 0; ow < nv; ow += 4) {
      const o = <usize>(2 * ow) << 2;
      const a0 = v128.load(r0 + o);
      const a1 = v128.load(r0 + o + 16);
      const b0 = v128.load(r1 + o);
      const b1 = v128.load(r1 + o + 16);
      let best = v128.shuffle<f32>(a0, a1, 0, 2, 4, 6);
      let bi = k0;
      let t = v128.shuffle<f32>(a0, a1, 1, 3, 5, 7);
      let take = v128.or(f32x4.gt(t, best), f32x4.ne(t, t));
      best = v128.bitselect(t, best, take);
      bi = v128.bitselect(i32x4.add(k0, i32x4.splat(1)), bi, take);
      t = v128.shuffle<f32>(b0, b1, 0, 2, 4, 6);
      take = v128.or(f32x4.gt(t, best), f32x4.ne(t, t));
      best = v128.bitselect(t, best, take);
      bi = v128.bitselect(i32x4.add(k0, i32x4.splat(inW)), bi, take);
      t = v128.shuffle<f32>(b0, b1, 1, 3, 5, 7);
      take = v128.or(f32x4.gt(t, best), f32x4.ne(t, t));
      best = v128.bitselect(t, best, take);
      bi = v128.bitselect(i32x4.add(k0, i32x4.splat(inW + 1)), bi, take);
      v128.store(yr + (<usize>ow << 2), best);
      v128.store(ir + (<usize>ow << 2), bi);
      k0 = i32x4.add(k0, i32x4.splat(8));
    }
    for (let ow = nv; ow < outW; ow++) {
      const k = 2 * oh * inW + 2 * ow;
      let best: f32 = -Infinity;
      let bi = k;
      for (let t = 0; t < 4; t++) {
        const kt = k + (t >> 1) * inW + (t & 1);
        const v = load<f32>(xp + (<usize>kt << 2));
        if (v > best || isNaN(v)) {
          best = v;
          bi = kt;
        }
      }
      store<f32>(yr + (<usize>ow << 2), best);
      store<i32>(ir + (<usize>ow << 2), bi);
    }
  }
}

/** maxPool2d backward: dx = 0, then dx[plane + idx[i]] += dy[i] (idx -1: none). Planes are split over parts. */
export function maxPoolBwd(dy: usize, idx: usize, dx: usize, planes: i32, inPlane: i32, outPlane: i32, part: i32, nparts: i32): void {
  const p0 = sliceStart(planes, part, nparts);
  const p1 = sliceStart(planes, part + 1, nparts);
  for (let p = p0; p < p1; p++) {
    const dxp = dx + (<usize>p * <usize>inPlane << 2);
    memory.fill(dxp, 0, <usize>inPlane << 2);
    const dyp = dy + (<usize>p * <usize>outPlane << 2);
    const ip = idx + (<usize>p * <usize>outPlane << 2);
    for (let i = 0; i < outPlane; i++) {
      const k = load<i32>(ip + (<usize>i << 2));
      if (k < 0) continue;
      const q = dxp + (<usize>k << 2);
      store<f32>(q, load<f32>(q) + load<f32>(dyp + (<usize>i << 2)));
    }
  }
}

/** y = max(x, 0) with NaN kept; `len` floats split over parts in whole vectors. */
export function reluFwd(x: usize, y: usize, len: i32, part: i32, nparts: i32): void {
  const nv = len >> 2;
  const v0 = sliceStart(nv, part, nparts);
  const v1 = sliceStart(nv, part + 1, nparts);
  const zero = f32x4.splat(0);
  for (let v = v0; v < v1; v++) {
    const o = <usize>v << 4;
    v128.store(y + o, f32x4.max(v128.load(x + o), zero));
  }
  if (part == nparts - 1) {
    for (let i = nv << 2; i < len; i++) {
      const o = <usize>i << 2;
      const a = load<f32>(x + o);
      store<f32>(y + o, a > 0 || isNaN(a) ? a : 0);
    }
  }
}

/**
 * Adam's update over n float32 elements of p (in place), its gradient g and moments m and v (in place), exactly as
 * the reference loop of src/kernels/adam-step.ts computes float32 parameters: in float32 lanes, the constants rounded
 * to float32, one rounding per operation in the same order (plain multiplies and adds, no fused multiply-add), so p, m
 * and v are bit for bit the loop's. The f64 constants lie at `h`: keep, l2, beta1, c1 (1 − beta1), beta2, c2
 * (1 − beta2), stepScaled, epsScaled. (In f64 lanes, as it was, the two divisions and square roots per four elements
 * bounded it: 5.7 ms for W6's 1.9 million parameters on one thread.)
 */
export function adamF32(p: usize, g: usize, m: usize, v: usize, n: i32, h: usize, part: i32, nparts: i32): void {
  const nq = n >> 2;
  const q0 = sliceStart(nq, part, nparts);
  const q1 = sliceStart(nq, part + 1, nparts);
  const keepS = <f32>load<f64>(h);
  const l2S = <f32>load<f64>(h, 8);
  const b1S = <f32>load<f64>(h, 16);
  const c1S = <f32>load<f64>(h, 24);
  const b2S = <f32>load<f64>(h, 32);
  const c2S = <f32>load<f64>(h, 40);
  const stepS = <f32>load<f64>(h, 48);
  const epsS = <f32>load<f64>(h, 56);
  const keep = f32x4.splat(keepS);
  const l2 = f32x4.splat(l2S);
  const b1 = f32x4.splat(b1S);
  const c1 = f32x4.splat(c1S);
  const b2 = f32x4.splat(b2S);
  const c2 = f32x4.splat(c2S);
  const step = f32x4.splat(stepS);
  const eps = f32x4.splat(epsS);
  for (let q = q0; q < q1; q++) {
    const o = <usize>q << 4;
    const pi = f32x4.mul(v128.load(p + o), keep);
    const gi = f32x4.add(v128.load(g + o), f32x4.mul(l2, pi));
    const mi = f32x4.add(f32x4.mul(b1, v128.load(m + o)), f32x4.mul(c1, gi));
    const vi = f32x4.add(f32x4.mul(b2, v128.load(v + o)), f32x4.mul(f32x4.mul(c2, gi), gi));
    v128.store(m + o, mi);
    v128.store(v + o, vi);
    v128.store(p + o, f32x4.sub(pi, f32x4.div(f32x4.mul(step, mi), f32x4.add(f32x4.sqrt(vi), eps))));
  }
  if (part == nparts - 1) {
    for (let i = nq << 2; i < n; i++) {
      const o = <usize>i << 2;
      const pi = load<f32>(p + o) * keepS;
      const gi = load<f32>(g + o) + l2S * pi;
      const mi = b1S * load<f32>(m + o) + c1S * gi;
      const vi = b2S * load<f32>(v + o) + c2S * gi * gi;
      store<f32>(m + o, mi);
      store<f32>(v + o, vi);
      store<f32>(p + o, pi - (stepS * mi) / (Mathf.sqrt(vi) + epsS));
    }
  }
}

/**
 * Places `batch` products' m x n results (each at src + i·matBytes, rows srcStride floats apart) where a layout puts
 * them: rows ldc floats apart from float offset offsets[i] (an i32 table) of dst. Rows are split over the parts.
 */
export function placeRows(
  src: usize, matBytes: i32, srcStride: i32, dst: usize, ldc: i32, offsets: usize, batch: i32, m: i32, n: i32, part: i32, nparts: i32,
): void {
  const rows = batch * m;
  const r0 = sliceStart(rows, part, nparts);
  const r1 = sliceStart(rows, part + 1, nparts);
  const rowBytes = <usize>n << 2;
  for (let r = r0; r < r1; r++) {
    const i = r / m;
    const k = r - i * m;
    const s = src + <usize>i * <usize>matBytes + (<usize>k * <usize>srcStride << 2);
    const d = dst + ((<usize>load<i32>(offsets + (<usize>i << 2)) + <usize>k * <usize>ldc) << 2);
    memory.copy(d, s, rowBytes);
  }
}

/** out = a + b elementwise over len floats (any of them may be the same buffer: each element is read before it is written). */
export function addF32(a: usize, b: usize, out: usize, len: i32, part: i32, nparts: i32): void {
  const nv = len >> 2;
  const v0 = sliceStart(nv, part, nparts);
  const v1 = sliceStart(nv, part + 1, nparts);
  for (let v = v0; v < v1; v++) {
    const o = <usize>v << 4;
    v128.store(out + o, f32x4.add(v128.load(a + o), v128.load(b + o)));
  }
  if (part == nparts - 1) {
    for (let i = nv << 2; i < len; i++) {
      const o = <usize>i << 2;
      store<f32>(out + o, load<f32>(a + o) + load<f32>(b + o));
    }
  }
}

/**
 * y = x · scale over len floats, each product taken in f64 and rounded once to f32, as the JS ops round `x[i] * scale`
 * (so both give the same bits for any scale); scale is an f64 at `scaleAt` (kernel arguments travel as i32). y may be x.
 */
export function scaleF32(x: usize, y: usize, len: i32, scaleAt: usize, part: i32, nparts: i32): void {
  const scale = load<f64>(scaleAt);
  const sv = f64x2.splat(scale);
  const nv = len >> 2;
  const v0 = sliceStart(nv, part, nparts);
  const v1 = sliceStart(nv, part + 1, nparts);
  for (let v = v0; v < v1; v++) {
    const o = <usize>v << 4;
    const xv = v128.load(x + o);
    v128.store(y + o, demotePair(f64x2.mul(f64x2.promote_low_f32x4(xv), sv), f64x2.mul(promoteHigh(xv), sv)));
  }
  if (part == nparts - 1) {
    for (let i = nv << 2; i < len; i++) {
      const o = <usize>i << 2;
      store<f32>(y + o, <f32>(<f64>load<f32>(x + o) * scale));
    }
  }
}

/**
 * mse's sum: partials[b] = the sum over block b (`block` floats, a multiple of 4; the last may be short) of (p - t)^2,
 * each difference and square in f64 (the f32 operands promoted, as the JS loop takes them), a block's elements summed
 * in two f64x2 accumulators (lanes 0..3 of each vector) added at its end. Blocks are split over parts and the caller
 * adds the partials in order, so the sum does not depend on the thread count. Plain f64 multiplies and adds: the same
 * bits in both builds.
 */
export function squaredDiffSums(p: usize, t: usize, n: i32, block: i32, partials: usize, part: i32, nparts: i32): void {
  const blocks = (n + block - 1) / block;
  const b0 = sliceStart(blocks, part, nparts);
  const b1 = sliceStart(blocks, part + 1, nparts);
  for (let b = b0; b < b1; b++) {
    const i0 = b * block;
    let i1 = i0 + block;
    if (i1 > n) i1 = n;
    const v1 = i0 + ((i1 - i0) & ~3);
    let lo = f64x2.splat(0);
    let hi = lo;
    for (let i = i0; i < v1; i += 4) {
      const o = <usize>i << 2;
      const pv = v128.load(p + o);
      const tv = v128.load(t + o);
      const dlo = f64x2.sub(f64x2.promote_low_f32x4(pv), f64x2.promote_low_f32x4(tv));
      const dhi = f64x2.sub(promoteHigh(pv), promoteHigh(tv));
      lo = f64x2.add(lo, f64x2.mul(dlo, dlo));
      hi = f64x2.add(hi, f64x2.mul(dhi, dhi));
    }
    let sum = f64Sum(lo, hi);
    for (let i = v1; i < i1; i++) {
      const o = <usize>i << 2;
      const d = <f64>load<f32>(p + o) - <f64>load<f32>(t + o);
      sum += d * d;
    }
    store<f64>(partials + (<usize>b << 3), sum);
  }
}

/**
 * mse's gradient: out[i] = (p[i] - t[i]) * c rounded once to f32, the difference and product in f64, with c the f64
 * at `scaleAt`, times g[i] (in f64) when `g` is not 0. For c = 2s (s the upstream gradient over the count) and for c = 2
 * times g[i] these are the JS loop's `(2 * d) * s` and `(2 * d) * g[i]` bit for bit: doubling is exact. len floats
 * split over parts in whole vectors; out may be p or t.
 */
export function scaledDiffF32(p: usize, t: usize, g: usize, scaleAt: usize, out: usize, len: i32, part: i32, nparts: i32): void {
  const scale = load<f64>(scaleAt);
  const sv = f64x2.splat(scale);
  const nv = len >> 2;
  const v0 = sliceStart(nv, part, nparts);
  const v1 = sliceStart(nv, part + 1, nparts);
  for (let v = v0; v < v1; v++) {
    const o = <usize>v << 4;
    const pv = v128.load(p + o);
    const tv = v128.load(t + o);
    let clo = sv;
    let chi = sv;
    if (g != 0) {
      const gv = v128.load(g + o);
      clo = f64x2.mul(sv, f64x2.promote_low_f32x4(gv));
      chi = f64x2.mul(sv, promoteHigh(gv));
    }
    const dlo = f64x2.sub(f64x2.promote_low_f32x4(pv), f64x2.promote_low_f32x4(tv));
    const dhi = f64x2.sub(promoteHigh(pv), promoteHigh(tv));
    v128.store(out + o, demotePair(f64x2.mul(dlo, clo), f64x2.mul(dhi, chi)));
  }
  if (part == nparts - 1) {
    for (let i = nv << 2; i < len; i++) {
      const o = <usize>i << 2;
      const c = g != 0 ? scale * <f64>load<f32>(g + o) : scale;
      store<f32>(out + o, <f32>((<f64>load<f32>(p + o) - <f64>load<f32>(t + o)) * c));
    }
  }
}

/** dx = 0 where y <= 0, else dy: PyTorch's threshold_backward, so a NaN y passes dy through. */
export function reluBwd(y: usize, dy: usize, dx: usize, len: i32, part: i32, nparts: i32): void {
  const nv = len >> 2;
  const v0 = sliceStart(nv, part, nparts);
  const v1 = sliceStart(nv, part + 1, nparts);
  const zero = f32x4.splat(0);
  for (let v = v0; v < v1; v++) {
    const o = <usize>v << 4;
    v128.store(dx + o, v128.andnot(v128.load(dy + o), f32x4.le(v128.load(y + o), zero)));
  }
  if (part == nparts - 1) {
    for (let i = nv << 2; i < len; i++) {
      const o = <usize>i << 2;
      store<f32>(dx + o, load<f32>(y + o) <= 0 ? 0 : load<f32>(dy + o));
    }
  }
}

// ---- Winograd F(2x2, 3x3) for 3x3, stride-1, dilation-1 convolutions ------------------------------
//
// Lavin & Gray's minimal filtering: each 2x2 output tile costs 16 multiplies per (output, input)
// channel pair instead of 36. With B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1],
// G = [1 0 0; .5 .5 .5; .5 -.5 .5; 0 0 1] and A^T = [1 1 1 0; 0 1 -1 -1]:
//   U = G g G^T (per output/input channel pair), V = B^T d B (per 4x4 input patch d, tiles 2 apart),
//   M[pos][o][tile] = sum over c of U[pos][o][c] * V[pos][c][tile]   (16 GEMMs, pos = 4 * row + col),
//   y tile = A^T M A.
// Tiles are numbered (b * tH + th) * tWp + tw with tWp a multiple of 4 (4 tiles per vector in the
// transforms) and grouped in blocks of 8 (the GEMM's tile width): V is [16][Tp / 8][C][8] and M is
// [16][Tp / 8][O4 * 4][8] (Tp a multiple of 8), so a GEMM block reads and writes contiguous memory
// (rows Tp floats apart would fall in one L1 set every 4 KiB).

/**
 * Bytes between positions of U ([pos][O4][Cin][4]): a cache line more than O4 Cin vectors, as the weight
 * transforms store every position of one filter in turn and 2^k apart they would all fall in one L1 set.
 */
@inline
function winoUPosBytes(O4: i32, Cin: i32): usize {
  return (<usize>O4 * <usize>Cin << 4) + 64;
}

/**
 * U[pos][O4][Cin][4] = G g G^T (positions `winoUPosBytes` apart) for the 3x3 filter g of (output oc, input ic); lanes past Cout are 0.
 * flip = 0: g = w[oc][ic] (w is [Cout][Cin][3][3]); flip = 1: g = w[ic][oc] rotated 180 degrees
 * (w is [Cin][Cout][3][3]), the filter of a stride-1 conv's data gradient. (oc, ic) pairs are split.
 */
export function winoWeights(w: usize, U: usize, Cout: i32, Cin: i32, O4: i32, flip: i32, part: i32, nparts: i32): void {
  const units = (O4 << 2) * Cin;
  const u0 = sliceStart(units, part, nparts);
  const u1 = sliceStart(units, part + 1, nparts);
  const posBytes = winoUPosBytes(O4, Cin);
  for (let u = u0; u < u1; u++) {
    const oc = u / Cin;
    const ic = u - oc * Cin;
    const dst = U + ((<usize>(oc >> 2) * <usize>Cin + <usize>ic) << 4) + (<usize>(oc & 3) << 2);
    if (oc >= Cout) {
      for (let pos = 0; pos < 16; pos++) store<f32>(dst + <usize>pos * posBytes, 0);
      continue;
    }
    const src = w + (<usize>(flip != 0 ? ic * Cout + oc : oc * Cin + ic) * 9 << 2);
    // g[r][s], read in float64 so the transform adds no float32 rounding of its own
    let g0: f64, g1: f64, g2: f64, g3: f64, g4: f64, g5: f64, g6: f64, g7: f64, g8: f64;
    if (flip != 0) {
      g0 = load<f32>(src, 32); g1 = load<f32>(src, 28); g2 = load<f32>(src, 24);
      g3 = load<f32>(src, 20); g4 = load<f32>(src, 16); g5 = load<f32>(src, 12);
      g6 = load<f32>(src, 8); g7 = load<f32>(src, 4); g8 = load<f32>(src, 0);
    } else {
      g0 = load<f32>(src, 0); g1 = load<f32>(src, 4); g2 = load<f32>(src, 8);
      g3 = load<f32>(src, 12); g4 = load<f32>(src, 16); g5 = load<f32>(src, 20);
      g6 = load<f32>(src, 24); g7 = load<f32>(src, 28); g8 = load<f32>(src, 32);
    }
    // rows: Gg (4 x 3)
    const r00 = g0, r01 = g1, r02 = g2;
    const r10 = 0.5 * (g0 + g3 + g6), r11 = 0.5 * (g1 + g4 + g7), r12 = 0.5 * (g2 + g5 + g8);
    const r20 = 0.5 * (g0 - g3 + g6), r21 = 0.5 * (g1 - g4 + g7), r22 = 0.5 * (g2 - g5 + g8);
    const r30 = g6, r31 = g7, r32 = g8;
    winoWeightRow(dst, posBytes, 0, r00, r01, r02);
    winoWeightRow(dst, posBytes, 1, r10, r11, r12);
    winoWeightRow(dst, posBytes, 2, r20, r21, r22);
    winoWeightRow(dst, posBytes, 3, r30, r31, r32);
  }
}

/** Row i of U = (Gg) G^T: stores U[4 * i + k] for k = 0..3. */
@inline
function winoWeightRow(dst: usize, posBytes: usize, i: i32, a: f64, b: f64, c: f64): void {
  const p = dst + <usize>(i << 2) * posBytes;
  store<f32>(p, <f32>a);
  store<f32>(p + posBytes, <f32>(0.5 * (a + b + c)));
  store<f32>(p + 2 * posBytes, <f32>(0.5 * (a - b + c)));
  store<f32>(p + 3 * posBytes, <f32>c);
}

/**
 * (B^T d B) of four 4x4 patches two columns apart, the first at p (rows rowBytes apart): position
 * pos of the four tiles goes to the vector at q + pos * posBytes.
 */
@inline
function winoInTiles(p: usize, rowBytes: usize, q: usize, posBytes: usize): void {
  // t[a][k] = (d B)[a][k] for the four rows a
  let e = v128.load(p), f = v128.load(p, 16), g = v128.load(p, 8), h = v128.load(p, 24);
  let d0 = v128.shuffle<f32>(e, f, 0, 2, 4, 6), d1 = v128.shuffle<f32>(e, f, 1, 3, 5, 7);
  let d2 = v128.shuffle<f32>(g, h, 0, 2, 4, 6), d3 = v128.shuffle<f32>(g, h, 1, 3, 5, 7);
  const t00 = f32x4.sub(d0, d2), t01 = f32x4.add(d1, d2), t02 = f32x4.sub(d2, d1), t03 = f32x4.sub(d1, d3);
  e = v128.load(p + rowBytes); f = v128.load(p + rowBytes, 16); g = v128.load(p + rowBytes, 8); h = v128.load(p + rowBytes, 24);
  d0 = v128.shuffle<f32>(e, f, 0, 2, 4, 6); d1 = v128.shuffle<f32>(e, f, 1, 3, 5, 7);
  d2 = v128.shuffle<f32>(g, h, 0, 2, 4, 6); d3 = v128.shuffle<f32>(g, h, 1, 3, 5, 7);
  const t10 = f32x4.sub(d0, d2), t11 = f32x4.add(d1, d2), t12 = f32x4.sub(d2, d1), t13 = f32x4.sub(d1, d3);
  const p2 = p + 2 * rowBytes;
  e = v128.load(p2); f = v128.load(p2, 16); g = v128.load(p2, 8); h = v128.load(p2, 24);
  d0 = v128.shuffle<f32>(e, f, 0, 2, 4, 6); d1 = v128.shuffle<f32>(e, f, 1, 3, 5, 7);
  d2 = v128.shuffle<f32>(g, h, 0, 2, 4, 6); d3 = v128.shuffle<f32>(g, h, 1, 3, 5, 7);
  const t20 = f32x4.sub(d0, d2), t21 = f32x4.add(d1, d2), t22 = f32x4.sub(d2, d1), t23 = f32x4.sub(d1, d3);
  const p3 = p + 3 * rowBytes;
  e = v128.load(p3); f = v128.load(p3, 16); g = v128.load(p3, 8); h = v128.load(p3, 24);
  d0 = v128.shuffle<f32>(e, f, 0, 2, 4, 6); d1 = v128.shuffle<f32>(e, f, 1, 3, 5, 7);
  d2 = v128.shuffle<f32>(g, h, 0, 2, 4, 6); d3 = v128.shuffle<f32>(g, h, 1, 3, 5, 7);
  const t30 = f32x4.sub(d0, d2), t31 = f32x4.add(d1, d2), t32 = f32x4.sub(d2, d1), t33 = f32x4.sub(d1, d3);
  // V[i][k] = (B^T t)[i][k]
  v128.store(q, f32x4.sub(t00, t20));
  v128.store(q + posBytes, f32x4.sub(t01, t21));
  v128.store(q + 2 * posBytes, f32x4.sub(t02, t22));
  v128.store(q + 3 * posBytes, f32x4.sub(t03, t23));
  v128.store(q + 4 * posBytes, f32x4.add(t10, t20));
  v128.store(q + 5 * posBytes, f32x4.add(t11, t21));
  v128.store(q + 6 * posBytes, f32x4.add(t12, t22));
  v128.store(q + 7 * posBytes, f32x4.add(t13, t23));
  v128.store(q + 8 * posBytes, f32x4.sub(t20, t10));
  v128.store(q + 9 * posBytes, f32x4.sub(t21, t11));
  v128.store(q + 10 * posBytes, f32x4.sub(t22, t12));
  v128.store(q + 11 * posBytes, f32x4.sub(t23, t13));
  v128.store(q + 12 * posBytes, f32x4.sub(t10, t30));
  v128.store(q + 13 * posBytes, f32x4.sub(t11, t31));
  v128.store(q + 14 * posBytes, f32x4.sub(t12, t32));
  v128.store(q + 15 * posBytes, f32x4.sub(t13, t33));
}

/**
 * Bytes between positions of the weight gradient's V ([pos][rows = C][T]) and dM ([pos][rows = O4 * 4][T]): a
 * cache line more than rows * T floats, as their transforms store every position of a tile in turn and 2^k apart
 * they would all fall in one L1 set.
 */
@inline
function winoSlabPosBytes(rows: i32, T: i32): usize {
  return (<usize>rows * <usize>T << 2) + 64;
}

/**
 * V[pos][c][tile] = (B^T d B)[pos] for the 4x4 patch d at rows 2 th.., columns 2 tw.. of each image
 * plane prepared by `pad` (stride 1, at least 2 tH + 2 rows of 2 tWp + 2 columns). Four tiles per
 * vector: columns 2 tw + k of four tiles are the even / odd lanes of two 8-float loads.
 * V is [16][C][Tp] (for `winoDw`; `winoConv` transforms its tiles itself).
 * Rows (c, b, th) are split over parts.
 */
export function winoIn(
  xp: usize, imgBytes: usize, planeBytes: usize, rowBytes: usize, C: i32, n: i32, tH: i32, tWp: i32,
  V: usize, Tp: i32, part: i32, nparts: i32,
): void {
  const perC = n * tH;
  const rows = C * perC;
  const r0 = sliceStart(rows, part, nparts);
  const r1 = sliceStart(rows, part + 1, nparts);
  const posBytes = winoSlabPosBytes(C, Tp);
  for (let r = r0; r < r1; r++) {
    const c = r / perC;
    const bt = r - c * perC;
    const b = bt / tH;
    const th = bt - b * tH;
    const src = xp + <usize>b * imgBytes + <usize>c * planeBytes + (<usize>(th << 1)) * rowBytes;
    const tile0 = bt * tWp;
    for (let tw = 0; tw < tWp; tw += 4) {
      const p = src + (<usize>tw << 3);
      winoInTiles(p, rowBytes, V + ((<usize>c * <usize>Tp + <usize>(tile0 + tw)) << 2), posBytes);
    }
  }
}

/**
 * The channel GEMMs of one block of 8 tiles, for each of `npos` positions: M[pos][o][tile] = sum over c of
 * U[pos][o][c] V[pos][c][tile] (V is [npos][C][8] with positions vPosBytes apart, U as `winoWeights`, M
 * [npos][O4][4][8] with positions posBytes apart), tiled as `conv`:
 * 4 output channels x 8 tiles in 8 v128 accumulators, U read with load32_splat, the block's V column of one
 * position staying in L1 while every output block passes.
 */
@inline
function winoGemm(V: usize, vPosBytes: usize, U: usize, M: usize, posBytes: usize, C: i32, O4: i32, npos: i32): void {
  const uobBytes = <usize>C << 4;
  const uPosBytes = winoUPosBytes(O4, C);
  for (let pos = 0; pos < npos; pos++) {
    const vcol = V + <usize>pos * vPosBytes;
    const upos = U + <usize>pos * uPosBytes;
    const mpos = M + <usize>pos * posBytes;
    for (let ob = 0; ob < O4; ob++) {
      let a00 = f32x4.splat(0), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00;
      let vp = vcol;
      let up = upos + <usize>ob * uobBytes;
      for (let c = 0; c < C; c++) {
        const x0 = v128.load(vp, 0);
        const x1 = v128.load(vp, 16);
        let wv = v128.load32_splat(up, 0);
        a00 = madd(wv, x0, a00);
        a01 = madd(wv, x1, a01);
        wv = v128.load32_splat(up, 4);
        a10 = madd(wv, x0, a10);
        a11 = madd(wv, x1, a11);
        wv = v128.load32_splat(up, 8);
        a20 = madd(wv, x0, a20);
        a21 = madd(wv, x1, a21);
        wv = v128.load32_splat(up, 12);
        a30 = madd(wv, x0, a30);
        a31 = madd(wv, x1, a31);
        vp += 32;
        up += 16;
      }
      const mo = mpos + (<usize>ob << 7);
      v128.store(mo, a00, 0);
      v128.store(mo, a01, 16);
      v128.store(mo, a10, 32);
      v128.store(mo, a11, 48);
      v128.store(mo, a20, 64);
      v128.store(mo, a21, 80);
      v128.store(mo, a30, 96);
      v128.store(mo, a31, 112);
    }
  }
}

/**
 * A 3x3 stride-1 conv by Winograd F(2x2, 3x3), one block of 8 tiles at a time (blocks are split
 * over parts), so the transformed tiles and products never leave the cache:
 *   1. V[pos][c][tile] = (B^T d B)[pos] of the block's 4x4 patches (`winoInTiles`) from the input
 *      prepared by `pad` (at least 2 tH + 2 rows of 2 tWp + 2 columns per plane);
 *   2. the 16 channel GEMMs M[pos][o][tile] = sum over c of U[pos][o][c] V[pos][c][tile] (`winoGemm`);
 *   3. y[b][o][2 th + r][2 tw + j] = bias[o] + (A^T M A)[r][j] (y is [n][O][outH][2 tWp]; the second
 *      row of the last tile row is dropped when outH is odd); with `relu` (1), max(that, 0) as `reluFwd`.
 * V and M of a block live in this part's slice of `scratch` (16 (C + 4 O4) 8 floats; parts never
 * share one).
 */
export function winoConv(
  xp: usize, imgBytes: usize, planeBytes: usize, rowBytes: usize, U: usize, scratch: usize, C: i32, O: i32, O4: i32,
  n: i32, tH: i32, tWp: i32, outH: i32, bias: usize, y: usize, relu: i32, flag: usize, part: i32, nparts: i32,
): void {
  const tiles = n * tH * tWp; // a multiple of 4, as tWp is
  const nTB = (tiles + 7) >> 3;
  const u0 = sliceStart(nTB, part, nparts);
  const u1 = sliceStart(nTB, part + 1, nparts);
  const vPosBytes = <usize>C << 5; // one position of V: C rows of 8 tiles
  const posBytes = <usize>O4 << 7; // one position of M: O4 blocks of 4 x 8 floats
  const V = scratch + <usize>part * ((vPosBytes + posBytes) << 4);
  const M = V + (vPosBytes << 4);
  const yRow = <usize>tWp << 3;
  const yPlane = <usize>outH * yRow;
  const zero = f32x4.splat(0);
  let seen = zero;
  for (let tb = u0; tb < u1; tb++) {
    for (let h = 0; h < 2; h++) {
      const t = (tb << 3) + (h << 2);
      if (t >= tiles) break; // the lanes of missing tiles hold stale values; their outputs are dropped
      const row = t / tWp;
      const tw = t - row * tWp;
      const b = row / tH;
      const th = row - b * tH;
      let src = xp + <usize>b * imgBytes + (<usize>(th << 1)) * rowBytes + (<usize>tw << 3);
      let q = V + (<usize>h << 4);
      for (let c = 0; c < C; c++, src += planeBytes, q += 32) winoInTiles(src, rowBytes, q, vPosBytes);
    }
    winoGemm(V, vPosBytes, U, M, posBytes, C, O4, 16);
    // the output transform of the block's two groups of 4 tiles (each within one tile row)
    for (let h = 0; h < 2; h++) {
      const t = (tb << 3) + (h << 2);
      if (t >= tiles) break;
      const row = t / tWp;
      const tw = t - row * tWp;
      const b = row / tH;
      const th = row - b * tH;
      const second = (th << 1) + 1 < outH;
      let dst = y + ((<usize>b * <usize>O * <usize>outH + <usize>(th << 1)) * yRow) + (<usize>tw << 3);
      for (let o = 0; o < O; o++, dst += yPlane) {
        const bv = v128.load32_splat(bias + (<usize>o << 2));
        const p = M + (<usize>o << 5) + (<usize>h << 4);
        let m0 = v128.load(p), m1 = v128.load(p + posBytes), m2 = v128.load(p + 2 * posBytes), m3 = v128.load(p + 3 * posBytes);
        const s00 = f32x4.add(f32x4.add(m0, m1), m2), s01 = f32x4.sub(f32x4.sub(m1, m2), m3);
        m0 = v128.load(p + 4 * posBytes); m1 = v128.load(p + 5 * posBytes); m2 = v128.load(p + 6 * posBytes); m3 = v128.load(p + 7 * posBytes);
        const s10 = f32x4.add(f32x4.add(m0, m1), m2), s11 = f32x4.sub(f32x4.sub(m1, m2), m3);
        m0 = v128.load(p + 8 * posBytes); m1 = v128.load(p + 9 * posBytes); m2 = v128.load(p + 10 * posBytes); m3 = v128.load(p + 11 * posBytes);
        const s20 = f32x4.add(f32x4.add(m0, m1), m2), s21 = f32x4.sub(f32x4.sub(m1, m2), m3);
        m0 = v128.load(p + 12 * posBytes); m1 = v128.load(p + 13 * posBytes); m2 = v128.load(p + 14 * posBytes); m3 = v128.load(p + 15 * posBytes);
        const s30 = f32x4.add(f32x4.add(m0, m1), m2), s31 = f32x4.sub(f32x4.sub(m1, m2), m3);
        let y00 = f32x4.add(bv, f32x4.add(f32x4.add(s00, s10), s20));
        let y01 = f32x4.add(bv, f32x4.add(f32x4.add(s01, s11), s21));
        seen = f32x4.add(seen, f32x4.add(y00, y01));
        if (relu) {
          y00 = f32x4.max(y00, zero);
          y01 = f32x4.max(y01, zero);
        }
        v128.store(dst, v128.shuffle<f32>(y00, y01, 0, 4, 1, 5));
        v128.store(dst, v128.shuffle<f32>(y00, y01, 2, 6, 3, 7), 16);
        if (second) {
          let y10 = f32x4.add(bv, f32x4.sub(f32x4.sub(s10, s20), s30));
          let y11 = f32x4.add(bv, f32x4.sub(f32x4.sub(s11, s21), s31));
          seen = f32x4.add(seen, f32x4.add(y10, y11));
          if (relu) {
            y10 = f32x4.max(y10, zero);
            y11 = f32x4.max(y11, zero);
          }
          v128.store(dst + yRow, v128.shuffle<f32>(y10, y11, 0, 4, 1, 5));
          v128.store(dst + yRow, v128.shuffle<f32>(y10, y11, 2, 6, 3, 7), 16);
        }
      }
    }
  }
  markNonFinite(seen, flag);
}

/**
 * The weight gradient's tile transform, the adjoint of `winoConv`'s output transform: dM[pos][o][tile] = (A dY A^T)[pos]
 * for the 2x2 patch dY at rows 2 th.., columns 2 tw.. of dy prepared by `pad` (2 tH rows of 2 tWp
 * columns, zero past the image, O4 * 4 planes); dM is [16][O4 * 4][Tp]. Rows (o, b, th) are split.
 */
export function winoDyIn(
  dyp: usize, imgBytes: usize, planeBytes: usize, rowBytes: usize, O4: i32, n: i32, tH: i32, tWp: i32,
  dM: usize, Tp: i32, part: i32, nparts: i32,
): void {
  const O = O4 << 2;
  const perO = n * tH;
  const rows = O * perO;
  const r0 = sliceStart(rows, part, nparts);
  const r1 = sliceStart(rows, part + 1, nparts);
  const posBytes = winoSlabPosBytes(O, Tp);
  for (let r = r0; r < r1; r++) {
    const o = r / perO;
    const bt = r - o * perO;
    const b = bt / tH;
    const th = bt - b * tH;
    const src = dyp + <usize>b * imgBytes + <usize>o * planeBytes + (<usize>(th << 1)) * rowBytes;
    const tile0 = bt * tWp;
    for (let tw = 0; tw < tWp; tw += 4) {
      const p = src + (<usize>tw << 3);
      let e = v128.load(p), f = v128.load(p, 16);
      const y00 = v128.shuffle<f32>(e, f, 0, 2, 4, 6), y01 = v128.shuffle<f32>(e, f, 1, 3, 5, 7);
      e = v128.load(p + rowBytes); f = v128.load(p + rowBytes, 16);
      const y10 = v128.shuffle<f32>(e, f, 0, 2, 4, 6), y11 = v128.shuffle<f32>(e, f, 1, 3, 5, 7);
      // q[r][k] = (dY A^T)[r][k], columns of A^T: (1, 0), (1, 1), (1, -1), (0, -1)
      const q01 = f32x4.add(y00, y01), q02 = f32x4.sub(y00, y01), q03 = f32x4.neg(y01);
      const q11 = f32x4.add(y10, y11), q12 = f32x4.sub(y10, y11), q13 = f32x4.neg(y11);
      const t = tile0 + tw;
      const q = dM + ((<usize>o * <usize>Tp + <usize>t) << 2);
      v128.store(q, y00);
      v128.store(q + posBytes, q01);
      v128.store(q + 2 * posBytes, q02);
      v128.store(q + 3 * posBytes, q03);
      v128.store(q + 4 * posBytes, f32x4.add(y00, y10));
      v128.store(q + 5 * posBytes, f32x4.add(q01, q11));
      v128.store(q + 6 * posBytes, f32x4.add(q02, q12));
      v128.store(q + 7 * posBytes, f32x4.add(q03, q13));
      v128.store(q + 8 * posBytes, f32x4.sub(y00, y10));
      v128.store(q + 9 * posBytes, f32x4.sub(q01, q11));
      v128.store(q + 10 * posBytes, f32x4.sub(q02, q12));
      v128.store(q + 11 * posBytes, f32x4.sub(q03, q13));
      v128.store(q + 12 * posBytes, f32x4.neg(y10));
      v128.store(q + 13 * posBytes, f32x4.neg(q11));
      v128.store(q + 14 * posBytes, f32x4.neg(q12));
      v128.store(q + 15 * posBytes, f32x4.neg(q13));
    }
  }
}

/**
 * Bytes between positions of dU ([pos][O4 * 4][C2]): a cache line more than its O4 * 4 rows, as the output
 * transforms (`winoDwOut`, `winoDwOut4`) read every position of one (o, c) pair in turn and 2^k apart they would
 * all fall in one L1 and one L2 set (measured: F(4x4)'s at 64-128 channels 3.4x slower).
 */
@inline
function winoDUPosBytes(O4: i32, C2: i32): usize {
  return (<usize>(O4 << 2) * <usize>C2 << 2) + 64;
}

/**
 * dU[pos][o][c] += sum over tiles t < T of dM[pos][o][t] V[pos][c][t] for npos positions (16 for F(2x2), 36 for
 * F(4x4); dM from `winoDyIn` / `winoDyIn4`, V from `winoIn` / `winoIn4`, both with rows of T floats, T a multiple
 * of 4, positions `winoSlabPosBytes` apart; dU is [npos][O4 * 4][C2] with positions `winoDUPosBytes` apart, C2 = C
 * rounded up to even, zeroed by the caller). Tile: 4 output x 2 input
 * channels, 4 tiles per vector. Tiles are walked in chunks of `chunk` so the 4 dM rows stay in L1
 * while every channel pair passes; with C odd the last pair's second channel reads the row after
 * V (the caller leaves room), a column never used. Units (pos, output block) are split over parts.
 */
export function winoDw(dM: usize, V: usize, dU: usize, C: i32, C2: i32, O4: i32, T: i32, chunk: i32, npos: i32, part: i32, nparts: i32): void {
  const units = npos * O4;
  const u0 = sliceStart(units, part, nparts);
  const u1 = sliceStart(units, part + 1, nparts);
  const rowBytes = <usize>T << 2;
  const oStride = <usize>C2 << 2;
  const mPosBytes = winoSlabPosBytes(O4 << 2, T);
  const vPosBytes = winoSlabPosBytes(C, T);
  for (let u = u0; u < u1; u++) {
    const pos = u / O4;
    const ob = u - pos * O4;
    const mrow = dM + <usize>pos * mPosBytes + <usize>(ob << 2) * rowBytes;
    const vpos = V + <usize>pos * vPosBytes;
    const drow = dU + <usize>pos * winoDUPosBytes(O4, C2) + (<usize>(ob << 2) * oStride);
    for (let k0 = 0; k0 < T; k0 += chunk) {
      let k1 = k0 + chunk; if (k1 > T) k1 = T;
      const kBytes = <usize>(k1 - k0) << 2;
      for (let c = 0; c < C2; c += 2) {
        let mp = mrow + (<usize>k0 << 2);
        let vp = vpos + <usize>c * rowBytes + (<usize>k0 << 2);
        const vEnd = vp + kBytes;
        let a00 = f32x4.splat(0), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00;
        for (; vp < vEnd; vp += 16, mp += 16) {
          const v0 = v128.load(vp), v1 = v128.load(vp + rowBytes);
          let m = v128.load(mp);
          a00 = madd(m, v0, a00);
          a01 = madd(m, v1, a01);
          m = v128.load(mp + rowBytes);
          a10 = madd(m, v0, a10);
          a11 = madd(m, v1, a11);
          m = v128.load(mp + 2 * rowBytes);
          a20 = madd(m, v0, a20);
          a21 = madd(m, v1, a21);
          m = v128.load(mp + 3 * rowBytes);
          a30 = madd(m, v0, a30);
          a31 = madd(m, v1, a31);
        }
        const p = drow + (<usize>c << 2);
        store<f32>(p, load<f32>(p) + hsum(a00));
        store<f32>(p, load<f32>(p, 4) + hsum(a01), 4);
        store<f32>(p + oStride, load<f32>(p + oStride) + hsum(a10));
        store<f32>(p + oStride, load<f32>(p + oStride, 4) + hsum(a11), 4);
        store<f32>(p + 2 * oStride, load<f32>(p + 2 * oStride) + hsum(a20));
        store<f32>(p + 2 * oStride, load<f32>(p + 2 * oStride, 4) + hsum(a21), 4);
        store<f32>(p + 3 * oStride, load<f32>(p + 3 * oStride) + hsum(a30));
        store<f32>(p + 3 * oStride, load<f32>(p + 3 * oStride, 4) + hsum(a31), 4);
      }
    }
  }
}

/** dw[o][c] = G^T dU[.][o][c] G (3x3, the adjoint of `winoWeights`' transform); (o, c) pairs are split. */
export function winoDwOut(dU: usize, dw: usize, O: i32, O4: i32, C: i32, C2: i32, flag: usize, part: i32, nparts: i32): void {
  const units = O * C;
  const u0 = sliceStart(units, part, nparts);
  const u1 = sliceStart(units, part + 1, nparts);
  const posBytes = winoDUPosBytes(O4, C2);
  let seen = f32x4.splat(0);
  for (let u = u0; u < u1; u++) {
    const o = u / C;
    const c = u - o * C;
    const s = dU + ((<usize>o * <usize>C2 + <usize>c) << 2);
    // e[i][j] = (dU G)[i][j]; rows of G^T: (1, .5, .5, 0), (0, .5, -.5, 0), (0, .5, .5, 1)
    let e00: f64 = 0, e01: f64 = 0, e02: f64 = 0, e10: f64 = 0, e11: f64 = 0, e12: f64 = 0;
    let e20: f64 = 0, e21: f64 = 0, e22: f64 = 0, e30: f64 = 0, e31: f64 = 0, e32: f64 = 0;
    for (let i = 0; i < 4; i++) {
      const row = s + <usize>(i << 2) * posBytes;
      const d0: f64 = load<f32>(row), d1: f64 = load<f32>(row + posBytes);
      const d2: f64 = load<f32>(row + 2 * posBytes), d3: f64 = load<f32>(row + 3 * posBytes);
      const f0 = d0 + 0.5 * (d1 + d2), f1 = 0.5 * (d1 - d2), f2 = 0.5 * (d1 + d2) + d3;
      if (i == 0) { e00 = f0; e01 = f1; e02 = f2; }
      else if (i == 1) { e10 = f0; e11 = f1; e12 = f2; }
      else if (i == 2) { e20 = f0; e21 = f1; e22 = f2; }
      else { e30 = f0; e31 = f1; e32 = f2; }
    }
    const q = dw + (<usize>u * 9 << 2);
    store<f32>(q, <f32>(e00 + 0.5 * (e10 + e20)));
    store<f32>(q, <f32>(e01 + 0.5 * (e11 + e21)), 4);
    store<f32>(q, <f32>(e02 + 0.5 * (e12 + e22)), 8);
    store<f32>(q, <f32>(0.5 * (e10 - e20)), 12);
    store<f32>(q, <f32>(0.5 * (e11 - e21)), 16);
    store<f32>(q, <f32>(0.5 * (e12 - e22)), 20);
    store<f32>(q, <f32>(0.5 * (e10 + e20) + e30), 24);
    store<f32>(q, <f32>(0.5 * (e11 + e21) + e31), 28);
    store<f32>(q, <f32>(0.5 * (e12 + e22) + e32), 32);
    seen = f32x4.add(seen, dwSeen(q));
  }
  markNonFinite(seen, flag);
}

/** The 9 floats of one stored 3x3 filter gradient summed into 4 lanes (for `markNonFinite`). */
@inline function dwSeen(q: usize): v128 {
  return f32x4.add(f32x4.add(v128.load(q), v128.load(q, 16)), v128.load32_splat(q + 32));
}

// ---- Winograd F(4x4, 3x3) for the same convolutions -----------------------------------------------
//
// 4x4 output tiles from 6x6 input patches (tiles 4 apart): 36 multiplies per (output, input) channel
// pair and tile instead of 144. Interpolation points 0, 1, -1, 1/2, -2 and infinity: of the usual
// choices the smallest float32 error (the coefficient sum κ of src/bounds/conv-rounding.ts is 287,
// against 860 for 0, ±1, ±2 and for 0, ±1, ±1/2), rows scaled so that B^T's coefficients are small
// integers (the scale goes into G, applied in float64):
//   B^T = [2 -3 -4 3 2 0; 0 -2 1 5 2 0; 0 -2 5 -1 -2 0; 0 2 1 -2 -1 0; 0 1 -2 -1 2 0; 0 2 -3 -4 3 2],
//   G = [1/2 0 0; 1/6 1/6 1/6; 1/6 -1/6 1/6; 16/15 8/15 4/15; 1/30 -1/15 2/15; 0 0 1/2],
//   A^T = [1 1 1 1 1 0; 0 1 -1 1/2 -2 0; 0 1 1 1/4 4 0; 0 1 -1 1/8 -8 1].
// Layouts as F(2x2)'s with 36 positions (pos = 6 * row + col): U is [36][O4][Cin][4], a block's V is
// [36][C][8] and M [36][O4 * 4][8]. Rounded float32 operations along any product of the path: 3 per
// dimension in the input transform, 4 per dimension in the output transform (WINOGRAD4_DEPTH in
// src/bounds/conv-rounding.ts counts them; keep the two in step).

/** `winoWeights` for F(4x4, 3x3): U[pos][O4][Cin][4] = G g G^T over 36 positions, computed in float64. */
export function winoWeights4(w: usize, U: usize, Cout: i32, Cin: i32, O4: i32, flip: i32, part: i32, nparts: i32): void {
  const units = (O4 << 2) * Cin;
  const u0 = sliceStart(units, part, nparts);
  const u1 = sliceStart(units, part + 1, nparts);
  const posBytes = winoUPosBytes(O4, Cin);
  for (let u = u0; u < u1; u++) {
    const oc = u / Cin;
    const ic = u - oc * Cin;
    const dst = U + ((<usize>(oc >> 2) * <usize>Cin + <usize>ic) << 4) + (<usize>(oc & 3) << 2);
    if (oc >= Cout) {
      for (let pos = 0; pos < 36; pos++) store<f32>(dst + <usize>pos * posBytes, 0);
      continue;
    }
    const src = w + (<usize>(flip != 0 ? ic * Cout + oc : oc * Cin + ic) * 9 << 2);
    let g0: f64, g1: f64, g2: f64, g3: f64, g4: f64, g5: f64, g6: f64, g7: f64, g8: f64;
    if (flip != 0) {
      g0 = load<f32>(src, 32); g1 = load<f32>(src, 28); g2 = load<f32>(src, 24);
      g3 = load<f32>(src, 20); g4 = load<f32>(src, 16); g5 = load<f32>(src, 12);
      g6 = load<f32>(src, 8); g7 = load<f32>(src, 4); g8 = load<f32>(src, 0);
    } else {
      g0 = load<f32>(src, 0); g1 = load<f32>(src, 4); g2 = load<f32>(src, 8);
      g3 = load<f32>(src, 12); g4 = load<f32>(src, 16); g5 = load<f32>(src, 20);
      g6 = load<f32>(src, 24); g7 = load<f32>(src, 28); g8 = load<f32>(src, 32);
    }
    // rows of Gg (6 x 3)
    winoWeight4Row(dst, posBytes, 0, 0.5 * g0, 0.5 * g1, 0.5 * g2);
    const s6: f64 = 1.0 / 6, s15: f64 = 1.0 / 15, s30: f64 = 1.0 / 30;
    winoWeight4Row(dst, posBytes, 1, (g0 + g3 + g6) * s6, (g1 + g4 + g7) * s6, (g2 + g5 + g8) * s6);
    winoWeight4Row(dst, posBytes, 2, (g0 - g3 + g6) * s6, (g1 - g4 + g7) * s6, (g2 - g5 + g8) * s6);
    winoWeight4Row(dst, posBytes, 3, (16 * g0 + 8 * g3 + 4 * g6) * s15, (16 * g1 + 8 * g4 + 4 * g7) * s15, (16 * g2 + 8 * g5 + 4 * g8) * s15);
    winoWeight4Row(dst, posBytes, 4, (g0 - 2 * g3 + 4 * g6) * s30, (g1 - 2 * g4 + 4 * g7) * s30, (g2 - 2 * g5 + 4 * g8) * s30);
    winoWeight4Row(dst, posBytes, 5, 0.5 * g6, 0.5 * g7, 0.5 * g8);
  }
}

/** Row i of U = (Gg) G^T for F(4x4): stores U[6 * i + k] for k = 0..5. */
@inline
function winoWeight4Row(dst: usize, posBytes: usize, i: i32, a: f64, b: f64, c: f64): void {
  const p = dst + <usize>(i * 6) * posBytes;
  store<f32>(p, <f32>(0.5 * a));
  const s6: f64 = 1.0 / 6, s15: f64 = 1.0 / 15, s30: f64 = 1.0 / 30;
  store<f32>(p + posBytes, <f32>((a + b + c) * s6));
  store<f32>(p + 2 * posBytes, <f32>((a - b + c) * s6));
  store<f32>(p + 3 * posBytes, <f32>((16 * a + 8 * b + 4 * c) * s15));
  store<f32>(p + 4 * posBytes, <f32>((a - 2 * b + 4 * c) * s30));
  store<f32>(p + 5 * posBytes, <f32>(0.5 * c));
}

/**
 * B^T d of six vectors d0..d5 (at most 3 roundings along any input), stored at q + k * stride, k = 0..5. Its
 * multipliers are integers, so a subnormal intermediate is exact: underflow adds no absolute error here.
 */
@inline
function winoBt6(d0: v128, d1: v128, d2: v128, d3: v128, d4: v128, d5: v128, q: usize, stride: usize): void {
  const a = f32x4.sub(d1, d3), b = f32x4.sub(d2, d4);
  const m3 = f32x4.splat(-3), three = f32x4.splat(3), m2 = f32x4.splat(-2), two = f32x4.splat(2);
  v128.store(q, madd(m3, a, f32x4.mul(two, f32x4.add(f32x4.sub(d0, f32x4.add(d2, d2)), d4))));
  v128.store(q + stride, madd(three, f32x4.add(d2, d3), f32x4.mul(m2, f32x4.add(a, b))));
  v128.store(q + 2 * stride, madd(three, f32x4.sub(d2, d3), f32x4.mul(m2, f32x4.sub(a, b))));
  v128.store(q + 3 * stride, madd(two, a, b));
  v128.store(q + 4 * stride, madd(m2, b, a));
  v128.store(q + 5 * stride, madd(m3, b, f32x4.mul(two, f32x4.add(f32x4.sub(d1, f32x4.add(d3, d3)), d5))));
}

/** A^T m of six vectors m0..m5 (at most 4 roundings along any input), stored at q + r * stride, r = 0..3. */
@inline
function winoAt6(m0: v128, m1: v128, m2: v128, m3: v128, m4: v128, m5: v128, q: usize, stride: usize): void {
  const p = f32x4.add(m1, m2), s = f32x4.sub(m1, m2);
  v128.store(q, f32x4.add(f32x4.add(f32x4.add(p, m3), m4), m0));
  v128.store(q + stride, madd(f32x4.splat(-2), m4, madd(f32x4.splat(0.5), m3, s)));
  v128.store(q + 2 * stride, madd(f32x4.splat(4), m4, madd(f32x4.splat(0.25), m3, p)));
  v128.store(q + 3 * stride, f32x4.add(madd(f32x4.splat(-8), m4, madd(f32x4.splat(0.125), m3, s)), m5));
}

/**
 * (B^T d B) of four 6x6 patches four columns apart, the first at p (rows rowBytes apart, 20 floats
 * readable per row): position pos of the four tiles goes to the vector at q + pos * posBytes. The row
 * transforms go there first, then each column is transformed in place.
 */
@inline
function winoIn4Tiles(p: usize, rowBytes: usize, q: usize, posBytes: usize): void {
  for (let a = 0; a < 6; a++) {
    const r = p + <usize>a * rowBytes;
    // column k of the four tiles: a 4x4 transpose of the first four loads, then columns 4 and 5
    const l0 = v128.load(r), l1 = v128.load(r, 16), l2 = v128.load(r, 32), l3 = v128.load(r, 48), l4 = v128.load(r, 64);
    const t0 = v128.shuffle<f32>(l0, l1, 0, 4, 1, 5), t1 = v128.shuffle<f32>(l2, l3, 0, 4, 1, 5);
    const t2 = v128.shuffle<f32>(l0, l1, 2, 6, 3, 7), t3 = v128.shuffle<f32>(l2, l3, 2, 6, 3, 7);
    const e0 = v128.shuffle<f32>(l1, l2, 0, 4, 1, 5), e1 = v128.shuffle<f32>(l3, l4, 0, 4, 1, 5);
    winoBt6(
      v128.shuffle<f32>(t0, t1, 0, 1, 4, 5), v128.shuffle<f32>(t0, t1, 2, 3, 6, 7),
      v128.shuffle<f32>(t2, t3, 0, 1, 4, 5), v128.shuffle<f32>(t2, t3, 2, 3, 6, 7),
      v128.shuffle<f32>(e0, e1, 0, 1, 4, 5), v128.shuffle<f32>(e0, e1, 2, 3, 6, 7),
      q + <usize>(a * 6) * posBytes, posBytes,
    );
  }
  const rowStride = 6 * posBytes;
  for (let k = 0; k < 6; k++) {
    const c = q + <usize>k * posBytes;
    winoBt6(
      v128.load(c), v128.load(c + rowStride), v128.load(c + 2 * rowStride),
      v128.load(c + 3 * rowStride), v128.load(c + 4 * rowStride), v128.load(c + 5 * rowStride),
      c, rowStride,
    );
  }
}

/**
 * A 3x3 stride-1 conv by Winograd F(4x4, 3x3), as `winoConv`: blocks of 8 tiles (4 tH x 4 tWp output
 * pixels per image, tWp a multiple of 4) split over parts, each transformed (`winoIn4Tiles`, from the
 * input prepared by `pad` with at least 4 tH + 2 rows of 4 tWp + 4 columns), multiplied (`winoGemm`
 * over 36 positions) and transformed back into y[b][o][4 th + r][4 tw + j] = bias[o] + (A^T M A)[r][j]
 * (y is [n][O][outH][4 tWp]; rows past outH are dropped), max(that, 0) with `relu`. The part's slice of
 * `scratch` holds V and M of a block (positions padded by a cache line) and 40 vectors of output-transform
 * temporaries: 36 ((C + 4 O4) 32 + 128) + 640 bytes.
 */
export function winoConv4(
  xp: usize, imgBytes: usize, planeBytes: usize, rowBytes: usize, U: usize, scratch: usize, C: i32, O: i32, O4: i32,
  n: i32, tH: i32, tWp: i32, outH: i32, bias: usize, y: usize, relu: i32, flag: usize, part: i32, nparts: i32,
): void {
  const tiles = n * tH * tWp;
  const nTB = (tiles + 7) >> 3;
  const u0 = sliceStart(nTB, part, nparts);
  const u1 = sliceStart(nTB, part + 1, nparts);
  // positions a cache line more than C (O4) rows of 8 tiles apart: at 4 KiB apart (128 channels) the 36
  // vectors of one tile transform would all fall in one L1 set
  const vPosBytes = (<usize>C << 5) + 64;
  const posBytes = (<usize>O4 << 7) + 64;
  const V = scratch + <usize>part * (36 * (vPosBytes + posBytes) + 640);
  const M = V + 36 * vPosBytes;
  const S = M + 36 * posBytes; // (M A) of one channel's four tiles: 24 vectors
  const Y = S + 384; // A^T M A: 16 vectors
  const yRow = <usize>tWp << 4;
  const yPlane = <usize>outH * yRow;
  const zero = f32x4.splat(0);
  let seen = zero;
  for (let tb = u0; tb < u1; tb++) {
    for (let h = 0; h < 2; h++) {
      const t = (tb << 3) + (h << 2);
      if (t >= tiles) break; // the lanes of missing tiles hold stale values; their outputs are dropped
      const row = t / tWp;
      const tw = t - row * tWp;
      const b = row / tH;
      const th = row - b * tH;
      let src = xp + <usize>b * imgBytes + (<usize>(th << 2)) * rowBytes + (<usize>tw << 4);
      let q = V + (<usize>h << 4);
      for (let c = 0; c < C; c++, src += planeBytes, q += 32) winoIn4Tiles(src, rowBytes, q, vPosBytes);
    }
    winoGemm(V, vPosBytes, U, M, posBytes, C, O4, 36);
    for (let h = 0; h < 2; h++) {
      const t = (tb << 3) + (h << 2);
      if (t >= tiles) break;
      const row = t / tWp;
      const tw = t - row * tWp;
      const b = row / tH;
      const th = row - b * tH;
      let rows = outH - (th << 2);
      if (rows > 4) rows = 4;
      let dst = y + ((<usize>b * <usize>O * <usize>outH + <usize>(th << 2)) * yRow) + (<usize>tw << 4);
      for (let o = 0; o < O; o++, dst += yPlane) {
        const p = M + (<usize>o << 5) + (<usize>h << 4);
        for (let a = 0; a < 6; a++) {
          const m = p + <usize>(a * 6) * posBytes;
          winoAt6(
            v128.load(m), v128.load(m + posBytes), v128.load(m + 2 * posBytes),
            v128.load(m + 3 * posBytes), v128.load(m + 4 * posBytes), v128.load(m + 5 * posBytes),
            S + <usize>(a << 6), 16,
          );
        }
        for (let j = 0; j < 4; j++) {
          const s = S + <usize>(j << 4);
          winoAt6(v128.load(s), v128.load(s, 64), v128.load(s, 128), v128.load(s, 192), v128.load(s, 256), v128.load(s, 320), Y + <usize>(j << 4), 64);
        }
        const bv = v128.load32_splat(bias + (<usize>o << 2));
        for (let r = 0; r < rows; r++) {
          const yr = Y + <usize>(r << 6);
          let y0 = f32x4.add(bv, v128.load(yr)), y1 = f32x4.add(bv, v128.load(yr, 16));
          let y2 = f32x4.add(bv, v128.load(yr, 32)), y3 = f32x4.add(bv, v128.load(yr, 48));
          seen = f32x4.add(seen, f32x4.add(f32x4.add(y0, y1), f32x4.add(y2, y3)));
          if (relu) {
            y0 = f32x4.max(y0, zero); y1 = f32x4.max(y1, zero);
            y2 = f32x4.max(y2, zero); y3 = f32x4.max(y3, zero);
          }
          // lanes are tiles, vectors columns: transpose so each tile's row of 4 is contiguous
          const t0 = v128.shuffle<f32>(y0, y1, 0, 4, 1, 5), t1 = v128.shuffle<f32>(y2, y3, 0, 4, 1, 5);
          const t2 = v128.shuffle<f32>(y0, y1, 2, 6, 3, 7), t3 = v128.shuffle<f32>(y2, y3, 2, 6, 3, 7);
          const d = dst + <usize>r * yRow;
          v128.store(d, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
          v128.store(d, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7), 16);
          v128.store(d, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5), 32);
          v128.store(d, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7), 48);
        }
      }
    }
  }
  markNonFinite(seen, flag);
}

/**
 * `winoIn` for F(4x4): V[pos][c][tile] = (B^T d B)[pos] for the 6x6 patch d at rows 4 th.., columns 4 tw.. of
 * each plane prepared by `pad` (at least 4 tH + 2 rows of 4 tWp + 4 columns); V is [36][C][Tp]. Rows (c, b, th)
 * are split over parts.
 */
export function winoIn4(
  xp: usize, imgBytes: usize, planeBytes: usize, rowBytes: usize, C: i32, n: i32, tH: i32, tWp: i32,
  V: usize, Tp: i32, part: i32, nparts: i32,
): void {
  const perC = n * tH;
  const rows = C * perC;
  const r0 = sliceStart(rows, part, nparts);
  const r1 = sliceStart(rows, part + 1, nparts);
  const posBytes = winoSlabPosBytes(C, Tp);
  for (let r = r0; r < r1; r++) {
    const c = r / perC;
    const bt = r - c * perC;
    const b = bt / tH;
    const th = bt - b * tH;
    const src = xp + <usize>b * imgBytes + <usize>c * planeBytes + (<usize>(th << 2)) * rowBytes;
    const tile0 = bt * tWp;
    for (let tw = 0; tw < tWp; tw += 4) {
      winoIn4Tiles(src + (<usize>tw << 4), rowBytes, V + ((<usize>c * <usize>Tp + <usize>(tile0 + tw)) << 2), posBytes);
    }
  }
}

/** A y of four vectors y0..y3 (A = (A^T)^T, 6 x 4), stored at q + k * stride, k = 0..5. */
@inline
function winoA6(y0: v128, y1: v128, y2: v128, y3: v128, q: usize, stride: usize): void {
  const p = f32x4.add(y0, y2);
  v128.store(q, y0);
  v128.store(q + stride, f32x4.add(p, f32x4.add(y1, y3)));
  v128.store(q + 2 * stride, f32x4.sub(p, f32x4.add(y1, y3)));
  v128.store(q + 3 * stride, madd(f32x4.splat(0.125), y3, madd(f32x4.splat(0.25), y2, madd(f32x4.splat(0.5), y1, y0))));
  v128.store(q + 4 * stride, madd(f32x4.splat(-8), y3, madd(f32x4.splat(4), y2, madd(f32x4.splat(-2), y1, y0))));
  v128.store(q + 5 * stride, y3);
}

/**
 * `winoDyIn` for F(4x4): dM[pos][o][tile] = (A dY A^T)[pos] for the 4x4 patch dY at rows 4 th.., columns
 * 4 tw.. of dy prepared by `pad` (4 tH rows of 4 tWp columns, zero past the image, O4 * 4 planes); dM is
 * [36][O4 * 4][Tp]. The row transforms go to positions 6 r + k (r < 4), then each column in place. Rows
 * (o, b, th) are split.
 */
export function winoDyIn4(
  dyp: usize, imgBytes: usize, planeBytes: usize, rowBytes: usize, O4: i32, n: i32, tH: i32, tWp: i32,
  dM: usize, Tp: i32, part: i32, nparts: i32,
): void {
  const O = O4 << 2;
  const perO = n * tH;
  const rows = O * perO;
  const r0 = sliceStart(rows, part, nparts);
  const r1 = sliceStart(rows, part + 1, nparts);
  const posBytes = winoSlabPosBytes(O, Tp);
  const rowStride = 6 * posBytes;
  for (let r = r0; r < r1; r++) {
    const o = r / perO;
    const bt = r - o * perO;
    const b = bt / tH;
    const th = bt - b * tH;
    const src = dyp + <usize>b * imgBytes + <usize>o * planeBytes + (<usize>(th << 2)) * rowBytes;
    const tile0 = bt * tWp;
    for (let tw = 0; tw < tWp; tw += 4) {
      const p = src + (<usize>tw << 4);
      const q = dM + ((<usize>o * <usize>Tp + <usize>(tile0 + tw)) << 2);
      for (let a = 0; a < 4; a++) {
        const l = p + <usize>a * rowBytes;
        const l0 = v128.load(l), l1 = v128.load(l, 16), l2 = v128.load(l, 32), l3 = v128.load(l, 48);
        const t0 = v128.shuffle<f32>(l0, l1, 0, 4, 1, 5), t1 = v128.shuffle<f32>(l2, l3, 0, 4, 1, 5);
        const t2 = v128.shuffle<f32>(l0, l1, 2, 6, 3, 7), t3 = v128.shuffle<f32>(l2, l3, 2, 6, 3, 7);
        winoA6(
          v128.shuffle<f32>(t0, t1, 0, 1, 4, 5), v128.shuffle<f32>(t0, t1, 2, 3, 6, 7),
          v128.shuffle<f32>(t2, t3, 0, 1, 4, 5), v128.shuffle<f32>(t2, t3, 2, 3, 6, 7),
          q + <usize>a * rowStride, posBytes,
        );
      }
      for (let k = 0; k < 6; k++) {
        const c = q + <usize>k * posBytes;
        winoA6(v128.load(c), v128.load(c + rowStride), v128.load(c + 2 * rowStride), v128.load(c + 3 * rowStride), c, rowStride);
      }
    }
  }
}

/** d G for a row d0..d5 of dU (G of F(4x4), 6 x 3), in float64 lanes (two filters at once): the three values in order. */
@inline
function winoG4(d0: v128, d1: v128, d2: v128, d3: v128, d4: v128, d5: v128, k: i32): v128 {
  const s6 = f64x2.splat(1.0 / 6), s15 = f64x2.splat(1.0 / 15), s30 = f64x2.splat(1.0 / 30);
  const d12 = f64x2.add(d1, d2);
  if (k == 0) {
    // 0.5 d0 + (d1 + d2) / 6 + 16 d3 / 15 + d4 / 30, left to right
    const a = f64x2.add(f64x2.mul(f64x2.splat(0.5), d0), f64x2.mul(d12, s6));
    return f64x2.add(f64x2.add(a, f64x2.mul(f64x2.mul(f64x2.splat(16), d3), s15)), f64x2.mul(d4, s30));
  }
  if (k == 1) return f64x2.add(f64x2.mul(f64x2.sub(d1, d2), s6), f64x2.mul(f64x2.sub(f64x2.mul(f64x2.splat(8), d3), d4), s15));
  const b = f64x2.add(f64x2.mul(f64x2.splat(4), d3), f64x2.mul(f64x2.splat(2), d4));
  return f64x2.add(f64x2.add(f64x2.mul(d12, s6), f64x2.mul(b, s15)), f64x2.mul(f64x2.splat(0.5), d5));
}

/** dU[.][o][c] and dU[.][o][c + 1] at `p` (a position's pair of floats) as two float64 lanes. */
@inline
function dUPair(p: usize): v128 {
  return f64x2.promote_low_f32x4(v128.load64_zero(p));
}

/**
 * dw[o][c] = G^T dU[.][o][c] G for F(4x4) (dU as `winoDw`'s), in float64; channel pairs (o, c..c+2) are split over
 * parts, each pair in the two lanes of f64x2 (each lane's operations in the scalar order: the same bits). With C odd
 * the last pair's second lane is dU's padding column, neither stored nor checked.
 */
export function winoDwOut4(dU: usize, dw: usize, O: i32, O4: i32, C: i32, C2: i32, flag: usize, part: i32, nparts: i32): void {
  const pairs = C2 >> 1;
  const units = O * pairs;
  const u0 = sliceStart(units, part, nparts);
  const u1 = sliceStart(units, part + 1, nparts);
  const posBytes = winoDUPosBytes(O4, C2);
  let seen = f32x4.splat(0);
  for (let u = u0; u < u1; u++) {
    const o = u / pairs;
    const c = (u - o * pairs) << 1;
    const both = c + 1 < C;
    const s = dU + ((<usize>o * <usize>C2 + <usize>c) << 2);
    const q = dw + ((<usize>o * <usize>C + <usize>c) * 9 << 2);
    for (let j = 0; j < 3; j++) {
      // e[i] = (dU G)[i][j] for the six rows i, then dw[r][j] = (G^T e)[r]
      let e0 = f64x2.splat(0), e1 = e0, e2 = e0, e3 = e0, e4 = e0, e5 = e0;
      for (let i = 0; i < 6; i++) {
        const row = s + <usize>(i * 6) * posBytes;
        const v = winoG4(
          dUPair(row), dUPair(row + posBytes), dUPair(row + 2 * posBytes),
          dUPair(row + 3 * posBytes), dUPair(row + 4 * posBytes), dUPair(row + 5 * posBytes), j,
        );
        if (i == 0) e0 = v; else if (i == 1) e1 = v; else if (i == 2) e2 = v;
        else if (i == 3) e3 = v; else if (i == 4) e4 = v; else e5 = v;
      }
      for (let r = 0; r < 3; r++) {
        let w = f32x4.demote_f64x2_zero(winoG4(e0, e1, e2, e3, e4, e5, r));
        const at = q + (<usize>(3 * r + j) << 2);
        store<f32>(at, f32x4.extract_lane(w, 0));
        if (both) store<f32>(at + 36, f32x4.extract_lane(w, 1));
        else w = f32x4.replace_lane(w, 1, 0);
        seen = f32x4.add(seen, w);
      }
    }
  }
  markNonFinite(seen, flag);
}

// ---- GEMM (matmul, linear) ----------------------------------------------------------------------
//
// c[i] = op(A[aIdx[i]]) · op(B[bIdx[i]]) + bias, BLIS-style: both operands are packed once into
// panels (A: 4 rows, B: 8 columns, each panel k-major so one k step reads 4 + 8 contiguous floats),
// then a 4 x 8 register tile (8 v128 accumulators) sweeps cache blocks: a kc-deep slice of one B
// panel (kc x 8 floats) stays in L1 while the A panels of an mc-row block stream from L2.

/** Depth rows per unit of gemmPack's contiguous-lane path: 16 reads whole cache lines per panel for P 4 and 8. */
const PACK_DEPTH_BLOCK = 16;

/**
 * Packs nmat matrices X (rows x depth) into panels of P (4 or 8) rows, zero-padded to whole panels:
 *   dst[mat][r / P][kk][r % P] = X[r][kk] = src[start(mat) + r * rs + kk * ks]   (element strides)
 * so a transposed operand is packed from where it lies; start(mat) is mat * matStride, or the i32 at
 * offsets[mat] when `offsets` is not 0 (matrices anywhere: attention heads in a packed projection).
 * With rs 1 (a panel's lanes contiguous in src) see gemmPackLanesContiguous; else whole panels are split over parts.
 */
export function gemmPack(
  src: usize, nmat: i32, matStride: i32, rows: i32, depth: i32, rs: i32, ks: i32, P: i32, dst: usize, offsets: usize,
  part: i32, nparts: i32,
): void {
  if (rs == 1) {
    gemmPackLanesContiguous(src, nmat, matStride, rows, depth, ks, P, dst, offsets, part, nparts);
    return;
  }
  const panels = (rows + P - 1) / P;
  const units = nmat * panels;
  const u0 = sliceStart(units, part, nparts);
  const u1 = sliceStart(units, part + 1, nparts);
  const panelBytes = <usize>depth * <usize>P << 2;
  const dStep = <usize>P << 2;
  const ksBytes = <usize>ks << 2;
  const rsBytes = <usize>rs << 2;
  for (let u = u0; u < u1; u++) {
    const mat = u / panels;
    const pnl = u - mat * panels;
    const start = offsets != 0 ? <usize>load<i32>(offsets + (<usize>mat << 2)) : <usize>mat * <usize>matStride;
    const matDst = dst + <usize>mat * <usize>panels * panelBytes;
    const r0 = pnl * P;
    let live = rows - r0;
    if (live > P) live = P;
    const d0 = matDst + <usize>pnl * panelBytes;
    const base = src + ((start + <usize>r0 * <usize>rs) << 2);
    if (live == P && ks == 1) {
      // each lane is a contiguous row of src: 4 rows x 4 steps at a time, transposed in registers
      const d4 = depth & ~3;
      for (let g = 0; g < P; g += 4) {
        let s = base + <usize>g * rsBytes;
        let d = d0 + (<usize>g << 2);
        for (let kk = 0; kk < d4; kk += 4, s += 16, d += dStep << 2) {
          const r0 = v128.load(s);
          const r1 = v128.load(s + rsBytes);
          const r2 = v128.load(s + 2 * rsBytes);
          const r3 = v128.load(s + 3 * rsBytes);
          const lo01 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
          const lo23 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
          const hi01 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
          const hi23 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
          v128.store(d, v128.shuffle<f32>(lo01, lo23, 0, 1, 4, 5));
          v128.store(d + dStep, v128.shuffle<f32>(lo01, lo23, 2, 3, 6, 7));
          v128.store(d + 2 * dStep, v128.shuffle<f32>(hi01, hi23, 0, 1, 4, 5));
          v128.store(d + 3 * dStep, v128.shuffle<f32>(hi01, hi23, 2, 3, 6, 7));
        }
        for (let kk = d4; kk < depth; kk++, s += 4, d += dStep) {
          for (let l = 0; l < 4; l++) store<f32>(d + (<usize>l << 2), load<f32>(s + <usize>l * rsBytes));
        }
      }
    } else {
      let d = d0;
      for (let kk = 0; kk < depth; kk++, d += dStep) {
        const s = base + <usize>kk * ksBytes;
        for (let l = 0; l < P; l++) store<f32>(d + (<usize>l << 2), l < live ? load<f32>(s + <usize>l * rsBytes) : 0);
      }
    }
  }
}

/**
 * gemmPack for rs 1: at each depth step a panel's P lanes are P consecutive floats of src, depth steps ks apart (a
 * transposed A, or a B stored k x n). Units (mat, PACK_DEPTH_BLOCK depth steps) are split over parts; each fills
 * every panel's slice of its steps, so the source is read along its rows, whole cache lines at a time, by a few
 * streams the prefetcher follows. (Units of a few panels down the whole depth read lines 4 KiB apart, a new page
 * each: a 1024 x 1024 operand not in cache packed 1.5–2x slower.)
 */
function gemmPackLanesContiguous(
  src: usize, nmat: i32, matStride: i32, rows: i32, depth: i32, ks: i32, P: i32, dst: usize, offsets: usize,
  part: i32, nparts: i32,
): void {
  const panels = (rows + P - 1) / P;
  const full = rows / P;
  const blocks = (depth + PACK_DEPTH_BLOCK - 1) / PACK_DEPTH_BLOCK;
  const units = nmat * blocks;
  const u0 = sliceStart(units, part, nparts);
  const u1 = sliceStart(units, part + 1, nparts);
  const panelBytes = <usize>depth * <usize>P << 2;
  const dStep = <usize>P << 2;
  const ksBytes = <usize>ks << 2;
  for (let u = u0; u < u1; u++) {
    const mat = u / blocks;
    const k0 = (u - mat * blocks) * PACK_DEPTH_BLOCK;
    let k1 = k0 + PACK_DEPTH_BLOCK; if (k1 > depth) k1 = depth;
    const start = offsets != 0 ? <usize>load<i32>(offsets + (<usize>mat << 2)) : <usize>mat * <usize>matStride;
    const rowStart = src + ((start + <usize>k0 * <usize>ks) << 2);
    const matDst = dst + <usize>mat * <usize>panels * panelBytes + <usize>k0 * dStep;
    for (let q = 0; q < full; q++) {
      let s = rowStart + (<usize>(q * P) << 2);
      let d = matDst + <usize>q * panelBytes;
      for (let kk = k0; kk < k1; kk++, s += ksBytes, d += dStep) {
        v128.store(d, v128.load(s));
        if (P == 8) v128.store(d, v128.load(s, 16), 16);
      }
    }
    if (full < panels) {
      // the last panel's live lanes, zeros after them
      const live = rows - full * P;
      let s = rowStart + (<usize>(full * P) << 2);
      let d = matDst + <usize>full * panelBytes;
      for (let kk = k0; kk < k1; kk++, s += ksBytes, d += dStep) {
        for (let l = 0; l < P; l++) store<f32>(d + (<usize>l << 2), l < live ? load<f32>(s + (<usize>l << 2)) : 0);
      }
    }
  }
}

/**
 * One 4 x 8 tile: acc = sum over kc steps of a[kk][0..4) x b[kk][0..8) (panels from gemmPack), then
 * c = bias + acc (first) or c += acc. c rows are ldc bytes apart.
 */
@inline
function gemmTile(a: usize, b: usize, kc: i32, cp: usize, ldc: usize, first: bool, bias: usize): void {
  let c00 = f32x4.splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  for (let kk = 0; kk < kc; kk++) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    let av = v128.load32_splat(a);
    c00 = madd(av, b0, c00);
    c01 = madd(av, b1, c01);
    av = v128.load32_splat(a, 4);
    c10 = madd(av, b0, c10);
    c11 = madd(av, b1, c11);
    av = v128.load32_splat(a, 8);
    c20 = madd(av, b0, c20);
    c21 = madd(av, b1, c21);
    av = v128.load32_splat(a, 12);
    c30 = madd(av, b0, c30);
    c31 = madd(av, b1, c31);
    a += 16;
    b += 32;
  }
  let z0: v128, z1: v128;
  if (first) {
    z0 = v128.load(bias);
    z1 = v128.load(bias, 16);
    v128.store(cp, f32x4.add(z0, c00)); v128.store(cp, f32x4.add(z1, c01), 16);
    cp += ldc;
    v128.store(cp, f32x4.add(z0, c10)); v128.store(cp, f32x4.add(z1, c11), 16);
    cp += ldc;
    v128.store(cp, f32x4.add(z0, c20)); v128.store(cp, f32x4.add(z1, c21), 16);
    cp += ldc;
    v128.store(cp, f32x4.add(z0, c30)); v128.store(cp, f32x4.add(z1, c31), 16);
  } else {
    v128.store(cp, f32x4.add(v128.load(cp), c00)); v128.store(cp, f32x4.add(v128.load(cp, 16), c01), 16);
    cp += ldc;
    v128.store(cp, f32x4.add(v128.load(cp), c10)); v128.store(cp, f32x4.add(v128.load(cp, 16), c11), 16);
    cp += ldc;
    v128.store(cp, f32x4.add(v128.load(cp), c20)); v128.store(cp, f32x4.add(v128.load(cp, 16), c21), 16);
    cp += ldc;
    v128.store(cp, f32x4.add(v128.load(cp), c30)); v128.store(cp, f32x4.add(v128.load(cp, 16), c31), 16);
  }
}

/**
 * c[i] (MP x NP floats, MP and NP multiples of 4 and 8) = A[table[i].a] · B[table[i].b] + bias for
 * i < batch, with A and B packed by gemmPack (aMatBytes, bMatBytes per matrix; K deep), table
 * i32 pairs, bias NP floats. Work units (matrix, mc-row block, nc-column block) are split over
 * parts; inside one, for each kc slice, each B panel slice stays in L1 while the block's A panels
 * pass (mc a multiple of 4, nc of 8).
 */
export function gemm(
  ap: usize, aMatBytes: usize, bp: usize, bMatBytes: usize, table: usize, batch: i32, MP: i32, NP: i32, K: i32,
  c: usize, ldcFloats: i32, bias: usize, mc: i32, nc: i32, kc: i32, part: i32, nparts: i32,
): void {
  const mBlocks = (MP + mc - 1) / mc;
  const nBlocks = (NP + nc - 1) / nc;
  const perMat = mBlocks * nBlocks;
  const units = batch * perMat;
  const u0 = sliceStart(units, part, nparts);
  const u1 = sliceStart(units, part + 1, nparts);
  const ldc = <usize>ldcFloats << 2;
  const aPanel = <usize>K << 4;
  const bPanel = <usize>K << 5;
  for (let u = u0; u < u1; u++) {
    const t = u / perMat;
    const rest = u - t * perMat;
    const mb = rest / nBlocks;
    const nb = rest - mb * nBlocks;
    const i0 = mb * mc;
    let i1 = i0 + mc; if (i1 > MP) i1 = MP;
    const j0 = nb * nc;
    let j1 = j0 + nc; if (j1 > NP) j1 = NP;
    const aMat = ap + <usize>load<i32>(table + (<usize>t << 3)) * aMatBytes;
    const bMat = bp + <usize>load<i32>(table + (<usize>t << 3), 4) * bMatBytes;
    const cMat = c + <usize>t * <usize>MP * ldc;
    for (let pc = 0; pc < K; pc += kc) {
      let kcur = K - pc; if (kcur > kc) kcur = kc;
      const first = pc == 0;
      for (let j = j0; j < j1; j += 8) {
        const bs = bMat + <usize>(j >> 3) * bPanel + (<usize>pc << 5);
        const bz = bias + (<usize>j << 2);
        for (let i = i0; i < i1; i += 4) {
          gemmTile(aMat + <usize>(i >> 2) * aPanel + (<usize>pc << 4), bs, kcur, cMat + <usize>i * ldc + (<usize>j << 2), ldc, first, bz);
        }
      }
    }
  }
}

/**
 * Not a kernel: the machine's f32x4 multiply-add peak, for scripts/bench-gemm.ts. 12 independent
 * chains of acc = acc * m + d (one f32x4.mul and one f32x4.add each per iteration, 8 flops), enough
 * to cover the latency of both; returns a lane so nothing is optimised away.
 */
export function simdPeak(iters: i32): f32 {
  const m = f32x4.splat(0.999999);
  const d = f32x4.splat(0.000001);
  let a0 = f32x4.splat(1), a1 = f32x4.splat(1.01), a2 = f32x4.splat(1.02), a3 = f32x4.splat(1.03);
  let a4 = f32x4.splat(1.04), a5 = f32x4.splat(1.05), a6 = f32x4.splat(1.06), a7 = f32x4.splat(1.07);
  let a8 = f32x4.splat(1.08), a9 = f32x4.splat(1.09), a10 = f32x4.splat(1.1), a11 = f32x4.splat(1.11);
  for (let i = 0; i < iters; i++) {
    a0 = madd(a0, m, d); a1 = madd(a1, m, d);
    a2 = madd(a2, m, d); a3 = madd(a3, m, d);
    a4 = madd(a4, m, d); a5 = madd(a5, m, d);
    a6 = madd(a6, m, d); a7 = madd(a7, m, d);
    a8 = madd(a8, m, d); a9 = madd(a9, m, d);
    a10 = madd(a10, m, d); a11 = madd(a11, m, d);
  }
  const s = f32x4.add(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)), f32x4.add(f32x4.add(a4, a5), f32x4.add(a6, a7)));
  return f32x4.extract_lane(f32x4.add(s, f32x4.add(f32x4.add(a8, a9), f32x4.add(a10, a11))), 0);
}

// ---- Row-wise softmax and layer norm (contiguous rows of the last axis) ------------------------------
//
// Rows are split over parts; each row is read and written by one part only, so the results do not depend on
// the thread count. Sums run in f64 lanes (each f32x4 promoted to two f64x2): as the JS ops do, and cheap next
// to an exp or a load.

const EXP_LOG2E: f32 = 1.44269504;
// ln 2 = EXP_LN2_HI + EXP_LN2_LO, the high part with 9 significant bits so k * EXP_LN2_HI is exact for |k| < 2^15.
const EXP_LN2_HI: f32 = 0.693359375;
const EXP_LN2_LO: f32 = -2.12194440e-4;

/**
 * e^x per lane, within a few ulp of the correctly rounded float32 over the whole range (Cephes' expf): k =
 * round(x / ln 2), r = x - k ln 2 (Cody-Waite, |r| <= ln 2 / 2), e^r by a degree-6 polynomial, times 2^k built in
 * the exponent bits. 2^k is applied as 2^(k >> 1) then 2^(k - (k >> 1)), both normal numbers, so results below
 * 2^-126 are rounded once into the subnormals instead of flushed, and results past 2^128 overflow to +inf.
 * x is clamped to [-110, 89] first (e^-110 rounds to 0, e^89 to +inf), so -inf gives 0; NaN stays NaN (the clamps
 * are pmin/pmax with x first, which return x when it is NaN). k is rounded by adding 1.5 * 2^23, which leaves it
 * in the low mantissa bits (x86 has no single instruction for wasm's nearest-then-trunc_sat). Plain multiplies and
 * adds (no `madd`), so both builds give the same bits.
 */
@inline
function expF32x4(x: v128): v128 {
  const c = f32x4.pmin(f32x4.pmax(x, f32x4.splat(-110)), f32x4.splat(89));
  const magic = f32x4.splat(12582912); // 1.5 * 2^23
  const t = f32x4.add(f32x4.mul(c, f32x4.splat(EXP_LOG2E)), magic);
  const kf = f32x4.sub(t, magic);
  const r = f32x4.sub(f32x4.sub(c, f32x4.mul(kf, f32x4.splat(EXP_LN2_HI))), f32x4.mul(kf, f32x4.splat(EXP_LN2_LO)));
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  const e = f32x4.add(f32x4.add(f32x4.mul(p, f32x4.mul(r, r)), r), f32x4.splat(1));
  const k = i32x4.sub(t, magic); // the bits of t minus those of 1.5 * 2^23: k itself
  const k1 = i32x4.shr_s(k, 1);
  const bias = i32x4.splat(127);
  const s1 = i32x4.shl(i32x4.add(k1, bias), 23);
  const s2 = i32x4.shl(i32x4.add(i32x4.sub(k, k1), bias), 23);
  return f32x4.mul(f32x4.mul(e, s1), s2);
}

/** e^x of one float, by the vector code (so a row's tail matches its lanes bit for bit). */
@inline
function expF32(x: f32): f32 {
  return f32x4.extract_lane(expF32x4(f32x4.splat(x)), 0);
}

/** Not a kernel: y[i] = e^x[i] for i < len by `expF32x4` (then `expF32` for the tail), for its accuracy test. */
export function expF32Rows(x: usize, y: usize, len: i32): void {
  const nv = len & ~3;
  for (let i = 0; i < nv; i += 4) v128.store(y + (<usize>i << 2), expF32x4(v128.load(x + (<usize>i << 2))));
  for (let i = nv; i < len; i++) store<f32>(y + (<usize>i << 2), expF32(load<f32>(x + (<usize>i << 2))));
}

/** The high two lanes of an f32x4, as an f64x2 (f64x2.promote_low_f32x4 gives the low two). */
@inline
function promoteHigh(v: v128): v128 {
  return f64x2.promote_low_f32x4(v128.shuffle<i32>(v, v, 2, 3, 0, 1));
}

/** Two f64x2 rounded to f32, as one f32x4 (a's lanes low). */
@inline
function demotePair(a: v128, b: v128): v128 {
  return v128.shuffle<i32>(f32x4.demote_f64x2_zero(a), f32x4.demote_f64x2_zero(b), 0, 1, 4, 5);
}

@inline
function f64Sum(a: v128, b: v128): f64 {
  const s = f64x2.add(a, b);
  return f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
}

/**
 * y = exp(x - m) / sum(exp(x - m)) over each of `rows` rows of n floats, m the row's maximum. A row holding NaN
 * or +inf, or all -inf, is all NaN, as the JS op gives (through the sum: m may skip a NaN, exp(NaN) cannot). exp by
 * `expF32x4` on float32 x - m, the sum in f64. y may be x.
 */
export function softmaxRows(x: usize, y: usize, rows: i32, n: i32, part: i32, nparts: i32): void {
  const r0 = sliceStart(rows, part, nparts);
  const r1 = sliceStart(rows, part + 1, nparts);
  const nv = n & ~3;
  const rowBytes = <usize>n << 2;
  for (let r = r0; r < r1; r++) {
    const xr = x + <usize>r * rowBytes;
    const yr = y + <usize>r * rowBytes;
    let mv = f32x4.splat(-Infinity);
    // pmax (one x86 instruction) may skip a NaN, but a NaN x still makes its exp, the sum and so the row NaN
    for (let j = 0; j < nv; j += 4) mv = f32x4.pmax(mv, v128.load(xr + (<usize>j << 2)));
    mv = f32x4.pmax(mv, v128.shuffle<i32>(mv, mv, 2, 3, 0, 1));
    mv = f32x4.pmax(mv, v128.shuffle<i32>(mv, mv, 1, 0, 3, 2));
    let m = f32x4.extract_lane(mv, 0);
    for (let j = nv; j < n; j++) {
      const v = load<f32>(xr + (<usize>j << 2));
      if (v > m) m = v;
    }
    const mvec = f32x4.splat(m);
    let s0 = f64x2.splat(0);
    let s1 = s0;
    for (let j = 0; j < nv; j += 4) {
      const o = <usize>j << 2;
      const e = expF32x4(f32x4.sub(v128.load(xr + o), mvec));
      v128.store(yr + o, e);
      s0 = f64x2.add(s0, f64x2.promote_low_f32x4(e));
      s1 = f64x2.add(s1, promoteHigh(e));
    }
    let s = f64Sum(s0, s1);
    for (let j = nv; j < n; j++) {
      const o = <usize>j << 2;
      const e = expF32(load<f32>(xr + o) - m);
      store<f32>(yr + o, e);
      s += <f64>e;
    }
    const inv = <f32>(1 / s);
    const iv = f32x4.splat(inv);
    for (let j = 0; j < nv; j += 4) {
      const o = <usize>j << 2;
      v128.store(yr + o, f32x4.mul(v128.load(yr + o), iv));
    }
    for (let j = nv; j < n; j++) {
      const o = <usize>j << 2;
      store<f32>(yr + o, load<f32>(yr + o) * inv);
    }
  }
}

/** dx = y * (gy - sum(gy * y)) over each row (softmax's gradient; y the forward's output), the sum in f64. */
export function softmaxRowsBwd(y: usize, gy: usize, dx: usize, rows: i32, n: i32, part: i32, nparts: i32): void {
  const r0 = sliceStart(rows, part, nparts);
  const r1 = sliceStart(rows, part + 1, nparts);
  const nv = n & ~3;
  const rowBytes = <usize>n << 2;
  for (let r = r0; r < r1; r++) {
    const at = <usize>r * rowBytes;
    const yr = y + at;
    const gr = gy + at;
    const dr = dx + at;
    let d0 = f64x2.splat(0);
    let d1 = d0;
    for (let j = 0; j < nv; j += 4) {
      const o = <usize>j << 2;
      const yv = v128.load(yr + o);
      const gv = v128.load(gr + o);
      // products of two floats are exact in f64
      d0 = f64x2.add(d0, f64x2.mul(f64x2.promote_low_f32x4(yv), f64x2.promote_low_f32x4(gv)));
      d1 = f64x2.add(d1, f64x2.mul(promoteHigh(yv), promoteHigh(gv)));
    }
    let dot = f64Sum(d0, d1);
    for (let j = nv; j < n; j++) {
      const o = <usize>j << 2;
      dot += <f64>load<f32>(yr + o) * <f64>load<f32>(gr + o);
    }
    const df = <f32>dot;
    const dv = f32x4.splat(df);
    for (let j = 0; j < nv; j += 4) {
      const o = <usize>j << 2;
      v128.store(dr + o, f32x4.mul(v128.load(yr + o), f32x4.sub(v128.load(gr + o), dv)));
    }
    for (let j = nv; j < n; j++) {
      const o = <usize>j << 2;
      store<f32>(dr + o, load<f32>(yr + o) * (load<f32>(gr + o) - df));
    }
  }
}

/**
 * Layer norm of each row of n floats, as src/ops/norm/layer-norm.ts computes it, all in f64: mean, then the biased
 * variance about it (two passes), rstd = 1 / sqrt(var + eps); y = (x - mean) * rstd * w + b rounded to f32 once.
 * w and b are n floats (ones and zeros when the op has none); mean and rstd are rows f64s; eps is an f64 at `epsAt`
 * (kernel arguments travel as i32). y may be x.
 */
export function layerNormRows(
  x: usize, w: usize, b: usize, y: usize, mean: usize, rstd: usize, epsAt: usize, rows: i32, n: i32, part: i32, nparts: i32,
): void {
  const r0 = sliceStart(rows, part, nparts);
  const r1 = sliceStart(rows, part + 1, nparts);
  const nv = n & ~3;
  const rowBytes = <usize>n << 2;
  const eps = load<f64>(epsAt);
  for (let r = r0; r < r1; r++) {
    const xr = x + <usize>r * rowBytes;
    const yr = y + <usize>r * rowBytes;
    let a0 = f64x2.splat(0);
    let a1 = a0;
    for (let j = 0; j < nv; j += 4) {
      const xv = v128.load(xr + (<usize>j << 2));
      a0 = f64x2.add(a0, f64x2.promote_low_f32x4(xv));
      a1 = f64x2.add(a1, promoteHigh(xv));
    }
    let sum = f64Sum(a0, a1);
    for (let j = nv; j < n; j++) sum += <f64>load<f32>(xr + (<usize>j << 2));
    const m = sum / <f64>n;
    const mv = f64x2.splat(m);
    a0 = f64x2.splat(0);
    a1 = a0;
    for (let j = 0; j < nv; j += 4) {
      const xv = v128.load(xr + (<usize>j << 2));
      const d0 = f64x2.sub(f64x2.promote_low_f32x4(xv), mv);
      const d1 = f64x2.sub(promoteHigh(xv), mv);
      a0 = f64x2.add(a0, f64x2.mul(d0, d0));
      a1 = f64x2.add(a1, f64x2.mul(d1, d1));
    }
    let sq = f64Sum(a0, a1);
    for (let j = nv; j < n; j++) {
      const d = <f64>load<f32>(xr + (<usize>j << 2)) - m;
      sq += d * d;
    }
    const s = 1 / Math.sqrt(sq / <f64>n + eps);
    store<f64>(mean + (<usize>r << 3), m);
    store<f64>(rstd + (<usize>r << 3), s);
    const sv = f64x2.splat(s);
    for (let j = 0; j < nv; j += 4) {
      const o = <usize>j << 2;
      const xv = v128.load(xr + o);
      const wv = v128.load(w + o);
      const bv = v128.load(b + o);
      const h0 = f64x2.mul(f64x2.sub(f64x2.promote_low_f32x4(xv), mv), sv);
      const h1 = f64x2.mul(f64x2.sub(promoteHigh(xv), mv), sv);
      const y0 = f64x2.add(f64x2.mul(h0, f64x2.promote_low_f32x4(wv)), f64x2.promote_low_f32x4(bv));
      const y1 = f64x2.add(f64x2.mul(h1, promoteHigh(wv)), promoteHigh(bv));
      v128.store(yr + o, demotePair(y0, y1));
    }
    for (let j = nv; j < n; j++) {
      const o = <usize>j << 2;
      const h = (<f64>load<f32>(xr + o) - m) * s;
      store<f32>(yr + o, <f32>(h * <f64>load<f32>(w + o) + <f64>load<f32>(b + o)));
    }
  }
}

/**
 * Layer norm's gradient with respect to x, per row, all in f64: with g = gy * w and h = (x - mean) * rstd,
 * dx = rstd * (g - mean(g) - h * mean(g * h)) (mean and rstd the forward's, f64s).
 */
export function layerNormRowsBwd(
  x: usize, gy: usize, w: usize, mean: usize, rstd: usize, dx: usize, rows: i32, n: i32, part: i32, nparts: i32,
): void {
  const r0 = sliceStart(rows, part, nparts);
  const r1 = sliceStart(rows, part + 1, nparts);
  const nv = n & ~3;
  const rowBytes = <usize>n << 2;
  for (let r = r0; r < r1; r++) {
    const at = <usize>r * rowBytes;
    const xr = x + at;
    const gr = gy + at;
    const dr = dx + at;
    const m = load<f64>(mean + (<usize>r << 3));
    const s = load<f64>(rstd + (<usize>r << 3));
    const mv = f64x2.splat(m);
    const sv = f64x2.splat(s);
    let g0 = f64x2.splat(0);
    let g1 = g0;
    let p0 = g0;
    let p1 = g0;
    for (let j = 0; j < nv; j += 4) {
      const o = <usize>j << 2;
      const xv = v128.load(xr + o);
      const gv = v128.load(gr + o);
      const wv = v128.load(w + o);
      const h0 = f64x2.mul(f64x2.sub(f64x2.promote_low_f32x4(xv), mv), sv);
      const h1 = f64x2.mul(f64x2.sub(promoteHigh(xv), mv), sv);
      const q0 = f64x2.mul(f64x2.promote_low_f32x4(gv), f64x2.promote_low_f32x4(wv));
      const q1 = f64x2.mul(promoteHigh(gv), promoteHigh(wv));
      g0 = f64x2.add(g0, q0);
      g1 = f64x2.add(g1, q1);
      p0 = f64x2.add(p0, f64x2.mul(q0, h0));
      p1 = f64x2.add(p1, f64x2.mul(q1, h1));
    }
    let sumG = f64Sum(g0, g1);
    let sumGH = f64Sum(p0, p1);
    for (let j = nv; j < n; j++) {
      const o = <usize>j << 2;
      const h = (<f64>load<f32>(xr + o) - m) * s;
      const g = <f64>load<f32>(gr + o) * <f64>load<f32>(w + o);
      sumG += g;
      sumGH += g * h;
    }
    const meanG = sumG / <f64>n;
    const meanGH = sumGH / <f64>n;
    const mg = f64x2.splat(meanG);
    const mgh = f64x2.splat(meanGH);
    for (let j = 0; j < nv; j += 4) {
      const o = <usize>j << 2;
      const xv = v128.load(xr + o);
      const gv = v128.load(gr + o);
      const wv = v128.load(w + o);
      const h0 = f64x2.mul(f64x2.sub(f64x2.promote_low_f32x4(xv), mv), sv);
      const h1 = f64x2.mul(f64x2.sub(promoteHigh(xv), mv), sv);
      const q0 = f64x2.mul(f64x2.promote_low_f32x4(gv), f64x2.promote_low_f32x4(wv));
      const q1 = f64x2.mul(promoteHigh(gv), promoteHigh(wv));
      const d0 = f64x2.mul(sv, f64x2.sub(f64x2.sub(q0, mg), f64x2.mul(h0, mgh)));
      const d1 = f64x2.mul(sv, f64x2.sub(f64x2.sub(q1, mg), f64x2.mul(h1, mgh)));
      v128.store(dr + o, demotePair(d0, d1));
    }
    for (let j = nv; j < n; j++) {
      const o = <usize>j << 2;
      const h = (<f64>load<f32>(xr + o) - m) * s;
      const g = <f64>load<f32>(gr + o) * <f64>load<f32>(w + o);
      store<f32>(dr + o, <f32>(s * (g - meanG - h * meanGH)));
    }
  }
}

/**
 * Layer norm's weight and bias gradients: dw[j] = sum over rows of gy * (x - mean) * rstd, db[j] = sum of gy, in
 * f64, rounded once. Split over parts by groups of 4 columns (each column summed by one part, in row order, so the
 * sums do not depend on the thread count). A walk down the rows takes two groups at once (half the line fetches of one
 * group a walk: with rows 2^k bytes apart, lines are not kept between walks; four groups would need more accumulators
 * than there are registers); a group left over goes column by column, as does the last group of a row length not a
 * multiple of 4.
 */
export function layerNormParamsBwd(
  x: usize, gy: usize, mean: usize, rstd: usize, dw: usize, db: usize, rows: i32, n: i32, part: i32, nparts: i32,
): void {
  const groups = (n + 3) >> 2;
  const g0 = sliceStart(groups, part, nparts);
  const g1 = sliceStart(groups, part + 1, nparts);
  const rowBytes = <usize>n << 2;
  const fullGroups = n >> 2;
  let grp = g0;
  for (; grp + 2 <= g1 && grp + 2 <= fullGroups; grp += 2) {
    const o = <usize>grp << 4;
    layerNormParams8(x + o, gy + o, mean, rstd, dw + o, db + o, rows, rowBytes);
  }
  // a group left without a partner, and a last group of fewer than 4 columns, go column by column (the same bits)
  for (; grp < g1; grp++) {
    const j0 = grp << 2;
    const j1 = j0 + 4 < n ? j0 + 4 : n;
    for (let j = j0; j < j1; j++) {
      const oj = <usize>j << 2;
      let sw: f64 = 0;
      let sb: f64 = 0;
      for (let r = 0; r < rows; r++) {
        const at = <usize>r * rowBytes + oj;
        const g = <f64>load<f32>(gy + at);
        sw += g * ((<f64>load<f32>(x + at) - load<f64>(mean + (<usize>r << 3))) * load<f64>(rstd + (<usize>r << 3)));
        sb += g;
      }
      store<f32>(dw + oj, <f32>sw);
      store<f32>(db + oj, <f32>sb);
    }
  }
}

/** layerNormParamsBwd's sums for the 8 columns at x and gy (all inside the rows): each column in row order, as its column-by-column loop sums it. */
function layerNormParams8(x: usize, gy: usize, mean: usize, rstd: usize, dw: usize, db: usize, rows: i32, rowBytes: usize): void {
  let w0 = f64x2.splat(0), w1 = w0, w2 = w0, w3 = w0, b0 = w0, b1 = w0, b2 = w0, b3 = w0;
  let xp = x;
  let gp = gy;
  for (let r = 0; r < rows; r++, xp += rowBytes, gp += rowBytes) {
    const mv = f64x2.splat(load<f64>(mean + (<usize>r << 3)));
    const sv = f64x2.splat(load<f64>(rstd + (<usize>r << 3)));
    let xv = v128.load(xp);
    let gv = v128.load(gp);
    let gl = f64x2.promote_low_f32x4(gv);
    let gh = promoteHigh(gv);
    w0 = f64x2.add(w0, f64x2.mul(gl, f64x2.mul(f64x2.sub(f64x2.promote_low_f32x4(xv), mv), sv)));
    w1 = f64x2.add(w1, f64x2.mul(gh, f64x2.mul(f64x2.sub(promoteHigh(xv), mv), sv)));
    b0 = f64x2.add(b0, gl);
    b1 = f64x2.add(b1, gh);
    xv = v128.load(xp, 16);
    gv = v128.load(gp, 16);
    gl = f64x2.promote_low_f32x4(gv);
    gh = promoteHigh(gv);
    w2 = f64x2.add(w2, f64x2.mul(gl, f64x2.mul(f64x2.sub(f64x2.promote_low_f32x4(xv), mv), sv)));
    w3 = f64x2.add(w3, f64x2.mul(gh, f64x2.mul(f64x2.sub(promoteHigh(xv), mv), sv)));
    b2 = f64x2.add(b2, gl);
    b3 = f64x2.add(b3, gh);
  }
  v128.store(dw, demotePair(w0, w1));
  v128.store(dw, demotePair(w2, w3), 16);
  v128.store(db, demotePair(b0, b1));
  v128.store(db, demotePair(b2, b3), 16);
}

/**
 * db[j] = the sum over `rows` rows of g[r·n + j], in f64, rounded once to f32: addRows' order exactly
 * (src/kernels/sum-rows.ts: four rows per pass as (g0 + g1) + (g2 + g3), then one at a time), so a bias's gradient
 * is the same to the bit as the tape's sumTo. Columns are split between the threads, four per group; a walk down
 * the rows takes four groups at once (a whole cache line of each row): one group at a time fetched each line four
 * times, and with rows 2^k bytes apart the lines of consecutive rows share one L1 set, so nothing was kept between
 * the walks (1 ns a float for W5's 1024 x 1024 gradient). Groups left over go column by column.
 */
export function addRowsF32(g: usize, rows: i32, n: i32, db: usize, part: i32, nparts: i32): void {
  const groups = (n + 3) >> 2;
  const g0 = sliceStart(groups, part, nparts);
  const g1 = sliceStart(groups, part + 1, nparts);
  const rowBytes = <usize>n << 2;
  const fullGroups = n >> 2;
  let grp = g0;
  for (; grp + 4 <= g1 && grp + 4 <= fullGroups; grp += 4) sumColumns16(g + (<usize>grp << 4), rows, rowBytes, db + (<usize>grp << 4));
  // groups left over (fewer than four, or a last one of fewer than 4 columns) go column by column (the same bits)
  for (; grp < g1; grp++) {
    const j0 = grp << 2;
    const j1 = j0 + 4 < n ? j0 + 4 : n;
    for (let j = j0; j < j1; j++) {
      const oj = <usize>j << 2;
      let s: f64 = 0;
      let r = 0;
      for (; r + 4 <= rows; r += 4) {
        const at = g + <usize>r * rowBytes + oj;
        s += (<f64>load<f32>(at) + <f64>load<f32>(at + rowBytes)) + (<f64>load<f32>(at + 2 * rowBytes) + <f64>load<f32>(at + 3 * rowBytes));
      }
      for (; r < rows; r++) s += <f64>load<f32>(g + <usize>r * rowBytes + oj);
      store<f32>(db + oj, <f32>s);
    }
  }
}

/** (g0 + g1) + (g2 + g3) in f64 for the low two of four floats at p, four rows rowBytes apart. */
@inline
function sumLow4(p: usize, rowBytes: usize): v128 {
  return f64x2.add(
    f64x2.add(f64x2.promote_low_f32x4(v128.load(p)), f64x2.promote_low_f32x4(v128.load(p + rowBytes))),
    f64x2.add(f64x2.promote_low_f32x4(v128.load(p + 2 * rowBytes)), f64x2.promote_low_f32x4(v128.load(p + 3 * rowBytes))),
  );
}

/** sumLow4 for the high two. */
@inline
function sumHigh4(p: usize, rowBytes: usize): v128 {
  return f64x2.add(
    f64x2.add(promoteHigh(v128.load(p)), promoteHigh(v128.load(p + rowBytes))),
    f64x2.add(promoteHigh(v128.load(p + 2 * rowBytes)), promoteHigh(v128.load(p + 3 * rowBytes))),
  );
}

/** addRowsF32's sums for the 16 columns at g (all inside the rows), into db: each column in its column-by-column loop's order. */
function sumColumns16(g: usize, rows: i32, rowBytes: usize, db: usize): void {
  let a0 = f64x2.splat(0), a1 = a0, b0 = a0, b1 = a0, c0 = a0, c1 = a0, d0 = a0, d1 = a0;
  let p = g;
  let r = 0;
  for (; r + 4 <= rows; r += 4, p += rowBytes << 2) {
    a0 = f64x2.add(a0, sumLow4(p, rowBytes));
    a1 = f64x2.add(a1, sumHigh4(p, rowBytes));
    b0 = f64x2.add(b0, sumLow4(p + 16, rowBytes));
    b1 = f64x2.add(b1, sumHigh4(p + 16, rowBytes));
    c0 = f64x2.add(c0, sumLow4(p + 32, rowBytes));
    c1 = f64x2.add(c1, sumHigh4(p + 32, rowBytes));
    d0 = f64x2.add(d0, sumLow4(p + 48, rowBytes));
    d1 = f64x2.add(d1, sumHigh4(p + 48, rowBytes));
  }
  for (; r < rows; r++, p += rowBytes) {
    let v = v128.load(p);
    a0 = f64x2.add(a0, f64x2.promote_low_f32x4(v));
    a1 = f64x2.add(a1, promoteHigh(v));
    v = v128.load(p, 16);
    b0 = f64x2.add(b0, f64x2.promote_low_f32x4(v));
    b1 = f64x2.add(b1, promoteHigh(v));
    v = v128.load(p, 32);
    c0 = f64x2.add(c0, f64x2.promote_low_f32x4(v));
    c1 = f64x2.add(c1, promoteHigh(v));
    v = v128.load(p, 48);
    d0 = f64x2.add(d0, f64x2.promote_low_f32x4(v));
    d1 = f64x2.add(d1, promoteHigh(v));
  }
  v128.store(db, demotePair(a0, a1));
  v128.store(db, demotePair(b0, b1), 16);
  v128.store(db, demotePair(c0, c1), 32);
  v128.store(db, demotePair(d0, d1), 48);
}

/**
 * dst[p][r][c] = src[p'][r][c·1] rows `stride` floats apart, for p < images·planesPerImage (p' = b·srcPlanesPerImage
 * + k for p = b·planesPerImage + k): a strided result made contiguous inside WebAssembly memory, planes split
 * between the threads, so the copy out to JS is one block copy instead of a `set` per row on the calling thread.
 */
export function compactPlanes(
  src: usize, dst: usize, images: i32, planesPerImage: i32, srcPlanesPerImage: i32, rows: i32, cols: i32, stride: i32,
  part: i32, nparts: i32,
): void {
  const planes = images * planesPerImage;
  const p0 = sliceStart(planes, part, nparts);
  const p1 = sliceStart(planes, part + 1, nparts);
  const rowBytes = <usize>cols << 2;
  const strideBytes = <usize>stride << 2;
  for (let p = p0; p < p1; p++) {
    const b = p / planesPerImage;
    const k = p - b * planesPerImage;
    let s = src + <usize>(b * srcPlanesPerImage + k) * <usize>rows * strideBytes;
    let d = dst + <usize>p * <usize>rows * rowBytes;
    for (let r = 0; r < rows; r++, s += strideBytes, d += rowBytes) memory.copy(d, s, rowBytes);
  }
}
