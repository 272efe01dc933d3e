// The doctor on Terraform plans (--terraform-plan) that the real Terraform CLI and hashicorp/aws
// provider produce against the emulator: tests/doctor/terraform-plan/ has a local module (the
// network: public subnets with count, private subnets with for_each, one NAT gateway with count) and
// an App Runner VPC connector, a Lambda function and an ECS service in its subnets. The fixed
// variant passes; two broken variants (no NAT gateway; the connector in the public subnets) fail
// with the reasons and fixes of an account diagnosis, naming Terraform addresses. A plan that uses
// subnets of an existing VPC (read by a data source) is diagnosed with the account's network. The
// guide's CI command for a plan runs as written on the broken plan.
// Needs terraform and the provider mirror (tests/recipes/terraform-support.ts): skipped, saying so,
// without them, except under CI=true. A plan takes about 20 s on an idle 2-core machine (the
// provider's start-up and the data source), minutes on a loaded one: hence the long timeouts.

import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  createTerraformWorkspace,
  findTerraformTools,
  type TerraformWorkspace,
} from "../recipes/terraform-support.ts";
import { ciDoctorCommands, ciWorkspace, runShell } from "./ci-steps.ts";
import { type DoctorRun, type Harness, REGION, startHarness } from "./doctor-harness.ts";

const configuration = fileURLToPath(new URL("./terraform-plan/", import.meta.url));
const tools = findTerraformTools();
const inCi = process.env["CI"] === "true";
const skip = tools.missing.length > 0 && !inCi;
if (skip)
  console.warn(
    `Skipping the doctor's Terraform plan tests (real terraform plan against the emulator): missing ${tools.missing.join(" and ")}.`,
  );

describe.skipIf(skip)("--terraform-plan on plans from the real Terraform CLI", () => {
  let h: Harness;
  let workspace: TerraformWorkspace;
  const main = () => join(workspace.dir, "main.tf");
  let original = "";

  /** terraform plan -out, then the plan's JSON written where the doctor reads it. */
  const plan = async (name: string, args: string[] = []): Promise<string> => {
    await workspace.ok(["plan", "-input=false", "-no-color", "-lock=false", `-out=${name}.tfplan`, ...args]);
    const { stdout } = await workspace.ok(["show", "-json", `${name}.tfplan`]);
    const path = join(workspace.dir, `${name}.json`);
    writeFileSync(path, stdout);
    return path;
  };
  /** The doctor with no AWS credentials or endpoint at all: a plan of new resources needs none. */
  const offline = (path: string): Promise<DoctorRun> =>
    h.doctorProcess(["--terraform-plan", path, "--json"], {
      AWS_ENDPOINT_URL: "",
      AWS_ACCESS_KEY_ID: "",
      AWS_SECRET_ACCESS_KEY: "",
      AWS_REGION: "",
      HOME: workspace.dir,
      AWS_CONFIG_FILE: join(workspace.dir, "no-config"),
      AWS_SHARED_CREDENTIALS_FILE: join(workspace.dir, "no-credentials"),
      AWS_EC2_METADATA_DISABLED: "true",
    });

  beforeAll(async () => {
    h = await startHarness();
    workspace = createTerraformWorkspace(tools, { configuration });
    workspace.pointAtEmulator(h.running.url, REGION);
    await workspace.ok(["init", "-input=false", "-no-color"]);
    original = readFileSync(main(), "utf8");
  }, 300_000);

  afterAll(async () => {
    workspace?.remove();
    await h?.close();
  });

  test("fixed: every workload in the module's private subnets reaches the internet through the NAT gateway", async () => {
    const run = await offline(await plan("fixed"));
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.json?.verdict).toBe("reachable");
    const subnets = run.json?.subnets ?? [];
    expect(subnets.map((subnet) => subnet.workload?.address)).toEqual([
      "aws_apprunner_vpc_connector.app",
      "aws_apprunner_vpc_connector.app",
      "aws_lambda_function.worker",
      "aws_lambda_function.worker",
      "aws_ecs_service.api",
      "aws_ecs_service.api",
    ]);
    // for_each keys and the module path, as Terraform writes the addresses.
    expect(new Set(subnets.map((subnet) => subnet.subnetId))).toEqual(
      new Set(['module.net.aws_subnet.private["us-east-1a"]', 'module.net.aws_subnet.private["us-east-1b"]']),
    );
    for (const subnet of subnets) {
      const nat = subnet.hops.find((hop) => hop.kind === "nat-gateway");
      expect(nat?.id).toBe("module.net.aws_nat_gateway.this[0]");
      expect(nat?.detail).toContain("in module.net.aws_subnet.public[0]");
      expect(subnet.hops.find((hop) => hop.kind === "route-table")?.id).toBe(
        "module.net.aws_route_table.private",
      );
    }
    // One NAT gateway for two AZs: the same warning an account diagnosis gives.
    expect(run.json?.warnings.map((warning) => warning.code)).toEqual([
      "SINGLE_AZ_NAT",
      "SINGLE_AZ_NAT",
      "SINGLE_AZ_NAT",
    ]);
  }, 600_000);

  test("broken: without the NAT gateway (count 0) every private subnet fails with NO_ROUTE, and the fix names the module's public subnet", async () => {
    const path = await plan("no-nat", ["-var", "nat_gateway=false"]);
    const run = await offline(path);
    expect(run.code).toBe(1);
    expect(run.json?.verdict).toBe("unreachable");
    for (const subnet of run.json?.subnets ?? []) {
      expect(subnet.reason?.code).toBe("NO_ROUTE");
      expect(subnet.fix).toContain("module.net.aws_subnet.public[");
      expect(subnet.fix).toContain("module.net.aws_route_table.private");
      expect(subnet.fix).not.toMatch(/-0{8,}/);
    }
    // The CI step the guide documents for a plan, run as written: the job fails.
    const [, command] = ciDoctorCommands("src/content/docs/before-deploy.mdx");
    const ci = ciWorkspace();
    copyFileSync(path, join(ci, "tfplan.json"));
    const step = await runShell(command ?? "", ci);
    expect(step.stdout).toContain("Verdict: unreachable (NO_ROUTE)");
    expect(step.code).toBe(1);
  }, 600_000);

  test("broken: the connector in the public subnets (count) fails with NO_PUBLIC_IP; the Lambda function and ECS service still pass", async () => {
    expect(original).toContain("module.net.private_subnet_ids # connector subnets");
    writeFileSync(
      main(),
      original.replace("module.net.private_subnet_ids # connector subnets", "module.net.public_subnet_ids"),
    );
    try {
      const run = await offline(await plan("public-connector"));
      expect(run.code).toBe(1);
      expect(run.json?.verdict).toBe("partial");
      const connector = run.json?.subnets.filter(
        (subnet) => subnet.workload?.kind === "apprunner-vpc-connector",
      );
      expect(connector?.map((subnet) => [subnet.subnetId, subnet.reason?.code])).toEqual([
        ["module.net.aws_subnet.public[0]", "NO_PUBLIC_IP"],
        ["module.net.aws_subnet.public[1]", "NO_PUBLIC_IP"],
      ]);
      expect(
        run.json?.subnets
          .filter((subnet) => subnet.workload?.kind !== "apprunner-vpc-connector")
          .every((subnet) => subnet.verdict === "reachable"),
      ).toBe(true);
      expect(run.json?.warnings.filter((warning) => warning.code === "PUBLIC_SUBNET_CONNECTOR")).toHaveLength(
        2,
      );
    } finally {
      writeFileSync(main(), original);
    }
  }, 600_000);

  test("existing subnets read by a data source: loaded from the account with credentials, unknown without", async () => {
    const vpcId = await h.build.vpc("10.9.0.0/16");
    const subnetId = await h.build.subnet(vpcId, "10.9.1.0/24");
    writeFileSync(
      main(),
      `${original}
data "aws_subnets" "existing" {
  filter {
    name   = "vpc-id"
    values = [${JSON.stringify(vpcId)}]
  }
}

resource "aws_lambda_function" "existing" {
  function_name = "plan-test-existing"
  role          = "arn:aws:iam::123456789012:role/plan-test-worker"
  package_type  = "Image"
  image_uri     = "123456789012.dkr.ecr.us-east-1.amazonaws.com/worker:latest"
  vpc_config {
    subnet_ids         = data.aws_subnets.existing.ids
    security_group_ids = []
  }
}
`,
    );
    try {
      const path = await plan("existing");
      const online = await h.doctorProcess(["--terraform-plan", path, "--json"]);
      const existing = online.json?.subnets.filter(
        (subnet) => subnet.workload?.address === "aws_lambda_function.existing",
      );
      expect(existing?.map((subnet) => [subnet.subnetId, subnet.verdict, subnet.reason?.code])).toEqual([
        [subnetId, "unreachable", "NO_ROUTE"],
      ]);
      expect(online.code).toBe(1);
      const withoutAccount = await offline(path);
      const unknown = withoutAccount.json?.subnets.filter(
        (subnet) => subnet.workload?.address === "aws_lambda_function.existing",
      );
      expect(unknown?.map((subnet) => [subnet.subnetId, subnet.verdict, subnet.reason?.code])).toEqual([
        [subnetId, "unknown", "UNRESOLVED_REFERENCE"],
      ]);
      expect(withoutAccount.code).toBe(1);
    } finally {
      writeFileSync(main(), original);
    }
  }, 600_000);
});

describe.skipIf(skip)("--terraform-plan on plans of the project's Terraform recipe", () => {
  let h: Harness;
  let workspace: TerraformWorkspace;

  beforeAll(async () => {
    h = await startHarness();
    workspace = createTerraformWorkspace(tools);
    workspace.pointAtEmulator(h.running.url, REGION);
    await workspace.ok(["init", "-input=false", "-no-color"]);
  }, 300_000);

  afterAll(async () => {
    workspace?.remove();
    await h?.close();
  });

  const planJson = async (mode: string): Promise<string> => {
    const name = `recipe-${mode}`;
    await workspace.ok([
      "plan",
      "-input=false",
      "-no-color",
      "-lock=false",
      `-out=${name}.tfplan`,
      "-var",
      `nat_gateway_mode=${mode}`,
    ]);
    const { stdout } = await workspace.ok(["show", "-json", `${name}.tfplan`]);
    const path = join(workspace.dir, `${name}.json`);
    writeFileSync(path, stdout);
    return path;
  };

  test("single: the private route's NAT index (count.index % local.nat_count) has one candidate, so every connector subnet passes, with SINGLE_AZ_NAT", async () => {
    const run = await h.doctorProcess(["--terraform-plan", await planJson("single"), "--json"]);
    expect(run.code).toBe(0);
    expect(run.json?.subnets.map((subnet) => subnet.subnetId)).toEqual([
      "aws_subnet.private[0]",
      "aws_subnet.private[1]",
      "aws_subnet.private[2]",
    ]);
    for (const subnet of run.json?.subnets ?? [])
      expect(subnet.hops.find((hop) => hop.kind === "nat-gateway")?.id).toBe("aws_nat_gateway.main[0]");
    expect(run.json?.warnings.map((warning) => warning.code)).toEqual(["SINGLE_AZ_NAT"]);
  }, 600_000);

  test("per-az: three candidate NAT gateways, all giving the same verdict: the recipe passes and says how it decided", async () => {
    const run = await h.doctorProcess(["--terraform-plan", await planJson("per-az"), "--json"]);
    expect(run.code).toBe(0);
    expect(run.json?.verdict).toBe("reachable");
    const candidates = run.json?.warnings.filter((warning) => warning.code === "PLAN_VALUE_CANDIDATES") ?? [];
    expect(candidates).toHaveLength(3);
    expect(candidates[1]?.message).toContain(
      "one of aws_nat_gateway.main[1], aws_nat_gateway.main[0], aws_nat_gateway.main[2]",
    );
  }, 600_000);
});
