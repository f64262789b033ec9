export { Module, type StateDictInput } from "./module.js";
export { Layer } from "./layer.js";
export { Sequential, type SequentialFn, sequential } from "./sequential.js";
export * from "./layers/index.js";
export { UNetUpsample, type UNetUpsampleOptions } from "./unet-upsample.js";
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
  type UNet2InputCheck,
  type UNet2LayerName,
  type UNet2Options,
  type UNet2OptionsCheck,
  type UNet2Output,
  type UNet2ParamName,
  type UNet2Spec,
  type UNet2Trace,
  UNet2,
  createUNet2,
  unet2Layers,
} from "./unet2.js";
export { type SummaryRow, formatSummary } from "./summary.js";
export {
  type UNetArchitecture,
  type UNetAxisLayout,
  type UNetCheck,
  type UNetOf,
  type UNetOptions,
  type UNetOptionsCheck,
  type UNetParamName,
  type UNetParamShape,
  type UNetSignature,
  type UNetSpec,
  type UNetTrace,
  UNet,
  createUNet,
  unetAxisLayout,
} from "./unet.js";
export {
  type UNetClassicCheck,
  type UNetClassicOf,
  type UNetClassicOptions,
  type UNetClassicOptionsCheck,
  type UNetClassicOut,
  createUNetClassic,
  unetClassicAxisLayout,
} from "./unet-classic.js";
export { ModuleDict, ModuleList } from "./containers.js";
