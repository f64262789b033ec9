// The API reference (`npx typedoc`, typedoc.json: src/index.ts and src/node.ts) builds without warnings: every export
// documented (requiredToBeDocumented: the top-level kinds), every type a public signature names included in the
// reference, no broken {@link}. Runs TypeDoc's own conversion and validation, nothing written to disk.
import { fileURLToPath } from "node:url";
import { Application, LogLevel, Logger, TSConfigReader, TypeDocReader } from "typedoc";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** TypeDoc's logger, keeping every warning and error instead of printing it. */
class CollectingLogger extends Logger {
  readonly warnings: string[] = [];
  readonly errors: string[] = [];
  override log(message: string, level: Exclude<LogLevel, LogLevel.None>): void {
    super.log(message, level);
    if (level === LogLevel.Warn) this.warnings.push(message);
    if (level === LogLevel.Error) this.errors.push(message);
  }
}

describe("the API reference (typedoc.json)", () => {
  it("converts and validates with no errors and no warnings", async () => {
    const app = await Application.bootstrapWithPlugins({ options: `${root}typedoc.json` }, [new TypeDocReader(), new TSConfigReader()]);
    const logger = new CollectingLogger();
    app.logger = logger;
    const project = await app.convert();
    expect(project, logger.errors.join("\n")).toBeDefined();
    app.validate(project!);
    expect(logger.errors).toEqual([]);
    // A type a public signature names must be exported from types/index.ts or src/index.ts, or listed in
    // typedoc.json's intentionallyNotExported when it is an internal step; every export needs a doc comment.
    expect(logger.warnings).toEqual([]);
  }, 300_000);
});
