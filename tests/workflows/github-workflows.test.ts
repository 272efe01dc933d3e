// The GitHub Actions workflows (.github/workflows/): valid against GitHub's workflow schema, and
// doing what the README says they do. The schema check is @action-validator/core (pinned in the
// lockfile), whose WebAssembly build carries SchemaStore's github-workflow.json inside it, so the
// check runs offline; the CLI of the same project (@action-validator/cli) is run once too, as a
// maintainer would run it.

import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { validateWorkflow } from "@action-validator/core";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import { projectRoot } from "../site/build-site.ts";

const workflowDirectory = join(projectRoot, ".github/workflows");
const workflowFiles = readdirSync(workflowDirectory).filter((name) => /\.ya?ml$/.test(name));
const readWorkflow = (name: string) => readFileSync(join(workflowDirectory, name), "utf8");

interface Step {
  uses?: string;
  run?: string;
  id?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}
interface Workflow {
  permissions?: Record<string, string>;
  jobs: Record<string, { steps: Step[]; container?: string; needs?: string }>;
}
const steps = (workflow: Workflow): Step[] => Object.values(workflow.jobs).flatMap((job) => job.steps);

describe("the GitHub Actions workflows", () => {
  test("there is a Pages deployment and a CI workflow", () => {
    expect(workflowFiles.sort()).toEqual(["ci.yml", "pages.yml"]);
  });

  test.each(workflowFiles)("%s is valid against the workflow schema", (name) => {
    expect(validateWorkflow(readWorkflow(name)).errors).toEqual([]);
  });

  test("the schema check fails a workflow with a misspelt key (the check can fail)", () => {
    const broken = readWorkflow("ci.yml").replace("runs-on:", "runs_on:");
    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
  });

  test("the action-validator CLI accepts every workflow", () => {
    const cli = join(projectRoot, "node_modules/@action-validator/cli/cli.mjs");
    for (const name of workflowFiles) {
      const run = spawnSync(process.execPath, [cli, join(workflowDirectory, name)], { encoding: "utf8" });
      expect(`${run.status} ${run.stderr}`, name).toBe("0 ");
    }
  });

  test("the Pages workflow builds with the site and base path configure-pages reports, and deploys dist", () => {
    const workflow = parse(readWorkflow("pages.yml")) as Workflow;
    expect(workflow.permissions).toMatchObject({ pages: "write", "id-token": "write" });
    const all = steps(workflow);
    const configure = all.find((step) => step.uses?.startsWith("actions/configure-pages@"));
    const build = all.find((step) => step.run === "npm run build");
    expect(configure?.id).toBeDefined();
    expect(build?.env).toEqual({
      SITE: `\${{ steps.${configure?.id}.outputs.origin }}`,
      BASE: `\${{ steps.${configure?.id}.outputs.base_path }}/`,
    });
    expect(all.find((step) => step.uses?.startsWith("actions/upload-pages-artifact@"))?.with).toEqual({
      path: "dist",
    });
    expect(all.some((step) => step.uses?.startsWith("actions/deploy-pages@"))).toBe(true);
  });

  test("the CI workflow runs .ci/run, which ends with the README's test command", () => {
    const workflow = parse(readWorkflow("ci.yml")) as Workflow;
    expect(steps(workflow).at(-1)?.run).toBe(".ci/run");
    const script = readFileSync(join(projectRoot, ".ci/run"), "utf8").trimEnd().split("\n");
    expect(script.at(-1)).toBe("npm test");
    expect(script).toContain("npm ci --no-audit --no-fund");
    const readme = readFileSync(join(projectRoot, "README.md"), "utf8");
    expect(readme).toMatch(/^npm test\s/m);
  });
});
