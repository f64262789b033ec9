import { describe, expect, it } from "vitest";
import { createRaster, drawText, fontCharacters, glyph, glyphAdvance, glyphHeight, glyphWidth, type Raster, textWidth } from "../../src/viz/index.js";

const white = [255, 255, 255, 255] as const;
const ink = [200, 10, 20, 255] as const;

function pixel(r: Raster, x: number, y: number): number[] {
  const i = (y * r.width + x) * 4;
  return Array.from(r.data.subarray(i, i + 4));
}

/** The raster as rows of "#" (ink) and "." (anything else). */
function picture(r: Raster): string[] {
  return Array.from({ length: r.height }, (_, y) =>
    Array.from({ length: r.width }, (_, x) => (pixel(r, x, y).join() === ink.join() ? "#" : ".")).join(""),
  );
}

describe("bitmap font", () => {
  it("has 5×7 glyphs, all different, for digits, number characters and label letters", () => {
    expect(fontCharacters).toContain("0123456789");
    for (const ch of ".-+elostp ") expect(fontCharacters).toContain(ch);
    const seen = new Set<string>();
    for (const ch of fontCharacters) {
      const g = glyph(ch)!;
      expect(g.length, ch).toBe(glyphHeight);
      for (const row of g) expect(row.length, ch).toBe(glyphWidth);
      const key = g.map((row) => row.map((b) => (b ? "#" : ".")).join("")).join("/");
      expect(seen.has(key), `glyph ${JSON.stringify(ch)} duplicates another`).toBe(false);
      seen.add(key);
    }
    expect(glyph("Q")).toBeUndefined();
  });
});

describe("drawText", () => {
  it("draws a digit's bitmap at (x, y), leaving the rest untouched", () => {
    const r = createRaster(8, 10, white);
    drawText(r, 1, 2, "7", ink);
    const seven = ["#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."];
    expect(picture(r)).toEqual(["........", "........", ...seven.map((row) => `.${row}..`), "........"]);
    // The same pixels as the font's own bitmap.
    const g = glyph("7")!;
    for (let y = 0; y < 10; y++) {
      for (let x = 0; x < 8; x++) {
        const on = y >= 2 && y < 9 && x >= 1 && x < 6 && g[y - 2]![x - 1]!;
        expect(pixel(r, x, y), `(${x}, ${y})`).toEqual([...(on ? ink : white)]);
      }
    }
  });

  it("advances one glyph plus a blank column per character", () => {
    const r = createRaster(textWidth("1.5"), glyphHeight, white);
    expect(r.width).toBe(3 * glyphAdvance - 1);
    drawText(r, 0, 0, "1.5", ink);
    expect(picture(r)).toEqual([
      "..#.........#####",
      ".##.........#....",
      "..#.........####.",
      "..#.............#",
      "..#.............#",
      "..#....##...#...#",
      ".###...##....###.",
    ]);
    expect(textWidth("")).toBe(0);
  });

  it("clips at the raster border", () => {
    const r = createRaster(4, 4, white);
    expect(() => drawText(r, -3, -5, "88", ink)).not.toThrow();
    // Only the bottom two rows of "8" (#...# / .###.) fall inside: columns 3-4 of the first, column 0 of the second.
    expect(picture(r)).toEqual([".#.#", "#...", "....", "...."]);
  });

  it("rejects characters the font lacks, naming them, before drawing anything", () => {
    const r = createRaster(40, 8, white);
    expect(() => drawText(r, 0, 0, "1eQ", ink)).toThrow(
      /character "Q" \(U\+0051\) at index 2 of "1eQ" is not in the bitmap font; supported: "0123456789/,
    );
    expect(() => drawText(r, 0, 0, "é", ink)).toThrow(/U\+00E9/);
    expect(picture(r).join("")).not.toContain("#");
  });
});
