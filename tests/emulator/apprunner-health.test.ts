import {
  CreateServiceCommand,
  type CreateServiceCommandInput,
  CreateVpcConnectorCommand,
  DescribeServiceCommand,
  DescribeVpcConnectorCommand,
  ListOperationsCommand,
  UpdateServiceCommand,
} from "@aws-sdk/client-apprunner";
import { afterEach, describe, expect, test } from "vitest";
import type { StartOptions } from "../../src/emulator/server.ts";
import { buildProbeAppEnvironment, PROBE_APP_SOURCE } from "../../src/probe/index.ts";
import { probeServiceInput, startWithClients } from "./apprunner-helpers.ts";
import { buildPrivateSubnetWithNat } from "./workload-fixtures.ts";

// A service reaches RUNNING only if its image listens on ImageConfiguration.Port; otherwise its
// creation fails after serviceCreateFailed and the service is CREATE_FAILED, through the real SDK.

let env: Awaited<ReturnType<typeof startWithClients>> | undefined;
let logged: string[] = [];
afterEach(async () => {
  await env?.running.close();
  env = undefined;
});

async function start(options: StartOptions = {}) {
  logged = [];
  // Frozen: the tests read states 100 ms before a transition (a failing service is still in
  // progress when a healthy one would be RUNNING); only advance() moves time, not a slow machine.
  env = await startWithClients({ log: (line) => logged.push(line), frozenClock: true, ...options });
  return env;
}

function withImage(
  name: string,
  image: string,
  imageConfiguration: {
    Port?: string;
    StartCommand?: string;
    RuntimeEnvironmentVariables?: Record<string, string>;
  },
): CreateServiceCommandInput {
  const input = probeServiceInput(name);
  return {
    ...input,
    SourceConfiguration: {
      AutoDeploymentsEnabled: false,
      ImageRepository: {
        ImageIdentifier: image,
        ImageRepositoryType: "ECR_PUBLIC",
        ImageConfiguration: imageConfiguration,
      },
    },
  };
}

/** Creates the service and reads its status when the create operation has had time to end. */
async function createAndSettle(input: CreateServiceCommandInput) {
  const e = env as NonNullable<typeof env>;
  const { Service } = await e.apprunner.send(new CreateServiceCommand(input));
  const arn = Service?.ServiceArn as string;
  const delays = e.running.emulator.clock.delays;
  const before = await e.apprunner.send(new DescribeServiceCommand({ ServiceArn: arn }));
  e.running.emulator.clock.advance(Math.max(delays.serviceRunning, delays.serviceCreateFailed));
  const after = await e.apprunner.send(new DescribeServiceCommand({ ServiceArn: arn }));
  const operations = await e.apprunner.send(new ListOperationsCommand({ ServiceArn: arn }));
  return {
    arn,
    before: before.Service?.Status,
    status: after.Service?.Status,
    operation: operations.OperationSummaryList?.[0],
  };
}

const NODE = "public.ecr.aws/docker/library/node:24-alpine";
const HELLO = "public.ecr.aws/aws-containers/hello-app-runner:latest";

describe("service health", () => {
  test("the probe app started by NODE_OPTIONS, with no StartCommand, reaches RUNNING", async () => {
    await start();
    const result = await createAndSettle(probeServiceInput("probe"));
    expect(result).toMatchObject({ before: "OPERATION_IN_PROGRESS", status: "RUNNING" });
    expect(result.operation).toMatchObject({ Type: "CREATE_SERVICE", Status: "SUCCEEDED" });
    expect(logged).toEqual([]);
  });

  test("node with its default command serves nothing: CREATE_FAILED after the failure delay, connector left ACTIVE", async () => {
    const e = await start();
    const net = buildPrivateSubnetWithNat(e.running.emulator);
    const { VpcConnector } = await e.apprunner.send(
      new CreateVpcConnectorCommand({
        VpcConnectorName: "health-connector",
        Subnets: [net.privateSubnet.subnetId],
      }),
    );
    const connectorArn = VpcConnector?.VpcConnectorArn as string;
    const { Service } = await e.apprunner.send(
      new CreateServiceCommand({
        ...withImage("old-recipe", NODE, { Port: "8080" }),
        NetworkConfiguration: { EgressConfiguration: { EgressType: "VPC", VpcConnectorArn: connectorArn } },
      }),
    );
    const arn = Service?.ServiceArn as string;
    const delays = e.running.emulator.clock.delays;
    // Still in progress when a healthy service would already be RUNNING.
    e.running.emulator.clock.advance(delays.serviceRunning);
    const during = await e.apprunner.send(new DescribeServiceCommand({ ServiceArn: arn }));
    expect(during.Service?.Status).toBe("OPERATION_IN_PROGRESS");
    e.running.emulator.clock.advance(delays.serviceCreateFailed - delays.serviceRunning);
    const after = await e.apprunner.send(new DescribeServiceCommand({ ServiceArn: arn }));
    expect(after.Service?.Status).toBe("CREATE_FAILED");
    const operations = await e.apprunner.send(new ListOperationsCommand({ ServiceArn: arn }));
    expect(operations.OperationSummaryList?.[0]).toMatchObject({ Type: "CREATE_SERVICE", Status: "FAILED" });
    const connector = await e.apprunner.send(
      new DescribeVpcConnectorCommand({ VpcConnectorArn: connectorArn }),
    );
    expect(connector.VpcConnector?.Status).toBe("ACTIVE");
    expect(logged.join("\n")).toMatch(/old-recipe: health check will fail: .*empty standard input/);
  });

  test("the earlier quoted StartCommand fails: split on whitespace, node evaluates a string literal", async () => {
    await start();
    const environment = {
      PROBE_APP_B64: Buffer.from(PROBE_APP_SOURCE, "utf8").toString("base64"),
      PORT: "8080",
    };
    const result = await createAndSettle(
      withImage("quoted", NODE, {
        Port: "8080",
        StartCommand: `node -e "eval(Buffer.from(process.env.PROBE_APP_B64,'base64').toString())"`,
        RuntimeEnvironmentVariables: environment,
      }),
    );
    expect(result.status).toBe("CREATE_FAILED");
    expect(logged.join("\n")).toMatch(/split on whitespace: node evaluates code that is not the probe app/);
  });

  test("a StartCommand that works under both splittings reaches RUNNING", async () => {
    await start();
    const { NODE_OPTIONS: options = "", PORT = "" } = buildProbeAppEnvironment();
    const result = await createAndSettle(
      withImage("both-ways", NODE, {
        Port: "8080",
        StartCommand: `node ${options}`,
        RuntimeEnvironmentVariables: { PORT },
      }),
    );
    expect(result.status).toBe("RUNNING");
  });

  test("the probe app on another port than ImageConfiguration.Port fails", async () => {
    await start();
    const result = await createAndSettle(
      withImage("wrong-port", NODE, {
        Port: "9000",
        RuntimeEnvironmentVariables: buildProbeAppEnvironment(),
      }),
    );
    expect(result.status).toBe("CREATE_FAILED");
    expect(logged.join("\n")).toMatch(/listens on 8080, not on port 9000/);
  });

  test("hello-app-runner reaches RUNNING on 8000 and fails on 8080", async () => {
    await start();
    expect((await createAndSettle(withImage("hello-8000", HELLO, { Port: "8000" }))).status).toBe("RUNNING");
    expect((await createAndSettle(withImage("hello-8080", HELLO, { Port: "8080" }))).status).toBe(
      "CREATE_FAILED",
    );
  });

  test("an image outside the catalogue is assumed to listen, and the log says so", async () => {
    await start();
    const image = "public.ecr.aws/example/someone-elses-app:1.0";
    expect((await createAndSettle(withImage("unknown", image, { Port: "3000" }))).status).toBe("RUNNING");
    expect(logged).toEqual([
      `service unknown: ${image} is not in the emulator's image catalogue; assuming it listens on port 3000 (App Runner would check).`,
    ]);
  });

  test("with unknownImages: fail, an image outside the catalogue ends CREATE_FAILED", async () => {
    await start({ unknownImages: "fail" });
    const image = "public.ecr.aws/example/someone-elses-app:1.0";
    expect((await createAndSettle(withImage("unknown", image, { Port: "3000" }))).status).toBe(
      "CREATE_FAILED",
    );
  });

  test("an update to an image that does not listen fails and the service keeps running the previous one", async () => {
    const e = await start();
    const created = await createAndSettle(probeServiceInput("update-me"));
    expect(created.status).toBe("RUNNING");
    await e.apprunner.send(
      new UpdateServiceCommand({
        ServiceArn: created.arn,
        SourceConfiguration: withImage("update-me", NODE, { Port: "8080" }).SourceConfiguration,
      }),
    );
    e.running.emulator.clock.advance(e.running.emulator.clock.delays.serviceUpdated);
    const { Service } = await e.apprunner.send(new DescribeServiceCommand({ ServiceArn: created.arn }));
    expect(Service?.Status).toBe("RUNNING");
    expect(
      Service?.SourceConfiguration?.ImageRepository?.ImageConfiguration?.RuntimeEnvironmentVariables,
    ).toHaveProperty("NODE_OPTIONS");
    const operations = await e.apprunner.send(new ListOperationsCommand({ ServiceArn: created.arn }));
    expect(operations.OperationSummaryList?.[0]).toMatchObject({ Type: "UPDATE_SERVICE", Status: "FAILED" });
  });
});
