// What the command lines (doctor, cleanup, the notebooks, the emulator) share: the one usage error
// (exit code 2, printed as is) and the parsing of flags, environment values and region the same way.

import { type ParseArgsOptionsConfig, parseArgs } from "node:util";

/** A problem with the user's input or environment: printed as is, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/**
 * The flags, parsed strictly (no positionals, no unknown flags). parseArgs throws a TypeError with
 * code ERR_PARSE_ARGS_*: its message is clear, its name is not, so it becomes a UsageError.
 */
export function parseFlags<const T extends ParseArgsOptionsConfig>(argv: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: false, strict: true }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** An environment variable's value, trimmed, or undefined when unset or blank. */
export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

/** The region the environment names, the way the AWS CLI reads it: AWS_REGION, then AWS_DEFAULT_REGION. */
export function envRegion(env: NodeJS.ProcessEnv): string | undefined {
  return nonEmpty(env["AWS_REGION"]) ?? nonEmpty(env["AWS_DEFAULT_REGION"]);
}
