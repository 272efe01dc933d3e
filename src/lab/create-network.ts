// The EC2 half of the stack: one function per planned resource kind. Every resource is tagged at
// creation (TagSpecifications) so a crash between two calls never leaves an untagged resource.

import {
  AllocateAddressCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateNatGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeAvailabilityZonesCommand,
  DescribeNatGatewaysCommand,
  ModifyVpcAttributeCommand,
  waitUntilNatGatewayAvailable,
} from "@aws-sdk/client-ec2";
import { tagSpecification } from "../aws/tags.ts";
import { callAws } from "./aws-call.ts";
import type { LabContext } from "./lab-context.ts";
import type { PlannedStep } from "./plan-stack.ts";
import { isNotFoundError } from "./retry.ts";
import { type CreatedResource, requireCreated, type StackState } from "./stack-state.ts";

type Step<K extends PlannedStep["kind"]> = Extract<PlannedStep, { kind: K }>;

/** The first `count` available zones of the region, in name order. */
export async function pickAvailabilityZones(ctx: LabContext, count: number): Promise<string[]> {
  const reply = await callAws(ctx, "ec2:DescribeAvailabilityZones", (o) =>
    ctx.clients.ec2.send(
      new DescribeAvailabilityZonesCommand({
        Filters: [
          { Name: "state", Values: ["available"] },
          { Name: "zone-type", Values: ["availability-zone"] },
        ],
      }),
      o,
    ),
  );
  const names = (reply.AvailabilityZones ?? [])
    .map((zone) => zone.ZoneName)
    .filter((name): name is string => name !== undefined)
    .sort();
  if (names.length === 0) throw new Error(`No available zone in ${ctx.clients.region}.`);
  return names.slice(0, count);
}

/** Describes/creates that name a just-created ID may briefly see NotFound: retry those. */
const eventuallyConsistent = { also: isNotFoundError };

export async function createVpc(ctx: LabContext, step: Step<"vpc">): Promise<CreatedResource> {
  const reply = await callAws(ctx, "ec2:CreateVpc", (o) =>
    ctx.clients.ec2.send(
      new CreateVpcCommand({
        CidrBlock: step.cidr,
        TagSpecifications: tagSpecification("vpc", ctx.stackName, step.name),
      }),
      o,
    ),
  );
  const id = reply.Vpc?.VpcId;
  if (id === undefined) throw new Error("CreateVpc returned no VpcId");
  // DNS support is on by default (the name resolves even without a NAT); hostnames are needed by
  // interface endpoints, which readers may add later.
  await callAws(
    ctx,
    "ec2:ModifyVpcAttribute",
    (o) =>
      ctx.clients.ec2.send(
        new ModifyVpcAttributeCommand({ VpcId: id, EnableDnsHostnames: { Value: true } }),
        o,
      ),
    eventuallyConsistent,
  );
  return { key: step.key, kind: step.kind, id, facts: { cidr: step.cidr } };
}

export async function createSubnet(
  ctx: LabContext,
  step: Step<"subnet">,
  state: StackState,
  zones: string[],
): Promise<CreatedResource> {
  const vpcId = requireCreated(state, "vpc").id;
  const zone = zones[step.azIndex % zones.length] as string;
  const reply = await callAws(
    ctx,
    "ec2:CreateSubnet",
    (o) =>
      ctx.clients.ec2.send(
        new CreateSubnetCommand({
          VpcId: vpcId,
          CidrBlock: step.cidr,
          AvailabilityZone: zone,
          TagSpecifications: tagSpecification("subnet", ctx.stackName, step.name),
        }),
        o,
      ),
    eventuallyConsistent,
  );
  const id = reply.Subnet?.SubnetId;
  if (id === undefined) throw new Error("CreateSubnet returned no SubnetId");
  // The zone ID too: errors about zones (an unsupported connector zone) may name either.
  const zoneId = reply.Subnet?.AvailabilityZoneId ?? "";
  return {
    key: step.key,
    kind: step.kind,
    id,
    facts: { cidr: step.cidr, availabilityZone: zone, availabilityZoneId: zoneId },
  };
}

export async function createSecurityGroup(
  ctx: LabContext,
  step: Step<"security-group">,
  state: StackState,
): Promise<CreatedResource> {
  const vpcId = requireCreated(state, "vpc").id;
  // A new security group has no inbound rule and one outbound rule allowing everything
  // (https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html): what the lab wants.
  const reply = await callAws(
    ctx,
    "ec2:CreateSecurityGroup",
    (o) =>
      ctx.clients.ec2.send(
        new CreateSecurityGroupCommand({
          GroupName: step.name,
          Description: "App Runner Egress Lab: all outbound traffic allowed",
          VpcId: vpcId,
          TagSpecifications: tagSpecification("security-group", ctx.stackName, step.name),
        }),
        o,
      ),
    eventuallyConsistent,
  );
  if (reply.GroupId === undefined) throw new Error("CreateSecurityGroup returned no GroupId");
  return { key: step.key, kind: step.kind, id: reply.GroupId, facts: {} };
}

export async function createRouteTable(
  ctx: LabContext,
  step: Step<"route-table">,
  state: StackState,
): Promise<CreatedResource> {
  const vpcId = requireCreated(state, "vpc").id;
  const reply = await callAws(
    ctx,
    "ec2:CreateRouteTable",
    (o) =>
      ctx.clients.ec2.send(
        new CreateRouteTableCommand({
          VpcId: vpcId,
          TagSpecifications: tagSpecification("route-table", ctx.stackName, step.name),
        }),
        o,
      ),
    eventuallyConsistent,
  );
  const id = reply.RouteTable?.RouteTableId;
  if (id === undefined) throw new Error("CreateRouteTable returned no RouteTableId");
  const associations: string[] = [];
  for (const subnetKey of step.subnetKeys) {
    const subnetId = requireCreated(state, subnetKey).id;
    const association = await callAws(
      ctx,
      "ec2:AssociateRouteTable",
      (o) =>
        ctx.clients.ec2.send(new AssociateRouteTableCommand({ RouteTableId: id, SubnetId: subnetId }), o),
      eventuallyConsistent,
    );
    if (association.AssociationId !== undefined) associations.push(association.AssociationId);
  }
  return { key: step.key, kind: step.kind, id, facts: { associations } };
}

export async function createInternetGateway(
  ctx: LabContext,
  step: Step<"internet-gateway">,
  state: StackState,
): Promise<CreatedResource> {
  const vpcId = requireCreated(state, "vpc").id;
  const reply = await callAws(ctx, "ec2:CreateInternetGateway", (o) =>
    ctx.clients.ec2.send(
      new CreateInternetGatewayCommand({
        TagSpecifications: tagSpecification("internet-gateway", ctx.stackName, step.name),
      }),
      o,
    ),
  );
  const id = reply.InternetGateway?.InternetGatewayId;
  if (id === undefined) throw new Error("CreateInternetGateway returned no InternetGatewayId");
  await callAws(
    ctx,
    "ec2:AttachInternetGateway",
    (o) => ctx.clients.ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: id, VpcId: vpcId }), o),
    eventuallyConsistent,
  );
  return { key: step.key, kind: step.kind, id, facts: {} };
}

export async function allocateElasticIp(ctx: LabContext, step: Step<"elastic-ip">): Promise<CreatedResource> {
  const reply = await callAws(ctx, "ec2:AllocateAddress", (o) =>
    ctx.clients.ec2.send(
      new AllocateAddressCommand({
        Domain: "vpc",
        TagSpecifications: tagSpecification("elastic-ip", ctx.stackName, step.name),
      }),
      o,
    ),
  );
  if (reply.AllocationId === undefined) throw new Error("AllocateAddress returned no AllocationId");
  return {
    key: step.key,
    kind: step.kind,
    id: reply.AllocationId,
    facts: { publicIp: reply.PublicIp ?? "" },
  };
}

export class NatGatewayFailedError extends Error {
  override name = "NatGatewayFailed";
}

export async function createNatGateway(
  ctx: LabContext,
  step: Step<"nat-gateway">,
  state: StackState,
): Promise<CreatedResource> {
  const subnetId = requireCreated(state, step.subnetKey).id;
  const eip = requireCreated(state, step.elasticIpKey);
  const reply = await callAws(
    ctx,
    "ec2:CreateNatGateway",
    (o) =>
      ctx.clients.ec2.send(
        new CreateNatGatewayCommand({
          SubnetId: subnetId,
          AllocationId: eip.id,
          ConnectivityType: "public",
          // Idempotent retries: the same token returns the same gateway instead of a second one.
          ClientToken: `${ctx.stackName}-${step.key}`,
          TagSpecifications: tagSpecification("natgateway", ctx.stackName, step.name),
        }),
        o,
      ),
    eventuallyConsistent,
  );
  const id = reply.NatGateway?.NatGatewayId;
  if (id === undefined) throw new Error("CreateNatGateway returned no NatGatewayId");
  ctx.onCreating?.({ key: step.key, kind: step.kind, id });
  const result = await waitUntilNatGatewayAvailable(
    {
      client: ctx.clients.ec2,
      maxWaitTime: ctx.timing.natGatewayMaxWaitSeconds,
      minDelay: ctx.timing.waiterMinDelaySeconds,
      maxDelay: ctx.timing.waiterMaxDelaySeconds,
      abortSignal: ctx.signal,
    },
    { NatGatewayIds: [id] },
  ).catch(async (error: unknown) => {
    if (ctx.signal.aborted) throw error;
    // The waiter stops on "failed": say why, from the gateway itself.
    const described = await callAws(ctx, "ec2:DescribeNatGateways", (o) =>
      ctx.clients.ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [id] }), o),
    );
    const nat = described.NatGateways?.[0];
    if (nat?.State === "failed") {
      throw new NatGatewayFailedError(
        `NAT gateway ${id} failed: ${nat.FailureCode ?? ""} ${nat.FailureMessage ?? ""}`.trim(),
      );
    }
    throw error;
  });
  void result;
  return { key: step.key, kind: step.kind, id, facts: { publicIp: eip.facts.publicIp ?? "", subnetId } };
}

export async function createDefaultRoute(
  ctx: LabContext,
  step: Step<"default-route">,
  state: StackState,
): Promise<CreatedResource> {
  const routeTableId = requireCreated(state, step.routeTableKey).id;
  const target = requireCreated(state, step.targetKey);
  const targetField = target.kind === "nat-gateway" ? { NatGatewayId: target.id } : { GatewayId: target.id };
  await callAws(
    ctx,
    "ec2:CreateRoute",
    (o) =>
      ctx.clients.ec2.send(
        new CreateRouteCommand({
          RouteTableId: routeTableId,
          DestinationCidrBlock: "0.0.0.0/0",
          ...targetField,
        }),
        o,
      ),
    eventuallyConsistent,
  );
  return { key: step.key, kind: step.kind, id: `${routeTableId} 0.0.0.0/0 -> ${target.id}`, facts: {} };
}
