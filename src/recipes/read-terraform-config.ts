// Reads a Terraform configuration (the JSON form @cdktf/hcl2json makes of .tf files) into the
// egress model's topology, with synthetic IDs and fake AZ names. Argument names: Terraform AWS
// provider docs (resources aws_vpc, aws_subnet, aws_route_table, aws_route, aws_nat_gateway...).

import { parse } from "@cdktf/hcl2json";
import type { RecipeReading } from "./recipe-reading.ts";
import { createSyntheticIds, listFakeAvailabilityZones } from "./synthetic-ids.ts";
import {
  expectObject,
  expectString,
  expectStringArray,
  findNameTag,
  isObject,
  type JsonObject,
} from "./template-values.ts";
import { createTerraformModel, type ResourceInstance } from "./terraform-scope.ts";
import {
  buildRule,
  createTopologyDraft,
  findRouteTableOrThrow,
  findSecurityGroupOrThrow,
  finishTopology,
  routeTargetFromId,
  type TopologyDraft,
} from "./topology-draft.ts";

export interface ReadTerraformOptions {
  /** Values for input variables; others take their default. */
  variables?: Record<string, unknown>;
  /** Default us-east-1. */
  region?: string;
  /** What data.aws_availability_zones returns as names; default six fake names (us-east-1a...). */
  availabilityZones?: string[];
}

/** Parses .tf text with HashiCorp's HCL parser (compiled to WebAssembly) into its JSON form. */
export async function parseTerraform(filename: string, contents: string): Promise<JsonObject> {
  return expectObject(await parse(filename, contents), filename);
}

const RESOURCE_ORDER = [
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
];

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

export function readTerraformConfig(config: JsonObject, options: ReadTerraformOptions = {}): RecipeReading {
  const region = options.region ?? "us-east-1";
  const ids = createSyntheticIds(region);
  const model = createTerraformModel(config, {
    variables: options.variables ?? {},
    availabilityZones: options.availabilityZones ?? listFakeAvailabilityZones(region, 6),
    region,
    ids,
  });
  const draft = createTopologyDraft();
  const instances = model.listInstances();
  const rank = (type: string) =>
    RESOURCE_ORDER.includes(type) ? RESOURCE_ORDER.indexOf(type) : RESOURCE_ORDER.length;
  for (const instance of [...instances].sort((a, b) => rank(a.type) - rank(b.type))) {
    draft.ids[instance.address] = String(instance.get("id"));
    addInstance(draft, instance);
  }
  return finishTopology(draft, ids);
}

function addInstance(draft: TopologyDraft, instance: ResourceInstance): void {
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
