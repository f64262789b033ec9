// The consumer calls test/types/compile-vs-run.test.ts type-checks and runs: each case is one expression, valid
// JavaScript as well as TypeScript, that calls ops on literal shapes (a few with `number` dims or union operands).
// Deterministic (a seeded generator), so a failing case keeps its index. Left out, as documented limits where the
// compiler accepts what the runtime rejects: a 0-size H or W under a same-size window (docs/ops.md, "Empty
// tensors"), interpolate's requested size 0 and fractional scale factors (types/ops/image/interpolate.ts), a
// reduction over an empty axis by amax/amin/argmax (types/ops/reduce/reduce-shape.ts), an embedding of V = 0 rows
// (the indices' values are data), and union operands where the compiler rejects conservatively (matmul, linear).

/** A sequence from a seed (mulberry32): the same cases on every run. */
function seeded(seed: number): (n: number) => number {
  let s = seed | 0;
  return (n) => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}

const z = (shape: readonly (number | string)[]): string => `zeros([${shape.join(", ")}])`;
/** A union operand whose run-time value is `b` (so a failing `b` is what the runtime reports). */
const either = (a: string, b: string): string => `(Math.random() < 2 ? ${b} : ${a})`;

function broadcasting(): string[] {
  const shapes = [[], [1], [3], [0], [2, 3], [1, 3], [2, 1], [0, 3], [4, 1, 3], [5, 0, 1], [1, 0]];
  const cases: string[] = [];
  shapes.forEach((a, i) => {
    shapes.forEach((b, j) => {
      cases.push(`${["add", "mul", "sub", "maximum"][(i + j) % 4]}(${z(a)}, ${z(b)})`);
    });
  });
  for (const a of shapes.slice(0, 5)) cases.push(`div(2, ${z(a)})`, `pow(${z(a)}, 2)`, `minimum(${z(a)}, ${z([2, 1, 1])})`);
  for (const c of [[2, 1], [1], [3], []]) for (const a of [[3], [2, 1], [1, 1, 3], [4]]) cases.push(`where(${z(c)}, ${z(a)}, ${z([1, 3])})`);
  cases.push(`where(${z([2, 3])}, 1, 0)`, `where(${z([2, 3])}, ${z([4, 1, 1])}, 0)`, `where(${z([2, 3])}, 0, ${z([3, 3])})`);
  return cases;
}

function matmuls(): string[] {
  const shapes = [[3], [4], [2, 3], [3, 4], [5, 3, 4], [1, 3, 4], [2, 1, 2, 3], [7, 1, 3, 4], [0, 3], [3, 0], [6, 1, 3, 4]];
  return shapes.flatMap((a) => shapes.map((b) => `matmul(${z(a)}, ${z(b)})`));
}

function shapeOps(): string[] {
  const cases: string[] = [];
  const targets = [[-1], [24], [-1, 4], [2, -1, 2], [-1, 0], [0, -1], [-1, -1], [5, -1], [4, 5], [-2, 12], [], [1, -1], [2.5, 4]];
  for (const x of [[2, 3, 4], [0, 3], [], [6], [2, 0, 5]]) for (const t of targets) cases.push(`reshape(${z(x)}, [${t.join(", ")}])`);
  cases.push(`view(${z([2, 3, 4])}, [-1, 6])`, `view(${z([2, 3])}, [7])`);
  for (const x of [[2, 3, 4, 5], [7], [], [0, 3, 4]]) {
    for (const axes of ["", ", 1, 2", ", -2, -1", ", 2, 1", ", -1, -1", ", 3, 3", ", -5, 0", ", 1, -3", ", 0, 4", ", 1"])
      cases.push(`flatten(${z(x)}${axes})`);
  }
  for (const x of [[1, 3, 1], [2, 1], [], [0, 1]]) {
    cases.push(`squeeze(${z(x)})`);
    for (const d of [0, 1, 2, -1, -3, 3]) cases.push(`squeeze(${z(x)}, ${d})`, `unsqueeze(${z(x)}, ${d})`);
    cases.push(`unsqueeze(${z(x)}, -5)`, `unsqueeze(${z(x)}, 4)`);
  }
  for (const x of [[2, 3, 4], [5], []]) {
    for (const [a, b] of [
      [0, 1],
      [-1, -2],
      [2, 0],
      [0, 3],
      [-4, 0],
      [1, 1],
      [5, 7],
    ])
      cases.push(`transpose(${z(x)}, ${a}, ${b})`);
    for (const p of [[], [0], [-1], [2, 0, 1], [-1, -3, -2], [0, 0, 1], [1, 0], [0, 1, 3], [0, 0, 9]])
      cases.push(`permute(${z(x)}, [${p.join(", ")}])`);
  }
  for (const x of [
    [4, 5],
    [0, 3],
  ]) {
    for (const [d, s, l] of [
      [0, 0, 2],
      [1, 4, 2],
      [0, -1, 1],
      [0, -4, 4],
      [0, -5, 1],
      [0, 4, 0],
      [0, 5, 0],
      [2, 0, 1],
      [0, 2, -1],
      [1, 2.5, 1],
      [5, 9, 9],
      [1, 9, -1],
    ]) {
      cases.push(`narrow(${z(x)}, ${d}, ${s}, ${l})`);
    }
    for (const [d, i] of [
      [0, 0],
      [1, 4],
      [1, 5],
      [0, -1],
      [0, -4],
      [0, -5],
      [-1, -5],
      [1, 2.5],
      [0, -0.5],
      [2, 0],
      [-3, 0],
    ]) {
      cases.push(`select(${z(x)}, ${d}, ${i})`);
    }
  }
  const parts = [
    [
      [2, 3],
      [4, 3],
    ],
    [
      [2, 3],
      [2, 5],
    ],
    [
      [2, 3],
      [2, 3],
      [2, 3],
    ],
    [
      [0, 3],
      [2, 3],
    ],
    [[2, 3], [2]],
    [[3], [4]],
    [[], []],
    [
      [2, 3],
      [4, 4],
    ],
  ];
  for (const p of parts) {
    for (const d of [0, 1, -1, -3, 2]) {
      const list = `[${p.map(z).join(", ")}]`;
      cases.push(`cat(${list}, ${d})`, `stack(${list}, ${d})`, `concat(${list}, ${d})`);
    }
  }
  cases.push("cat([], 0)", "stack([], 0)");
  return cases;
}

function reductions(): string[] {
  const cases: string[] = [];
  const dims = [undefined, "null", "0", "-1", "[]", "[0, 2]", "[-1, 0]", "[1, 1]", "3", "-4", "[2, 0, 1]", "[0, 0, 5]"];
  const xs = [[2, 3, 4], [5], [], [0, 3]];
  ["sum", "mean", "logsumexp", "variance", "amax"].forEach((op, i) => {
    xs.forEach((x, j) => {
      dims.forEach((d, k) => {
        if (op === "amax" && x.includes(0)) return; // an empty reduced axis: checked at run time only (see the header)
        const options = [d === undefined ? "" : `dim: ${d}`, (i + j + k) % 3 === 0 ? "keepdim: true" : ""].filter((o) => o !== "");
        cases.push(options.length === 0 ? `${op}(${z(x)})` : `${op}(${z(x)}, { ${options.join(", ")} })`);
      });
    });
  });
  for (const x of [[2, 3, 4], [5], []]) {
    for (const d of ["null", "0", "-1", "-3", "3"]) cases.push(`argmax(${z(x)}, { dim: ${d} })`, `argmax(${z(x)}, { dim: ${d}, keepdim: true })`);
    for (const d of [0, -1, 2, -3, 3]) cases.push(`softmax(${z(x)}, ${d})`, `logSoftmax(${z(x)}, ${d})`);
  }
  cases.push(`sum(${z([2, 3])}, { dim: 5, foo: 1 })`, `sum(${z([2, 3])}, { foo: 1, dim: 5 })`);
  return cases;
}

/** Conv, pool, transposed conv, interpolate and centerCrop at edge sizes: padding above half the kernel, dilation, ceilMode. */
function windows(): string[] {
  const rnd = seeded(2026);
  const pick = <T>(values: readonly T[]): T => values[rnd(values.length)]!;
  const pair = (values: readonly number[]): string => (rnd(3) === 0 ? `[${pick(values)}, ${pick(values)}]` : `${pick(values)}`);
  const image = (hs: readonly number[], ws: readonly number[]): number[] => (rnd(2) === 0 ? [2, 3, pick(hs), pick(ws)] : [3, pick(hs), pick(ws)]);
  const options = (entries: [string, readonly number[]][]): string[] => entries.filter(() => rnd(2) === 0).map(([k, v]) => `${k}: ${pair(v)}`);
  const cases: string[] = [];
  for (let i = 0; i < 70; i++) {
    const o = options([
      ["stride", [1, 2, 3, 0]],
      ["padding", [0, 1, 2, 3, 4]],
      ["dilation", [1, 2, 3]],
    ]);
    const w = z([5, rnd(8) === 0 ? 4 : 3, pick([1, 2, 3, 4, 5]), pick([1, 2, 3])]);
    const b = rnd(2) === 0 ? z([rnd(6) === 0 ? 4 : 5]) : "null";
    cases.push(`conv2d(${z(image([1, 2, 3, 4, 5, 7, 9], [1, 2, 3, 5, 10]))}, ${w}, ${b}${o.length > 0 ? `, { ${o.join(", ")} }` : ""})`);
  }
  for (let i = 0; i < 60; i++) {
    const o = [
      `kernel: ${pair([1, 2, 3, 4])}`,
      ...options([
        ["stride", [1, 2, 3]],
        ["padding", [0, 1, 2]],
      ]),
    ];
    if (rnd(2) === 0) o.push(`ceilMode: ${rnd(2) === 0}`);
    const x = z(image([1, 2, 3, 4, 5, 7, 9], [1, 2, 3, 5, 10]));
    cases.push(`avgPool2d(${x}, { ${o.join(", ")} })`, `maxPool2d(${x}, { ${[...o, ...options([["dilation", [1, 2]]])].join(", ")} })`);
  }
  for (let i = 0; i < 60; i++) {
    const o = options([
      ["stride", [1, 2, 3]],
      ["padding", [0, 1, 2, 3]],
      ["outputPadding", [0, 1, 2]],
      ["dilation", [1, 2, 3]],
    ]);
    const w = z([3, 4, pick([1, 2, 3]), pick([1, 2, 4])]);
    cases.push(`convTranspose2d(${z(image([1, 2, 3, 4, 5], [1, 2, 3, 6]))}, ${w}, null${o.length > 0 ? `, { ${o.join(", ")} }` : ""})`);
  }
  for (let i = 0; i < 30; i++) {
    const o = [`mode: "${pick(["nearest", "bilinear"])}"`];
    const r = rnd(4);
    if (r === 0) o.push(`size: [${pick([1, 3, 6])}, ${pick([1, 4])}]`);
    else if (r === 1) o.push(`scaleFactor: ${pair([1, 2, 3, 0, 1.5, 2.5])}`);
    else if (r === 2) o.push(`scaleFactor: ${pick([2, 1.7])}`, "alignCorners: true");
    else o.push("size: [2, 2]", "scaleFactor: 2");
    cases.push(`interpolate(${z([2, 3, pick([1, 2, 3, 5]), pick([1, 2, 4])])}, { ${o.join(", ")} })`);
  }
  for (const x of [
    [3, 8, 8],
    [2, 3, 7, 6],
    [3, 4],
  ])
    for (const t of [
      [4, 4],
      [8, 8],
      [9, 8],
      [5, 4],
      [0, 0],
      [7, 6],
    ])
      cases.push(`centerCrop(${z(x)}, [${t.join(", ")}])`);
  return cases;
}

function layers(): string[] {
  const cases: string[] = [];
  for (const x of [[3], [2, 3], [4, 2, 3], [], [2, 0]]) {
    for (const w of [[5, 3], [5, 4], [3], [5, 0]])
      for (const b of [null, [5], [4], [1, 5]]) cases.push(`linear(${z(x)}, ${z(w)}${b === null ? "" : `, ${z(b)}`})`);
  }
  for (const w of [[10, 4], [10], [10, 0]]) {
    for (const i of [[], [2, 3], [0]])
      for (const o of ["", ", { paddingIdx: -10 }", ", { paddingIdx: 10 }", ", { paddingIdx: 1.5 }"]) cases.push(`embedding(${z(w)}, ${z(i)}${o})`);
  }
  for (const q of [[4, 8], [2, 4, 8], [3, 1, 4, 8], [8], [2, 4, 6]]) {
    for (const k of [
      [5, 8],
      [2, 5, 8],
      [3, 2, 5, 8],
      [5, 6],
      [3, 5, 8],
    ])
      for (const v of [
        [5, 7],
        [1, 1, 5, 7],
        [6, 7],
      ])
        cases.push(`scaledDotProductAttention(${z(q)}, ${z(k)}, ${z(v)})`);
  }
  for (const x of [[2, 3, 4], [4], [2, 0]])
    for (const ns of [[4], [3, 4], [1, 2, 3, 4], [], [5], [0]]) cases.push(`layerNorm(${z(x)}, [${ns.join(", ")}])`);
  for (const x of [[2, 6, 4], [2, 6], [6], [2, 0, 3]]) for (const g of [1, 4, 0, -1, 1.5, 6]) cases.push(`groupNorm(${z(x)}, ${g})`);
  return cases;
}

/** Sizes known only at run time: the compiler must accept these (the runtime does) with `number` where it cannot say. */
function numberDims(): string[] {
  const n = (d: number): string => `Number("${d}")`;
  return [
    `add(${z([n(2), 3])}, ${z([3])})`,
    `add(${z([n(5), n(1)])}, ${z([1, 4])})`,
    `matmul(${z([n(2), n(3)])}, ${z([3, 5])})`,
    `matmul(${z([n(3)])}, ${z([2, 3, 2])})`,
    `reshape(${z([n(6), 4])}, [-1, 4])`,
    `reshape(${z([6, 4])}, [${n(8)}, -1])`,
    `conv2d(${z([3, n(8), 8])}, ${z([4, 3, 3, 3])})`,
    `maxPool2d(${z([3, n(8), 8])}, { kernel: 2 })`,
    `narrow(${z([n(4), 3])}, 0, 1, 2)`,
    `select(${z([n(4), 3])}, 0, 1)`,
    `select(${z([n(4), 3])}, 1, 2)`,
    `select(${z([4, 3])}, ${n(1)}, 2)`,
    `flatten(${z([n(4), 3, 2])}, 0, 1)`,
    `squeeze(${z([n(1), 3])}, 0)`,
    `cat([${z([n(4), 3])}, ${z([2, 3])}], 0)`,
    `stack([${z([n(4), 3])}, ${z([4, 3])}], 0)`,
    `sum(${z([2, 3])}, { dim: ${n(1)} })`,
    `sum(${z([2, 3])}, { dim: [${n(1)}] })`,
    `sum(${z([2, 3])}, { dim: 0, keepdim: Boolean(1) })`,
    `transpose(${z([2, 3])}, ${n(0)}, 1)`,
    `permute(${z([2, 3])}, [${n(1)}, 0])`,
    `linear(${z([n(2), 3])}, ${z([5, 3])})`,
  ];
}

/** Two mistakes in one call: the compile error must name the one the runtime reports (the first in its order). */
function twoMistakes(): string[] {
  return [
    `transpose(${z([2, 3])}, 5, 7)`,
    `flatten(${z([2, 3])}, 5, 7)`,
    `flatten(${z([2, 3, 4])}, 2, 0)`,
    `narrow(${z([2, 3])}, 1, 2.5, -1)`,
    `select(${z([2, 3])}, 5, 9)`,
    `cat([${z([2, 3])}, ${z([4, 4])}], 5)`,
    `concat([${z([2, 3])}, ${z([4])}], 5)`,
    // stack: its axis is checked before the parts' shapes (the runtime's order); tsc reported the shapes.
    `stack([${z([2, 3])}, ${z([4, 4])}], 5)`,
    `stack([${z([3])}, ${z([4])}], 2)`,
    `stack([${z([2, 3])}, zeros([2, 3], { dtype: "float64" })], -4)`,
    `permute(${z([2, 3, 4])}, [9, 0, 0])`,
    `reshape(${z([2, 3])}, [-2, -1, -1])`,
    `matmul(${z([2, 3, 4])}, ${z([5, 5, 2])})`,
    `add(${z([2, 3])}, zeros([4, 5], { dtype: "float64" }))`,
    `linear(${z([2, 3])}, ${z([5, 4])}, ${z([7])})`,
    `conv2d(${z([2, 4, 2, 2])}, ${z([5, 3, 3, 3])}, ${z([6])}, { stride: 0 })`,
    `conv2d(${z([2, 3, 2, 2])}, ${z([5, 4, 3, 3])}, ${z([6])}, { padding: 1, foo: 2 })`,
    `maxPool2d(${z([2, 3, 2, 2])}, { kernel: 3, stride: 0 })`,
    `scaledDotProductAttention(${z([2, 4, 8])}, ${z([3, 5, 7])}, ${z([4, 6, 7])})`,
    `where(${z([2, 3])}, ${z([4])}, ${z([5])})`,
    `interpolate(${z([2, 3, 4, 4])}, { mode: "nearest", alignCorners: true, size: [2, 2], scaleFactor: 2 })`,
  ];
}

/** Union operands and arguments (`cond ? a : b`): every alternative must pass, and the result is the union of theirs. */
function unions(): string[] {
  return [
    // broadcasting ops: a union whose other alternative broadcasts was accepted, its type `Tensor<Shape> | ...`.
    `add(${either(z([2, 3]), z([2, 5]))}, ${z([3])})`,
    `add(${z([3])}, ${either(z([2, 3]), z([2, 5]))})`,
    `mul(${either(z([2, 3]), z([2, 5]))}, ${either(z([3]), z([4]))})`,
    `maximum(${either(z([2, 3]), z([2, 5]))}, ${z([3])})`,
    `pow(${either(z([2, 3]), z([2, 5]))}, ${z([3])})`,
    `sub(${either(z([2, 3]), z([2, 1]))}, ${either("1", z([3]))})`,
    `add(${either(z([2, 3]), z([4, 3]))}, ${z([3])})`,
    `div(2, ${either(z([2, 3]), z([2, 5]))})`,
    `add(${either(z([2, 3]), "2")}, ${z([3])})`,
    `where(${z([3])}, ${either(z([2, 3]), z([2, 5]))}, 0)`,
    `where(${z([3])}, 0, ${either(z([2, 3]), z([2, 5]))})`,
    `cat([${either(z([2, 3]), z([2, 5]))}, ${z([1, 3])}], 0)`,
    `cat([${either(z([2, 3]), z([4, 3]))}, ${z([1, 3])}], 0)`,
    `reshape(${z([2, 3])}, ${either("[6]", "[7]")})`,
    // reshape: a union of targets was resolved as a whole, leaving a -1 and sizes of no target in the result.
    `reshape(${z([2, 3])}, ${either("[-1, 3]", "[3, 2]")})`,
    `view(${z([2, 3])}, ${either("[-1]", "[3, -1]")})`,
    `narrow(${z([4, 3])}, 0, ${either("1", "3")}, 2)`,
    `transpose(${z([4, 3])}, 0, ${either("1", "5")})`,
    `unsqueeze(${z([4, 3])}, ${either("1", "5")})`,
    `softmax(${z([4, 3])}, ${either("1", "5")})`,
    `stack([${z([2, 3])}, ${z([2, 3])}], ${either("0", "5")})`,
    `maxPool2d(${z([3, 8, 8])}, { kernel: ${either("2", "9")} })`,
    `conv2d(${z([3, 8, 8])}, ${z([4, 3, 3, 3])}, null, { stride: ${either("1", "0")} })`,
    `centerCrop(${z([3, 8, 8])}, ${either("[4, 4]", "[3, 4]")})`,
    // a union of options objects: an option one alternative leaves out was read as never (no default), giving
    // shapes of neither alternative (conv2d: [4, 4, 4]; sum: rank 2 where the runtime returns rank 1).
    `conv2d(${z([3, 8, 8])}, ${z([4, 3, 3, 3])}, null, ${either("{ padding: 1 }", "{ stride: 2 }")})`,
    `maxPool2d(${z([3, 8, 8])}, ${either("{ kernel: 4, stride: 1 }", "{ kernel: 2 }")})`,
    `avgPool2d(${z([3, 8, 8])}, ${either("{ kernel: 4, stride: 1 }", "{ kernel: 2 }")})`,
    `convTranspose2d(${z([3, 8, 8])}, ${z([3, 4, 2, 2])}, null, ${either("{ padding: 1 }", "{ stride: 2 }")})`,
    `sum(${z([2, 3])}, ${either("{ dim: 1, keepdim: true }", "{ dim: 0 }")})`,
    `interpolate(${z([1, 3, 8, 8])}, ${either('{ mode: "nearest", size: [4, 4] }', '{ mode: "bilinear", scaleFactor: 2 }')})`,
    `layerNorm(${z([2, 3])}, ${either("[3]", "[4]")})`,
    `groupNorm(${z([2, 6])}, ${either("2", "4")})`,
  ];
}

/** Options set to undefined or null: the op's default, as at run time (`stride: undefined` was read as stride 1). */
function absentOptions(): string[] {
  return [
    `maxPool2d(${z([3, 8, 8])}, { kernel: 2, stride: undefined })`,
    `maxPool2d(${z([3, 8, 8])}, { kernel: 3, stride: undefined, padding: undefined, ceilMode: undefined })`,
    `avgPool2d(${z([3, 8, 8])}, { kernel: 3, stride: undefined, ceilMode: true, countIncludePad: undefined })`,
    `conv2d(${z([3, 8, 8])}, ${z([4, 3, 3, 3])}, undefined, { padding: undefined, stride: 2 })`,
    `convTranspose2d(${z([3, 8, 8])}, ${z([3, 4, 3, 3])}, undefined, { stride: 2, outputPadding: undefined })`,
    `interpolate(${z([1, 3, 8, 8])}, { mode: "nearest", size: [4, 4], scaleFactor: null })`,
    `interpolate(${z([1, 3, 8, 8])}, { mode: "nearest", size: undefined, scaleFactor: 3 })`,
    `interpolate(${z([1, 3, 8, 8])}, { mode: "nearest", scaleFactor: 2, alignCorners: null })`,
    `interpolate(${z([1, 3, 8, 8])}, { mode: "nearest", scaleFactor: 2, alignCorners: false })`,
    `sum(${z([2, 3])}, { dim: undefined, keepdim: undefined })`,
    `argmax(${z([2, 3])}, { dim: undefined, keepdim: true })`,
    `embedding(${z([10, 4])}, ${z([2])}, { paddingIdx: undefined })`,
    `squeeze(${z([1, 3])}, undefined)`,
  ];
}

/** Every case, in a fixed order. */
export function shapeCases(): string[] {
  return [
    ...broadcasting(),
    ...matmuls(),
    ...shapeOps(),
    ...reductions(),
    ...windows(),
    ...layers(),
    ...numberDims(),
    ...twoMistakes(),
    ...unions(),
    ...absentOptions(),
  ];
}
