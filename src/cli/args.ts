import { parseArgs } from "node:util";
import { UsageError } from "./usage-error.js";

/** The flags a command accepts: each takes a value, except the booleans listed. */
export interface CommandSpec {
  readonly command: string;
  readonly valueFlags: readonly string[];
  /** Positional arguments the command takes, by name (all required). */
  readonly positionals: readonly string[];
}

export interface ParsedCommand {
  /** Flag values by flag name (without `--`); absent flags are missing. */
  readonly flags: ReadonlyMap<string, string>;
  readonly positionals: readonly string[];
  readonly help: boolean;
}

/**
 * `--flag VALUE` where VALUE starts with "-": node's parseArgs calls that "ambiguous". A negative number is
 * passed on as `--flag=VALUE`, so the flag's own check names the rule and the value ("--height must be an
 * integer ≥ 1, got \"-64\""); another flag in that place means the value is missing.
 */
function attachDashValues(spec: CommandSpec, argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      out.push(...argv.slice(i));
      break;
    }
    const next = argv[i + 1];
    const flag = arg.startsWith("--") ? arg.slice(2) : "";
    if (spec.valueFlags.includes(flag) && next?.startsWith("-")) {
      if (!/^-[\d.]/.test(next)) throw new UsageError(spec.command, `--${flag} needs a value, got the flag ${JSON.stringify(next)}`);
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

/** A flag given twice would silently keep the last value; it is a usage error instead. */
function rejectRepeats(command: string, tokens: readonly { kind: string; name?: string; value?: string | undefined }[]): void {
  const seen = new Map<string, string[]>();
  for (const token of tokens) {
    if (token.kind !== "option" || token.name === undefined) continue;
    const values = seen.get(token.name) ?? [];
    values.push(token.value ?? "");
    seen.set(token.name, values);
    if (values.length === 2 && token.name !== "help") {
      throw new UsageError(command, `--${token.name} is given more than once (${values.map((v) => JSON.stringify(v)).join(", ")}); give it once`);
    }
  }
}

/**
 * Parses `argv` with node:util's parseArgs (strict): unknown flags, a flag without its value, a flag given twice
 * and extra or missing positionals are `UsageError`s naming the command. `--help`/`-h` short-circuits the
 * positional check.
 */
export function parseCommand(spec: CommandSpec, argv: readonly string[]): ParsedCommand {
  const options: Record<string, { type: "string" } | { type: "boolean"; short?: string }> = { help: { type: "boolean", short: "h" } };
  for (const flag of spec.valueFlags) options[flag] = { type: "string" };
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  const args = attachDashValues(spec, argv);
  try {
    const withTokens = parseArgs({ args, options, allowPositionals: true, strict: true, tokens: true });
    rejectRepeats(spec.command, withTokens.tokens);
    parsed = withTokens;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(spec.command, error instanceof Error ? error.message : String(error));
  }
  const flags = new Map<string, string>();
  for (const flag of spec.valueFlags) {
    const value = parsed.values[flag];
    if (typeof value === "string") flags.set(flag, value);
  }
  const help = parsed.values["help"] === true;
  const got = parsed.positionals;
  if (!help) {
    if (got.length < spec.positionals.length) {
      throw new UsageError(spec.command, `missing argument ${spec.positionals.slice(got.length).join(" ")}`);
    }
    if (got.length > spec.positionals.length) {
      throw new UsageError(spec.command, `unexpected argument ${JSON.stringify(got[spec.positionals.length])}`);
    }
  }
  return { flags, positionals: got, help };
}

/** `--flag N` as an integer in [min, max]; undefined when absent. */
export function intFlag(
  command: string,
  flags: ReadonlyMap<string, string>,
  flag: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  const raw = flags.get(flag);
  if (raw === undefined) return undefined;
  const value = /^-?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer in [${min}, ${max}]`;
    throw new UsageError(command, `--${flag} must be ${range}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** `--flag N` as a required integer. */
export function requiredIntFlag(command: string, flags: ReadonlyMap<string, string>, flag: string, min: number, max?: number): number {
  const value = intFlag(command, flags, flag, min, max);
  if (value === undefined) throw new UsageError(command, `missing --${flag} N`);
  return value;
}

/** `--flag X` as a finite number in [min, max]; undefined when absent. */
export function numberFlag(command: string, flags: ReadonlyMap<string, string>, flag: string, min: number, max: number): number | undefined {
  const raw = flags.get(flag);
  if (raw === undefined) return undefined;
  const value = raw.trim() === "" ? NaN : Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new UsageError(command, `--${flag} must be a number in [${min}, ${max}], got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** `--flag VALUE` restricted to `choices`; undefined when absent. */
export function choiceFlag<C extends string>(
  command: string,
  flags: ReadonlyMap<string, string>,
  flag: string,
  choices: readonly C[],
): C | undefined {
  const raw = flags.get(flag);
  if (raw === undefined) return undefined;
  const match = choices.find((c) => c === raw);
  if (match === undefined) throw new UsageError(command, `--${flag} must be one of ${choices.join(", ")}, got ${JSON.stringify(raw)}`);
  return match;
}
