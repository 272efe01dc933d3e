// Runs an AWS CLI (v1 from the machine image, or Debian's v2) against the emulator, as a user would
// paste it: dummy credentials, no config or credentials file, no pager, JSON output.
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface CliResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

/** `<cli> --endpoint-url <endpoint> --region us-east-1 --output json <args...>`, never throwing. */
export async function runAwsCli(cli: string, endpoint: string, args: readonly string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(
      cli,
      ["--endpoint-url", endpoint, "--region", "us-east-1", "--output", "json", ...args],
      {
        env: {
          PATH: process.env["PATH"] ?? "/usr/bin:/bin",
          HOME: "/nonexistent-home",
          AWS_DEFAULT_REGION: "us-east-1",
          AWS_ACCESS_KEY_ID: "AKIDEMULATOR",
          AWS_SECRET_ACCESS_KEY: "emulator",
          AWS_PAGER: "",
          AWS_CONFIG_FILE: "/dev/null",
          AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
        },
      },
    );
    return { ok: true, stdout, stderr };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

/** The CLI's JSON reply ({} for a command that prints nothing); throws with the CLI's error otherwise. */
// biome-ignore lint/suspicious/noExplicitAny: CLI JSON output
export function cliJson(result: CliResult, args: readonly string[]): any {
  if (!result.ok) throw new Error(`aws ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout.trim() === "" ? {} : JSON.parse(result.stdout);
}

/** The first `aws` on PATH that is v1 (Debian's /usr/bin/aws is v2), or null. */
export function findCliV1(): string | null {
  for (const dir of (process.env["PATH"] ?? "").split(":")) {
    try {
      const path = `${dir}/aws`;
      if (/^aws-cli\/1\./.test(execFileSync(path, ["--version"], { encoding: "utf8", stdio: "pipe" })))
        return path;
    } catch {}
  }
  return null;
}
