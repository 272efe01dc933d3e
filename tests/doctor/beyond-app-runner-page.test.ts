// The page "Beyond App Runner" (en, ja) shows the doctor on a Lambda function and two Fargate services
// against the emulator. This runs the page's commands as written (the AWS CLI v1 against a fresh
// emulator) and the doctor commands it shows, and checks that the page's output is the doctor's real
// output, line for line (a "..." line stands for the lines the page leaves out), with the exit codes
// the page states.

import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type RunningEmulator, startEmulator } from "../../src/emulator/server.ts";
import { findCliV1 } from "../emulator/aws-cli.ts";
import { fencedBlocks, root, runShell } from "./ci-steps.ts";
import { runDoctorInProcess } from "./doctor-harness.ts";

const PAGES = ["src/content/docs/beyond-app-runner.mdx", "src/content/docs/ja/beyond-app-runner.mdx"];
const page = (path: string) => readFileSync(join(root, path), "utf8");

/** The doctor runs a page shows: the command after "$ ", and the lines it prints. */
function shownRuns(text: string): { argv: string[]; lines: string[] }[] {
  return fencedBlocks(text, "text")
    .filter((block) => block.startsWith("$ npx tsx scripts/doctor.ts "))
    .map((block) => {
      const [command = "", ...lines] = block.trimEnd().split("\n");
      return { argv: command.replace("$ npx tsx scripts/doctor.ts ", "").split(" "), lines };
    });
}

const cli = findCliV1();
const strict = process.env["CI"] === "true";
if (cli === null && !strict)
  console.warn("SKIPPED: no AWS CLI v1 on PATH (pip install awscli); run with CI=true to make this fail.");

let running: RunningEmulator;
beforeAll(async () => {
  running = await startEmulator({ port: 0, log: () => {} });
});
afterAll(async () => {
  await running.close();
});

describe("Beyond App Runner: the doctor on a Lambda function and an ECS service", () => {
  test("the English and Japanese pages show the same commands and the same output", () => {
    const [en = "", ja = ""] = PAGES.map(page);
    const blocks = (text: string) => [...fencedBlocks(text, "sh"), ...fencedBlocks(text, "text")];
    expect(blocks(ja)).toEqual(blocks(en));
    expect(shownRuns(en).map((run) => run.argv.join(" "))).toEqual([
      "--lambda-function orders-sync",
      "--ecs-service prod/web",
      "--ecs-service prod/worker",
    ]);
  });

  test.skipIf(cli === null && !strict)(
    "the commands, run as written against a fresh emulator, print what the page shows",
    async () => {
      expect(cli, "the AWS CLI v1 (pip install awscli) is required when CI=true").not.toBeNull();
      const text = page(PAGES[0] as string);
      const setup = fencedBlocks(text, "sh").find((block) => block.includes("lambda create-function")) ?? "";
      const dir = mkdtempSync(join(tmpdir(), "beyond-app-runner-"));
      const built = await runShell(setup.replace("http://127.0.0.1:4599", running.url), dir, {
        PATH: `${(cli as string).replace(/\/aws$/, "")}:${process.env["PATH"]}`,
      });
      expect(built.code, built.stderr).toBe(0);
      const env = {
        AWS_ENDPOINT_URL: running.url,
        AWS_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: "emulator",
        AWS_SECRET_ACCESS_KEY: "emulator",
      };
      const codes: number[] = [];
      for (const shown of shownRuns(text)) {
        const { code, stdout } = await runDoctorInProcess(shown.argv, env);
        codes.push(code);
        // Every shown line appears in the real output, in order; "..." skips lines.
        const actual = stdout.trimEnd().split("\n");
        let at = 0;
        for (const line of shown.lines) {
          if (line === "...") continue;
          const found = actual.indexOf(line, at);
          expect(
            found,
            `${shown.argv.join(" ")}: the page shows a line the doctor does not print:\n${line}\n\nreal output:\n${stdout}`,
          ).toBeGreaterThanOrEqual(0);
          at = found + 1;
        }
        if (!shown.lines.includes("...")) expect(shown.lines).toEqual(actual);
      }
      // The page: "exit code 1", "exit code 0", "exit code 1".
      expect(codes).toEqual([1, 0, 1]);
    },
    120_000,
  );
});
