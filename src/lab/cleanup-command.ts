// The cleanup command a notebook prints after --keep, an interrupt or an incomplete teardown: it
// must reach the same target as the run (account through the profile, region, stack, and the
// endpoint when AWS_ENDPOINT_URL* pointed the run at an emulator), or it would look at the default
// target, say "Nothing tagged" and leave the stack billing. The embedded emulator has nothing to
// reach: it ends with the notebook's process.

import { ENDPOINT_VARIABLES, type Target } from "../aws/target.ts";

export type CleanupAdvice = { kind: "command"; command: string } | { kind: "embedded"; note: string };

export const EMBEDDED_GONE =
  "The embedded emulator ends with the notebook's process: nothing is left behind and nothing is billed (no cleanup needed).";

export function cleanupAdvice(target: Target, env: NodeJS.ProcessEnv, stackName: string): CleanupAdvice {
  if (target.kind === "embedded") return { kind: "embedded", note: EMBEDDED_GONE };
  const args = ["--region", target.region, "--stack", stackName];
  if (target.kind === "aws" && target.profile !== undefined) args.push("--profile", target.profile);
  const prefix =
    target.kind === "endpoint"
      ? ENDPOINT_VARIABLES.filter((name) => (env[name] ?? "").trim() !== "").map(
          (name) => `${name}=${shellWord(env[name] as string)} `,
        )
      : [];
  return {
    kind: "command",
    command: `${prefix.join("")}npm run cleanup -- ${args.map(shellWord).join(" ")}`,
  };
}

/** One line for the output: the command, or why none is needed. */
export function describeCleanup(advice: CleanupAdvice, lead: string): string {
  return advice.kind === "command" ? `${lead} ${advice.command}` : advice.note;
}

/** A POSIX shell word: plain when safe, else single-quoted. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
