export { type GrayRange, type ImageStripOptions, type Panel, grayLevel, imageStripPng, stripLabelBand, tensorPanel } from "./image-strip.js";
export { formatPowerOfTen, formatTick, niceTicks } from "./axis-ticks.js";
export { fontCharacters, glyph, glyphAdvance, glyphHeight, glyphWidth } from "./bitmap-font.js";
export { type LossCurveOptions, lossCurveColors, lossCurveMargin, lossCurvePng } from "./loss-curve.js";
export { type Raster, type Rgba, createRaster, drawLine, encodePng, setPixel } from "./raster.js";
export { drawText, textHeight, textWidth } from "./text.js";
