import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";
import {
  AppRunnerClient,
  CreateServiceCommand,
  DescribeServiceCommand,
  ListServicesCommand,
} from "@aws-sdk/client-apprunner";
import { DescribeImagesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { afterEach, describe, expect, test } from "vitest";
import type { RunningEmulator } from "../../src/emulator/server.ts";
import { expectRejectName, probeServiceInput, startWithClients } from "./apprunner-helpers.ts";
import { testClientConfig } from "./helpers.ts";

const started: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((r) => r.close()));
});

async function start(faults: Record<string, unknown>, maxAttempts = 1) {
  const env = await startWithClients({ faults });
  started.push(env.running);
  const clientConfig = { ...testClientConfig(env.running.url), maxAttempts };
  return { ...env, apprunner: new AppRunnerClient(clientConfig), ec2: new EC2Client(clientConfig) };
}

async function failureTrace(seed: number): Promise<string[]> {
  const env = await start({ seed, serviceCreateFailureRate: 0.5 });
  const statuses: string[] = [];
  for (let i = 0; i < 8; i++) {
    const { Service } = await env.apprunner.send(new CreateServiceCommand(probeServiceInput(`svc-${i}`)));
    env.running.emulator.clock.advance(1_000);
    const d = await env.apprunner.send(new DescribeServiceCommand({ ServiceArn: Service?.ServiceArn }));
    statuses.push(d.Service?.Status as string);
  }
  return statuses;
}

describe("faults", () => {
  test("the same seed gives the same CREATE_FAILED services, and some do fail", async () => {
    const a = await failureTrace(7);
    const b = await failureTrace(7);
    expect(a).toEqual(b);
    expect(a).toContain("CREATE_FAILED");
    expect(a).toContain("RUNNING");
  });

  test("failingActions fails exactly the next N requests of that action with a server error", async () => {
    const env = await start({ failingActions: { ListServices: 2 } });
    await expectRejectName(env.apprunner.send(new ListServicesCommand({})), "InternalServiceErrorException");
    // Other actions are untouched.
    await env.ec2.send(new DescribeImagesCommand({ Owners: ["amazon"] }));
    await expectRejectName(env.apprunner.send(new ListServicesCommand({})), "InternalServiceErrorException");
    const { ServiceSummaryList } = await env.apprunner.send(new ListServicesCommand({}));
    expect(ServiceSummaryList).toEqual([]);
    // The control route lists each call under its action's own name; a refused one says why.
    const calls = await (await fetch(`${env.running.url}/_emulator/calls`)).json();
    expect(calls).toEqual([
      { service: "apprunner", action: "ListServices", region: "us-east-1", refused: "server-error" },
      { service: "ec2", action: "DescribeImages", region: "us-east-1" },
      { service: "apprunner", action: "ListServices", region: "us-east-1", refused: "server-error" },
      { service: "apprunner", action: "ListServices", region: "us-east-1" },
    ]);
  });

  test("a call the account settings deny is recorded as refused: denied, under its action's name", async () => {
    const env = await start({});
    const set = await fetch(`${env.running.url}/_emulator/account`, {
      method: "POST",
      body: JSON.stringify({ deniedActions: ["apprunner:ListServices"] }),
    });
    expect(set.status).toBe(200);
    await expectRejectName(env.apprunner.send(new ListServicesCommand({})), "AccessDeniedException");
    expect(env.running.emulator.calls).toEqual([
      { service: "apprunner", action: "ListServices", region: "us-east-1", refused: "denied" },
    ]);
  });

  test("throttled EC2 calls fail with RequestLimitExceeded and App Runner calls with ThrottlingException", async () => {
    const env = await start({ throttleRate: 1 });
    await expectRejectName(
      env.ec2.send(new DescribeImagesCommand({ Owners: ["amazon"] })),
      "RequestLimitExceeded",
    );
    await expectRejectName(env.apprunner.send(new ListServicesCommand({})), "ThrottlingException");
  });

  test("the SDK's retries recover from occasional throttling", async () => {
    const env = await start({ seed: 3, throttleRate: 0.3 }, 10);
    for (let i = 0; i < 10; i++) {
      const { ServiceSummaryList } = await env.apprunner.send(new ListServicesCommand({}));
      expect(ServiceSummaryList).toEqual([]);
    }
    const throttled = env.running.emulator.calls.filter((c) => c.refused === "throttled");
    expect(throttled.length).toBeGreaterThan(0);
    expect(throttled.every((c) => c.action === "ListServices" && c.region === "us-east-1")).toBe(true);
  });

  test("a new service is ResourceNotFoundException for the next K describes (eventual consistency)", async () => {
    const env = await start({ eventualConsistencyReads: 2 });
    const { Service } = await env.apprunner.send(new CreateServiceCommand(probeServiceInput("probe")));
    const describe = () =>
      env.apprunner.send(new DescribeServiceCommand({ ServiceArn: Service?.ServiceArn }));
    await expectRejectName(describe(), "ResourceNotFoundException");
    await expectRejectName(describe(), "ResourceNotFoundException");
    expect((await describe()).Service?.ServiceName).toBe("probe");
  });

  test("the clock control route moves a service to RUNNING without waiting", async () => {
    const env = await start({});
    const { Service } = await env.apprunner.send(new CreateServiceCommand(probeServiceInput("probe")));
    const res = await fetch(`${env.running.url}/_emulator/clock`, {
      method: "POST",
      body: JSON.stringify({ advanceMs: 600_000 }),
    });
    expect(res.status).toBe(200);
    const d = await env.apprunner.send(new DescribeServiceCommand({ ServiceArn: Service?.ServiceArn }));
    expect(d.Service?.Status).toBe("RUNNING");
  });

  test("the clock control route sets single transitions and refuses unknown ones", async () => {
    const env = await start({});
    const post = (body: unknown) =>
      fetch(`${env.running.url}/_emulator/clock`, { method: "POST", body: JSON.stringify(body) });
    const res = await post({ profile: "fast", delays: { connectorInUseAfterService: 20_000 } });
    expect(res.status).toBe(200);
    expect(
      ((await res.json()) as { delays: Record<string, number> }).delays["connectorInUseAfterService"],
    ).toBe(20_000);
    expect(env.running.emulator.clock.delays.serviceRunning).toBe(500);
    expect((await post({ delays: { noSuchTransition: 1 } })).status).toBe(400);
    expect((await post({ delays: { serviceRunning: -1 } })).status).toBe(400);
    expect(env.running.emulator.clock.delays.serviceRunning).toBe(500);
  });
});

const AWS_CLI = "/usr/bin/aws";
const cliMissing = !existsSync(AWS_CLI) && process.env["CI"] !== "true";

describe("AWS CLI", () => {
  test.skipIf(cliMissing)(
    "apprunner list-services works against the emulator (skipped when /usr/bin/aws is missing and CI is not true)",
    async () => {
      const env = await start({});
      await env.apprunner.send(new CreateServiceCommand(probeServiceInput("from-sdk")));
      const { stdout } = await promisify(execFile)(
        AWS_CLI,
        [
          "apprunner",
          "list-services",
          "--endpoint-url",
          env.running.url,
          "--region",
          "us-east-1",
          "--output",
          "json",
        ],
        {
          env: {
            ...process.env,
            AWS_ACCESS_KEY_ID: "AKIDEMULATOR",
            AWS_SECRET_ACCESS_KEY: "emulator",
            AWS_PAGER: "",
          },
        },
      );
      const parsed = JSON.parse(stdout) as { ServiceSummaryList: { ServiceName: string }[] };
      expect(parsed.ServiceSummaryList.map((s) => s.ServiceName)).toEqual(["from-sdk"]);
    },
  );
});
