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

@inline
function sliceStart(total: i32, part: i32, nparts: i32): i32 {
  return <i32>((<i64>total * <i64>part) / <i64>nparts);
}

/** Zero-padded, phase-split copy of n images (see the header). Rows of dst are split over parts. */
export function pad(
  src: usize, dst: usize, n: i32, srcC: i32, dstC: i32, srcH: i32, srcW: i32,
  top: i32, left: i32, sH: i32, sW: i32, Hq: i32, Wq: i32, part: i32, nparts: i32,
): void {
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
 * Direct convolution over a buffer prepared by `pad`:
 *   y[b][o][oh][ow] = bias[o] + sum over taps t and channels c of w[o][c][t] * x(b, c, oh, ow, t)
 * Weights packed [O4][nTaps][C][4] (4 output channels innermost, read with load32_splat),
 * y laid out [n][O4 * 4][outH][outWp] with outWp a multiple of 8.
 * Tile: 4 output channels x 8 pixels in 8 v128 accumulators; per tap one loop over channels.
 * Output rows (n * outH) are split over parts.
 */
export function conv(
  xp: usize, imgBytes: usize, planeBytes: usize, rowBytes: usize, taps: usize, nTaps: i32, C: i32,
  wp: usize, bias: usize, y: usize, O4: i32, outH: i32, outWp: i32, n: i32, part: i32, nparts: i32,
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
            a00 = f32x4.add(a00, f32x4.mul(wv, x0));
            a01 = f32x4.add(a01, f32x4.mul(wv, x1));
            wv = v128.load32_splat(wpt, 4);
            a10 = f32x4.add(a10, f32x4.mul(wv, x0));
            a11 = f32x4.add(a11, f32x4.mul(wv, x1));
            wv = v128.load32_splat(wpt, 8);
            a20 = f32x4.add(a20, f32x4.mul(wv, x0));
            a21 = f32x4.add(a21, f32x4.mul(wv, x1));
            wv = v128.load32_splat(wpt, 12);
            a30 = f32x4.add(a30, f32x4.mul(wv, x0));
            a31 = f32x4.add(a31, f32x4.mul(wv, x1));
            xpt += planeBytes;
            wpt += 16;
          }
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
            a00 = f32x4.add(a00, f32x4.mul(dv, x0));
            a01 = f32x4.add(a01, f32x4.mul(dv, x1));
            dv = v128.load(d + dyPlane);
            a10 = f32x4.add(a10, f32x4.mul(dv, x0));
            a11 = f32x4.add(a11, f32x4.mul(dv, x1));
            dv = v128.load(d + 2 * dyPlane);
            a20 = f32x4.add(a20, f32x4.mul(dv, x0));
            a21 = f32x4.add(a21, f32x4.mul(dv, x1));
            dv = v128.load(d + 3 * dyPlane);
            a30 = f32x4.add(a30, f32x4.mul(dv, x0));
            a31 = f32x4.add(a31, f32x4.mul(dv, x1));
            d += 16;
            xpt += 16;
          }
          if (rem > 0) {
            const x0 = v128.and(v128.load(xpt), mask);
            const x1 = v128.and(v128.load(xpt + planeBytes), mask);
            let dv = v128.load(d);
            a00 = f32x4.add(a00, f32x4.mul(dv, x0));
            a01 = f32x4.add(a01, f32x4.mul(dv, x1));
            dv = v128.load(d + dyPlane);
            a10 = f32x4.add(a10, f32x4.mul(dv, x0));
            a11 = f32x4.add(a11, f32x4.mul(dv, x1));
            dv = v128.load(d + 2 * dyPlane);
            a20 = f32x4.add(a20, f32x4.mul(dv, x0));
            a21 = f32x4.add(a21, f32x4.mul(dv, x1));
            dv = v128.load(d + 3 * dyPlane);
            a30 = f32x4.add(a30, f32x4.mul(dv, x0));
            a31 = f32x4.add(a31, f32x4.mul(dv, x1));
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
  for (let p = p0; p < p1; p++) {
    const xp = x + (<usize>p * inPlane << 2);
    const yp = y + (<usize>p * outPlane << 2);
    const ip = idx + (<usize>p * outPlane << 2);
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
