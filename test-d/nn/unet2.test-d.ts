import { expectError, expectType } from "tsd";
import { UNet2Config, type UNetDownH, type UNetDownW, type UNetUpH, type UNetUpW, withConfig } from "../../src/nn/unet2-config.js";
import { type UNet2Grads, type UNet2InputCheck, type UNet2Options, type UNet2OptionsCheck, type UNet2ParamName, createUNet2 } from "../../src/nn/unet2.js";
import { type Tensor, zeros } from "../../src/tensor/tensor.js";
import type { UNet2DefaultConfig, WithConfig } from "../../types/nn/unet2.js";

/** What createUNet2 checks for these options: true, or the message it fails with. */
declare function checkOf<const O extends UNet2Options>(options: O): UNet2OptionsCheck<O>;

// The seed's sizes: UNetDownH/W, UNetUpH/W.
expectType<286>(null! as UNetDownH<UNet2DefaultConfig, 572>);
expectType<3>(null! as UNetDownW<UNet2DefaultConfig, 7>);
expectType<572>(null! as UNetUpH<UNet2DefaultConfig, 572>);
expectType<6>(null! as UNetUpW<UNet2DefaultConfig, 7>);
expectType<12>(null! as UNetUpH<WithConfig<{ upKernel: 4; upPadding: 1 }>, 12>);

// Overrides keep literal types.
expectType<8>(withConfig({ baseC: 8 }).baseC);
expectType<3>(withConfig({ baseC: 8 }).convKernel);
expectType<number>(withConfig({} as Partial<UNet2Config>).baseC);

// The default config compiles at 8x8, 128x128, 572x572 and 4096x4096; forward keeps H and W, outC channels.
const m8 = createUNet2({ inC: 3, outC: 2, inH: 8, inW: 8 });
expectType<true>(checkOf({ inC: 3, outC: 2, inH: 8, inW: 8 }));
expectType<Tensor<[2, 8, 8]>>(m8.forward(zeros([3, 8, 8])));
const m128 = createUNet2({ inC: 1, outC: 1, inH: 128, inW: 128 });
expectType<Tensor<[1, 128, 128]>>(m128.forward(zeros([1, 128, 128])));
const m572 = createUNet2({ inC: 3, outC: 2, inH: 572, inW: 572 });
expectType<Tensor<[2, 572, 572]>>(m572.forward(zeros([3, 572, 572])));
const m4096 = createUNet2({ inC: 3, outC: 5, inH: 4096, inW: 4096 });
expectType<Tensor<[5, 4096, 4096]>>(m4096.forward(zeros([3, 4096, 4096])));
expectType<64>(m572.config.baseC);
expectType<3>(m572.inC);
expectType<572>(m572.inH);

// Batched (N, C, H, W) input: the batch axis is kept, in forward and backward.
expectType<Tensor<[4, 2, 572, 572]>>(m572.forward(zeros([4, 3, 572, 572])));
const batched = m572.backward(zeros([4, 3, 572, 572]), zeros([4, 2, 572, 572]));
expectType<Tensor<[4, 3, 572, 572]>>(batched.dx);
expectError(m572.backward(zeros([4, 3, 572, 572]), zeros([2, 572, 572])));
expectError(m572.backward(zeros([3, 572, 572]), zeros([2, 572, 570])));

// backward -> { grads: UNet2Grads, dx }: the sixteen kernel and bias gradients, with the seed's shapes.
const { grads, dx } = m572.backward(zeros([3, 572, 572]), zeros([2, 572, 572]));
expectType<Tensor<[3, 572, 572]>>(dx);
expectType<UNet2Grads<WithConfig<{}>, 3, 2, 572, 572>>(grads);
expectType<
  | "down1_1.weight" | "down1_1.bias" | "down1_2.weight" | "down1_2.bias"
  | "down2_1.weight" | "down2_1.bias" | "down2_2.weight" | "down2_2.bias"
  | "upT.weight" | "upT.bias" | "up1_1.weight" | "up1_1.bias"
  | "up1_2.weight" | "up1_2.bias" | "out1x1.weight" | "out1x1.bias"
>(null! as keyof UNet2Grads<UNet2DefaultConfig, 3, 2, 572, 572>);
expectType<UNet2ParamName>(null! as keyof typeof grads);
expectType<Tensor<[64, 3, 3, 3]>>(grads["down1_1.weight"]);
expectType<Tensor<[64]>>(grads["down1_1.bias"]);
expectType<Tensor<[64, 64, 3, 3]>>(grads["down1_2.weight"]);
expectType<Tensor<[64]>>(grads["down1_2.bias"]);
expectType<Tensor<[128, 64, 3, 3]>>(grads["down2_1.weight"]);
expectType<Tensor<[128]>>(grads["down2_1.bias"]);
expectType<Tensor<[128, 128, 3, 3]>>(grads["down2_2.weight"]);
expectType<Tensor<[128]>>(grads["down2_2.bias"]);
expectType<Tensor<[128, 64, 2, 2]>>(grads["upT.weight"]);
expectType<Tensor<[64]>>(grads["upT.bias"]);
expectType<Tensor<[64, 128, 3, 3]>>(grads["up1_1.weight"]);
expectType<Tensor<[64]>>(grads["up1_1.bias"]);
expectType<Tensor<[64, 64, 3, 3]>>(grads["up1_2.weight"]);
expectType<Tensor<[64]>>(grads["up1_2.bias"]);
expectType<Tensor<[2, 64, 1, 1]>>(grads["out1x1.weight"]);
expectType<Tensor<[2]>>(grads["out1x1.bias"]);
// The parameters have the same shapes, and a kept trace can be passed back.
expectType<Tensor<[128, 64, 2, 2]>>(m572.params["upT.weight"]);
const traced = m8.forwardTraced(zeros([3, 8, 8]));
expectType<Tensor<[2, 8, 8]>>(traced.output);
expectType<Tensor<[3, 8, 8]>>(m8.backward(zeros([3, 8, 8]), traced.output, { trace: traced.trace }).dx);

// Odd H or W fails h_upH / h_upW with the obligation's message, at the call.
expectType<"UNet2 h_upH: maxPool2d(2,2) then convTranspose2d(2,2) maps H 7 → 6; H must be even">(checkOf({ inC: 3, outC: 2, inH: 7, inW: 8 }));
expectError(createUNet2({ inC: 3, outC: 2, inH: 7, inW: 8 }));
expectType<"UNet2 h_upW: maxPool2d(2,2) then convTranspose2d(2,2) maps W 571 → 570; W must be even">(checkOf({ inC: 3, outC: 2, inH: 572, inW: 571 }));
expectError(createUNet2({ inC: 3, outC: 2, inH: 572, inW: 571 }));

// A conv that does not preserve the size fails h_convH (then h_convW, h_convH_down, ... in the seed's order).
expectType<"UNet2 h_convH: conv2d(k=3, s=1, p=0) maps H 8 → 6; it must preserve H">(checkOf({ inC: 3, outC: 2, inH: 8, inW: 8, config: { convPadding: 0 } }));
expectError(createUNet2({ inC: 3, outC: 2, inH: 8, inW: 8, config: { convPadding: 0 } }));
expectType<"UNet2 h_convW: conv2d(k=1, s=2, p=1) maps W 4 → 3; it must preserve W">(checkOf({ inC: 3, outC: 2, inH: 2, inW: 4, config: { convKernel: 1, convStride: 2, convPadding: 1 } }));
expectError(createUNet2({ inC: 3, outC: 2, inH: 2, inW: 4, config: { convKernel: 1, convStride: 2, convPadding: 1 } }));
expectType<"UNet2 h_convH_down: conv2d(k=1, s=2, p=1) maps H 1 → 2; it must preserve H">(checkOf({ inC: 3, outC: 2, inH: 2, inW: 2, config: { convKernel: 1, convStride: 2, convPadding: 1 } }));
expectError(createUNet2({ inC: 3, outC: 2, inH: 2, inW: 2, config: { convKernel: 1, convStride: 2, convPadding: 1 } }));
expectType<"UNet2 h_convW_down: conv2d(k=1, s=2, p=1) maps W 1 → 2; it must preserve W">(checkOf({ inC: 3, outC: 2, inH: 3, inW: 2, config: { convKernel: 1, convStride: 2, convPadding: 1, poolStride: 1 } }));
expectError(createUNet2({ inC: 3, outC: 2, inH: 3, inW: 2, config: { convKernel: 1, convStride: 2, convPadding: 1, poolStride: 1 } }));
expectType<"UNet2 h_outH: head conv2d(k=3, s=1, p=0) maps H 8 → 6; it must preserve H">(checkOf({ inC: 3, outC: 2, inH: 8, inW: 8, config: { headKernel: 3 } }));
expectError(createUNet2({ inC: 3, outC: 2, inH: 8, inW: 8, config: { headKernel: 3 } }));
expectType<"UNet2 h_outW: head conv2d(k=1, s=2, p=1) maps W 4 → 3; it must preserve W">(checkOf({ inC: 3, outC: 2, inH: 2, inW: 4, config: { headStride: 2, headPadding: 1 } }));
expectError(createUNet2({ inC: 3, outC: 2, inH: 2, inW: 4, config: { headStride: 2, headPadding: 1 } }));

// A mismatched input channel count (or H, W, rank) fails forward with the message.
expectType<"UNet2 forward: x's C axis and inC must match: 4 vs 3">(null! as UNet2InputCheck<[4, 572, 572], 3, 572, 572>);
expectError(m572.forward(zeros([4, 572, 572])));
expectType<"UNet2 forward: x's C axis and inC must match: 1 vs 3">(null! as UNet2InputCheck<[2, 1, 572, 572], 3, 572, 572>);
expectError(m572.forward(zeros([2, 1, 572, 572])));
expectType<"UNet2 forward: x's H axis and inH must match: 570 vs 572">(null! as UNet2InputCheck<[3, 570, 572], 3, 572, 572>);
expectError(m572.forward(zeros([3, 570, 572])));
expectType<"UNet2 forward: x must be (C, H, W) or (N, C, H, W), got rank 2">(null! as UNet2InputCheck<[572, 572], 3, 572, 572>);
expectError(m572.forward(zeros([572, 572])));
expectError(m572.backward(zeros([4, 572, 572]), zeros([2, 572, 572])));

// UNet2Config.WF: each failing fact named; inC ≠ 0 likewise.
expectType<true>(null! as UNet2Config.WF<UNet2DefaultConfig>);
expectType<"UNet2Config.WF: poolKernel must be ≠ 0">(null! as UNet2Config.WF<WithConfig<{ poolKernel: 0 }>>);
expectType<"UNet2Config.WF: baseC must be > 0">(null! as UNet2Config.WF<WithConfig<{ baseC: 0 }>>);
expectType<"UNet2Config.WF: poolKernel must be ≠ 0; UNet2Config.WF: upStride must be ≠ 0; UNet2Config.WF: baseC must be > 0">(
  null! as UNet2Config.WF<WithConfig<{ baseC: 0; upStride: 0; poolKernel: 0 }>>,
);
expectType<"UNet2Config.WF: convPadding must be a natural number, got -1">(null! as UNet2Config.WF<WithConfig<{ convPadding: -1 }>>);
expectType<"UNet2Config.WF: poolKernel must be ≠ 0">(checkOf({ inC: 3, outC: 2, inH: 8, inW: 8, config: { poolKernel: 0 } }));
expectError(createUNet2({ inC: 3, outC: 2, inH: 8, inW: 8, config: { poolKernel: 0 } }));
expectType<"UNet2Config.WF: baseC must be > 0">(checkOf({ inC: 3, outC: 2, inH: 8, inW: 8, config: { baseC: 0 } }));
expectError(createUNet2({ inC: 3, outC: 2, inH: 8, inW: 8, config: { baseC: 0 } }));
expectType<"UNet2: inC must be ≠ 0">(checkOf({ inC: 0, outC: 2, inH: 8, inW: 8 }));
expectError(createUNet2({ inC: 0, outC: 2, inH: 8, inW: 8 }));
expectType<"UNet2: outC must be ≠ 0">(checkOf({ inC: 3, outC: 0, inH: 8, inW: 8 }));
expectError(createUNet2({ inC: 3, outC: 0, inH: 8, inW: 8 }));

// Non-default configs that satisfy the obligations compile (test/nn/unet2-obligations.test.ts runs them).
expectType<true>(checkOf({ inC: 1, outC: 1, inH: 12, inW: 20, config: { convKernel: 5, convPadding: 2 } }));
const k5 = createUNet2({ inC: 1, outC: 1, inH: 12, inW: 20, config: { baseC: 4, convKernel: 5, convPadding: 2 } });
expectType<Tensor<[4, 1, 5, 5]>>(k5.params["down1_1.weight"]);
expectType<Tensor<[8, 8, 5, 5]>>(k5.params["down2_2.weight"]);
expectType<Tensor<[1, 12, 20]>>(k5.forward(zeros([1, 12, 20])));
expectType<true>(checkOf({ inC: 1, outC: 1, inH: 8, inW: 6, config: { upKernel: 4, upStride: 2, upPadding: 1 } }));
const up4 = createUNet2({ inC: 1, outC: 2, inH: 8, inW: 6, config: { baseC: 2, upKernel: 4, upStride: 2, upPadding: 1 } });
expectType<Tensor<[4, 2, 4, 4]>>(up4.params["upT.weight"]);
expectType<Tensor<[2, 2, 8, 6]>>(up4.forward(zeros([2, 1, 8, 6])));

// Sizes known only at run time compile; createUNet2 checks them when it runs.
const h = 8 as number;
const dyn = createUNet2({ inC: 3, outC: 2, inH: h, inW: 8 });
expectType<Tensor<[2, number, 8]>>(dyn.forward(zeros([3, h, 8])));
expectType<true>(checkOf({ inC: 3, outC: 2, inH: h, inW: 8 }));

// Options or config known only as their interface types: every field that may differ from the default is
// `number` (the run time checks it), never the default's literal.
declare const looseOptions: UNet2Options;
const loose = createUNet2(looseOptions);
expectType<number>(loose.config.baseC);
expectType<number>(loose.inH);
expectType<"float32" | "float64">(loose.dtype);
const fromFile = createUNet2({ inC: 3, outC: 2, inH: 8, inW: 8, config: {} as Partial<UNet2Config> });
expectType<number>(fromFile.config.convPadding);
expectType<Tensor<[number, 3, number, number]>>(fromFile.params["down1_1.weight"]);
