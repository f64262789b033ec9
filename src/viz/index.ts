export { type GrayRange, type ImageStripOptions, type Panel, grayLevel, imageStripPng, tensorPanel } from "./image-strip.js";
export { type LossCurveOptions, lossCurveColors, lossCurveMargin, lossCurvePng } from "./loss-curve.js";
export { type Raster, type Rgba, createRaster, drawLine, encodePng, setPixel } from "./raster.js";
