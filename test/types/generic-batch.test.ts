// A PyTorch user's Module writes `forward<B extends number>(x: Tensor<[B, 1, 28, 28]>)`. Layers (`Layer.forward`)
// must then give exact shapes with B kept (they stayed unresolved, so every later op refused its input), a wrong
// layer size must be one error at that layer's call, and TransformerEncoderLayer.forwardWith (the causal-mask path)
// must type its result as forward does (it returned Tensor<Shape>, forcing a cast). Compiled with TS 5.9 and TS 7.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repositoryRoot, writeCheckedModule } from "./checked-module.js";

const src = join(repositoryRoot, "src/index.js");
const program = `
import { Conv2d, Linear, Module, type Tensor, TransformerEncoderLayer, avgPool2d, causalMask, flatten, randn, tanh } from "${src}";

export class Net extends Module {
  readonly conv1 = this.registerModule("conv1", new Conv2d(1, 6, 5, { padding: 2 }));
  readonly conv2 = this.registerModule("conv2", new Conv2d(6, 16, 5));
  readonly fc1 = this.registerModule("fc1", new Linear(400, 120));
  readonly fc2 = this.registerModule("fc2", new Linear(120, 10));
  forward<B extends number>(x: Tensor<[B, 1, 28, 28]>): Tensor<[B, 10]> {
    const a: Tensor<[B, 6, 14, 14]> = avgPool2d(tanh(this.conv1.forward(x)), { kernel: 2 });
    const b: Tensor<[B, 16, 5, 5]> = avgPool2d(tanh(this.conv2.forward(a)), { kernel: 2 });
    const c: Tensor<[B, 400]> = flatten(b, 1);
    const d: Tensor<[B, 120]> = tanh(this.fc1.forward(c));
    return this.fc2.forward(d);
  }
}

export class Wrong extends Module {
  readonly fc = this.registerModule("fc", new Linear(256, 10));
  forward<B extends number>(x: Tensor<[B, 400]>) {
    return this.fc.forward(x); // WRONG
  }
}

const layer = new TransformerEncoderLayer(8, 2, { dropout: 0 });
export const masked: Tensor<[2, 5, 8]> = layer.forwardWith(randn([2, 5, 8], { seed: 0 }), { attnMask: causalMask(5) });
export function maskedGeneric<B extends number, T extends number>(x: Tensor<[B, T, 8]>): Tensor<[B, T, 8]> {
  return layer.forwardWith(x, { attnMask: causalMask(8) });
}
export function plainGeneric<B extends number, T extends number>(x: Tensor<[B, T, 8]>): Tensor<[B, T, 8]> {
  return layer.forward(x);
}
`;
const wrongLine = program.split("\n").findIndex((l) => l.includes("// WRONG")) + 1;
const compilers = {
  "TS 5.9": join(repositoryRoot, "node_modules/typescript/bin/tsc"),
  "TS 7": join(repositoryRoot, "node_modules/typescript7/bin/tsc"),
} as const;

let tmp = "";
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "shapeproof-generic-batch-"));
  writeCheckedModule(tmp, "program.ts", program);
});
afterAll(() => {
  if (tmp !== "") rmSync(tmp, { recursive: true, force: true });
});

describe.each(Object.entries(compilers))("layers on a generic batch size, compiled with %s", (_name, tsc) => {
  it("shapes keep B through conv, pool, flatten and Linear layers; the one wrong layer is the one error, at its call", () => {
    const r = spawnSync(process.execPath, [tsc, "-p", "tsconfig.json", "--pretty", "false"], { cwd: tmp, encoding: "utf8", timeout: 300_000 });
    if (r.error) throw r.error;
    const errors = r.stdout.split("\n").filter((l) => /error TS\d+/.test(l));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`program.ts(${wrongLine},`);
    expect(errors[0]).toContain("linear: weight axis 1 (in_features) and x's last axis must match: 256 vs 400");
  }, 300_000);
});
