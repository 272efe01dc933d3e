// --ecs-service <cluster>/<service>: a service's tasks in the awsvpc network mode each get an ENI in
// one of the service's subnets, with its security groups. On Fargate, assignPublicIp ENABLED gives
// each task's ENI a public IP: in a public subnet the task reaches the internet through the internet
// gateway itself; in a private subnet the route table decides and the public IP is unused. Read-only:
// DescribeServices. Sources: ECS Developer Guide, fargate-task-networking.html; API Reference,
// AwsVpcConfiguration (docs/FACTS.md, "Lambda and ECS").

import { DescribeServicesCommand, type ECSClient } from "@aws-sdk/client-ecs";
import { tagAwsAction } from "./errors.ts";
import { DoctorInputError, type DoctorWarning, type ResolvedInput } from "./resolved-input.ts";

export interface EcsServiceName {
  cluster: string;
  service: string;
}

export async function resolveEcsService(ecs: ECSClient, named: EcsServiceName): Promise<ResolvedInput> {
  const { cluster, service: serviceName } = named;
  let reply: Awaited<ReturnType<typeof describe>>;
  try {
    reply = await describe(ecs, named);
  } catch (error) {
    if (error instanceof Error && error.name === "ClusterNotFoundException")
      throw new DoctorInputError(
        `No ECS cluster named ${cluster} in this region.`,
        "`aws ecs list-clusters` lists the region's clusters: check the name and --region.",
      );
    throw error;
  }
  const service = reply.services?.[0];
  if (service === undefined || service.status === "INACTIVE")
    throw new DoctorInputError(
      service === undefined
        ? `No ECS service named ${serviceName} in cluster ${cluster}.`
        : `ECS service ${serviceName} in cluster ${cluster} was deleted (status INACTIVE).`,
      `\`aws ecs list-services --cluster ${cluster}\` lists the cluster's services.`,
    );
  const awsvpc = service.networkConfiguration?.awsvpcConfiguration;
  if (awsvpc === undefined)
    throw new DoctorInputError(
      `ECS service ${serviceName} has no awsvpc network configuration: its tasks use the network of their container instances (network mode bridge or host).`,
      "Diagnose the container instances' subnets with --subnets <ids> (an EC2 instance's own public IP is not taken into account there).",
    );
  const fargate =
    service.launchType === "FARGATE" ||
    (service.launchType === undefined &&
      (service.capacityProviderStrategy ?? []).some((item) =>
        /^FARGATE(_SPOT)?$/.test(item.capacityProvider ?? ""),
      ));
  const enabled = awsvpc.assignPublicIp === "ENABLED";
  const warnings: DoctorWarning[] = [];
  if (enabled && !fargate)
    warnings.push({
      code: "PUBLIC_IP_NOT_FARGATE",
      message: `${serviceName} asks for assignPublicIp ENABLED, but its tasks do not run on Fargate: AWS documents public IPs for Fargate tasks' ENIs (fargate-task-networking.html), so the doctor traces these tasks without one.`,
    });
  const publicIp = enabled && fargate;
  const subnets = awsvpc.subnets ?? [];
  return {
    mode: "vpc",
    subnetIds: subnets,
    securityGroupIds: awsvpc.securityGroups ?? [],
    interfacesHavePublicIp: publicIp,
    ...(fargate && !enabled
      ? {
          publicIpAlternative:
            "Or, for a Fargate service, set assignPublicIp ENABLED: each task then gets its own public IP and uses the internet gateway directly, and can be reached from the internet where its security groups allow it (ECS best practices, networking-outbound.html).",
        }
      : {}),
    interfaceLabel: publicIp
      ? `ECS service ${serviceName}'s task ENI (assignPublicIp ENABLED: each task gets its own public IP)`
      : `ECS service ${serviceName}'s task ENI`,
    subject: `the ECS service ${serviceName}`,
    description: `ECS service ${serviceName} in cluster ${cluster} (${fargate ? "Fargate, " : ""}awsvpc: ${subnets.join(", ")}; assignPublicIp ${awsvpc.assignPublicIp ?? "DISABLED"})`,
    warnings,
  };
}

function describe(ecs: ECSClient, { cluster, service }: EcsServiceName) {
  return tagAwsAction(
    "ecs:DescribeServices",
    ecs.send(new DescribeServicesCommand({ cluster, services: [service] })),
  );
}
