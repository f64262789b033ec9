import { fontCharacters, glyph, glyphAdvance, glyphHeight } from "./bitmap-font.js";
import { type Raster, type Rgba, setPixel } from "./raster.js";

/** Width in pixels of `text` drawn by `drawText` (no trailing blank column). */
export function textWidth(text: string): number {
  const n = Array.from(text).length;
  return n === 0 ? 0 : n * glyphAdvance - 1;
}

/** Height in pixels of a line drawn by `drawText`. */
export const textHeight = glyphHeight;

/**
 * Draws `text` with the 5×7 bitmap font, its top-left corner at (x, y) (rounded to pixels); only ink pixels
 * are set, pixels outside the raster are skipped. Throws before drawing anything if a character is not in the
 * font (see `fontCharacters`).
 */
export function drawText(r: Raster, x: number, y: number, text: string, color: Rgba): void {
  const chars = Array.from(text);
  const glyphs = chars.map((ch, i) => {
    const g = glyph(ch);
    if (g === undefined) {
      const code = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
      throw new RangeError(
        `drawText: character ${JSON.stringify(ch)} (U+${code}) at index ${i} of ${JSON.stringify(text)} is not in the bitmap font; supported: ${JSON.stringify(fontCharacters)}`,
      );
    }
    return g;
  });
  const x0 = Math.round(x);
  const y0 = Math.round(y);
  glyphs.forEach((g, i) => {
    g.forEach((row, dy) => {
      row.forEach((ink, dx) => {
        if (ink) setPixel(r, x0 + i * glyphAdvance + dx, y0 + dy, color);
      });
    });
  });
}
