// cfn-lint (AWS's CloudFormation linter, with the resource schemas of every region) as the
// CloudFormation and CDK recipes' validator: the tests expect no error, warning or informational
// finding. Skipped loudly when cfn-lint is missing, required when CI=true.

import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { promisify } from "node:util";

const run = promisify(execFile);

function findCfnLint(): string | null {
  try {
    return execFileSync("sh", ["-c", "command -v cfn-lint"], { encoding: "utf8" }).trim() || null;
  } catch {
    return null;
  }
}

export const CFN_LINT = findCfnLint();
export const skipWithoutCfnLint = CFN_LINT === null && process.env["CI"] !== "true";
if (skipWithoutCfnLint) console.warn("Skipping cfn-lint checks: cfn-lint is not installed.");

/**
 * cfn-lint's findings ("file:line:col:...:rule:message" lines) for a template file or object: errors
 * and warnings, and informational findings too unless `infos` is false (CDK's own generated code has
 * some, such as I1022 in its custom resource provider's code location).
 */
export async function lintCloudFormation(template: unknown, infos = true): Promise<string[]> {
  let path: string;
  if (typeof template === "string") path = template;
  else {
    path = `${mkdtempSync(`${tmpdir()}/recipe-cfn-lint-`)}/template.json`;
    writeFileSync(path, JSON.stringify(template, null, 1));
  }
  // Exit codes: 0 clean, 2 errors, 4 warnings, 8 infos (combined as bits).
  const result = await run(CFN_LINT ?? "cfn-lint", [
    "--format",
    "parseable",
    "--include-checks",
    "I",
    "--",
    path as string,
  ]).then(
    ({ stdout }) => stdout,
    (error: { stdout?: string; code?: number }) => {
      if (typeof error.code !== "number" || (error.stdout ?? "") === "") throw error;
      return error.stdout ?? "";
    },
  );
  // The parseable format prints informational findings even without --include-checks I.
  return result
    .split("\n")
    .filter((line) => line.trim() !== "")
    .filter((line) => infos || !/:I\d{4}:/.test(line));
}

/** Resource types whose CloudFormation schema has a Tags property (from cfn-lint's schemas). */
export function findTaggableTypes(types: string[]): Set<string> {
  const script = [
    "import json, sys",
    "from cfnlint.schema.manager import PROVIDER_SCHEMA_MANAGER as m",
    "types = json.loads(sys.argv[1])",
    "print(json.dumps([t for t in types if 'Tags' in m.get_resource_schema('us-east-1', t).schema.get('properties', {})]))",
  ].join("\n");
  // cfn-lint is a Python package: the python3 on PATH that runs it can import it.
  const output = execFileSync("python3", ["-c", script, JSON.stringify([...new Set(types)])], {
    encoding: "utf8",
  });
  return new Set(JSON.parse(output) as string[]);
}
