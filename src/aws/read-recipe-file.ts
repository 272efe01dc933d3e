// Reads the file given to the doctor's --template or --terraform-plan into a recipe reading (the
// network and workloads it declares, with synthetic IDs), with the recipe readers of src/recipes.
// The only file I/O of the doctor; every failure is a DoctorInputError (exit code 2) that says what
// to give instead.

import { readFile } from "node:fs/promises";
import { parseCloudFormationYaml } from "../recipes/parse-cloudformation-yaml.ts";
import { readCloudFormationTemplate } from "../recipes/read-cloudformation-template.ts";
import { readTerraformPlan, UNRESOLVED_PREFIX } from "../recipes/read-terraform-plan.ts";
import type { RecipeFile } from "./diagnose-recipe.ts";
import { DoctorInputError } from "./resolve-doctor-input.ts";

const TEMPLATE_HINT =
  "Give a CloudFormation template in JSON or YAML: `cdk synth` writes one per stack to cdk.out/<Stack>.template.json (or prints it as YAML with `cdk synth <Stack>`).";
const PLAN_HINT =
  "Give the JSON that `terraform show -json <planfile>` prints for a plan saved with `terraform plan -out=<planfile>`.";

export async function readRecipeFile(
  format: RecipeFile["format"],
  path: string,
  region: string,
): Promise<RecipeFile> {
  const hint = format === "cloudformation" ? TEMPLATE_HINT : PLAN_HINT;
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "no such file"
        : code === "EACCES"
          ? "permission denied"
          : code === "EISDIR"
            ? "it is a directory"
            : error instanceof Error
              ? error.message
              : String(error);
    throw new DoctorInputError(`Cannot read ${path}: ${why}.`, hint);
  }
  if (text.trim() === "") throw new DoctorInputError(`${path} is empty.`, hint);
  const parsed = parseDocument(text, path, format, hint);
  try {
    if (format === "cloudformation") {
      checkTemplate(parsed, path);
      // Parameters without a Default and other stacks' exports are only known at deployment.
      const unresolved = new Map<string, string>();
      const unresolvedValue = (what: string) => {
        const token = `${UNRESOLVED_PREFIX}${(unresolved.size + 1).toString(16).padStart(17, "0")}`;
        unresolved.set(token, `${what}, known only at deployment`);
        return token;
      };
      return {
        format,
        path,
        reading: readCloudFormationTemplate(parsed, { region, unresolvedValue }),
        unresolved,
      };
    }
    const plan = readTerraformPlan(parsed, { region });
    return {
      format,
      path,
      reading: plan.reading,
      unresolved: plan.unresolved,
      candidates: plan.candidates,
    };
  } catch (error) {
    if (error instanceof DoctorInputError) throw error;
    throw new DoctorInputError(
      `${path}: ${error instanceof Error ? error.message : String(error)}`,
      format === "cloudformation"
        ? "The doctor evaluates the template's network resources and intrinsic functions as CloudFormation would; fix the template (cfn-lint helps), or check the deployed stack with --service, --vpc-connector or --subnets."
        : "The doctor reads the plan's network resources; check that the file is the JSON of a complete plan, or check the applied resources with --subnets.",
    );
  }
}

function parseDocument(text: string, path: string, format: RecipeFile["format"], hint: string): unknown {
  const json = /^\s*[{[]/.test(text);
  try {
    if (json) return JSON.parse(text);
    if (format === "terraform-plan") throw new Error("not JSON");
    return parseCloudFormationYaml(text);
  } catch (error) {
    const what = format === "cloudformation" ? "JSON or YAML" : "JSON";
    throw new DoctorInputError(
      `${path} is not ${what}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}.`,
      format === "terraform-plan" && !json
        ? `${hint} A binary plan file or \`terraform show\` without -json is not readable.`
        : hint,
    );
  }
}

function checkTemplate(parsed: unknown, path: string): void {
  const isObject = typeof parsed === "object" && parsed !== null && !Array.isArray(parsed);
  const root = isObject ? (parsed as Record<string, unknown>) : {};
  if (isObject && "format_version" in root && ("planned_values" in root || "resource_changes" in root))
    throw new DoctorInputError(
      `${path} is a Terraform plan, not a CloudFormation template.`,
      `Run the doctor with --terraform-plan ${path}.`,
    );
  const resources = root["Resources"];
  if (typeof resources !== "object" || resources === null || Array.isArray(resources))
    throw new DoctorInputError(
      `${path} is not a CloudFormation template: it has no Resources section.`,
      TEMPLATE_HINT,
    );
}
