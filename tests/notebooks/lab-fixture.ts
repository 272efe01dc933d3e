// Shared by the notebook tests: an in-process emulator, a snapshot of everything that is NOT the
// lab's (to prove nothing else changed), the lab's own leftovers, and a way to run a notebook or
// cleanup as a child process pointed at the emulator through AWS_ENDPOINT_URL.

import { spawn } from "node:child_process";
import { ListServicesCommand, ListVpcConnectorsCommand } from "@aws-sdk/client-apprunner";
import {
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  DescribeInternetGatewaysCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
} from "@aws-sdk/client-ec2";
import { type AwsClients, createAwsClients } from "../../src/aws/clients.ts";
import { hasLabTag } from "../../src/aws/tags.ts";
import { type RunningEmulator, type StartOptions, startEmulator } from "../../src/emulator/server.ts";
import { findLabResources } from "../../src/lab/find-lab-resources.ts";
import { EMULATOR_TIMING, type LabContext } from "../../src/lab/lab-context.ts";
import { createNarrator } from "../../src/lab/narrator.ts";

export const REGION = "us-east-1";

export interface LabFixture {
  running: RunningEmulator;
  clients: AwsClients;
  close: () => Promise<void>;
}

export async function startLabFixture(options: StartOptions = {}): Promise<LabFixture> {
  const running = await startEmulator({ port: 0, ...options });
  const clients = createAwsClients({ region: REGION, endpoint: running.url, maxAttempts: 10 });
  // Something that is not the lab's: an untagged VPC with a subnet. It must survive every run.
  const vpc = await clients.ec2.send(
    new CreateVpcCommand({
      CidrBlock: "10.99.0.0/16",
      TagSpecifications: [{ ResourceType: "vpc", Tags: [{ Key: "Name", Value: "not-the-lab" }] }],
    }),
  );
  await clients.ec2.send(
    new CreateSubnetCommand({ VpcId: vpc.Vpc?.VpcId as string, CidrBlock: "10.99.1.0/24" }),
  );
  return {
    running,
    clients,
    close: async () => {
      clients.destroy();
      await running.close();
    },
  };
}

/** Everything not tagged by the lab, live only, as comparable JSON. */
export async function snapshotNonLab(clients: AwsClients): Promise<string> {
  const ec2 = clients.ec2;
  const notLab = <
    T extends { Tags?: { Key?: string | undefined; Value?: string | undefined }[] | undefined },
  >(
    items: T[] | undefined,
  ) => (items ?? []).filter((item) => !hasLabTag(item.Tags));
  const [vpcs, subnets, tables, groups, igws, nats, addresses, reservations, services, connectors] =
    await Promise.all([
      ec2.send(new DescribeVpcsCommand({})),
      ec2.send(new DescribeSubnetsCommand({})),
      ec2.send(new DescribeRouteTablesCommand({})),
      ec2.send(new DescribeSecurityGroupsCommand({})),
      ec2.send(new DescribeInternetGatewaysCommand({})),
      ec2.send(new DescribeNatGatewaysCommand({})),
      ec2.send(new DescribeAddressesCommand({})),
      ec2.send(new DescribeInstancesCommand({})),
      clients.appRunner.send(new ListServicesCommand({})),
      clients.appRunner.send(new ListVpcConnectorsCommand({})),
    ]);
  const sortById = <T>(items: T[], id: (item: T) => string | undefined) =>
    [...items].sort((a, b) => (id(a) ?? "").localeCompare(id(b) ?? ""));
  return JSON.stringify(
    {
      vpcs: sortById(notLab(vpcs.Vpcs), (v) => v.VpcId),
      subnets: sortById(notLab(subnets.Subnets), (s) => s.SubnetId).map(
        ({ AvailableIpAddressCount: _, ...rest }) => rest,
      ),
      tables: sortById(notLab(tables.RouteTables), (t) => t.RouteTableId),
      groups: sortById(notLab(groups.SecurityGroups), (g) => g.GroupId),
      igws: sortById(notLab(igws.InternetGateways), (g) => g.InternetGatewayId),
      nats: sortById(notLab(nats.NatGateways), (n) => n.NatGatewayId),
      addresses: sortById(notLab(addresses.Addresses), (a) => a.AllocationId),
      instances: notLab(reservations.Reservations?.flatMap((r) => r.Instances ?? []))
        .filter((i) => i.State?.Name !== "terminated")
        .map((i) => i.InstanceId),
      services: (services.ServiceSummaryList ?? [])
        .filter((s) => s.Status !== "DELETED")
        .map((s) => s.ServiceArn),
      connectors: (connectors.VpcConnectors ?? [])
        .filter((c) => c.Status === "ACTIVE")
        .map((c) => c.VpcConnectorArn),
    },
    null,
    1,
  );
}

/** The lab's live resources (any stack), found the way cleanup finds them. */
export async function findLeftovers(clients: AwsClients): Promise<string[]> {
  const sink = { write: () => true };
  const ctx: LabContext = {
    clients,
    narrator: createNarrator({ stdout: sink, stderr: sink, env: {} }),
    stackName: "",
    signal: new AbortController().signal,
    timing: EMULATOR_TIMING,
  };
  return (await findLabResources(ctx, undefined)).map((r) => `${r.kind} ${r.id}`);
}

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

const NODE_BIN = process.execPath;

/** Runs `tsx <script> <args>` with a clean AWS environment plus `env`. */
export function runScript(
  script: string,
  args: string[],
  env: Record<string, string>,
  stdin?: string,
): Promise<ProcessResult> {
  const began = Date.now();
  const base: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith("AWS_")) base[key] = value;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(NODE_BIN, ["--import", "tsx", script, ...args], {
      cwd: new URL("../../", import.meta.url).pathname,
      env: { ...base, NO_COLOR: "1", AWS_EC2_METADATA_DISABLED: "true", HOME: "/nonexistent-home", ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr, ms: Date.now() - began }));
    child.stdin.end(stdin ?? "");
  });
}

export function endpointEnv(fixture: LabFixture): Record<string, string> {
  return { AWS_ENDPOINT_URL: fixture.running.url, AWS_REGION: REGION };
}
