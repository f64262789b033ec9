// Marks every emitted declaration file (.d.ts) under a build directory `// @ts-nocheck`, so that a consumer
// compiling with `skipLibCheck: false` (a fresh tsconfig's default) does not re-check shapeproof's type-level
// arithmetic: about 44,000 instantiations and a second of check time for a one-line file, spread over ~500
// declarations (the costliest, ConvTranspose2dShape, is 1,458), against about 400 marked. The consumer's own
// code is still checked against these types in full; only diagnostics *inside* the declarations are dropped,
// which the repository's own checks (`npm run typecheck`, TS 5.4 / 5.9 / 7 in test/package/consumer.test.ts on
// unmarked declarations) cover. TS 5.4, 5.9 and 7 all honour the pragma in .d.ts files.
//
//   tsx scripts/mark-declarations.ts dist
//
// test/types/declaration-cost.test.ts marks a fresh build with `markDeclarations` and bounds the cost.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The first line of every marked declaration file. */
export const noCheckPragma = "// @ts-nocheck: checked when shapeproof is built; see scripts/mark-declarations.ts";

/** Prefixes every .d.ts under `dir` (recursively) with `noCheckPragma`, once; returns how many files it marked. */
export function markDeclarations(dir: string): number {
  let marked = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".d.ts")) continue;
    const file = join(entry.parentPath, entry.name);
    const text = readFileSync(file, "utf8");
    if (text.startsWith(noCheckPragma)) continue;
    writeFileSync(file, `${noCheckPragma}\n${text}`);
    marked++;
  }
  return marked;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (dir === undefined) throw new Error("usage: tsx scripts/mark-declarations.ts <build directory>");
  console.log(`marked ${markDeclarations(dir)} declaration files under ${dir} // @ts-nocheck`);
}
