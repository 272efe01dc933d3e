// The CI steps the README, the doctor page and "Catch it before you deploy" (en and ja) document, run
// as written: the doctor commands of the shell step and the GitHub Actions step, in a directory
// where this project is checked out as egress-lab (the GitHub Actions steps also checked against
// GitHub's workflow schema with @action-validator/core, as tests/workflows does for ours), on the AWS CDK's public-subnet connector example
// (the job fails: exit code 1) and on its fixed variant (exit code 0). `npm ci` and `cdk synth` are
// the reader's own steps: the test synthesizes the template in-process instead (no CDK CLI here) and
// uses the project's installed node_modules. The Terraform plan command runs in terraform-plan.test.ts.

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { validateWorkflow } from "@action-validator/core";
import { SubnetType } from "aws-cdk-lib/aws-ec2";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import { synthesizePublicSubnetExample } from "../../test-support/cdk-public-subnet-example.ts";
import { ciDoctorCommands, ciWorkspace, fencedBlocks, root, runShell } from "./ci-steps.ts";

const DOCUMENTS = [
  "README.md",
  "src/content/docs/labs/doctor.mdx",
  "src/content/docs/ja/labs/doctor.mdx",
  "src/content/docs/before-deploy.mdx",
  "src/content/docs/ja/before-deploy.mdx",
];

function githubSteps(path: string): string {
  const blocks = fencedBlocks(readFileSync(join(root, path), "utf8"), "yaml").filter((block) =>
    block.includes("egress-lab"),
  );
  expect(blocks, path).toHaveLength(1);
  return blocks[0] ?? "";
}

describe("the documented CI steps", () => {
  test("the README and the guide pages (en, ja) document the same commands and the same GitHub Actions steps", () => {
    const commands = DOCUMENTS.map(ciDoctorCommands);
    expect(commands[0]).toEqual([
      'npm --prefix egress-lab run doctor -- --template "$PWD/cdk.out/MyStack.template.json"',
      'npm --prefix egress-lab run doctor -- --terraform-plan "$PWD/tfplan.json"',
    ]);
    for (const [index, found] of commands.entries()) expect(found, DOCUMENTS[index]).toEqual(commands[0]);
    const steps = DOCUMENTS.map(githubSteps);
    for (const [index, found] of steps.entries()) expect(found, DOCUMENTS[index]).toBe(steps[0]);
    const parsed = parse(steps[0] ?? "") as { uses?: string; run?: string; with?: Record<string, unknown> }[];
    expect(parsed.map((step) => step.uses ?? step.run?.split(" ").slice(0, 2).join(" "))).toEqual([
      "actions/checkout@v4",
      "actions/setup-node@v4",
      "npm ci",
      "npx cdk",
      "npm --prefix",
    ]);
    expect(parsed[0]?.with?.["path"]).toBe("egress-lab");
  });

  test("the GitHub Actions steps make a valid workflow as a job's steps (GitHub's workflow schema, offline)", () => {
    const steps = githubSteps("README.md")
      .split("\n")
      .map((line) => (line === "" ? line : `      ${line}`))
      .join("\n");
    const workflow = `name: egress\non: pull_request\njobs:\n  check:\n    runs-on: ubuntu-latest\n    steps:\n${steps}`;
    expect(validateWorkflow(workflow).errors).toEqual([]);
    // The check can fail: a step without uses or run is refused.
    expect(validateWorkflow(`${workflow}      - name: nothing\n`).errors).not.toEqual([]);
  });

  const template = (subnetType: SubnetType) => {
    const dir = ciWorkspace();
    mkdirSync(join(dir, "cdk.out"));
    writeFileSync(
      join(dir, "cdk.out", "MyStack.template.json"),
      JSON.stringify(synthesizePublicSubnetExample(subnetType)),
    );
    return dir;
  };

  test("the shell step fails the job on the CDK example (NO_PUBLIC_IP) and passes its fixed variant", async () => {
    const [command] = ciDoctorCommands("src/content/docs/before-deploy.mdx");
    const broken = await runShell(command ?? "", template(SubnetType.PUBLIC));
    expect(broken.stdout).toContain("Verdict: unreachable (NO_PUBLIC_IP)");
    expect(broken.code).toBe(1);
    const fixed = await runShell(command ?? "", template(SubnetType.PRIVATE_WITH_EGRESS));
    expect(fixed.stdout).toContain("Overall: REACHABLE");
    expect(fixed.code).toBe(0);
  }, 300_000);

  test("the GitHub Actions doctor step, run as the runner runs it (bash -e, GITHUB_WORKSPACE)", async () => {
    const steps = parse(githubSteps("README.md")) as { name?: string; run?: string }[];
    const step = steps.find((candidate) => candidate.run?.includes("run doctor"));
    const broken = template(SubnetType.PUBLIC);
    const failed = await runShell(step?.run ?? "", broken, { GITHUB_WORKSPACE: broken });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain("NO_PUBLIC_IP");
    const fixed = template(SubnetType.PRIVATE_WITH_EGRESS);
    expect((await runShell(step?.run ?? "", fixed, { GITHUB_WORKSPACE: fixed })).code).toBe(0);
  }, 300_000);

  test("the example output the guide shows is the doctor's real output (en and ja)", async () => {
    const dir = ciWorkspace();
    mkdirSync(join(dir, "cdk.out"));
    writeFileSync(
      join(dir, "cdk.out", "AppRunnerPublicSubnets.template.json"),
      JSON.stringify(synthesizePublicSubnetExample()),
    );
    // As the page runs it, from the directory holding cdk.out (the header line names the path given).
    const run = await runShell(
      'PATH="$PWD/egress-lab/node_modules/.bin:$PATH" tsx egress-lab/scripts/doctor.ts --template cdk.out/AppRunnerPublicSubnets.template.json',
      dir,
    );
    expect(run.code).toBe(1);
    for (const page of ["src/content/docs/before-deploy.mdx", "src/content/docs/ja/before-deploy.mdx"]) {
      const [shown] = fencedBlocks(readFileSync(join(root, page), "utf8"), "text");
      const lines = (shown ?? "").split("\n").filter((line) => line !== "" && line !== "…");
      expect(lines.length, page).toBeGreaterThan(10);
      const real = run.stdout.split("\n");
      for (const line of lines) expect(real, `${page}: ${line}`).toContain(line);
    }
  }, 300_000);
});
