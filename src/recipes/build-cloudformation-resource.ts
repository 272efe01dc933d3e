// Adds one CloudFormation resource (its properties already resolved) to a topology draft.
// Property names: CloudFormation User Guide, aws-resource-ec2-*.html, aws-properties-ec2-*.html
// and aws-resource-apprunner-*.html. Other resource types are not part of the network: skipped.

import type { ResourceEntry, ResourceIdentity } from "./read-cloudformation-template.ts";
import {
  expectObject,
  expectString,
  expectStringArray,
  findNameTag,
  isObject,
  type JsonObject,
  optionalString,
} from "./template-values.ts";
import {
  ALLOW_ALL_EGRESS,
  addRegionalNatGateway,
  buildRule,
  findRouteTableOrThrow,
  findSecurityGroupOrThrow,
  routeTargetFromId,
  type TopologyDraft,
  templateNatZoneName,
} from "./topology-draft.ts";

/** Types in the order they are added, so that each finds what it refers to. */
export const RESOURCE_ORDER = [
  "AWS::EC2::VPC",
  "AWS::EC2::InternetGateway",
  "AWS::EC2::VPCGatewayAttachment",
  "AWS::EC2::Subnet",
  "AWS::EC2::RouteTable",
  "AWS::EC2::SubnetRouteTableAssociation",
  "AWS::EC2::EIP",
  "AWS::EC2::NatGateway",
  "AWS::EC2::Route",
  "AWS::EC2::SecurityGroup",
  "AWS::EC2::SecurityGroupEgress",
  "AWS::EC2::SecurityGroupIngress",
  "AWS::AppRunner::VpcConnector",
  "AWS::AppRunner::Service",
];

// Route properties naming a target, with the target type shown for ones the model does not follow.
const ROUTE_TARGETS: Record<string, string> = {
  GatewayId: "gateway",
  NatGatewayId: "nat-gateway",
  VpcEndpointId: "vpc-endpoint",
  TransitGatewayId: "transit-gateway",
  VpcPeeringConnectionId: "vpc-peering-connection",
  NetworkInterfaceId: "network-interface",
  InstanceId: "instance",
  CarrierGatewayId: "carrier-gateway",
  LocalGatewayId: "local-gateway",
  EgressOnlyInternetGatewayId: "egress-only-internet-gateway",
  CoreNetworkArn: "core-network",
};

export function buildCloudFormationResource(
  draft: TopologyDraft,
  entry: ResourceEntry,
  identity: ResourceIdentity,
): void {
  const { topology } = draft;
  const { logicalId, properties: p } = entry;
  const at = (name: string) => `${logicalId}.${name}`;
  switch (entry.type) {
    case "AWS::EC2::VPC":
      topology.vpcs.push({
        id: identity.ref,
        cidrBlocks: [expectString(p["CidrBlock"], at("CidrBlock"))],
        dnsSupport: p["EnableDnsSupport"] === undefined ? true : String(p["EnableDnsSupport"]) === "true",
        dnsHostnames: String(p["EnableDnsHostnames"] ?? false) === "true",
      });
      return;
    case "AWS::EC2::InternetGateway":
      topology.internetGateways.push({ id: identity.ref, attachedVpcIds: [] });
      return;
    case "AWS::EC2::VPCGatewayAttachment": {
      if (p["InternetGatewayId"] === undefined) return; // a virtual private gateway: not modelled
      const igwId = expectString(p["InternetGatewayId"], at("InternetGatewayId"));
      const igw = topology.internetGateways.find((candidate) => candidate.id === igwId);
      if (igw === undefined)
        throw new Error(`${logicalId} attaches ${igwId}, which the template does not declare.`);
      igw.attachedVpcIds.push(expectString(p["VpcId"], at("VpcId")));
      return;
    }
    case "AWS::EC2::Subnet": {
      const name = findNameTag(p["Tags"]);
      topology.subnets.push({
        id: identity.ref,
        vpcId: expectString(p["VpcId"], at("VpcId")),
        cidrBlock: expectString(p["CidrBlock"], at("CidrBlock")),
        availabilityZone: expectString(p["AvailabilityZone"], at("AvailabilityZone")),
        mapPublicIpOnLaunch: String(p["MapPublicIpOnLaunch"] ?? false) === "true",
        name: name ?? logicalId,
      });
      return;
    }
    case "AWS::EC2::RouteTable":
      topology.routeTables.push({
        id: identity.ref,
        vpcId: expectString(p["VpcId"], at("VpcId")),
        main: false,
        subnetIds: [],
        routes: [],
      });
      return;
    case "AWS::EC2::SubnetRouteTableAssociation": {
      const table = findRouteTableOrThrow(
        topology,
        expectString(p["RouteTableId"], at("RouteTableId")),
        logicalId,
      );
      table.subnetIds.push(expectString(p["SubnetId"], at("SubnetId")));
      return;
    }
    case "AWS::EC2::EIP": {
      const allocationId = expectString(identity.attributes["AllocationId"]?.(), at("AllocationId"));
      topology.elasticIps.push({ allocationId, publicIp: identity.ref });
      return;
    }
    case "AWS::EC2::NatGateway": {
      if (p["AvailabilityMode"] === "regional") {
        const addresses = p["AvailabilityZoneAddresses"];
        addRegionalNatGateway(topology, {
          id: identity.ref,
          vpcId: expectString(p["VpcId"], at("VpcId")),
          by: logicalId,
          zones: Array.isArray(addresses)
            ? addresses.map((entry, index) => {
                const where = `${at("AvailabilityZoneAddresses")}[${index}]`;
                const zone = expectObject(entry, where);
                return {
                  availabilityZone: templateNatZoneName(
                    optionalString(zone["AvailabilityZone"], `${where}.AvailabilityZone`),
                    optionalString(zone["AvailabilityZoneId"], `${where}.AvailabilityZoneId`),
                    where,
                  ),
                  allocationIds: expectStringArray(zone["AllocationIds"], `${where}.AllocationIds`),
                };
              })
            : undefined,
        });
        return;
      }
      const subnetId = expectString(p["SubnetId"], at("SubnetId"));
      const subnet = topology.subnets.find((candidate) => candidate.id === subnetId);
      if (subnet === undefined)
        throw new Error(`${logicalId} is in ${subnetId}, which the template does not declare.`);
      const connectivityType = p["ConnectivityType"] === "private" ? "private" : "public";
      const allocationId = optionalString(p["AllocationId"], at("AllocationId"));
      topology.natGateways.push({
        id: identity.ref,
        vpcId: subnet.vpcId,
        subnetId,
        state: "available",
        connectivityType,
        ...(allocationId === undefined ? {} : { allocationId }),
      });
      return;
    }
    case "AWS::EC2::Route":
      addRoute(draft, logicalId, p);
      return;
    case "AWS::EC2::SecurityGroup": {
      const egress = p["SecurityGroupEgress"];
      topology.securityGroups.push({
        id: identity.ref,
        vpcId: expectString(p["VpcId"], at("VpcId")),
        name: optionalString(p["GroupName"], at("GroupName")) ?? logicalId,
        // Without SecurityGroupEgress, AWS keeps the default rule allowing all outbound traffic.
        egress: Array.isArray(egress)
          ? egress.map((rule, index) =>
              readRule(expectObject(rule, `${at("SecurityGroupEgress")}[${index}]`), "egress"),
            )
          : [ALLOW_ALL_EGRESS],
        ingress: Array.isArray(p["SecurityGroupIngress"])
          ? p["SecurityGroupIngress"].map((rule, index) =>
              readRule(expectObject(rule, `${at("SecurityGroupIngress")}[${index}]`), "ingress"),
            )
          : [],
      });
      return;
    }
    case "AWS::EC2::SecurityGroupEgress":
    case "AWS::EC2::SecurityGroupIngress": {
      const direction = entry.type.endsWith("Egress") ? "egress" : "ingress";
      const group = findSecurityGroupOrThrow(topology, expectString(p["GroupId"], at("GroupId")), logicalId);
      const rule = readRule(p, direction);
      if (direction === "egress") group.egress.push(rule);
      else group.ingress = [...(group.ingress ?? []), rule];
      return;
    }
    case "AWS::AppRunner::VpcConnector":
      draft.vpcConnectors.push({
        arn: identity.ref,
        name: optionalString(p["VpcConnectorName"], at("VpcConnectorName")) ?? logicalId,
        address: logicalId,
        subnetIds: expectStringArray(p["Subnets"], at("Subnets")),
        securityGroupIds:
          p["SecurityGroups"] === undefined
            ? []
            : expectStringArray(p["SecurityGroups"], at("SecurityGroups")),
      });
      return;
    case "AWS::AppRunner::Service": {
      const network = isObject(p["NetworkConfiguration"]) ? p["NetworkConfiguration"] : {};
      const egress: JsonObject = isObject(network["EgressConfiguration"])
        ? network["EgressConfiguration"]
        : {};
      const egressType = egress["EgressType"] === "VPC" ? "VPC" : "DEFAULT";
      draft.services.push({
        arn: identity.ref,
        name: optionalString(p["ServiceName"], at("ServiceName")) ?? logicalId,
        egressType,
        vpcConnectorArn: optionalString(egress["VpcConnectorArn"], at("VpcConnectorArn")) ?? null,
        ...(isObject(p["SourceConfiguration"]) ? { sourceConfiguration: p["SourceConfiguration"] } : {}),
        ...(isObject(p["InstanceConfiguration"])
          ? { instanceConfiguration: p["InstanceConfiguration"] }
          : {}),
      });
      return;
    }
  }
}

/** Workload types whose network interfaces start in the template's subnets. */
export const WORKLOAD_TYPES = ["AWS::Lambda::Function", "AWS::ECS::Service"];

/**
 * Adds a Lambda function in a VPC or an ECS service with awsvpc networking. Only the properties that
 * place its interfaces are resolved (the others, such as a function's Role, may use attributes the
 * reader does not model). Property names: CloudFormation User Guide, aws-properties-lambda-function-vpcconfig.html
 * and aws-properties-ecs-service-awsvpcconfiguration.html.
 */
export function buildCloudFormationWorkload(
  draft: TopologyDraft,
  entry: Pick<ResourceEntry, "logicalId" | "type">,
  property: (name: string) => unknown,
): void {
  const { logicalId } = entry;
  const at = (name: string) => `${logicalId}.${name}`;
  // A generated name (no FunctionName) is only known after deployment: the logical ID stands in.
  const name = (key: string) => {
    const value = property(key);
    return typeof value === "string" ? value : logicalId;
  };
  if (entry.type === "AWS::Lambda::Function") {
    const vpc = property("VpcConfig");
    if (!isObject(vpc) || vpc["SubnetIds"] === undefined) return; // not in a VPC: Lambda's own networking
    draft.lambdaFunctions.push({
      name: name("FunctionName"),
      address: logicalId,
      subnetIds: expectStringArray(vpc["SubnetIds"], at("VpcConfig.SubnetIds")),
      securityGroupIds:
        vpc["SecurityGroupIds"] === undefined
          ? []
          : expectStringArray(vpc["SecurityGroupIds"], at("VpcConfig.SecurityGroupIds")),
    });
    return;
  }
  if (entry.type === "AWS::ECS::Service") {
    const network = property("NetworkConfiguration");
    const awsvpc = isObject(network) ? network["AwsvpcConfiguration"] : undefined;
    if (!isObject(awsvpc)) return; // bridge or host networking: the instance's interface, not the task's
    draft.ecsServices.push({
      name: name("ServiceName"),
      address: logicalId,
      subnetIds: expectStringArray(awsvpc["Subnets"], at("NetworkConfiguration.AwsvpcConfiguration.Subnets")),
      securityGroupIds:
        awsvpc["SecurityGroups"] === undefined
          ? []
          : expectStringArray(
              awsvpc["SecurityGroups"],
              at("NetworkConfiguration.AwsvpcConfiguration.SecurityGroups"),
            ),
      assignPublicIp: awsvpc["AssignPublicIp"] === "ENABLED",
    });
  }
}

function addRoute(draft: TopologyDraft, logicalId: string, p: JsonObject): void {
  const cidr = p["DestinationCidrBlock"];
  const prefixListId = p["DestinationPrefixListId"];
  if (cidr === undefined && prefixListId === undefined) return; // an IPv6 route: the model is IPv4 only
  const table = findRouteTableOrThrow(
    draft.topology,
    expectString(p["RouteTableId"], `${logicalId}.RouteTableId`),
    logicalId,
  );
  const targetKey = Object.keys(ROUTE_TARGETS).find((key) => p[key] !== undefined);
  if (targetKey === undefined) throw new Error(`${logicalId} has no route target.`);
  const targetId = expectString(p[targetKey], `${logicalId}.${targetKey}`);
  table.routes.push({
    destination:
      cidr === undefined
        ? { prefixListId: expectString(prefixListId, `${logicalId}.DestinationPrefixListId`) }
        : { cidr: expectString(cidr, `${logicalId}.DestinationCidrBlock`) },
    target: routeTargetFromId(targetId, ROUTE_TARGETS[targetKey] ?? targetKey),
    state: "active",
  });
}

function readRule(rule: JsonObject, direction: "egress" | "ingress") {
  const peerGroup =
    direction === "egress" ? rule["DestinationSecurityGroupId"] : rule["SourceSecurityGroupId"];
  const prefixList = direction === "egress" ? rule["DestinationPrefixListId"] : rule["SourcePrefixListId"];
  return buildRule(rule["IpProtocol"], rule["FromPort"], rule["ToPort"], {
    cidrs: rule["CidrIp"] === undefined ? [] : [String(rule["CidrIp"])],
    groupIds: peerGroup === undefined ? [] : [String(peerGroup)],
    prefixListIds: prefixList === undefined ? [] : [String(prefixList)],
  });
}
