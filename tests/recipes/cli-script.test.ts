// Runs recipes/cli/create.sh and delete.sh with Debian's AWS CLI against the local emulator, reads the
// result back with the shared topology loader (src/aws), traces it and runs the doctor on it. Also:
// bad input refused before any call, the region's sources, a second run refused, the old default
// image ending CREATE_FAILED under the emulator's health model, a delete started while the service is still being created, and a failure injected
// mid-teardown (emulator faults) with nothing left billing. Needs /usr/bin/aws and scripts/emulator.ts:
// skipped without them locally, required when CI=true. Every CLI call starts Python (~1-2 s), so the
// stacks run one after the other in one emulator with explicit timeouts.

import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import {
  DescribeServiceCommand,
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
import { spawnDoctor } from "../doctor/doctor-harness.ts";
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

    function scriptEnv(stackName: string, extra: Record<string, string | undefined> = {}) {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        AWS_CLI,
        AWS_CLI_ENDPOINT_ARGS: `--endpoint-url ${endpoint}`,
        AWS_ACCESS_KEY_ID: "AKIAEMULATOR00000000",
        AWS_SECRET_ACCESS_KEY: "emulator-does-not-check-signatures",
        AWS_REGION: "us-east-1",
        // No profile of the machine's user leaks in.
        AWS_CONFIG_FILE: "/nonexistent/aws-config",
        AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/aws-credentials",
        STACK_NAME: stackName,
        // The emulator's states change in well under a second.
        POLL_SECONDS: "1",
        ...extra,
      };
      for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
      delete env["AWS_PROFILE"];
      if (extra["AWS_PROFILE"] !== undefined) env["AWS_PROFILE"] = extra["AWS_PROFILE"];
      return env;
    }

    interface ScriptRun {
      code: number;
      stdout: string;
      stderr: string;
    }

    async function runScript(script: "create" | "delete", env: NodeJS.ProcessEnv): Promise<ScriptRun> {
      const started = performance.now();
      const result = await run("bash", [`${root}recipes/cli/${script}.sh`], { env }).then(
        ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
        (error: { code?: number; stdout?: string; stderr?: string }) => ({
          code: typeof error.code === "number" ? error.code : -1,
          stdout: error.stdout ?? "",
          stderr: error.stderr ?? "",
        }),
      );
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(
        `${script}.sh ${env["STACK_NAME"]} (${env["NAT_GATEWAY_MODE"] ?? "-"}): exit ${result.code}, ${seconds} s`,
      );
      return result;
    }

    async function control(path: string, body?: unknown): Promise<unknown> {
      const response = await fetch(`${endpoint}/_emulator/${path}`, {
        method: body === undefined ? "GET" : "POST",
        headers: { "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      expect(response.ok).toBe(true);
      return response.json();
    }

    async function callRegions(): Promise<string[]> {
      const calls = (await control("calls")) as { region: string }[];
      return [...new Set(calls.map((call) => call.region))];
    }

    async function clearCalls(): Promise<void> {
      await fetch(`${endpoint}/_emulator/calls`, { method: "DELETE" });
    }

    async function createStack(stackName: string, mode: "per-az" | "single", azCount: number) {
      const env = scriptEnv(stackName, { NAT_GATEWAY_MODE: mode, AZ_COUNT: String(azCount) });
      const created = await runScript("create", env);
      expect(created.stderr).not.toMatch(/failed/);
      expect(created.code).toBe(0);
      const ids = Object.fromEntries(
        created.stdout
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
      expect(ids["NAT_PUBLIC_IPS"]?.split(",").sort()).toEqual([...natIps].sort());
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
      // create.sh returned after the service was RUNNING.
      const { Service } = await clients.appRunner.send(
        new DescribeServiceCommand({ ServiceArn: ids["SERVICE_ARN"] }),
      );
      expect(Service?.Status).toBe("RUNNING");
      expect(ids["SERVICE_URL"]).toBe(Service?.ServiceUrl);
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

    /** What still bills: App Runner services, NAT gateways not yet deleted, Elastic IPs. */
    async function listBilling(stackName: string): Promise<string[]> {
      return (await listTaggedResources(stackName)).filter((id) =>
        /^(nat-|eipalloc-|arn:aws:apprunner:[^:]+:\d+:service\/)/.test(id),
      );
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

    test("bad input is refused with exit 2 and a message, before any AWS call", async () => {
      await clearCalls();
      const cases: [Record<string, string | undefined>, RegExp][] = [
        [{ STACK_NAME: "a".repeat(31) }, /at most 40 characters/],
        [{ STACK_NAME: "-starts-with-dash" }, /starting with a letter or digit/],
        [{ STACK_NAME: "sg-name" }, /must not start with 'sg-'/],
        [{ NAT_GATEWAY_MODE: "two" }, /NAT_GATEWAY_MODE must be per-az or single/],
        [{ AZ_COUNT: "7" }, /AZ_COUNT must be 2 to 6/],
        [{ IMAGE_PORT: "80a" }, /IMAGE_PORT must be a TCP port/],
        [{ IMAGE_IDENTIFIER: "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1" }, /set ACCESS_ROLE_ARN/],
        [{ AWS_REGION: undefined, AWS_DEFAULT_REGION: undefined }, /No AWS region/],
      ];
      for (const [extra, message] of cases) {
        const result = await runScript("create", scriptEnv("recipe-cli-bad", extra));
        expect(result.code).toBe(2);
        expect(result.stderr).toMatch(message);
      }
      const deleted = await runScript("delete", scriptEnv("a".repeat(31)));
      expect(deleted.code).toBe(2);
      expect(await control("calls")).toEqual([]);
    }, 120_000);

    test("the region comes from AWS_REGION, else AWS_DEFAULT_REGION, else the profile", async () => {
      const home = mkdtempSync(`${tmpdir()}/recipe-cli-`);
      writeFileSync(`${home}/config`, "[profile lab]\nregion = ap-northeast-1\n");
      const runs: [Record<string, string | undefined>, string][] = [
        [{ AWS_DEFAULT_REGION: "eu-west-1" }, "us-east-1"],
        [{ AWS_REGION: undefined, AWS_DEFAULT_REGION: "eu-west-1" }, "eu-west-1"],
        [{ AWS_REGION: undefined, AWS_CONFIG_FILE: `${home}/config`, AWS_PROFILE: "lab" }, "ap-northeast-1"],
      ];
      for (const [extra, region] of runs) {
        await clearCalls();
        // delete.sh on a stack that does not exist only lists and describes.
        const result = await runScript("delete", scriptEnv("recipe-cli-nothing", extra));
        expect(result.code).toBe(0);
        expect(await callRegions()).toEqual([region]);
      }
    }, 180_000);

    test("per-az with 3 AZs: each connector subnet leaves through its AZ's NAT, the doctor agrees, a " +
      "second run is refused, and delete.sh removes every tagged resource but not the default VPC", async () => {
      const defaultVpcBefore = await describeDefaultVpc();
      const { env, ids } = await proveStack("recipe-cli-per-az", "per-az", 3);
      const doctor = await spawnDoctor(["--vpc-connector", ids["VPC_CONNECTOR_ARN"] ?? "", "--json"], {
        AWS_ENDPOINT_URL: endpoint,
        AWS_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: "AKIAEMULATOR00000000",
        AWS_SECRET_ACCESS_KEY: "emulator",
      });
      expect(doctor.stderr).toBe("");
      expect(doctor.code).toBe(0);
      expect(doctor.json?.verdict).toBe("reachable");
      expect(doctor.json?.subnets).toHaveLength(3);

      const before = await listTaggedResources("recipe-cli-per-az");
      const again = await runScript("create", env);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/already exists/);
      expect(await listTaggedResources("recipe-cli-per-az")).toEqual(before);

      const deleted = await runScript("delete", env);
      expect(deleted.code).toBe(0);
      expect(await listTaggedResources("recipe-cli-per-az")).toEqual([]);
      expect(await describeDefaultVpc()).toEqual(defaultVpcBefore);
    }, 600_000);

    test("single with 2 AZs, and a failure injected mid-teardown: the NAT gateway and its Elastic IP " +
      "are deleted anyway, delete.sh exits 1, and a second run removes the rest", async () => {
      const { env } = await proveStack("recipe-cli-single", "single", 2);
      // Every DeleteVpcConnector request fails with HTTP 500 (the CLI's own retries included).
      await control("faults", { failingActions: { DeleteVpcConnector: 100 } });
      try {
        const failed = await runScript("delete", env);
        expect(failed.code).toBe(1);
        expect(failed.stderr).toMatch(/could not delete VPC connector/);
        expect(await listBilling("recipe-cli-single")).toEqual([]);
        // The connector and the network are kept, for the second run.
        expect((await listTaggedResources("recipe-cli-single")).length).toBeGreaterThan(0);
      } finally {
        await control("faults", { failingActions: {} });
      }
      const second = await runScript("delete", env);
      expect(second.code).toBe(0);
      expect(await listTaggedResources("recipe-cli-single")).toEqual([]);
    }, 600_000);

    test("the old default image (node on 8080, which serves nothing) ends CREATE_FAILED under the emulator's " +
      "health model: create.sh says so, exits 1 and deletes what it created", async () => {
      const env = scriptEnv("recipe-cli-failed", {
        NAT_GATEWAY_MODE: "single",
        AZ_COUNT: "2",
        IMAGE_IDENTIFIER: "public.ecr.aws/docker/library/node:24-alpine",
        IMAGE_PORT: "8080",
      });
      const result = await runScript("create", env);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/ended CREATE_FAILED/);
      expect(result.stderr).toMatch(/deleting what it created/);
      expect(await listTaggedResources("recipe-cli-failed")).toEqual([]);
    }, 600_000);

    test("delete.sh started while the service is still being created waits for it, then deletes everything", async () => {
      // AWS-like durations, scaled: the service takes 24 s to create, so delete.sh meets it in progress.
      // And the connector stays "being used by other services" for 20 s after its service is gone, as
      // users saw (aws/apprunner-roadmap#161): delete.sh waits that out too.
      await control("clock", {
        profile: "realistic",
        factor: 0.1,
        delays: { connectorInUseAfterService: 20_000 },
      });
      const stackName = "recipe-cli-racing";
      const env = scriptEnv(stackName, { NAT_GATEWAY_MODE: "single", AZ_COUNT: "2" });
      const create = spawn("bash", [`${root}recipes/cli/create.sh`], {
        env,
        stdio: "ignore",
        detached: true,
      });
      try {
        let status: string | undefined;
        const deadline = Date.now() + 300_000;
        while (status === undefined && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 500));
          const { ServiceSummaryList } = await clients.appRunner.send(new ListServicesCommand({}));
          status = ServiceSummaryList?.find((s) => s.ServiceName === `${stackName}-service`)?.Status;
        }
        expect(status).toBe("OPERATION_IN_PROGRESS");
        // As if the terminal running create.sh were closed: no cleanup of its own.
        if (create.pid !== undefined) process.kill(-create.pid, "SIGKILL");
        const deleted = await runScript("delete", env);
        expect(deleted.stderr).toMatch(/deleted service/);
        expect(deleted.stderr).toMatch(/in-use, retrying/);
        expect(deleted.code).toBe(0);
        expect(await listTaggedResources(stackName)).toEqual([]);
      } finally {
        if (create.exitCode === null && create.pid !== undefined) {
          try {
            process.kill(-create.pid, "SIGKILL");
          } catch {
            // already gone
          }
        }
        await control("clock", { profile: "fast" });
      }
    }, 600_000);
  },
);
