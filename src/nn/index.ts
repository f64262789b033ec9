export {
  UNet2Config,
  type UNetDownH,
  type UNetDownW,
  type UNetUpH,
  type UNetUpW,
  assertUNet2WF,
  unet2DefaultConfig,
  unet2Obligations,
  unetDownH,
  unetDownW,
  unetUpH,
  unetUpW,
  withConfig,
} from "./unet2-config.js";
export {
  type UNet2Grads,
  type UNet2LayerName,
  type UNet2Options,
  type UNet2Output,
  type UNet2ParamName,
  type UNet2Spec,
  type UNet2Trace,
  UNet2,
  createUNet2,
  unet2Layers,
} from "./unet2.js";
export { type SummaryRow, formatSummary } from "./summary.js";
