// Adds one Terraform resource instance (its arguments and attributes already evaluated: from the
// configuration by read-terraform-config.ts, from a plan by read-terraform-plan.ts) to a topology
// draft. Argument names: Terraform AWS provider docs (aws_vpc, aws_subnet, aws_route_table,
// aws_route, aws_nat_gateway...). Other resource types are not part of the network: skipped.

import {
  expectObject,
  expectString,
  expectStringArray,
  findNameTag,
  isObject,
  type JsonObject,
} from "./template-values.ts";
import {
  addRegionalNatGateway,
  buildRule,
  findRouteTableOrThrow,
  findSecurityGroupOrThrow,
  routeTargetFromId,
  type TopologyDraft,
  templateNatZoneName,
} from "./topology-draft.ts";

/** Types in the order they are added, so that each finds what it refers to. */
export const TERRAFORM_RESOURCE_ORDER = [
  "aws_vpc",
  "aws_internet_gateway",
  "aws_internet_gateway_attachment",
  "aws_subnet",
  "aws_route_table",
  "aws_route_table_association",
  "aws_eip",
  "aws_nat_gateway",
  "aws_route",
  "aws_security_group",
  "aws_vpc_security_group_egress_rule",
  "aws_vpc_security_group_ingress_rule",
  "aws_security_group_rule",
  "aws_apprunner_vpc_connector",
  "aws_apprunner_service",
  "aws_lambda_function",
  "aws_ecs_service",
];

export function rankTerraformType(type: string): number {
  const index = TERRAFORM_RESOURCE_ORDER.indexOf(type);
  return index === -1 ? TERRAFORM_RESOURCE_ORDER.length : index;
}

// Route arguments naming a target, with the target type shown for ones the model does not follow.
const ROUTE_TARGETS: Record<string, string> = {
  gateway_id: "gateway",
  nat_gateway_id: "nat-gateway",
  vpc_endpoint_id: "vpc-endpoint",
  transit_gateway_id: "transit-gateway",
  vpc_peering_connection_id: "vpc-peering-connection",
  network_interface_id: "network-interface",
  egress_only_gateway_id: "egress-only-internet-gateway",
  carrier_gateway_id: "carrier-gateway",
  local_gateway_id: "local-gateway",
  core_network_arn: "core-network",
};

/** What addTerraformInstance reads of a resource instance: its address and its attributes. */
export type TerraformInstance = {
  type: string;
  /** "aws_subnet.private[0]", "module.net.aws_subnet.private[\"a\"]". */
  address: string;
  /** An argument or attribute; null when unset. */
  get(name: string): unknown;
};

export function addTerraformInstance(draft: TopologyDraft, instance: TerraformInstance): void {
  const { topology } = draft;
  const id = String(instance.get("id"));
  const text = (name: string) => expectString(instance.get(name), `${instance.address}.${name}`);
  const optional = (name: string) => {
    const value = instance.get(name);
    return value === null || value === undefined ? undefined : String(value);
  };
  switch (instance.type) {
    case "aws_vpc":
      topology.vpcs.push({
        id,
        cidrBlocks: [text("cidr_block")],
        dnsSupport: instance.get("enable_dns_support") !== false,
        dnsHostnames: instance.get("enable_dns_hostnames") === true,
      });
      return;
    case "aws_internet_gateway": {
      const vpcId = optional("vpc_id");
      topology.internetGateways.push({ id, attachedVpcIds: vpcId === undefined ? [] : [vpcId] });
      return;
    }
    case "aws_internet_gateway_attachment": {
      const igwId = text("internet_gateway_id");
      const igw = topology.internetGateways.find((candidate) => candidate.id === igwId);
      if (igw === undefined) throw new Error(`${instance.address} attaches ${igwId}, which is not declared.`);
      igw.attachedVpcIds.push(text("vpc_id"));
      return;
    }
    case "aws_subnet":
      topology.subnets.push({
        id,
        vpcId: text("vpc_id"),
        cidrBlock: text("cidr_block"),
        availabilityZone: text("availability_zone"),
        mapPublicIpOnLaunch: instance.get("map_public_ip_on_launch") === true,
        name: findNameTag(instance.get("tags")) ?? instance.address,
      });
      return;
    case "aws_route_table": {
      const table = {
        id,
        vpcId: text("vpc_id"),
        main: false,
        subnetIds: [] as string[],
        routes: [] as never[],
      };
      topology.routeTables.push(table);
      const inline = instance.get("route");
      for (const route of Array.isArray(inline) ? inline : [])
        addRoute(draft, id, expectObject(route, instance.address), instance.address);
      return;
    }
    case "aws_route_table_association": {
      const subnetId = optional("subnet_id");
      if (subnetId === undefined) return; // a gateway association (edge routing): not modelled
      findRouteTableOrThrow(topology, text("route_table_id"), instance.address).subnetIds.push(subnetId);
      return;
    }
    case "aws_eip":
      topology.elasticIps.push({ allocationId: id, publicIp: text("public_ip") });
      return;
    case "aws_nat_gateway": {
      if (instance.get("availability_mode") === "regional") {
        const addresses = instance.get("availability_zone_address");
        const zones = Array.isArray(addresses) ? addresses : [];
        addRegionalNatGateway(topology, {
          id,
          vpcId: text("vpc_id"),
          by: instance.address,
          // Without availability_zone_address blocks the gateway is in automatic mode.
          zones:
            zones.length === 0
              ? undefined
              : zones.map((entry, index) => {
                  const where = `${instance.address}.availability_zone_address[${index}]`;
                  const zone = expectObject(entry, where);
                  const name = (key: string) =>
                    typeof zone[key] === "string" && zone[key] !== "" ? String(zone[key]) : undefined;
                  return {
                    availabilityZone: templateNatZoneName(
                      name("availability_zone"),
                      name("availability_zone_id"),
                      where,
                    ),
                    allocationIds: expectStringArray(zone["allocation_ids"], `${where}.allocation_ids`),
                  };
                }),
        });
        return;
      }
      const subnetId = text("subnet_id");
      const subnet = topology.subnets.find((candidate) => candidate.id === subnetId);
      if (subnet === undefined)
        throw new Error(`${instance.address} is in ${subnetId}, which is not declared.`);
      const allocationId = optional("allocation_id");
      topology.natGateways.push({
        id,
        vpcId: subnet.vpcId,
        subnetId,
        state: "available",
        connectivityType: instance.get("connectivity_type") === "private" ? "private" : "public",
        ...(allocationId === undefined ? {} : { allocationId }),
      });
      return;
    }
    case "aws_route": {
      const argumentsByName = Object.fromEntries(
        ["destination_cidr_block", "destination_prefix_list_id", ...Object.keys(ROUTE_TARGETS)].map(
          (name) => [name, instance.get(name)],
        ),
      );
      addRoute(draft, text("route_table_id"), argumentsByName, instance.address);
      return;
    }
    case "aws_security_group": {
      // Unlike the EC2 API, Terraform removes AWS's default allow-all egress rule: a group has
      // only the rules the configuration declares (AWS provider docs, aws_security_group).
      const rules = (direction: "egress" | "ingress") => {
        const value = instance.get(direction);
        return (Array.isArray(value) ? value : []).map((block) => {
          const rule = expectObject(block, `${instance.address}.${direction}`);
          return buildRule(rule["protocol"], rule["from_port"], rule["to_port"], {
            cidrs: Array.isArray(rule["cidr_blocks"])
              ? expectStringArray(rule["cidr_blocks"], "cidr_blocks")
              : [],
            groupIds: Array.isArray(rule["security_groups"])
              ? expectStringArray(rule["security_groups"], "security_groups")
              : [],
            prefixListIds: Array.isArray(rule["prefix_list_ids"])
              ? expectStringArray(rule["prefix_list_ids"], "prefix_list_ids")
              : [],
          });
        });
      };
      topology.securityGroups.push({
        id,
        vpcId: text("vpc_id"),
        name: optional("name") ?? instance.address,
        egress: rules("egress"),
        ingress: rules("ingress"),
      });
      return;
    }
    case "aws_vpc_security_group_egress_rule":
    case "aws_vpc_security_group_ingress_rule": {
      const group = findSecurityGroupOrThrow(topology, text("security_group_id"), instance.address);
      const cidr = optional("cidr_ipv4");
      const peerGroup = optional("referenced_security_group_id");
      const prefixList = optional("prefix_list_id");
      const rule = buildRule(
        text("ip_protocol"),
        instance.get("from_port") ?? undefined,
        instance.get("to_port") ?? undefined,
        {
          cidrs: cidr === undefined ? [] : [cidr],
          groupIds: peerGroup === undefined ? [] : [peerGroup],
          prefixListIds: prefixList === undefined ? [] : [prefixList],
        },
      );
      if (instance.type.endsWith("egress_rule")) group.egress.push(rule);
      else group.ingress = [...(group.ingress ?? []), rule];
      return;
    }
    case "aws_security_group_rule": {
      const group = findSecurityGroupOrThrow(topology, text("security_group_id"), instance.address);
      const cidrs = instance.get("cidr_blocks");
      const peerGroup = optional("source_security_group_id");
      const rule = buildRule(text("protocol"), instance.get("from_port"), instance.get("to_port"), {
        cidrs: Array.isArray(cidrs) ? expectStringArray(cidrs, `${instance.address}.cidr_blocks`) : [],
        groupIds: peerGroup === undefined ? [] : [peerGroup],
      });
      if (text("type") === "egress") group.egress.push(rule);
      else group.ingress = [...(group.ingress ?? []), rule];
      return;
    }
    case "aws_apprunner_vpc_connector":
      draft.vpcConnectors.push({
        arn: text("arn"),
        name: text("vpc_connector_name"),
        address: instance.address,
        subnetIds: expectStringArray(instance.get("subnets"), `${instance.address}.subnets`),
        securityGroupIds:
          instance.get("security_groups") === null
            ? []
            : expectStringArray(instance.get("security_groups"), `${instance.address}.security_groups`),
      });
      return;
    case "aws_apprunner_service": {
      const network = firstBlock(instance.get("network_configuration"));
      const egress = firstBlock(network["egress_configuration"]);
      const connectorArn = egress["vpc_connector_arn"];
      draft.services.push({
        arn: text("arn"),
        name: text("service_name"),
        egressType: egress["egress_type"] === "VPC" ? "VPC" : "DEFAULT",
        vpcConnectorArn: typeof connectorArn === "string" ? connectorArn : null,
      });
      return;
    }
    // Argument names: AWS provider docs, aws_lambda_function (vpc_config) and aws_ecs_service
    // (network_configuration, assign_public_ip defaults to false).
    case "aws_lambda_function": {
      const vpc = firstBlock(instance.get("vpc_config"));
      if (vpc["subnet_ids"] === undefined || vpc["subnet_ids"] === null) return; // not in a VPC
      draft.lambdaFunctions.push({
        name: optional("function_name") ?? instance.address,
        address: instance.address,
        subnetIds: expectStringArray(vpc["subnet_ids"], `${instance.address}.vpc_config.subnet_ids`),
        securityGroupIds: Array.isArray(vpc["security_group_ids"])
          ? expectStringArray(vpc["security_group_ids"], `${instance.address}.vpc_config.security_group_ids`)
          : [],
      });
      return;
    }
    case "aws_ecs_service": {
      const network = firstBlock(instance.get("network_configuration"));
      if (network["subnets"] === undefined || network["subnets"] === null) return; // not awsvpc
      draft.ecsServices.push({
        name: optional("name") ?? instance.address,
        address: instance.address,
        subnetIds: expectStringArray(network["subnets"], `${instance.address}.network_configuration.subnets`),
        securityGroupIds: Array.isArray(network["security_groups"])
          ? expectStringArray(
              network["security_groups"],
              `${instance.address}.network_configuration.security_groups`,
            )
          : [],
        assignPublicIp: network["assign_public_ip"] === true,
      });
      return;
    }
  }
}

/** A nested block: hcl2json gives a list with one object per block. */
function firstBlock(value: unknown): JsonObject {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return isObject(first) ? first : {};
}

function addRoute(draft: TopologyDraft, tableId: string, route: JsonObject, address: string): void {
  const cidr = route["destination_cidr_block"] ?? route["cidr_block"];
  const prefixListId = route["destination_prefix_list_id"];
  if (typeof cidr !== "string" && typeof prefixListId !== "string") return; // IPv6: the model is IPv4 only
  const targetKey = Object.keys(ROUTE_TARGETS).find(
    (key) => typeof route[key] === "string" && route[key] !== "",
  );
  if (targetKey === undefined) throw new Error(`${address} has no route target.`);
  findRouteTableOrThrow(draft.topology, tableId, address).routes.push({
    destination: typeof cidr === "string" ? { cidr } : { prefixListId: String(prefixListId) },
    target: routeTargetFromId(String(route[targetKey]), ROUTE_TARGETS[targetKey] ?? targetKey),
    state: "active",
  });
}
