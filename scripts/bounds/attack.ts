// The attack of attack.test.ts over many more seeds, for a long run by hand (not a test):
//   npx tsx scripts/bounds/attack.ts FAMILY FROM TO [POINTS]
// FAMILY: fuzz | fuzz-headless | winograd | shallow | rounding; seeds FROM..TO-1; POINTS per model (default 200).
// With relaxed SIMD's fused multiply-add: node --experimental-wasm-relaxed-simd --import tsx scripts/bounds/attack.ts ...
// Prints each model with an output outside its bounds or CROWN looser than IBP, then a summary.
import { jsBackend } from "../../src/kernels/js-backend.js";
import { createWasmBackend, type WinogradUse } from "../../src/wasm/index.js";
import { attack, type BoxKind, fuzzBox, type NamedBackend } from "../../test/bounds/attack.js";
import { type FuzzCase, fuzzModel, roundingModel, shallowModel, winogradModel } from "../../test/bounds/attack-models.js";

const family = process.argv[2] ?? "fuzz";
const from = Number(process.argv[3] ?? 0);
const to = Number(process.argv[4] ?? 20);
const total = Number(process.argv[5] ?? 200);
const families: Record<string, (seed: number) => FuzzCase> = {
  fuzz: (seed) => fuzzModel(seed, "float32", true),
  "fuzz-headless": (seed) => fuzzModel(seed, "float32", false),
  winograd: winogradModel,
  shallow: shallowModel,
  rounding: roundingModel,
};
const make = families[family];
if (make === undefined) throw new Error(`unknown family ${family}: one of ${Object.keys(families).join(", ")}`);
const wasm: { threads: number; winograd: WinogradUse }[] = [
  { threads: 1, winograd: "auto" },
  { threads: 2, winograd: "auto" },
  { threads: 2, winograd: "always" },
  { threads: 2, winograd: "f2x2" },
  { threads: 2, winograd: "never" },
  { threads: 3, winograd: "always" },
  { threads: 4, winograd: "f2x2" },
];
const backends: NamedBackend[] = [{ name: "js", backend: jsBackend, direct: true }];
const opened = await Promise.all(wasm.map((w) => createWasmBackend(w)));
opened.forEach((backend, i) => {
  const w = wasm[i]!;
  backends.push({ name: `wasm ${w.threads} threads, Winograd ${w.winograd}`, backend, direct: w.winograd === "never" });
});
const kinds: BoxKind[] = ["point", "tiny", "small", "large", "pinned"];
let bad = 0;
let errors = 0;
let evaluations = 0;
for (let seed = from; seed < to; seed++) {
  const c = make(seed);
  const kind = kinds[seed % kinds.length]!;
  try {
    const report = attack(c, fuzzBox(c, kind, seed), backends, total, seed);
    evaluations += report.evaluations;
    if (report.violations.length > 0 || report.crownLooser > 0) {
      bad++;
      console.log(`seed ${seed}, ${kind} box: ${c.recipe}`);
      for (const v of report.violations.slice(0, 4))
        console.log(`  ${v.backend} ${v.config} output ${v.output}: ${v.value} not in [${v.lower}, ${v.upper}]`);
      if (report.crownLooser > 0) console.log(`  CROWN looser than IBP on ${report.crownLooser} outputs`);
    }
  } catch (e) {
    errors++;
    console.log(`seed ${seed}, ${kind} box: ${(e as Error).message} (${c.recipe})`);
  }
}
console.log(`${family}: ${to - from} models, ${bad} with an output outside, ${errors} errors, ${evaluations} output checks`);
for (const be of opened) be.close();
