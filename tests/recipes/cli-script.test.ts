// Runs recipes/cli/create.sh with Debian's AWS CLI against the local emulator, reads the result back
// with the shared topology loader (src/aws) and traces it. Needs /usr/bin/aws and scripts/emulator.ts:
// skipped without them locally, required when CI=true.

import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { DescribeVpcConnectorCommand } from "@aws-sdk/client-apprunner";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createAwsClients } from "../../src/aws/clients.ts";
import { loadTopology } from "../../src/aws/load-topology.ts";
import { traceEgress } from "../../src/egress/index.ts";
import { INTERNET } from "./recipe-assertions.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const AWS_CLI = "/usr/bin/aws";
const missing = [AWS_CLI, `${root}scripts/emulator.ts`].filter((path) => !existsSync(path));
const inCi = process.env["CI"] === "true";
if (missing.length > 0 && !inCi) console.warn(`Skipping the CLI recipe test: missing ${missing.join(", ")}.`);
const run = promisify(execFile);

describe.skipIf(missing.length > 0 && !inCi)("AWS CLI recipe (create.sh) against the emulator", () => {
  let emulator: ChildProcess;
  let endpoint = "";

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
  });

  afterAll(() => {
    if (emulator?.pid !== undefined) process.kill(-emulator.pid, "SIGINT");
  });

  async function createStack(stackName: string, mode: "per-az" | "single") {
    const env = {
      ...process.env,
      AWS_CLI,
      AWS_CLI_ENDPOINT_ARGS: `--endpoint-url ${endpoint}`,
      AWS_ACCESS_KEY_ID: "AKIAEMULATOR00000000",
      AWS_SECRET_ACCESS_KEY: "emulator-does-not-check-signatures",
      AWS_REGION: "us-east-1",
      STACK_NAME: stackName,
      NAT_GATEWAY_MODE: mode,
    };
    const { stdout } = await run("bash", [`${root}recipes/cli/create.sh`], { env });
    const ids = Object.fromEntries(
      stdout
        .trim()
        .split("\n")
        .map((line) => line.split("=", 2) as [string, string]),
    );
    const clients = createAwsClients({ region: "us-east-1", endpoint });
    const connector = await clients.appRunner.send(
      new DescribeVpcConnectorCommand({ VpcConnectorArn: ids["VPC_CONNECTOR_ARN"] }),
    );
    const { topology } = await loadTopology(clients.ec2, { vpcIds: [ids["VPC_ID"] ?? ""] });
    clients.destroy();
    return { ids, topology, connector: connector.VpcConnector, env };
  }

  for (const mode of ["per-az", "single"] as const) {
    test(`${mode}: every connector subnet reaches the internet through a NAT's Elastic IP`, async () => {
      const { ids, topology, connector } = await createStack(`recipe-cli-${mode}`, mode);
      const natIps = topology.natGateways.map((nat) => nat.publicIp);
      expect(topology.natGateways).toHaveLength(mode === "per-az" ? 3 : 1);
      expect(connector?.Subnets).toEqual(ids["SUBNET_IDS_PRIVATE"]?.split(","));
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
        const database = traceEgress(topology, source, {
          address: "10.0.20.10",
          protocol: "tcp",
          port: 5432,
        });
        expect(database.verdict).toBe("reachable");
      }
    });
  }

  test("delete.sh removes every tagged resource", async () => {
    const { ids, env } = await createStack("recipe-cli-delete", "single");
    await run("bash", [`${root}recipes/cli/delete.sh`], { env });
    const clients = createAwsClients({ region: "us-east-1", endpoint });
    await expect(loadTopology(clients.ec2, { vpcIds: [ids["VPC_ID"] ?? ""] })).rejects.toThrow();
    clients.destroy();
  });
});
