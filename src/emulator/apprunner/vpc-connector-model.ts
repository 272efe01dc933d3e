// The VPC connector's rules, apart from the wire. From the API reference and network-vpc.html:
// subnets of one VPC, in zones App Runner serves; security groups of that VPC, defaulting to the
// VPC's default group; one ACTIVE revision per name; a connector in use by a service cannot be
// deleted, and App Runner still counts a service as a user for a while after it is DELETED
// (aws/apprunner-roadmap#161; the clock's connectorInUseAfterService).

import type { RequestContext } from "../context.ts";
import type { SubnetRecord } from "../ec2/records.ts";
import { getSecurityGroup, getSubnet } from "../ec2/state.ts";
import { defaultSecurityGroupOf } from "../ec2/vpc-parts.ts";
import { AwsError } from "../errors.ts";
import { vpcConnectorArn } from "./arns.ts";
import { ensureConnectorEni, releaseUnusedConnectorEnis } from "./connector-enis.ts";
import { invalid, readResourceName, readStringList, readTags } from "./read-input.ts";
import { deletedAt, servingConfiguration } from "./service-status.ts";
import type { VpcConnectorRecord } from "./state.ts";

export interface CreateVpcConnectorRequest {
  name: string;
  subnets: string[];
  /** Empty: the VPC's default group. */
  securityGroups: string[];
  tags: Map<string, string>;
}

export function readCreateVpcConnector(input: Record<string, unknown>): CreateVpcConnectorRequest {
  const name = readResourceName(input, "VpcConnectorName");
  const subnets = readStringList(input, "Subnets") ?? [];
  if (subnets.length === 0) throw invalid("Subnets is required: give at least one subnet ID.");
  return {
    name,
    subnets,
    securityGroups: readStringList(input, "SecurityGroups") ?? [],
    tags: readTags(input),
  };
}

/** Checks the request against the network, stores the connector and its ENIs, and returns it. */
export function insertVpcConnector(
  ctx: RequestContext,
  request: CreateVpcConnectorRequest,
): VpcConnectorRecord {
  const { apprunner, ec2 } = ctx.backend;
  const { name, subnets } = request;
  const vpcIds = new Set<string>();
  const unsupported: SubnetRecord[] = [];
  const refused = new Set(ctx.emulator.unsupportedConnectorZones);
  for (const subnetId of subnets) {
    const subnet = lookupOrInvalid(() => getSubnet(ec2, subnetId), `Subnet ${subnetId} does not exist.`);
    vpcIds.add(subnet.vpcId);
    if (refused.has(subnet.availabilityZoneId) || refused.has(subnet.availabilityZone))
      unsupported.push(subnet);
  }
  if (vpcIds.size > 1) {
    throw invalid(`Subnets must all belong to the same VPC; got subnets of ${[...vpcIds].join(", ")}.`);
  }
  if (unsupported.length > 0) throw unsupportedZones(unsupported);
  const vpcId = [...vpcIds][0] as string;
  let groups = request.securityGroups;
  for (const groupId of groups) {
    const group = lookupOrInvalid(
      () => getSecurityGroup(ec2, groupId),
      `Security group ${groupId} does not exist.`,
    );
    if (group.vpcId !== vpcId)
      throw invalid(`Security group ${groupId} is not in ${vpcId}, the VPC of the subnets.`);
  }
  if (groups.length === 0) {
    // "If you don't specify a security group, App Runner uses the default security group of the VPC."
    const fallback = defaultSecurityGroupOf(ec2, vpcId);
    if (fallback === undefined) throw invalid(`VPC ${vpcId} has no default security group.`);
    groups = [fallback.groupId];
  }
  const previous = [...apprunner.vpcConnectors.values()].filter((c) => c.name === name);
  if (previous.some((c) => c.deletedAt === null)) {
    throw invalid(`A VPC connector named ${name} already exists. Delete it first or choose another name.`);
  }
  const revision = previous.length + 1;
  const connector: VpcConnectorRecord = {
    name,
    arn: vpcConnectorArn(ctx, name, revision),
    revision,
    subnets: [...new Set(subnets)],
    securityGroups: [...new Set(groups)],
    createdAt: ctx.emulator.clock.now(),
    deletedAt: null,
    tags: request.tags,
  };
  for (const subnetId of connector.subnets) {
    ensureConnectorEni(apprunner, ec2, ctx.emulator, subnetId, connector.securityGroups);
  }
  apprunner.vpcConnectors.set(connector.arn, connector);
  ctx.emulator.faults.created(connector.arn);
  return connector;
}

/** Marks the connector INACTIVE and releases its ENIs, unless a service still uses it. */
export function retireVpcConnector(ctx: RequestContext, connector: VpcConnectorRecord): void {
  if (connector.deletedAt !== null) {
    throw new AwsError(
      "ResourceNotFoundException",
      `VPC connector ${connector.arn} is already deleted (INACTIVE).`,
    );
  }
  const now = ctx.emulator.clock.now();
  const window = ctx.emulator.clock.delays.connectorInUseAfterService;
  const users = [...ctx.backend.apprunner.services.values()].filter((service) => {
    const gone = deletedAt(service, now);
    if (gone !== null && now >= gone + window) return false;
    const uses = (c: { egress: { VpcConnectorArn?: string } } | null) =>
      c?.egress.VpcConnectorArn === connector.arn;
    // The configuration being deployed, and the old one while an update still deploys (it serves
    // until then). Once the update has ended the old connector is free: that is how Terraform
    // replaces a connector (create the new one, update the service, delete the old one).
    return uses(service.configuration) || uses(servingConfiguration(service, now));
  });
  if (users.length > 0) {
    // AWS's answer, error code and wording, as quoted in aws/apprunner-roadmap#161 (the CLI showed
    // two spaces after "ARN:", the console one); it names no service, also while the user is a
    // service that is already DELETED. DeleteVpcConnector lists InvalidRequestException in the
    // botocore model, and no InvalidStateException.
    throw invalid(`Provided VPC connector arn is being used by other services. ARN: ${connector.arn}`);
  }
  connector.deletedAt = now;
  releaseUnusedConnectorEnis(ctx.backend.apprunner, ctx.backend.ec2, ctx.emulator);
}
/**
 * AWS refuses a connector with a subnet in a zone App Runner does not serve; the error names the
 * zone (docs/FACTS.md; network-vpc.html) and no public list of such zones exists. The exact wording was
 * not found in AWS's documentation or public issues: this message is the most plausible shape
 * (InvalidRequestException, the error CreateVpcConnector documents for bad input), naming the
 * subnets, the zone IDs and the zone names. *Unverified* against AWS.
 */
function unsupportedZones(subnets: SubnetRecord[]): AwsError {
  const zones = [...new Set(subnets.map((s) => `${s.availabilityZoneId} (${s.availabilityZone})`))];
  return invalid(
    `Subnet(s) ${subnets.map((s) => s.subnetId).join(", ")} are in Availability Zone(s) ${zones.join(", ")} ` +
      "that App Runner does not support for VPC connectors. Choose subnets in other Availability Zones.",
  );
}

/** EC2 lookups answer with EC2's NotFound codes; App Runner reports a bad ID as InvalidRequestException. */
function lookupOrInvalid<T>(lookup: () => T, message: string): T {
  try {
    return lookup();
  } catch (error) {
    if (error instanceof AwsError) throw invalid(message);
    throw error;
  }
}
