import { describe, expect, it } from "vitest";
import { DTypeError, ShapeError } from "../../src/errors.js";
import { type Tensor, tensor, zeros } from "../../src/tensor/tensor.js";
import { record } from "../../src/autograd/graph.js";
import { allocate } from "../../src/tensor/tensor.js";
import { adam, adamw, type Params, sgd } from "../../src/train/index.js";
import type { DType, Shape } from "../../types/tensor/shape.js";
import { expectClose, loadGolden } from "../helpers/golden.js";
import { fromGolden, uniform } from "./helpers.js";

const cases = loadGolden("optimizers.json");

type AnyTensor = Tensor<Shape, DType>;

/** Σ a·b (same shapes), recorded on the tape with `record`: d/da = b·gy, d/db = a·gy. */
function dot(a: AnyTensor, b: AnyTensor): AnyTensor {
  let s = 0;
  for (let i = 0; i < a.size; i++) s += a.data[i]! * b.data[i]!;
  const out = allocate(a.dtype, 1);
  out[0] = s;
  const scaled = (t: AnyTensor, g: number): AnyTensor => {
    const d = allocate(t.dtype, t.size);
    for (let i = 0; i < d.length; i++) d[i] = t.data[i]! * g;
    return tensor<number[], DType>([...t.shape], d, { dtype: t.dtype });
  };
  return record("dot", tensor<[], DType>([], out, { dtype: a.dtype }), [a, b], (gy, needs) => [
    needs[0] ? scaled(b, gy.data[0]!) : null,
    needs[1] ? scaled(a, gy.data[0]!) : null,
  ]);
}

describe("optimizers match PyTorch 1.13 (golden optimizers.json)", () => {
  it("has sgd_momentum and adam", () => {
    expect(cases.map((c) => c.name).sort()).toEqual(["adam", "sgd_momentum"]);
  });
  for (const dtype of ["float32", "float64"] as const) {
    for (const c of cases) {
      it(`${c.name} (${dtype}): parameters after each step, from .grad (step()) and from a gradient record`, () => {
        const hp = c.params as Record<string, number>;
        const viaGrad = fromGolden(c.inputs["p0"]!, dtype).requireGrad();
        const viaRecord = { w: fromGolden(c.inputs["p0"]!, dtype) };
        const make = <P extends Params<P>>(params: P) =>
          c.name === "adam"
            ? adam(params, { lr: hp["lr"]!, beta1: hp["beta1"]!, beta2: hp["beta2"]!, eps: hp["eps"]! })
            : sgd(params, { lr: hp["lr"]!, momentum: hp["momentum"]!, weightDecay: hp["weightDecay"]! });
        const a = make([viaGrad]);
        const b = make(viaRecord);
        const grads = c.gradsPerStep!;
        const want = c.paramsAfterStep!;
        for (let s = 0; s < grads.length; s++) {
          // .grad as backward leaves it: Σ g·p has gradient g.
          a.zeroGrad();
          expect(viaGrad.grad).toBeNull();
          dot(viaGrad, fromGolden(grads[s]!, dtype)).backward();
          a.step();
          b.step({ w: fromGolden(grads[s]!, dtype) });
          expectClose(viaGrad.data, want[s]!, `${c.name} step ${s + 1} (step())`);
          expectClose(viaRecord.w.data, want[s]!, `${c.name} step ${s + 1} (step(grads))`);
        }
        expect(want.length).toBe(grads.length);
        expect(a.steps).toBe(grads.length);
        expect(b.steps).toBe(grads.length);
      });
    }
  }
});

/** Scalar re-derivations of the update rules, written out independently of the implementation. */
function sgdReference(
  p0: number,
  grads: number[],
  o: { lr: number; momentum: number; dampening: number; weightDecay: number; nesterov: boolean },
): number[] {
  let p = p0;
  let buf: number | undefined;
  const out: number[] = [];
  for (const g0 of grads) {
    const g = g0 + o.weightDecay * p;
    buf = buf === undefined ? g : o.momentum * buf + (1 - o.dampening) * g;
    const d = o.nesterov ? g + o.momentum * buf : buf;
    p -= o.lr * d;
    out.push(p);
  }
  return out;
}

function adamwReference(p0: number, grads: number[], o: { lr: number; b1: number; b2: number; eps: number; wd: number }): number[] {
  let p = p0;
  let m = 0;
  let v = 0;
  const out: number[] = [];
  grads.forEach((g, i) => {
    const t = i + 1;
    p = p - o.lr * o.wd * p;
    m = o.b1 * m + (1 - o.b1) * g;
    v = o.b2 * v + (1 - o.b2) * g * g;
    const mHat = m / (1 - o.b1 ** t);
    const vHat = v / (1 - o.b2 ** t);
    // eps is added to sqrt(v)/sqrt(1 − β2ᵗ), i.e. to sqrt(v̂), as PyTorch.
    p = p - (o.lr * mHat) / (Math.sqrt(vHat) + o.eps);
    out.push(p);
  });
  return out;
}

function run(
  make: (params: { w: Tensor<number[], "float64"> }) => { step(g: { w: Tensor<number[], "float64"> }): void },
  p0: number[],
  gradSeq: number[][],
): number[][] {
  const params = { w: tensor<number[], "float64">([p0.length], p0, { dtype: "float64" }) };
  const opt = make(params);
  return gradSeq.map((g) => {
    opt.step({ w: tensor<number[], "float64">([g.length], g, { dtype: "float64" }) });
    return Array.from(params.w.data);
  });
}

const p0 = [0.5, -1.25, 2];
const gradSeq = [
  [0.3, -0.2, 1.1],
  [-0.7, 0.4, 0.05],
  [0.25, 0.9, -0.6],
  [1.5, -0.3, 0.2],
];

function compare(got: number[][], refFor: (p: number, grads: number[]) => number[]): void {
  p0.forEach((p, j) => {
    const want = refFor(
      p,
      gradSeq.map((g) => g[j]!),
    );
    want.forEach((w, s) => {
      expect(got[s]![j]!).toBeCloseTo(w, 12);
    });
  });
}

describe("SGD against the scalar update equations", () => {
  const variants = [
    { lr: 0.1, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false },
    { lr: 0.05, momentum: 0.9, dampening: 0, weightDecay: 0.01, nesterov: true },
    { lr: 0.05, momentum: 0.8, dampening: 0.3, weightDecay: 0, nesterov: false },
    { lr: 0.02, momentum: 0.7, dampening: 0.5, weightDecay: 0.1, nesterov: false },
  ];
  for (const o of variants) {
    it(`momentum ${o.momentum}, dampening ${o.dampening}, weightDecay ${o.weightDecay}, nesterov ${o.nesterov}`, () => {
      const got = run((params) => sgd(params, o), p0, gradSeq);
      compare(got, (p, g) => (o.momentum === 0 ? plainSgd(p, g, o.lr, o.weightDecay) : sgdReference(p, g, o)));
    });
  }
  it("nesterov differs from heavy-ball momentum", () => {
    const a = run((params) => sgd(params, { lr: 0.1, momentum: 0.9, nesterov: true }), p0, gradSeq);
    const b = run((params) => sgd(params, { lr: 0.1, momentum: 0.9 }), p0, gradSeq);
    expect(a[3]![0]).not.toBeCloseTo(b[3]![0]!, 3);
  });
  it("rejects nesterov without momentum or with dampening", () => {
    const params = { w: tensor([2], [1, 2]) };
    expect(() => sgd(params, { lr: 0.1, nesterov: true })).toThrow(/nesterov momentum requires momentum > 0 and dampening = 0/);
    expect(() => sgd(params, { lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true })).toThrow(/nesterov/);
  });
  it("keeps a momentum buffer per parameter and zeroState forgets it", () => {
    const params = { a: tensor([2], [1, 2]), b: tensor([1], [3]) };
    const opt = sgd(params, { lr: 0.1, momentum: 0.9 });
    expect(opt.state.a.momentumBuffer).toBeNull();
    opt.step({ a: tensor([2], [1, 1]), b: tensor([1], [2]) });
    expect(Array.from(opt.state.a.momentumBuffer!)).toEqual([1, 1]);
    expect(Array.from(opt.state.b.momentumBuffer!)).toEqual([2]);
    opt.zeroState();
    expect(opt.state.a.momentumBuffer).toBeNull();
    expect(opt.steps).toBe(0);
  });
});

function plainSgd(p0: number, grads: number[], lr: number, wd: number): number[] {
  let p = p0;
  return grads.map((g) => (p -= lr * (g + wd * p)));
}

describe("Adam / AdamW against the scalar update equations", () => {
  it("AdamW (decoupled weight decay)", () => {
    const got = run((params) => adamw(params, { lr: 0.05, beta1: 0.8, beta2: 0.99, eps: 1e-6, weightDecay: 0.1 }), p0, gradSeq);
    compare(got, (p, g) => adamwReference(p, g, { lr: 0.05, b1: 0.8, b2: 0.99, eps: 1e-6, wd: 0.1 }));
  });
  it("AdamW defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weightDecay 1e-2", () => {
    const got = run((params) => adamw(params), p0, gradSeq);
    compare(got, (p, g) => adamwReference(p, g, { lr: 1e-3, b1: 0.9, b2: 0.999, eps: 1e-8, wd: 1e-2 }));
  });
  it("Adam with weightDecay adds L2 to the gradient", () => {
    const got = run((params) => adam(params, { lr: 0.05, weightDecay: 0.1 }), p0, gradSeq);
    compare(got, (p, grads) => {
      // Adam + L2 = AdamW without decoupled decay on the gradient g + wd·p.
      let q = p;
      let m = 0;
      let v = 0;
      return grads.map((g0, i) => {
        const g = g0 + 0.1 * q;
        m = 0.9 * m + 0.1 * g;
        v = 0.999 * v + 0.001 * g * g;
        q -= (0.05 * (m / (1 - 0.9 ** (i + 1)))) / (Math.sqrt(v / (1 - 0.999 ** (i + 1))) + 1e-8);
        return q;
      });
    });
  });
  it("AdamW differs from Adam when weightDecay > 0, and equals it when weightDecay = 0", () => {
    const a = run((params) => adam(params, { lr: 0.05, weightDecay: 0.1 }), p0, gradSeq);
    const w = run((params) => adamw(params, { lr: 0.05, weightDecay: 0.1 }), p0, gradSeq);
    expect(Math.abs(a[3]![2]! - w[3]![2]!)).toBeGreaterThan(1e-4);
    const a0 = run((params) => adam(params, { lr: 0.05 }), p0, gradSeq);
    const w0 = run((params) => adamw(params, { lr: 0.05, weightDecay: 0 }), p0, gradSeq);
    expect(w0).toEqual(a0);
  });
  it("tracks step count and moments per parameter; lr can change between steps", () => {
    const params = { w: uniform([4], 1, -1, 1, "float64") };
    const opt = adam(params, { lr: 0.1 });
    opt.step({ w: uniform([4], 2, -1, 1, "float64") });
    expect(opt.state.w.step).toBe(1);
    expect(opt.state.w.expAvg).toHaveLength(4);
    const before = Array.from(params.w.data);
    opt.lr = 0;
    opt.step({ w: uniform([4], 3, -1, 1, "float64") });
    expect(Array.from(params.w.data)).toEqual(before);
    expect(opt.state.w.step).toBe(2);
    opt.zeroState();
    expect(opt.state.w).toEqual({ step: 0, expAvg: null, expAvgSq: null });
  });
});

describe("gradient records are checked", () => {
  const params = { a: tensor([2, 3], [1, 2, 3, 4, 5, 6]), b: tensor([3], [1, 2, 3]) };
  const ga = tensor([2, 3], [0, 0, 0, 0, 0, 0]);
  const gb = tensor([3], [0, 0, 0]);
  for (const [name, opt] of [
    ["sgd", sgd(params, { lr: 0.1 })],
    ["adam", adam(params)],
    ["adamw", adamw(params)],
  ] as const) {
    it(`${name}: missing, extra and mis-shaped gradients`, () => {
      const missing: Record<string, Tensor<number[]>> = { a: ga };
      expect(() => opt.step(missing as never)).toThrow(new RegExp(`^${name}\\.step: missing gradients for "b"$`));
      const extra = { a: ga, b: gb, c: gb };
      expect(() => opt.step(extra)).toThrow(new RegExp(`^${name}\\.step: gradients for unknown parameters "c"$`));
      const wrong = { a: tensor([3, 2], [0, 0, 0, 0, 0, 0]), b: tensor([4], [0, 0, 0, 0]) };
      expect(() => opt.step(wrong as never)).toThrow(ShapeError);
      expect(() => opt.step(wrong as never)).toThrow(
        /gradient "a" has shape \[3, 2\] \(6 elements\) but the parameter has shape \[2, 3\] \(6 elements\)/,
      );
      expect(() => opt.step({ a: ga, b: [0, 0, 0] } as never)).toThrow(/gradient "b" is not a Tensor/);
      expect(Array.from(params.a.data)).toEqual([1, 2, 3, 4, 5, 6]);
    });
  }
  it("rejects bad hyper-parameters", () => {
    expect(() => sgd(params, { lr: -1 })).toThrow(/sgd: lr must be a finite number ≥ 0, got -1/);
    expect(() => adam(params, { beta1: 1 })).toThrow(/adam: beta1 must be in \[0, 1\), got 1/);
  });
});

describe("step() reads .grad, zeroGrad() clears it (PyTorch's loop)", () => {
  const makers = {
    sgd: (p: Params<AnyTensor[]>) => sgd(p, { lr: 0.1, momentum: 0.9 }),
    adam: (p: Params<AnyTensor[]>) => adam(p, { lr: 0.1 }),
    adamw: (p: Params<AnyTensor[]>) => adamw(p, { lr: 0.1 }),
  };
  for (const [name, make] of Object.entries(makers)) {
    it(`${name}: step() equals step(grads) with the same gradients, for a record and for an array`, () => {
      const g = uniform([3], 5, -1, 1, "float64");
      const a = uniform([3], 4, -1, 1, "float64").requireGrad();
      const b = uniform([3], 4, -1, 1, "float64");
      const optA = make([a]);
      const optB = make([b]);
      for (let s = 0; s < 3; s++) {
        optA.zeroGrad();
        dot(a, g).backward();
        expectClose(a.grad!.data, g.data, "grad", 0, 0);
        optA.step();
        optB.step([g]);
      }
      expect(Array.from(a.data)).toEqual(Array.from(b.data));
      expect(Array.from(a.data)).not.toEqual(Array.from(uniform([3], 4, -1, 1, "float64").data));
    });
    it(`${name}: two backwards without zeroGrad accumulate, so the step sees twice the gradient`, () => {
      const g = uniform([4], 6, -1, 1, "float64");
      const twice = tensor<number[], "float64">(
        [4],
        Array.from(g.data, (v) => 2 * v),
        { dtype: "float64" },
      );
      const a = uniform([4], 7, -1, 1, "float64").requireGrad();
      const b = uniform([4], 7, -1, 1, "float64");
      const optA = make([a]);
      const optB = make([b]);
      dot(a, g).backward();
      dot(a, g).backward();
      expect(Array.from(a.grad!.data)).toEqual(Array.from(twice.data));
      optA.step();
      optB.step([twice]);
      expect(Array.from(a.data)).toEqual(Array.from(b.data));
      optA.zeroGrad();
      expect(a.grad).toBeNull();
    });
    it(`${name}: a parameter whose .grad is null is skipped, its state unchanged`, () => {
      const used = uniform([2], 8, -1, 1, "float64").requireGrad();
      const unused = uniform([2], 9, -1, 1, "float64").requireGrad();
      const before = Array.from(unused.data);
      const opt = make([used, unused]);
      dot(used, uniform([2], 10, -1, 1, "float64")).backward();
      expect(unused.grad).toBeNull();
      opt.step();
      expect(Array.from(unused.data)).toEqual(before);
      expect(Array.from(used.data)).not.toEqual(Array.from(uniform([2], 8, -1, 1, "float64").data));
      expect(opt.steps).toBe(1);
      const st = opt.state as readonly unknown[];
      expect(st[1]).toEqual(name === "sgd" ? { momentumBuffer: null } : { step: 0, expAvg: null, expAvgSq: null });
    });
  }
  it("accepts any iterable (a generator) and keeps its tensors as an array; state is by position", () => {
    const a = tensor([2], [1, 2]).requireGrad();
    const b = tensor([1], [3]).requireGrad();
    function* parameters(): Generator<AnyTensor> {
      yield a;
      yield b;
    }
    const opt = sgd(parameters(), { lr: 0.5 });
    expect(opt.params).toEqual([a, b]);
    a.grad = tensor([2], [1, 1]);
    b.grad = tensor([1], [2]);
    opt.step();
    expect(Array.from(a.data)).toEqual([0.5, 1.5]);
    expect(Array.from(b.data)).toEqual([2]);
    expect(opt.state).toHaveLength(2);
    opt.zeroGrad();
    expect([a.grad, b.grad]).toEqual([null, null]);
  });
  it("zeroGrad on a record of parameters", () => {
    const params = { w: tensor([2], [1, 2]).requireGrad() };
    const opt = adam(params);
    params.w.grad = tensor([2], [1, 1]);
    opt.zeroGrad();
    expect(params.w.grad).toBeNull();
  });
  it("a .grad of another shape or dtype (set by hand) is refused where it is assigned, as PyTorch, so step() never sees one", () => {
    const w = tensor<number[]>([2, 3], [1, 2, 3, 4, 5, 6]);
    const opt = sgd({ w }, { lr: 0.1 });
    expect(() => {
      w.grad = tensor<number[]>([3, 2], [0, 0, 0, 0, 0, 0]);
    }).toThrow(new ShapeError(".grad: a gradient of shape [3, 2] for a tensor of shape [2, 3]"));
    expect(() => {
      (w as unknown as { grad: unknown }).grad = zeros([2, 3], { dtype: "float64" });
    }).toThrow(new DTypeError(".grad: a float64 gradient for a float32 tensor"));
    expect(() => {
      (w as unknown as { grad: unknown }).grad = [0, 0, 0, 0, 0, 0];
    }).toThrow(new TypeError(".grad must be a tensor or null, got object"));
    expect(w.grad).toBeNull();
    opt.step();
    expect(Array.from(w.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });
  it("rejects params that are neither a record nor an iterable of tensors", () => {
    expect(() => sgd([tensor([1], [1]), [1] as never], { lr: 0.1 })).toThrow(new TypeError('sgd: parameter "1" is not a Tensor'));
  });
});
