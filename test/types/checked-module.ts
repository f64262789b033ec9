/**
 * A throwaway project in `dir` that type-checks one module, `file`, with the repository's compiler options (strict,
 * NodeNext) and nothing else: how the type tests hand generated consumer code to TS 5.9 and TS 7.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const repositoryRoot = fileURLToPath(new URL("../../", import.meta.url));

export function writeCheckedModule(dir: string, file: string, source: string): void {
  writeFileSync(join(dir, file), source);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
  const config = {
    extends: join(repositoryRoot, "tsconfig.json"),
    compilerOptions: { typeRoots: [join(repositoryRoot, "node_modules/@types")] },
    include: [],
    files: [file],
  };
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(config));
}
