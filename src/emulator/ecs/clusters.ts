// CreateCluster, DescribeClusters, DeleteCluster. CreateCluster with the name of an ACTIVE cluster
// returns that cluster (ECS API Reference, CreateCluster); a missing cluster is
// ClusterNotFoundException ("Cluster not found."); a cluster with active services cannot be
// deleted (ClusterContainsServicesException). Without a name, ECS means the cluster "default".

import type { RequestContext } from "../context.ts";
import { AwsError } from "../errors.ts";
import { ecsArn, nameOf } from "./arns.ts";
import type { ClusterRecord, EcsTag } from "./state.ts";

type Input = Record<string, unknown>;

export const DEFAULT_CLUSTER = "default";

export function createCluster(ctx: RequestContext, input: Input) {
  const name = (input["clusterName"] as string | undefined) ?? DEFAULT_CLUSTER;
  const { clusters } = ctx.backend.ecs;
  const existing = clusters.get(name);
  if (existing?.status === "ACTIVE") return { cluster: describeCluster(ctx, existing) };
  const cluster: ClusterRecord = {
    name,
    arn: ecsArn(ctx, `cluster/${name}`),
    status: "ACTIVE",
    tags: (input["tags"] as EcsTag[] | undefined) ?? [],
  };
  clusters.set(name, cluster);
  return { cluster: describeCluster(ctx, cluster) };
}

export function describeClusters(ctx: RequestContext, input: Input) {
  const names = (input["clusters"] as string[] | undefined) ?? [DEFAULT_CLUSTER];
  const clusters: Record<string, unknown>[] = [];
  const failures: Record<string, unknown>[] = [];
  for (const nameOrArn of names) {
    const cluster = ctx.backend.ecs.clusters.get(nameOf(nameOrArn));
    if (cluster === undefined)
      failures.push({
        arn: nameOrArn.startsWith("arn:") ? nameOrArn : ecsArn(ctx, `cluster/${nameOrArn}`),
        reason: "MISSING",
      });
    else clusters.push(describeCluster(ctx, cluster));
  }
  return { clusters, failures };
}

export function deleteCluster(ctx: RequestContext, input: Input) {
  const cluster = findActiveCluster(ctx, input["cluster"] as string);
  if (activeServices(ctx, cluster.name) > 0)
    throw new AwsError(
      "ClusterContainsServicesException",
      "The Cluster cannot be deleted while Services are active.",
    );
  cluster.status = "INACTIVE";
  return { cluster: describeCluster(ctx, cluster) };
}

/** The ACTIVE cluster a short name or ARN names (the default cluster when none), or ClusterNotFoundException. */
export function findActiveCluster(ctx: RequestContext, nameOrArn: string | undefined): ClusterRecord {
  const cluster = ctx.backend.ecs.clusters.get(nameOf(nameOrArn ?? DEFAULT_CLUSTER));
  if (cluster === undefined || cluster.status !== "ACTIVE")
    throw new AwsError("ClusterNotFoundException", "Cluster not found.");
  return cluster;
}

function activeServices(ctx: RequestContext, clusterName: string): number {
  const services = ctx.backend.ecs.services.get(clusterName) ?? new Map();
  return [...services.values()].filter((service) => service.status === "ACTIVE").length;
}

function describeCluster(ctx: RequestContext, cluster: ClusterRecord): Record<string, unknown> {
  return {
    clusterArn: cluster.arn,
    clusterName: cluster.name,
    status: cluster.status,
    registeredContainerInstancesCount: 0,
    runningTasksCount: 0,
    pendingTasksCount: 0,
    activeServicesCount: cluster.status === "ACTIVE" ? activeServices(ctx, cluster.name) : 0,
    statistics: [],
    tags: cluster.tags,
    settings: [],
    capacityProviders: [],
    defaultCapacityProviderStrategy: [],
  };
}
