// The tape: grad mode, recording an op (for ops written outside the library, as PyTorch's autograd.Function), and
// the backward engine's options. Tensor methods `backward`, `detach`, `requireGrad` and `.grad` live on Tensor.
export { enableGrad, isGradEnabled, noGrad } from "./grad-mode.js";
export { GradNode, type GradEdge, type Vjp, record } from "./graph.js";
export type { BackwardCallOptions } from "./engine.js";
