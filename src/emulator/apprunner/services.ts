// CreateService, DescribeService, UpdateService, DeleteService, ListServices, ListOperations.
// Each change is an asynchronous operation (ListOperations); statuses follow the clock
// (./service-status.ts). Creating takes the serviceRunning delay, updating serviceUpdated,
// deleting serviceDeleted. A creation ends CREATE_FAILED (after serviceCreateFailed) when the image
// does not listen on its port (../workloads/service-health.ts) or the fault serviceCreateFailureRate
// says so; the VPC connector stays ACTIVE, as AWS leaves it. An update whose new configuration does
// not listen fails and the service keeps running the previous one (App Runner rolls back:
// aws/apprunner-roadmap#143 shows "the service always rolls back" after a failed health check).

import type { RequestContext } from "../context.ts";
import { AwsError } from "../errors.ts";
import { assessServiceHealth } from "../workloads/service-health.ts";
import { readArn, serviceArn } from "./arns.ts";
import { epochSeconds, invalid, paginate, readResourceName, readTags } from "./read-input.ts";
import {
  readEgress,
  readHealthCheck,
  readInstanceConfiguration,
  readPubliclyAccessible,
  readSourceConfiguration,
} from "./read-service-configuration.ts";
import { requireAppRunnerCustomer } from "./require-customer.ts";
import {
  computeOperationStatus,
  computeServiceStatus,
  currentConfiguration,
  deletedAt,
} from "./service-status.ts";
import type { OperationRecord, OperationType, ServiceConfiguration, ServiceRecord } from "./state.ts";

/** A deleted service stays describable (Status DELETED) this long after the deletion ends. */
export const DELETED_SERVICE_VISIBLE_MS = 60_000;

export function createService(ctx: RequestContext, input: Record<string, unknown>) {
  requireAppRunnerCustomer(ctx);
  const name = readResourceName(input, "ServiceName");
  const configuration = {
    sourceConfiguration: readSourceConfiguration(input),
    instanceConfiguration: readInstanceConfiguration(input),
    healthCheckConfiguration: readHealthCheck(input),
    egress: readEgress(ctx, input),
    isPubliclyAccessible: readPubliclyAccessible(input),
  };
  const tags = readTags(input);
  const now = ctx.emulator.clock.now();
  const { apprunner } = ctx.backend;
  const clash = [...apprunner.services.values()].find(
    (s) => s.name === name && computeServiceStatus(s, now) !== "DELETED",
  );
  if (clash) throw invalid(`Service with the provided name already exists: ${clash.arn}`);
  const serviceId = ctx.emulator.hex(32);
  const service: ServiceRecord = {
    serviceId,
    name,
    arn: serviceArn(ctx, name, serviceId),
    url: `${ctx.emulator.hex(10)}.${ctx.region}.awsapprunner.com`,
    createdAt: now,
    configuration,
    previousConfiguration: null,
    operations: [],
    tags,
    requestCount: 0,
  };
  const listens = checkHealth(ctx, name, configuration);
  const fails = ctx.emulator.faults.draw(ctx.emulator.faults.config.serviceCreateFailureRate) || !listens;
  const operation = startOperation(ctx, service, "CREATE_SERVICE", fails);
  apprunner.services.set(service.arn, service);
  ctx.emulator.faults.created(service.arn);
  return { Service: describe(service, now), OperationId: operation.id };
}

export function describeService(ctx: RequestContext, input: Record<string, unknown>) {
  const service = findService(ctx, readArn(input, "ServiceArn"));
  return { Service: describe(service, ctx.emulator.clock.now()) };
}

export function updateService(ctx: RequestContext, input: Record<string, unknown>) {
  const service = findService(ctx, readArn(input, "ServiceArn"));
  const now = ctx.emulator.clock.now();
  const status = computeServiceStatus(service, now);
  if (status !== "RUNNING") {
    throw new AwsError(
      "InvalidStateException",
      `Service ${service.arn} is ${status}; it can be updated only when RUNNING.`,
    );
  }
  const current = currentConfiguration(service, now);
  const next = {
    sourceConfiguration:
      input["SourceConfiguration"] === undefined
        ? current.sourceConfiguration
        : readSourceConfiguration(input),
    instanceConfiguration: readInstanceConfiguration(input, current.instanceConfiguration),
    healthCheckConfiguration: readHealthCheck(input, current.healthCheckConfiguration),
    egress: readEgress(ctx, input, current.egress),
    isPubliclyAccessible: readPubliclyAccessible(input, current.isPubliclyAccessible),
  };
  service.previousConfiguration = current;
  service.configuration = next;
  const operation = startOperation(ctx, service, "UPDATE_SERVICE", !checkHealth(ctx, service.name, next));
  return { Service: describe(service, now), OperationId: operation.id };
}

export function deleteService(ctx: RequestContext, input: Record<string, unknown>) {
  const service = findService(ctx, readArn(input, "ServiceArn"));
  const now = ctx.emulator.clock.now();
  const status = computeServiceStatus(service, now);
  if (status === "DELETED") throw notFound(service.arn);
  if (status === "OPERATION_IN_PROGRESS") {
    throw new AwsError(
      "InvalidStateException",
      `Service ${service.arn} has an operation in progress; delete it when the operation ends.`,
    );
  }
  const operation = startOperation(ctx, service, "DELETE_SERVICE", false);
  return { Service: describe(service, now), OperationId: operation.id };
}

export function listServices(ctx: RequestContext, input: Record<string, unknown>) {
  const now = ctx.emulator.clock.now();
  const visible = [...ctx.backend.apprunner.services.values()].filter(
    (s) => computeServiceStatus(s, now) !== "DELETED",
  );
  const { page, nextToken } = paginate(visible, input, 20);
  return {
    ServiceSummaryList: page.map((s) => summarize(s, now)),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
}

export function listOperations(ctx: RequestContext, input: Record<string, unknown>) {
  const service = findService(ctx, readArn(input, "ServiceArn"));
  const now = ctx.emulator.clock.now();
  // Newest first, as App Runner lists them.
  const operations = [...service.operations].reverse();
  const { page, nextToken } = paginate(operations, input, 20);
  return {
    OperationSummaryList: page.map((op) => describeOperation(op, now)),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
}

/** The service, or ResourceNotFoundException (unknown, hidden by eventual consistency, or long deleted). */
export function findService(ctx: RequestContext, arn: string): ServiceRecord {
  const service = ctx.backend.apprunner.services.get(arn);
  if (service === undefined || ctx.emulator.faults.hiddenOnRead(arn)) throw notFound(arn);
  const gone = deletedAt(service, ctx.emulator.clock.now());
  if (gone !== null && ctx.emulator.clock.now() >= gone + DELETED_SERVICE_VISIBLE_MS) throw notFound(arn);
  return service;
}

function notFound(arn: string): AwsError {
  return new AwsError("ResourceNotFoundException", `Service ${arn} does not exist.`);
}

/** Does the configuration's image listen on its port? Assumptions and failures go to the log. */
function checkHealth(ctx: RequestContext, name: string, configuration: ServiceConfiguration): boolean {
  const image = configuration.sourceConfiguration["ImageRepository"] as Record<string, unknown>;
  const imageConfiguration = (image["ImageConfiguration"] ?? {}) as Record<string, unknown>;
  const startCommand = imageConfiguration["StartCommand"];
  const environment = (imageConfiguration["RuntimeEnvironmentVariables"] ?? {}) as Record<string, string>;
  const health = assessServiceHealth(
    {
      imageIdentifier: String(image["ImageIdentifier"]),
      port: String(imageConfiguration["Port"] ?? "8080"),
      ...(typeof startCommand === "string" ? { startCommand } : {}),
      environment,
    },
    ctx.emulator.unknownImages,
  );
  if (health.assumed || !health.listens) {
    ctx.emulator.log(`service ${name}: ${health.listens ? "" : "health check will fail: "}${health.reason}`);
  }
  return health.listens;
}

const OPERATION_DELAY = {
  CREATE_SERVICE: "serviceRunning",
  UPDATE_SERVICE: "serviceUpdated",
  DELETE_SERVICE: "serviceDeleted",
} as const;

function startOperation(ctx: RequestContext, service: ServiceRecord, type: OperationType, fails: boolean) {
  const h = ctx.emulator.hex(32);
  const operation: OperationRecord = {
    id: `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`,
    type,
    targetArn: service.arn,
    startedAt: ctx.emulator.clock.now(),
    endsAt: ctx.emulator.clock.dueAt(
      type === "CREATE_SERVICE" && fails ? "serviceCreateFailed" : OPERATION_DELAY[type],
    ),
    fails,
  };
  service.operations.push(operation);
  return operation;
}

function describeOperation(op: OperationRecord, now: number): Record<string, unknown> {
  const status = computeOperationStatus(op, now);
  return {
    Id: op.id,
    Type: op.type,
    Status: status,
    TargetArn: op.targetArn,
    StartedAt: epochSeconds(op.startedAt),
    UpdatedAt: epochSeconds(status === "IN_PROGRESS" ? op.startedAt : op.endsAt),
    ...(status !== "IN_PROGRESS" ? { EndedAt: epochSeconds(op.endsAt) } : {}),
  };
}

function updatedAt(service: ServiceRecord, now: number): number {
  const last = service.operations[service.operations.length - 1];
  if (last === undefined) return service.createdAt;
  return now < last.endsAt ? last.startedAt : last.endsAt;
}

function summarize(service: ServiceRecord, now: number): Record<string, unknown> {
  return {
    ServiceName: service.name,
    ServiceId: service.serviceId,
    ServiceArn: service.arn,
    ServiceUrl: service.url,
    CreatedAt: epochSeconds(service.createdAt),
    UpdatedAt: epochSeconds(updatedAt(service, now)),
    Status: computeServiceStatus(service, now),
  };
}

function describe(service: ServiceRecord, now: number): Record<string, unknown> {
  const c = currentConfiguration(service, now);
  const gone = deletedAt(service, now);
  const region = service.arn.split(":")[3];
  const account = service.arn.split(":")[4];
  return {
    ...summarize(service, now),
    ...(gone !== null ? { DeletedAt: epochSeconds(gone) } : {}),
    SourceConfiguration: c.sourceConfiguration,
    InstanceConfiguration: c.instanceConfiguration,
    HealthCheckConfiguration: c.healthCheckConfiguration,
    AutoScalingConfigurationSummary: {
      AutoScalingConfigurationArn: `arn:aws:apprunner:${region}:${account}:autoscalingconfiguration/DefaultConfiguration/1/00000000000000000000000000000001`,
      AutoScalingConfigurationName: "DefaultConfiguration",
      AutoScalingConfigurationRevision: 1,
    },
    NetworkConfiguration: {
      EgressConfiguration: c.egress,
      IngressConfiguration: { IsPubliclyAccessible: c.isPubliclyAccessible },
      IpAddressType: "IPV4",
    },
    // No ObservabilityConfiguration: the emulator takes none, and AWS leaves the member out for a
    // service created without one (it is optional in the model's Service shape; Terraform's
    // aws_apprunner_service keeps it as a non-computed block, so a { ObservabilityEnabled: false }
    // reply would show every Terraform user a change to remove on each plan).
  };
}
