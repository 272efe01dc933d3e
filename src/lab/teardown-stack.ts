// Deletes a stack's resources (or every lab stack's, for cleanup), found by tag, in reverse
// dependency order: what uses a thing goes before the thing. Independent deletions run side by
// side (the App Runner service, the instance and the NAT gateway wait in parallel). Idempotent:
// NotFound means already gone. A delete that AWS refuses only until it releases something is
// retried for as long as that can take (timing.releaseMaxWaitMs), with one line that names the
// resource and what it waits for: App Runner's Hyperplane ENIs stay for minutes after their
// connector is deleted (DependencyViolation on their subnets and groups), a connector is still
// "being used" just after its service's deletion (aws/apprunner-roadmap#161), a service with an
// operation in progress cannot be deleted (InvalidStateException). A group whose dependencies could
// not be deleted is skipped and reported as left, not forced.

import { DeleteServiceCommand, DeleteVpcConnectorCommand } from "@aws-sdk/client-apprunner";
import {
  DeleteInternetGatewayCommand,
  DeleteNatGatewayCommand,
  DeleteRouteTableCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DetachInternetGatewayCommand,
  DisassociateRouteTableCommand,
  ReleaseAddressCommand,
  TerminateInstancesCommand,
  waitUntilInstanceTerminated,
  waitUntilNatGatewayDeleted,
} from "@aws-sdk/client-ec2";
import { callAws } from "./aws-call.ts";
import { waitForServiceStatus } from "./create-workload.ts";
import {
  type AppRunnerCheck,
  type LabResource,
  type LabResourceKind,
  type LabResourceSearch,
  searchLabResources,
} from "./find-lab-resources.ts";
import { type LabContext, sleep } from "./lab-context.ts";
import { formatSeconds } from "./narrator.ts";
import { errorName, isNotFoundError } from "./retry.ts";
import { usualDeletion } from "./usual-durations.ts";

export interface TeardownReport {
  deleted: LabResource[];
  left: { resource: LabResource; reason: string }[];
  wallMs: number;
  /** App Runner could not be listed: its part is unknown (the EC2 part was still deleted). */
  appRunner: AppRunnerCheck;
}

/**
 * Refusals that last only until AWS releases something, with what the wait is for. `null`: not
 * one of them.
 */
export function describeWaitFor(error: unknown): string | null {
  if (!(error instanceof Error)) return null;
  switch (error.name) {
    case "DependencyViolation":
      return "DependencyViolation: AWS has not yet released network interfaces in it (App Runner's stay for minutes after their VPC connector is deleted)";
    case "InvalidStateException":
      return "InvalidStateException: an App Runner operation on it is still in progress";
    case "InvalidIPAddress.InUse":
    case "IncorrectState":
      return `${error.name}: AWS has not yet released what used it`;
    default:
      return null;
  }
}

/**
 * Runs a delete until AWS stops refusing it for a release that is still to come (describeWaitFor),
 * saying once what it waits for; gives up after timing.releaseMaxWaitMs with the last refusal, or
 * at once when what blocks it is one of the lab's own resources that is still there (a delete that
 * answered NotFound too early, eventual consistency): the next pass deletes that one first.
 */
async function untilReleased(
  ctx: LabContext,
  resource: LabResource,
  attempt: () => Promise<unknown>,
  blockedByLab: () => Promise<string | null>,
): Promise<void> {
  const deadline = Date.now() + ctx.timing.releaseMaxWaitMs;
  let said = "";
  for (let tries = 0; ; tries++) {
    try {
      await attempt();
      return;
    } catch (error) {
      const waitFor = describeWaitFor(error);
      if (waitFor === null || ctx.signal.aborted) throw error;
      // Listing the stack costs several calls: look at the first refusal and every tenth after it.
      const blocker = tries % 10 === 0 ? await blockedByLab() : null;
      if (blocker !== null) {
        (error as Error).message += ` (the lab's ${blocker} is still there; another pass deletes it first)`;
        throw error;
      }
      if (Date.now() >= deadline) {
        (error as Error).message +=
          ` (still refused after waiting ${Math.round(ctx.timing.releaseMaxWaitMs / 60_000)} min)`;
        throw error;
      }
      if (waitFor !== said) {
        ctx.narrator.note(
          `     Waiting for ${resource.kind} ${resource.id}: ${waitFor}; retrying for up to ${formatWait(ctx.timing.releaseMaxWaitMs)}.`,
        );
        said = waitFor;
      }
      const ceiling = Math.min(ctx.timing.releasePollMaxMs, ctx.timing.retryBaseDelayMs * 2 ** tries);
      await sleep(ceiling / 2 + Math.random() * (ceiling / 2), ctx.signal);
    }
  }
}

function formatWait(ms: number): string {
  return ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`;
}

/** Kinds that must be gone before a kind can be deleted. */
export const TEARDOWN_DEPENDENCIES: Record<LabResourceKind, LabResourceKind[]> = {
  service: [],
  instance: [],
  "nat-gateway": [],
  "vpc-connector": ["service"],
  "elastic-ip": ["nat-gateway"],
  "route-table": [],
  "internet-gateway": ["nat-gateway", "elastic-ip"],
  subnet: ["service", "vpc-connector", "instance", "nat-gateway", "route-table"],
  "security-group": ["service", "vpc-connector", "instance"],
  vpc: ["subnet", "security-group", "route-table", "internet-gateway"],
};

export interface TeardownOptions {
  /** undefined: every lab stack in the region (cleanup). */
  stackName: string | undefined;
  /** Already discovered (cleanup's dry run shows them first). */
  resources?: LabResourceSearch;
  /** Updated as resources go, so a second Ctrl-C can print what is left. */
  onProgress?: (left: LabResource[]) => void;
}

/**
 * Passes: delete what was found, then look again (by listing, which names no ID) and repeat while
 * something is still there. A delete that answered NotFound because AWS had not yet caught up with
 * a recent create (eventual consistency) would otherwise be taken for "already gone".
 */
const MAX_PASSES = 4;

export async function teardownStack(ctx: LabContext, options: TeardownOptions): Promise<TeardownReport> {
  const began = Date.now();
  const deleted: LabResource[] = [];
  let search = options.resources ?? (await searchLabResources(ctx, options.stackName));
  let resources = search.resources;
  let appRunner = search.appRunner;
  let left: TeardownReport["left"] = [];
  for (let pass = 1; pass <= MAX_PASSES && resources.length > 0; pass++) {
    const report = await teardownPass(ctx, options, resources);
    deleted.push(...report.deleted);
    left = report.left;
    if (ctx.signal.aborted) break;
    search = await searchLabResources(ctx, options.stackName);
    resources = search.resources;
    if (!search.appRunner.checked) appRunner = search.appRunner;
    if (resources.length === 0) left = [];
    else if (pass < MAX_PASSES)
      ctx.narrator.note(`     ${resources.length} resources still there; another pass.`);
    else if (left.length === 0)
      left = resources.map((resource) => ({ resource, reason: "still there after the last pass" }));
  }
  return { deleted, left, wallMs: Date.now() - began, appRunner };
}

async function teardownPass(
  ctx: LabContext,
  options: TeardownOptions,
  resources: LabResource[],
): Promise<TeardownReport> {
  const began = Date.now();
  const deleted: LabResource[] = [];
  const left = new Map<LabResource, string>();
  const remaining = new Set(resources);
  options.onProgress?.([...remaining]);
  const groups = new Map<LabResourceKind, Promise<boolean>>();

  const runGroup = (kind: LabResourceKind): Promise<boolean> => {
    const existing = groups.get(kind);
    if (existing !== undefined) return existing;
    const promise = (async () => {
      const depsOk = await Promise.all(TEARDOWN_DEPENDENCIES[kind].map(runGroup));
      const mine = resources.filter((resource) => resource.kind === kind);
      if (mine.length === 0) return depsOk.every(Boolean);
      if (!depsOk.every(Boolean)) {
        for (const resource of mine)
          left.set(resource, "skipped: something it depends on could not be deleted");
        return false;
      }
      const results = await Promise.all(
        mine.map(async (resource) => {
          const usually = usualDeletion(resource.kind);
          const handle = ctx.narrator.startStep(
            `Delete ${resource.kind} ${resource.id}`,
            usually === undefined ? {} : { usually },
          );
          try {
            await deleteResource(ctx, resource, () => findBlocker(ctx, options.stackName, kind));
            deleted.push(resource);
            remaining.delete(resource);
            options.onProgress?.([...remaining]);
            handle.done();
            return true;
          } catch (error) {
            if (ctx.signal.aborted) {
              left.set(resource, "teardown stopped (Ctrl-C)");
              handle.interrupted();
              return false;
            }
            const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
            left.set(resource, reason);
            handle.fail(reason);
            return false;
          }
        }),
      );
      return results.every(Boolean);
    })();
    groups.set(kind, promise);
    return promise;
  };

  await Promise.all((Object.keys(TEARDOWN_DEPENDENCIES) as LabResourceKind[]).map(runGroup));
  return {
    deleted,
    left: [...left].map(([resource, reason]) => ({ resource, reason })),
    wallMs: Date.now() - began,
    appRunner: { checked: true },
  };
}

async function ignoreNotFound(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (!isNotFoundError(error)) throw error;
  }
}

/** App Runner's answer for a connector it still counts as used (aws/apprunner-roadmap#161). */
export function isConnectorStillUsed(error: unknown): boolean {
  return (
    error instanceof Error &&
    error.name === "InvalidRequestException" &&
    /being used by other services/i.test(error.message)
  );
}

/**
 * Right after its service's deletion, DeleteVpcConnector can answer "Provided VPC connector arn is
 * being used by other services" for a while, though no service uses it any more
 * (aws/apprunner-roadmap#161). Ask again until connectorReleaseMaxWaitMs, saying what it waits for.
 */
async function deleteVpcConnector(ctx: LabContext, resource: LabResource): Promise<void> {
  const deadline = Date.now() + ctx.timing.connectorReleaseMaxWaitMs;
  const began = Date.now();
  let told = false;
  for (;;) {
    try {
      await ignoreNotFound(
        callAws(ctx, "apprunner:DeleteVpcConnector", (o) =>
          ctx.clients.appRunner.send(new DeleteVpcConnectorCommand({ VpcConnectorArn: resource.id }), o),
        ),
      );
      if (told) ctx.narrator.note(`     VPC connector released after ${formatSeconds(Date.now() - began)}.`);
      return;
    } catch (error) {
      if (!isConnectorStillUsed(error)) throw error;
      const limit = formatSeconds(ctx.timing.connectorReleaseMaxWaitMs);
      if (Date.now() >= deadline) {
        throw new Error(
          `App Runner still calls VPC connector ${resource.id} used by other services after ${limit}, ` +
            "though its service is deleted (aws/apprunner-roadmap#161). Run the cleanup again later.",
        );
      }
      if (!told) {
        told = true;
        ctx.narrator.note(
          `     Waiting for vpc-connector ${resource.id}: App Runner still calls the VPC connector used just after its service's deletion ` +
            `(aws/apprunner-roadmap#161); asking again every ${formatSeconds(ctx.timing.pollIntervalMs)} for up to ${limit}.`,
        );
      }
      await sleep(ctx.timing.pollIntervalMs, ctx.signal);
    }
  }
}

/** One of the stack's resources that `kind` depends on and that still exists, or null. */
async function findBlocker(
  ctx: LabContext,
  stackName: string | undefined,
  kind: LabResourceKind,
): Promise<string | null> {
  const before = new Set(TEARDOWN_DEPENDENCIES[kind]);
  if (before.size === 0) return null;
  const blocker = (await searchLabResources(ctx, stackName)).resources.find((r) => before.has(r.kind));
  return blocker === undefined ? null : `${blocker.kind} ${blocker.id}`;
}

async function deleteResource(
  ctx: LabContext,
  resource: LabResource,
  blockedByLab: () => Promise<string | null>,
): Promise<void> {
  const ec2 = ctx.clients.ec2;
  const appRunner = ctx.clients.appRunner;
  const waiter = {
    minDelay: ctx.timing.waiterMinDelaySeconds,
    maxDelay: ctx.timing.waiterMaxDelaySeconds,
    abortSignal: ctx.signal,
  };
  /** One delete call, NotFound taken as done, retried while AWS has yet to release something. */
  const deleteUntilReleased = (action: string, send: (o: { abortSignal: AbortSignal }) => Promise<unknown>) =>
    untilReleased(ctx, resource, () => ignoreNotFound(callAws(ctx, action, send)), blockedByLab);
  switch (resource.kind) {
    case "service": {
      // A service in the middle of an operation cannot be deleted (InvalidStateException): let the
      // operation finish first, and say so.
      const current = await waitForServiceStatus(
        ctx,
        appRunner,
        resource.id,
        ["RUNNING", "CREATE_FAILED", "PAUSED", "DELETE_FAILED", "DELETED"],
        [],
        (status) =>
          `     Waiting for service ${resource.id}: it is ${status} (an operation is in progress; DeleteService would be refused with InvalidStateException).`,
      ).catch((error: unknown) => {
        if (isNotFoundError(error)) return { status: "DELETED", url: "" };
        throw error;
      });
      if (current.status !== "DELETED") {
        await deleteUntilReleased("apprunner:DeleteService", (o) =>
          appRunner.send(new DeleteServiceCommand({ ServiceArn: resource.id }), o),
        );
      }
      await ignoreNotFound(waitForServiceStatus(ctx, appRunner, resource.id, ["DELETED"], ["DELETE_FAILED"]));
      return;
    }
    case "vpc-connector":
      return deleteVpcConnector(ctx, resource);
    case "instance":
      await ignoreNotFound(
        callAws(ctx, "ec2:TerminateInstances", (o) =>
          ec2.send(new TerminateInstancesCommand({ InstanceIds: [resource.id] }), o),
        ),
      );
      await ignoreNotFound(
        waitUntilInstanceTerminated(
          { client: ec2, maxWaitTime: ctx.timing.instanceMaxWaitSeconds, ...waiter },
          { InstanceIds: [resource.id] },
        ),
      );
      return;
    case "nat-gateway":
      if (resource.facts.state !== "deleting") {
        await ignoreNotFound(
          callAws(ctx, "ec2:DeleteNatGateway", (o) =>
            ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: resource.id }), o),
          ),
        );
      }
      await ignoreNotFound(
        waitUntilNatGatewayDeleted(
          { client: ec2, maxWaitTime: ctx.timing.natGatewayMaxWaitSeconds, ...waiter },
          { NatGatewayIds: [resource.id] },
        ),
      );
      return;
    case "elastic-ip":
      return untilReleased(
        ctx,
        resource,
        () =>
          ignoreNotFound(
            callAws(
              ctx,
              "ec2:ReleaseAddress",
              (o) => ec2.send(new ReleaseAddressCommand({ AllocationId: resource.id }), o),
              { also: (error) => errorName(error) === "AuthFailure" },
            ),
          ),
        blockedByLab,
      );
    case "internet-gateway":
      for (const vpcId of resource.facts.attachedVpcIds ?? []) {
        await untilReleased(
          ctx,
          resource,
          () =>
            ignoreNotFound(
              callAws(ctx, "ec2:DetachInternetGateway", (o) =>
                ec2.send(
                  new DetachInternetGatewayCommand({ InternetGatewayId: resource.id, VpcId: vpcId }),
                  o,
                ),
              ).catch((error: unknown) => {
                if (errorName(error) === "Gateway.NotAttached") return;
                throw error;
              }),
            ),
          blockedByLab,
        );
      }
      return deleteUntilReleased("ec2:DeleteInternetGateway", (o) =>
        ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: resource.id }), o),
      );
    case "route-table":
      for (const associationId of resource.facts.associations ?? []) {
        await ignoreNotFound(
          callAws(ctx, "ec2:DisassociateRouteTable", (o) =>
            ec2.send(new DisassociateRouteTableCommand({ AssociationId: associationId }), o),
          ),
        );
      }
      return deleteUntilReleased("ec2:DeleteRouteTable", (o) =>
        ec2.send(new DeleteRouteTableCommand({ RouteTableId: resource.id }), o),
      );
    case "subnet":
      return deleteUntilReleased("ec2:DeleteSubnet", (o) =>
        ec2.send(new DeleteSubnetCommand({ SubnetId: resource.id }), o),
      );
    case "security-group":
      return deleteUntilReleased("ec2:DeleteSecurityGroup", (o) =>
        ec2.send(new DeleteSecurityGroupCommand({ GroupId: resource.id }), o),
      );
    case "vpc":
      return deleteUntilReleased("ec2:DeleteVpc", (o) =>
        ec2.send(new DeleteVpcCommand({ VpcId: resource.id }), o),
      );
  }
}
