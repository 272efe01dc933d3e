// The CLI recipe's scripts pass shellcheck (Debian package `shellcheck`; skipped without it unless
// CI=true) and use nothing that bash 3.2 (macOS's /bin/bash) or BSD tools lack.

import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, test } from "vitest";
import { findNonPortableShell } from "./portable-shell.ts";

const directory = fileURLToPath(new URL("../../recipes/cli/", import.meta.url));
const SCRIPTS = ["create.sh", "delete.sh", "common.sh"];
const SHELLCHECK = "/usr/bin/shellcheck";
const inCi = process.env["CI"] === "true";
const hasShellcheck = existsSync(SHELLCHECK);
if (!hasShellcheck && !inCi) console.warn(`Skipping shellcheck on the CLI recipe: ${SHELLCHECK} is missing.`);
const run = promisify(execFile);

describe("CLI recipe scripts", () => {
  test.skipIf(!hasShellcheck && !inCi)(
    "shellcheck reports nothing, infos and style notes included",
    async () => {
      // -x follows `. common.sh` (source-path=SCRIPTDIR in the scripts); exit 0 means no finding at all.
      const { stdout } = await run(SHELLCHECK, ["-x", "--severity=style", ...SCRIPTS], { cwd: directory });
      expect(stdout).toBe("");
    },
  );

  test.each(SCRIPTS)("%s uses no bash 4 feature and no GNU-only tool flag", (script) => {
    expect(findNonPortableShell(readFileSync(`${directory}${script}`, "utf8"))).toEqual([]);
  });

  test("the portability check finds what broke create.sh and delete.sh on a Mac", () => {
    const broken = [
      "mapfile -t AZS < <(list)",
      "declare -A seen=()",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell line
      'echo "${name,,}"',
      'paste -sd, <<<"$groups"',
      "sed -i 's/a/b/' file",
      "# mapfile in a comment is fine",
    ].join("\n");
    expect(findNonPortableShell(broken).map((finding) => finding.split(":")[0])).toEqual([
      "line 1",
      "line 2",
      "line 3",
      "line 4",
      "line 5",
    ]);
    expect(findNonPortableShell('echo "$x" | paste -s -d, -')).toEqual([]);
  });

  test("create.sh and delete.sh start bash and set -u and pipefail", () => {
    for (const script of ["create.sh", "delete.sh"]) {
      const text = readFileSync(`${directory}${script}`, "utf8");
      expect(text.startsWith("#!/usr/bin/env bash\n")).toBe(true);
      expect(text).toMatch(/^set -e?uo pipefail$/m);
    }
  });
});
