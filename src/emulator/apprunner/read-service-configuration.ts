// The configuration parts of CreateService / UpdateService, validated as App Runner does: image
// sources only (the emulator has no code builds), AutoDeploymentsEnabled=true refused for ECR Public,
// valid CPU/memory pairs, EgressType VPC with (and only with) an ACTIVE connector.

import type { RequestContext } from "../context.ts";
import { AwsError } from "../errors.ts";
import { invalid, readObject, readString } from "./read-input.ts";
import type { ServiceConfiguration } from "./state.ts";

/**
 * vCPU -> memory (GB) pairs App Runner accepts (Developer Guide, "App Runner service configuration",
 * manage-configure.html#manage-configure.instance; API InstanceConfiguration): 0.25 vCPU with 0.5 or
 * 1 GB, 0.5 vCPU 1 GB, 1 vCPU 2/3/4 GB, 2 vCPU 4/6 GB, 4 vCPU 8/10/12 GB. Values are given as units
 * ("1024") or words ("1 vCPU", "2 GB"); App Runner answers with units.
 */
const VALID_PAIRS: Record<string, string[]> = {
  "256": ["512", "1024"],
  "512": ["1024"],
  "1024": ["2048", "3072", "4096"],
  "2048": ["4096", "6144"],
  "4096": ["8192", "10240", "12288"],
};

function cpuUnits(value: string): string | null {
  const word = /^(0\.25|0\.5|1|2|4) vCPU$/.exec(value);
  if (word) return String(Number(word[1]) * 1024);
  return /^(256|512|1024|2048|4096)$/.test(value) ? value : null;
}

function memoryMegabytes(value: string): string | null {
  const word = /^(0\.5|1|2|3|4|6|8|10|12) GB$/.exec(value);
  if (word) return String(Number(word[1]) * 1024);
  return /^(512|1024|2048|3072|4096|6144|8192|10240|12288)$/.test(value) ? value : null;
}

export function readInstanceConfiguration(
  input: Record<string, unknown>,
  current?: ServiceConfiguration["instanceConfiguration"],
): ServiceConfiguration["instanceConfiguration"] {
  const given = readObject(input, "InstanceConfiguration") ?? {};
  const cpuText = readString(given, "Cpu") ?? current?.Cpu ?? "1024";
  const memoryText = readString(given, "Memory") ?? current?.Memory ?? "2048";
  const cpu = cpuUnits(cpuText);
  const memory = memoryMegabytes(memoryText);
  if (cpu === null) throw invalid(`Cpu '${cpuText}' is invalid. Valid values: 0.25, 0.5, 1, 2 or 4 vCPU.`);
  if (memory === null || !(VALID_PAIRS[cpu] ?? []).includes(memory)) {
    throw invalid(
      `Memory '${memoryText}' is not valid with Cpu '${cpuText}'. Valid memory for this CPU: ${(VALID_PAIRS[cpu] ?? []).map((m) => `${Number(m) / 1024} GB`).join(", ")}.`,
    );
  }
  const role = readString(given, "InstanceRoleArn") ?? current?.InstanceRoleArn;
  return { Cpu: cpu, Memory: memory, ...(role !== undefined ? { InstanceRoleArn: role } : {}) };
}

const IMAGE_IDENTIFIER =
  /^(([0-9]{12}\.dkr\.ecr\.[a-z-]+-[0-9]\.amazonaws\.com\/.+)|(public\.ecr\.aws\/.+\/.+))(:[\w+=.:/@-]+|@[\w:]+)?$/;

export function readSourceConfiguration(input: Record<string, unknown>): Record<string, unknown> {
  const source = readObject(input, "SourceConfiguration");
  if (source === undefined) throw invalid("SourceConfiguration is required.");
  if (readObject(source, "CodeRepository") !== undefined) {
    throw new AwsError(
      "InvalidRequestException",
      "The emulator supports image sources only (ImageRepository).",
    );
  }
  const image = readObject(source, "ImageRepository");
  if (image === undefined)
    throw invalid("SourceConfiguration must contain ImageRepository or CodeRepository.");
  const identifier = readString(image, "ImageIdentifier");
  const type = readString(image, "ImageRepositoryType");
  if (identifier === undefined || !IMAGE_IDENTIFIER.test(identifier)) {
    throw invalid(`ImageIdentifier '${identifier ?? ""}' is not a valid ECR or ECR Public image.`);
  }
  if (type !== "ECR" && type !== "ECR_PUBLIC")
    throw invalid("ImageRepositoryType must be ECR or ECR_PUBLIC.");
  if ((type === "ECR_PUBLIC") !== identifier.startsWith("public.ecr.aws/")) {
    throw invalid(`ImageRepositoryType ${type} does not match the image ${identifier}.`);
  }
  const autoDeploy = source["AutoDeploymentsEnabled"];
  // Automatic deployment needs ECR's push events; App Runner refuses it for ECR Public (API reference,
  // SourceConfiguration.AutoDeploymentsEnabled; docs/FACTS.md).
  if (type === "ECR_PUBLIC" && autoDeploy === true) {
    throw invalid(
      "Automatic deployment is not supported for ECR Public images. Set AutoDeploymentsEnabled to false.",
    );
  }
  const auth = readObject(source, "AuthenticationConfiguration");
  if (type === "ECR" && readString(auth ?? {}, "AccessRoleArn") === undefined) {
    throw invalid(
      "An access role (AuthenticationConfiguration.AccessRoleArn) is required for a private ECR image.",
    );
  }
  const imageConfiguration = readObject(image, "ImageConfiguration") ?? {};
  const env = readObject(imageConfiguration, "RuntimeEnvironmentVariables");
  const startCommand = readString(imageConfiguration, "StartCommand");
  if (startCommand !== undefined && /[\r\n]/.test(startCommand))
    throw invalid("StartCommand must be one line.");
  return {
    ...source,
    AutoDeploymentsEnabled: autoDeploy === true,
    ImageRepository: {
      ImageIdentifier: identifier,
      ImageRepositoryType: type,
      ImageConfiguration: {
        Port: readString(imageConfiguration, "Port") ?? "8080",
        ...(startCommand !== undefined ? { StartCommand: startCommand } : {}),
        ...(env !== undefined ? { RuntimeEnvironmentVariables: env } : {}),
      },
    },
  };
}

export function readEgress(
  ctx: RequestContext,
  input: Record<string, unknown>,
  current?: ServiceConfiguration["egress"],
): ServiceConfiguration["egress"] {
  const network = readObject(input, "NetworkConfiguration");
  const egress = network ? readObject(network, "EgressConfiguration") : undefined;
  if (egress === undefined) return current ?? { EgressType: "DEFAULT" };
  const type = readString(egress, "EgressType") ?? "DEFAULT";
  const arn = readString(egress, "VpcConnectorArn");
  if (type !== "DEFAULT" && type !== "VPC") throw invalid("EgressType must be DEFAULT or VPC.");
  if (type === "DEFAULT") {
    if (arn !== undefined) throw invalid("VpcConnectorArn can be given only with EgressType VPC.");
    return { EgressType: "DEFAULT" };
  }
  if (arn === undefined) throw invalid("EgressType VPC requires a VpcConnectorArn.");
  const connector = ctx.backend.apprunner.vpcConnectors.get(arn);
  if (connector === undefined || connector.deletedAt !== null) {
    throw invalid(`VPC connector ${arn} does not exist or is not ACTIVE.`);
  }
  return { EgressType: "VPC", VpcConnectorArn: arn };
}

export function readHealthCheck(
  input: Record<string, unknown>,
  current?: Record<string, unknown>,
): Record<string, unknown> {
  const given = readObject(input, "HealthCheckConfiguration");
  const defaults = current ?? {
    Protocol: "TCP",
    Path: "/",
    Interval: 5,
    Timeout: 2,
    HealthyThreshold: 1,
    UnhealthyThreshold: 5,
  };
  return { ...defaults, ...(given ?? {}) };
}

export function readPubliclyAccessible(input: Record<string, unknown>, current = true): boolean {
  const network = readObject(input, "NetworkConfiguration");
  const ingress = network ? readObject(network, "IngressConfiguration") : undefined;
  const value = ingress?.["IsPubliclyAccessible"];
  return typeof value === "boolean" ? value : current;
}
