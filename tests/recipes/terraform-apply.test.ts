// The Terraform recipe applied and destroyed by the real Terraform CLI and hashicorp/aws provider 5.x
// against the emulator: init from the filesystem mirror, fmt -check and validate on main.tf as
// written, the inputs' validation, an apply that fails as on AWS with an image that never listens,
// apply, a second plan with nothing to change (the emulator gives back what the provider sent), the
// doctor on the applied connector subnets, a replacement of the connector (az_count 3 -> 2),
// destroy, and nothing of the stack left in the emulator.
// Needs terraform on PATH and the provider in a mirror (tests/recipes/terraform-support.ts): skipped
// without them locally, required when CI=true. The emulator runs its fast profile (delays under a
// second); the wall time is the provider's own: its waiters poll every few seconds (the VPC's DNS
// attribute and NAT gateway deletion 10 s each).

import {
  AppRunnerClient,
  DescribeServiceCommand,
  ListServicesCommand,
  ListVpcConnectorsCommand,
} from "@aws-sdk/client-apprunner";
import { DescribeAvailabilityZonesCommand, DescribeSubnetsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type RunningEmulator, startEmulator } from "../../src/emulator/server.ts";
import { spawnDoctor } from "../doctor/doctor-harness.ts";
import {
  createTerraformWorkspace,
  findTerraformTools,
  type TerraformWorkspace,
} from "./terraform-support.ts";

const REGION = "us-east-1";
const STACK_TAG = "apprunner-egress-lab:stack";
const tools = findTerraformTools();
const inCi = process.env["CI"] === "true";
const skip = tools.missing.length > 0 && !inCi;
if (skip) {
  console.warn(
    `Skipping the Terraform apply test (recipes/terraform against the emulator): missing ${tools.missing.join(" and ")}.`,
  );
}

interface Outputs {
  nat_public_ips: string[];
  connector_subnet_ids: string[];
  connector_security_group_id: string;
  service_arn: string;
}

type StateDump = {
  regions: Record<
    string,
    {
      ec2: Record<string, unknown> & { tags: Record<string, Record<string, string>> };
      apprunner: Record<string, unknown>;
    }
  >;
};

describe.skipIf(skip)("Terraform recipe applied with the real provider against the emulator", () => {
  let workspace: TerraformWorkspace;
  let running: RunningEmulator;
  let ec2: EC2Client;
  let appRunner: AppRunnerClient;
  let before: StateDump;
  const times: Record<string, number> = {};
  const credentials = { accessKeyId: "AKIDEMULATOR", secretAccessKey: "emulator" };
  const doctorEnv = () => ({
    AWS_ENDPOINT_URL: running.url,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  });
  const state = async () => (await (await fetch(`${running.url}/_emulator/state`)).json()) as StateDump;
  const outputs = async () => {
    const { stdout } = await workspace.ok(["output", "-json"]);
    const parsed = JSON.parse(stdout) as Record<string, { value: unknown }>;
    return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, v.value])) as unknown as Outputs;
  };
  const timed = async (label: string, args: string[]) => {
    const result = await workspace.ok(args);
    times[label] = result.ms;
    return result;
  };

  beforeAll(async () => {
    // AWS's default quotas (5 VPCs, 5 Elastic IPs) are enough for one stack.
    running = await startEmulator({ port: 0 });
    ec2 = new EC2Client({ endpoint: running.url, region: REGION, credentials, maxAttempts: 1 });
    appRunner = new AppRunnerClient({ endpoint: running.url, region: REGION, credentials, maxAttempts: 1 });
    // The region's account (default VPC and all) is created by its first request.
    await ec2.send(new DescribeAvailabilityZonesCommand({}));
    before = await state();
    workspace = createTerraformWorkspace(tools);
  });

  afterAll(async () => {
    console.info(
      `Terraform against the emulator, wall time: ${Object.entries(times)
        .map(([label, ms]) => `${label} ${(ms / 1000).toFixed(1)} s`)
        .join(", ")}`,
    );
    workspace?.remove();
    ec2?.destroy();
    appRunner?.destroy();
    await running?.close();
  });

  test("init installs the provider from the mirror; fmt -check and validate pass on main.tf as written", async () => {
    await timed("init", ["init", "-input=false", "-no-color"]);
    await workspace.ok(["fmt", "-check", "-diff", "-no-color"]);
    const { stdout } = await workspace.ok(["validate", "-no-color"]);
    expect(stdout).toContain("The configuration is valid");
    const { stdout: providers } = await workspace.ok(["version", "-json"]);
    expect(JSON.parse(providers).provider_selections["registry.terraform.io/hashicorp/aws"]).toMatch(/^5\./);
  }, 300_000);

  test("the inputs are checked before anything is created", async () => {
    workspace.pointAtEmulator(running.url, REGION);
    const bad = await workspace.run([
      "plan",
      "-no-color",
      "-input=false",
      "-var",
      "az_count=11",
      "-var",
      "name=A_Name_Too_Long_For_App_Runner_Names",
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("az_count must be a whole number from 2 to 10");
    expect(bad.stderr).toContain("name must be 1-31 lower-case letters");
    // us-east-1 has six Availability Zones in the emulator: seven do not fit.
    const tooMany = await workspace.run(["plan", "-no-color", "-input=false", "-var", "az_count=7"]);
    expect(tooMany.code).toBe(1);
    expect(tooMany.stderr).toContain("fewer usable Availability Zones than az_count");
    // A zone left out by ID (as for one where App Runner refuses connectors) gets no subnet.
    const { AvailabilityZones = [] } = await ec2.send(new DescribeAvailabilityZonesCommand({}));
    const [first, second] = AvailabilityZones;
    const excluded = await workspace.ok([
      "plan",
      "-no-color",
      "-input=false",
      "-var",
      `excluded_zone_ids=["${first?.ZoneId}"]`,
    ]);
    expect(excluded.stdout).not.toContain(`"${first?.ZoneName}"`);
    expect(excluded.stdout).toMatch(new RegExp(`availability_zone\\s+= "${second?.ZoneName}"`));
    const { stdout } = await workspace.ok(["state", "list"]).catch(() => ({ stdout: "" }));
    expect(stdout.trim()).toBe("");
  }, 300_000);

  test("an image that never listens on its port fails the apply as on AWS (CREATE_FAILED)", async () => {
    // The recipes' old default: node's image runs a REPL that exits, so App Runner's health check
    // on 8080 fails. The network is created; the failed service is left tainted for the next apply.
    const failed = await workspace.run([
      "apply",
      "-auto-approve",
      "-input=false",
      "-no-color",
      "-var",
      "image_identifier=public.ecr.aws/docker/library/node:24-alpine",
      "-var",
      "image_port=8080",
    ]);
    times["apply with a failing image"] = failed.ms;
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("CREATE_FAILED");
    const { stdout } = await workspace.ok(["state", "list"]);
    expect(stdout).toContain("aws_apprunner_service.main");
  }, 600_000);

  test("apply with the default image builds the stack, and a second plan finds nothing to change", async () => {
    // The tainted service is replaced by one that reaches RUNNING.
    await timed("apply", ["apply", "-auto-approve", "-input=false", "-no-color"]);
    const again = await workspace.run(["plan", "-detailed-exitcode", "-input=false", "-no-color"]);
    expect(again.stdout, again.stdout).toContain("No changes");
    expect(again.code).toBe(0);

    const out = await outputs();
    expect(out.nat_public_ips).toHaveLength(3);
    expect(new Set(out.nat_public_ips).size).toBe(3);
    const { Service } = await appRunner.send(new DescribeServiceCommand({ ServiceArn: out.service_arn }));
    expect(Service?.Status).toBe("RUNNING");
    expect(Service?.NetworkConfiguration?.EgressConfiguration?.EgressType).toBe("VPC");
    // Every subnet of the stack is tagged, and none gives its instances a public IP.
    const { Subnets = [] } = await ec2.send(
      new DescribeSubnetsCommand({ Filters: [{ Name: `tag:${STACK_TAG}`, Values: ["egress-recipe"] }] }),
    );
    expect(Subnets).toHaveLength(9);
    expect(Subnets.every((subnet) => subnet.MapPublicIpOnLaunch === false)).toBe(true);
    const tagged = Object.values((await state()).regions[REGION]?.ec2.tags ?? {}).filter(
      (tags) => tags[STACK_TAG] === "egress-recipe",
    );
    // VPC, IGW, 9 subnets, 5 route tables, 3 EIPs, 3 NAT gateways, 2 groups, 2 group rules.
    expect(tagged).toHaveLength(26);
  }, 600_000);

  test("the doctor finds every connector subnet reaching the internet through its own NAT gateway", async () => {
    const out = await outputs();
    const subnets = await spawnDoctor(
      [
        "--subnets",
        out.connector_subnet_ids.join(","),
        "--security-groups",
        out.connector_security_group_id,
        "--json",
      ],
      doctorEnv(),
    );
    expect(subnets.code, subnets.stdout + subnets.stderr).toBe(0);
    expect(subnets.json?.verdict).toBe("reachable");
    const sources = subnets.json?.subnets.map((subnet) => subnet.sourceAddress) ?? [];
    expect(new Set(sources)).toEqual(new Set(out.nat_public_ips));
    const service = await spawnDoctor(["--service", out.service_arn], doctorEnv());
    expect(service.code, service.stdout + service.stderr).toBe(0);
  }, 120_000);

  test("az_count 3 -> 2 replaces the connector: a new name and group first, then the old ones go", async () => {
    const first = await outputs();
    const { VpcConnectors: oldConnectors = [] } = await appRunner.send(new ListVpcConnectorsCommand({}));
    expect(oldConnectors).toHaveLength(1);
    await timed("apply az_count=2", [
      "apply",
      "-auto-approve",
      "-input=false",
      "-no-color",
      "-var",
      "az_count=2",
    ]);
    const out = await outputs();
    expect(out.connector_subnet_ids).toEqual(first.connector_subnet_ids.slice(0, 2));
    expect(out.connector_security_group_id).not.toBe(first.connector_security_group_id);
    expect(out.nat_public_ips).toHaveLength(2);
    const { VpcConnectors = [] } = await appRunner.send(new ListVpcConnectorsCommand({}));
    const active = VpcConnectors.filter((connector) => connector.Status === "ACTIVE");
    expect(active).toHaveLength(1);
    expect(active[0]?.VpcConnectorName).not.toBe(oldConnectors[0]?.VpcConnectorName);
    expect([...(active[0]?.Subnets ?? [])].sort()).toEqual([...out.connector_subnet_ids].sort());
    const { Service } = await appRunner.send(new DescribeServiceCommand({ ServiceArn: out.service_arn }));
    expect(Service?.Status).toBe("RUNNING");
    expect(Service?.NetworkConfiguration?.EgressConfiguration?.VpcConnectorArn).toBe(
      active[0]?.VpcConnectorArn,
    );
    const doctor = await spawnDoctor(["--service", out.service_arn, "--json"], doctorEnv());
    expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
    expect(doctor.json?.subnets).toHaveLength(2);
  }, 600_000);

  test("destroy leaves nothing of the stack in the emulator", async () => {
    await timed("destroy", ["destroy", "-auto-approve", "-input=false", "-no-color", "-var", "az_count=2"]);
    const after = (await state()).regions[REGION];
    const initial = before.regions[REGION];
    if (after === undefined || initial === undefined) throw new Error("the emulator state has no us-east-1");
    const ids = (dump: Record<string, unknown>, collection: string) =>
      Object.keys((dump[collection] as Record<string, unknown> | undefined) ?? {}).sort();
    for (const collection of [
      "vpcs",
      "subnets",
      "internetGateways",
      "addresses",
      "routeTables",
      "securityGroups",
      "networkAcls",
      "networkInterfaces",
      "vpcEndpoints",
    ]) {
      expect(ids(after.ec2, collection), collection).toEqual(ids(initial.ec2, collection));
    }
    // Deleted NAT gateways stay listed as "deleted" for about an hour, as on AWS.
    const nats = Object.values(after.ec2["natGateways"] as Record<string, { deletedAt: number | null }>);
    expect(nats.every((nat) => nat.deletedAt !== null)).toBe(true);
    expect(Object.values(after.ec2.tags).filter((tags) => STACK_TAG in tags)).toEqual([]);
    expect((await appRunner.send(new ListServicesCommand({}))).ServiceSummaryList).toEqual([]);
    const { VpcConnectors = [] } = await appRunner.send(new ListVpcConnectorsCommand({}));
    expect(VpcConnectors.every((connector) => connector.Status === "INACTIVE")).toBe(true);
    const { stdout } = await workspace.ok(["state", "list"]);
    expect(stdout.trim()).toBe("");
  }, 600_000);
});
