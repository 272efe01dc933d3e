// Shared setup for the App Runner tests: a started emulator, SDK clients against it, and a GET of a
// service URL through the emulator's port with the service's Host header (like curl --resolve).

import { request } from "node:http";
import { AppRunnerClient, type CreateServiceCommandInput } from "@aws-sdk/client-apprunner";
import { EC2Client } from "@aws-sdk/client-ec2";
import { type RunningEmulator, type StartOptions, startEmulator } from "../../src/emulator/server.ts";
import { buildProbeAppEnvironment } from "../../src/probe/index.ts";

export async function startWithClients(options: StartOptions = {}) {
  const running = await startEmulator({ port: 0, ...options });
  const config = {
    endpoint: running.url,
    region: "us-east-1",
    credentials: { accessKeyId: "AKIDEMULATOR", secretAccessKey: "emulator" },
  };
  return { running, apprunner: new AppRunnerClient(config), ec2: new EC2Client(config) };
}

export function probeServiceInput(
  name: string,
  extra: Partial<CreateServiceCommandInput> = {},
): CreateServiceCommandInput {
  return {
    ServiceName: name,
    SourceConfiguration: {
      AutoDeploymentsEnabled: false,
      ImageRepository: {
        ImageIdentifier: "public.ecr.aws/docker/library/node:24-alpine",
        ImageRepositoryType: "ECR_PUBLIC",
        ImageConfiguration: {
          Port: "8080",
          RuntimeEnvironmentVariables: buildProbeAppEnvironment(),
        },
      },
    },
    InstanceConfiguration: { Cpu: "0.25 vCPU", Memory: "0.5 GB" },
    ...extra,
  };
}

export function getServiceUrl(
  running: RunningEmulator,
  serviceUrl: string,
  path: string,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port: running.port, path, method: "GET", headers: { host: serviceUrl } },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          body += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

export async function expectRejectName(promise: Promise<unknown>, name: string): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if ((error as Error).name !== name) {
      throw new Error(`expected ${name}, got ${(error as Error).name}: ${(error as Error).message}`);
    }
    return error as Error;
  }
  throw new Error(`expected ${name}, but the call succeeded`);
}
