// The CI steps the README and the guide document, as tests read and run them: the fenced blocks of a
// page, the doctor command lines of its shell steps, a directory laid out like the reader's CI
// checkout (this project as egress-lab), and a bash -e runner with no AWS configuration.

import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("../../", import.meta.url));

export function fencedBlocks(markdown: string, language: string): string[] {
  return [...markdown.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, "g"))].map(
    (match) => match[1] ?? "",
  );
}

/** The doctor command lines of a document's CI shell steps ("npm --prefix egress-lab run doctor ..."). */
export function ciDoctorCommands(path: string): string[] {
  const text = readFileSync(join(root, path), "utf8");
  return fencedBlocks(text, "sh")
    .flatMap((block) => block.split("\n"))
    .filter((line) => line.startsWith("npm --prefix egress-lab run doctor"));
}

/** A directory like the reader's CI checkout: their files, and this project as egress-lab. */
export function ciWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), "doctor-ci-"));
  symlinkSync(root, join(dir, "egress-lab"));
  return dir;
}

export function runShell(
  command: string,
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      "bash",
      ["-e", "-c", command],
      // No AWS configuration of the caller's: the checks must not need an account.
      { cwd, env: { PATH: process.env["PATH"], HOME: cwd, ...env }, timeout: 240_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
