// Runs recipes/cli/create.sh and delete.sh with Debian's AWS CLI against the local emulator, reads the
// result back with the shared topology loader (src/aws) and traces it. Needs /usr/bin/aws and
// scripts/emulator.ts: skipped without them locally, required when CI=true. Every CLI call starts
// Python (~1-2 s), so the two stacks run one after the other in one emulator with explicit timeouts.

import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import {
  DescribeVpcConnectorCommand,
  ListServicesCommand,
  ListVpcConnectorsCommand,
} from "@aws-sdk/client-apprunner";
import {
  DescribeAddressesCommand,
  DescribeInternetGatewaysCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
} from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type AwsClients, createAwsClients } from "../../src/aws/clients.ts";
import { loadTopology } from "../../src/aws/load-topology.ts";
import { traceEgress } from "../../src/egress/index.ts";
import { INTERNET } from "./recipe-assertions.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const AWS_CLI = "/usr/bin/aws";
const missing = [AWS_CLI, `${root}scripts/emulator.ts`].filter((path) => !existsSync(path));
const inCi = process.env["CI"] === "true";
if (missing.length > 0 && !inCi) console.warn(`Skipping the CLI recipe test: missing ${missing.join(", ")}.`);
const run = promisify(execFile);
const TAG_KEY = "apprunner-egress-lab:stack";

describe.skipIf(missing.length > 0 && !inCi)(
  "AWS CLI recipe (create.sh, delete.sh) against the emulator",
  () => {
    let emulator: ChildProcess;
    let endpoint = "";
    let clients: AwsClients;

    beforeAll(async () => {
      emulator = spawn("npx", ["tsx", "scripts/emulator.ts", "--port", "0"], {
        cwd: root,
        stdio: ["ignore", "pipe", "inherit"],
        // Its own process group, so that stopping it also stops the tsx process npx starts.
        detached: true,
      });
      endpoint = await new Promise<string>((resolve, reject) => {
        emulator.once("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
        emulator.stdout?.on("data", (chunk: Buffer) => {
          const url = /http:\/\/127\.0\.0\.1:\d+/.exec(chunk.toString());
          if (url !== null) resolve(url[0]);
        });
      });
      clients = createAwsClients({ region: "us-east-1", endpoint });
    }, 60_000);

    afterAll(() => {
      clients?.destroy();
      if (emulator?.pid !== undefined) process.kill(-emulator.pid, "SIGINT");
    });

    function scriptEnv(stackName: string, extra: Record<string, string> = {}) {
      return {
        ...process.env,
        AWS_CLI,
        AWS_CLI_ENDPOINT_ARGS: `--endpoint-url ${endpoint}`,
        AWS_ACCESS_KEY_ID: "AKIAEMULATOR00000000",
        AWS_SECRET_ACCESS_KEY: "emulator-does-not-check-signatures",
        AWS_REGION: "us-east-1",
        STACK_NAME: stackName,
        ...extra,
      };
    }

    async function runScript(script: "create" | "delete", env: NodeJS.ProcessEnv): Promise<string> {
      const started = performance.now();
      const { stdout } = await run("bash", [`${root}recipes/cli/${script}.sh`], { env });
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`${script}.sh ${env["STACK_NAME"]} (${env["NAT_GATEWAY_MODE"] ?? "-"}): ${seconds} s`);
      return stdout;
    }

    async function createStack(stackName: string, mode: "per-az" | "single", azCount: number) {
      const env = scriptEnv(stackName, { NAT_GATEWAY_MODE: mode, AZ_COUNT: String(azCount) });
      const stdout = await runScript("create", env);
      const ids = Object.fromEntries(
        stdout
          .trim()
          .split("\n")
          .map((line) => line.split("=", 2) as [string, string]),
      );
      const connector = await clients.appRunner.send(
        new DescribeVpcConnectorCommand({ VpcConnectorArn: ids["VPC_CONNECTOR_ARN"] }),
      );
      const { topology } = await loadTopology(clients.ec2, { vpcIds: [ids["VPC_ID"] ?? ""] });
      return { ids, topology, connector: connector.VpcConnector, env };
    }

    /** Every connector subnet reaches the internet through a NAT's Elastic IP and the database locally. */
    async function proveStack(stackName: string, mode: "per-az" | "single", azCount: number) {
      const stack = await createStack(stackName, mode, azCount);
      const { ids, topology, connector } = stack;
      const natIps = topology.natGateways.map((nat) => nat.publicIp);
      expect(topology.natGateways).toHaveLength(mode === "per-az" ? azCount : 1);
      expect(connector?.Subnets).toEqual(ids["SUBNET_IDS_PRIVATE"]?.split(","));
      expect(connector?.Subnets).toHaveLength(azCount);
      const sourcesByNat = new Set<string>();
      for (const subnetId of connector?.Subnets ?? []) {
        const source = {
          mode: "vpc" as const,
          subnetId,
          securityGroupIds: connector?.SecurityGroups ?? [],
          hasPublicIp: false,
        };
        const result = traceEgress(topology, source, INTERNET);
        expect(result.reason).toBeNull();
        expect(natIps).toContain(result.sourceAddress);
        sourcesByNat.add(result.sourceAddress ?? "");
        const database = traceEgress(topology, source, {
          address: "10.0.20.10",
          protocol: "tcp",
          port: 5432,
        });
        expect(database.verdict).toBe("reachable");
      }
      // per-az: each AZ leaves through its own NAT; single: all through the one NAT.
      expect(sourcesByNat.size).toBe(mode === "per-az" ? azCount : 1);
      return stack;
    }

    /** What a tag filter still finds (NAT gateways and services past deletion excluded, as AWS lists them). */
    async function listTaggedResources(stackName: string): Promise<string[]> {
      const Filters = [{ Name: `tag:${TAG_KEY}`, Values: [stackName] }];
      const [vpcs, subnets, tables, groups, gateways, nats, addresses, services, connectors] =
        await Promise.all([
          clients.ec2.send(new DescribeVpcsCommand({ Filters })),
          clients.ec2.send(new DescribeSubnetsCommand({ Filters })),
          clients.ec2.send(new DescribeRouteTablesCommand({ Filters })),
          clients.ec2.send(new DescribeSecurityGroupsCommand({ Filters })),
          clients.ec2.send(new DescribeInternetGatewaysCommand({ Filters })),
          clients.ec2.send(
            new DescribeNatGatewaysCommand({
              Filter: [...Filters, { Name: "state", Values: ["pending", "available", "deleting"] }],
            }),
          ),
          clients.ec2.send(new DescribeAddressesCommand({ Filters })),
          clients.appRunner.send(new ListServicesCommand({})),
          clients.appRunner.send(new ListVpcConnectorsCommand({})),
        ]);
      return [
        ...(vpcs.Vpcs ?? []).map((vpc) => vpc.VpcId),
        ...(subnets.Subnets ?? []).map((subnet) => subnet.SubnetId),
        ...(tables.RouteTables ?? []).map((table) => table.RouteTableId),
        ...(groups.SecurityGroups ?? []).map((group) => group.GroupId),
        ...(gateways.InternetGateways ?? []).map((gateway) => gateway.InternetGatewayId),
        ...(nats.NatGateways ?? []).map((nat) => nat.NatGatewayId),
        ...(addresses.Addresses ?? []).map((address) => address.AllocationId),
        ...(services.ServiceSummaryList ?? [])
          .filter(
            (service) => service.ServiceName?.startsWith(`${stackName}-`) && service.Status !== "DELETED",
          )
          .map((service) => service.ServiceArn),
        ...(connectors.VpcConnectors ?? [])
          .filter((c) => c.VpcConnectorName?.startsWith(`${stackName}-`) && c.Status === "ACTIVE")
          .map((c) => c.VpcConnectorArn),
      ].map(String);
    }

    /** The default VPC and everything in it, to show delete.sh leaves it alone. */
    async function describeDefaultVpc() {
      const { Vpcs } = await clients.ec2.send(
        new DescribeVpcsCommand({ Filters: [{ Name: "is-default", Values: ["true"] }] }),
      );
      const vpcIds = (Vpcs ?? []).map((vpc) => vpc.VpcId ?? "");
      expect(vpcIds).toHaveLength(1);
      const { topology } = await loadTopology(clients.ec2, { vpcIds });
      return topology;
    }

    test("per-az with 3 AZs: each connector subnet leaves through its AZ's NAT; delete.sh then removes " +
      "every tagged resource and leaves the default VPC untouched", async () => {
      const defaultVpcBefore = await describeDefaultVpc();
      const { env } = await proveStack("recipe-cli-per-az", "per-az", 3);
      expect(await listTaggedResources("recipe-cli-per-az")).not.toEqual([]);
      await runScript("delete", env);
      expect(await listTaggedResources("recipe-cli-per-az")).toEqual([]);
      expect(await describeDefaultVpc()).toEqual(defaultVpcBefore);
    }, 300_000);

    test("single with 2 AZs: every connector subnet leaves through the one NAT's Elastic IP", async () => {
      await proveStack("recipe-cli-single", "single", 2);
    }, 180_000);
  },
);
