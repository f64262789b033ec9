import { expectAssignable, expectError, expectType } from "tsd";
import { centerCrop, centerCropBackward } from "../../src/ops/center-crop.js";
import { createUNetClassic } from "../../src/nn/unet-classic.js";
import { type Tensor, zeros } from "../../src/tensor/tensor.js";
import type { Shape } from "../../types/tensor/shape.js";
import type { UNetClassicAxis, UNetClassicCheck } from "../../types/nn/unet-classic.js";

// Ronneberger et al.: depth 4 (four pools), 572x572 in, 388x388 out; every crop proved by tsc.
const paper = createUNetClassic({ depth: 4, inC: 1, outC: 2, inH: 572, inW: 572 });
expectType<Tensor<[2, 388, 388]>>(paper.forward(zeros([1, 572, 572])));
expectType<Tensor<[8, 2, 388, 388]>>(paper.forward(zeros([8, 1, 572, 572])));
expectType<Tensor<[1, 572, 572]>>(paper.backward(zeros([1, 572, 572]), zeros([2, 388, 388])).dx);
expectError(paper.backward(zeros([1, 572, 572]), zeros([2, 572, 572])));
expectError(paper.forward(zeros([1, 570, 572])));

// Other depths and sizes; the smallest valid input of each depth.
expectType<Tensor<[3, 2, 4]>>(createUNetClassic({ depth: 1, inC: 1, outC: 3, inH: 18, inW: 20, baseC: 2 }).forward(zeros([1, 18, 20])));
expectType<4>(null! as UNetClassicAxis<2, "H", 44>);
expectType<4>(null! as UNetClassicAxis<4, "H", 188>);
expectType<900>(null! as UNetClassicAxis<4, "H", 1084>);
expectType<532>(null! as UNetClassicAxis<2, "H", 572>);
expectType<196>(null! as UNetClassicAxis<5, "H", 572>);
expectType<number>(null! as UNetClassicAxis<4, "H", number>);
expectType<true>(null! as UNetClassicCheck<4, 64, 1, 2, 572, 636>);

// A crop that cannot be centred, a layer with no room: the message names the layer and the numbers.
expectType<"UNetClassic depth 4, input H 570: up.0 centre crop of skip down.3: axis H: cropping 63 to 54 removes 9, an odd amount; a centre crop removes the same from each side">(
  null! as UNetClassicCheck<4, 64, 1, 2, 570, 572>,
);
expectType<"UNetClassic depth 4, input W 573: up.3 centre crop of skip down.0: axis W: cropping 569 to 392 removes 177, an odd amount; a centre crop removes the same from each side">(
  null! as UNetClassicCheck<4, 64, 1, 2, 572, 573>,
);
expectType<"UNetClassic depth 4, input H 100: down.4.conv1: axis H: dilated kernel 3 is larger than padded input 2">(null! as UNetClassicCheck<4, 64, 1, 2, 100, 572>);
expectType<"UNetClassic depth 5, input H 188: down.5.conv1: axis H: dilated kernel 3 is larger than padded input 2">(null! as UNetClassicCheck<5, 64, 1, 2, 188, 572>);
expectError(createUNetClassic({ depth: 4, inC: 1, outC: 2, inH: 570, inW: 572 }));
expectError(createUNetClassic({ depth: 1, inC: 1, outC: 2, inH: 16, inW: 20 }));

const h = 572 as number;
expectAssignable<Tensor<Shape>>(createUNetClassic({ depth: 4, inC: 1, outC: 2, inH: h, inW: h }).forward(zeros([1, 572, 572])));

// centerCrop: the spatial axes become the target; odd differences and larger targets are errors.
expectType<Tensor<[64, 56, 56]>>(centerCrop(zeros([64, 64, 64]), [56, 56]));
expectType<Tensor<[2, 64, 392, 390]>>(centerCrop(zeros([2, 64, 568, 568]), [392, 390]));
expectType<Tensor<[64, 64, 64]>>(centerCropBackward(zeros([64, 56, 56]), zeros([64, 64, 64]), [56, 56]));
expectError(centerCropBackward(zeros([64, 56, 58]), zeros([64, 64, 64]), [56, 56]));
expectError(centerCropBackward(zeros([64, 56, 56], { dtype: "float64" }), zeros([64, 64, 64]), [56, 56]));
expectError(centerCrop(zeros([64, 63, 64]), [56, 56]));
expectError(centerCrop(zeros([64, 54, 64]), [56, 56]));
expectError(centerCrop(zeros([64, 64]), [56, 56]));
expectType<"centerCrop: axis W: target size must be a natural number, got -2">(null! as import("../../types/ops/center-crop.js").CenterCropShape<[3, 8, 8], [4, -2]>);
