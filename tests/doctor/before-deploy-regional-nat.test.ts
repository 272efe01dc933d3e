// Regional NAT gateways before deployment: a CloudFormation template's AWS::EC2::NatGateway with
// AvailabilityMode regional (VpcId, optional AvailabilityZoneAddresses) and a Terraform aws_nat_gateway
// with availability_mode = "regional" (provider 6.x; availability_zone_address blocks) are read as the
// model's regional gateway, and the doctor traces through it: automatic mode serves the VPC's zones
// once deployed, manual mode only the zones given an Elastic IP, and it still needs an attached
// internet gateway. Zone IDs cannot be matched with subnets before deployment: refused with exit 2.

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { traceEgress } from "../../src/egress/index.ts";
import { addTerraformInstance, type TerraformInstance } from "../../src/recipes/build-terraform-resource.ts";
import { createSyntheticIds } from "../../src/recipes/synthetic-ids.ts";
import { createTopologyDraft, finishTopology } from "../../src/recipes/topology-draft.ts";
import { offlineEnv, runDoctorInProcess } from "./doctor-harness.ts";

const dir = mkdtempSync(join(tmpdir(), "doctor-regional-nat-"));
const write = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(content, null, 1));
  return path;
};

/** A VPC with two private subnets (us-east-1a, 1b) routed to a regional NAT gateway, a Lambda function in both. */
function template(options: { zones?: unknown[]; attachIgw?: boolean } = {}) {
  const subnet = (cidr: string, zone: string) => ({
    Type: "AWS::EC2::Subnet",
    Properties: { VpcId: { Ref: "Vpc" }, CidrBlock: cidr, AvailabilityZone: zone },
  });
  const association = (subnetName: string) => ({
    Type: "AWS::EC2::SubnetRouteTableAssociation",
    Properties: { RouteTableId: { Ref: "PrivateRoutes" }, SubnetId: { Ref: subnetName } },
  });
  return {
    Resources: {
      Vpc: { Type: "AWS::EC2::VPC", Properties: { CidrBlock: "10.2.0.0/16" } },
      Igw: { Type: "AWS::EC2::InternetGateway" },
      ...(options.attachIgw === false
        ? {}
        : {
            IgwAttachment: {
              Type: "AWS::EC2::VPCGatewayAttachment",
              Properties: { VpcId: { Ref: "Vpc" }, InternetGatewayId: { Ref: "Igw" } },
            },
          }),
      PrivateA: subnet("10.2.1.0/24", "us-east-1a"),
      PrivateB: subnet("10.2.2.0/24", "us-east-1b"),
      EipA: { Type: "AWS::EC2::EIP", Properties: { Domain: "vpc" } },
      Nat: {
        Type: "AWS::EC2::NatGateway",
        Properties: {
          AvailabilityMode: "regional",
          VpcId: { Ref: "Vpc" },
          ...(options.zones === undefined ? {} : { AvailabilityZoneAddresses: options.zones }),
        },
      },
      PrivateRoutes: { Type: "AWS::EC2::RouteTable", Properties: { VpcId: { Ref: "Vpc" } } },
      PrivateDefault: {
        Type: "AWS::EC2::Route",
        Properties: {
          RouteTableId: { Ref: "PrivateRoutes" },
          DestinationCidrBlock: "0.0.0.0/0",
          NatGatewayId: { Ref: "Nat" },
        },
      },
      AssociationA: association("PrivateA"),
      AssociationB: association("PrivateB"),
      AppGroup: {
        Type: "AWS::EC2::SecurityGroup",
        Properties: { GroupDescription: "app", VpcId: { Ref: "Vpc" } },
      },
      Worker: {
        Type: "AWS::Lambda::Function",
        Properties: {
          Role: "arn:aws:iam::123456789012:role/worker",
          PackageType: "Image",
          Code: { ImageUri: "123456789012.dkr.ecr.us-east-1.amazonaws.com/w:latest" },
          VpcConfig: {
            SubnetIds: [{ Ref: "PrivateA" }, { Ref: "PrivateB" }],
            SecurityGroupIds: [{ "Fn::GetAtt": ["AppGroup", "GroupId"] }],
          },
        },
      },
    },
  };
}

const codes = (run: Awaited<ReturnType<typeof runDoctorInProcess>>) =>
  run.json?.subnets.map((subnet) => [subnet.subnetId, subnet.verdict, subnet.reason?.code ?? null]);

describe("--template with a regional NAT gateway", () => {
  test("automatic mode: every zone of the VPC is served once deployed, so both subnets are reachable (exit 0)", async () => {
    const run = await runDoctorInProcess(
      ["--template", write("auto.json", template()), "--json"],
      offlineEnv(),
    );
    expect(codes(run)).toEqual([
      ["PrivateA", "reachable", null],
      ["PrivateB", "reachable", null],
    ]);
    expect(run.code).toBe(0);
  });

  test("manual mode with an Elastic IP in us-east-1a only: PrivateB is REGIONAL_NAT_NO_ADDRESS_IN_ZONE, named (exit 1)", async () => {
    const zones = [
      { AvailabilityZone: "us-east-1a", AllocationIds: [{ "Fn::GetAtt": ["EipA", "AllocationId"] }] },
    ];
    const run = await runDoctorInProcess(
      ["--template", write("manual.json", template({ zones })), "--json"],
      offlineEnv(),
    );
    expect(codes(run)).toEqual([
      ["PrivateA", "reachable", null],
      ["PrivateB", "unreachable", "REGIONAL_NAT_NO_ADDRESS_IN_ZONE"],
    ]);
    const fix = run.json?.subnets[1]?.fix ?? "";
    expect(fix).toContain("Nat");
    expect(fix).toContain("us-east-1b");
    expect(run.code).toBe(1);
  });

  test("without an attached internet gateway: REGIONAL_NAT_NO_INTERNET_GATEWAY in both subnets (exit 1)", async () => {
    const run = await runDoctorInProcess(
      ["--template", write("no-igw.json", template({ attachIgw: false })), "--json"],
      offlineEnv(),
    );
    expect(run.json?.subnets.map((subnet) => subnet.reason?.code)).toEqual([
      "REGIONAL_NAT_NO_INTERNET_GATEWAY",
      "REGIONAL_NAT_NO_INTERNET_GATEWAY",
    ]);
    expect(run.code).toBe(1);
  });

  test("zones named by AZ ID are refused with what to do (exit 2)", async () => {
    const zones = [
      { AvailabilityZoneId: "use1-az1", AllocationIds: [{ "Fn::GetAtt": ["EipA", "AllocationId"] }] },
    ];
    const run = await runDoctorInProcess(
      ["--template", write("zone-id.json", template({ zones }))],
      offlineEnv(),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/zone ID use1-az1/);
    expect(run.stderr).toMatch(/name the zone \(AvailabilityZone/);
  });
});

describe("Terraform aws_nat_gateway with availability_mode = regional", () => {
  const instance = (type: string, address: string, values: Record<string, unknown>): TerraformInstance => ({
    type,
    address,
    get: (name) => values[name] ?? null,
  });

  function read(natValues: Record<string, unknown>) {
    const draft = createTopologyDraft();
    for (const item of [
      instance("aws_vpc", "aws_vpc.main", { id: "vpc-1", cidr_block: "10.3.0.0/16" }),
      instance("aws_internet_gateway", "aws_internet_gateway.main", { id: "igw-1", vpc_id: "vpc-1" }),
      instance("aws_subnet", "aws_subnet.a", {
        id: "subnet-a",
        vpc_id: "vpc-1",
        cidr_block: "10.3.1.0/24",
        availability_zone: "us-east-1a",
      }),
      instance("aws_subnet", "aws_subnet.b", {
        id: "subnet-b",
        vpc_id: "vpc-1",
        cidr_block: "10.3.2.0/24",
        availability_zone: "us-east-1b",
      }),
      instance("aws_eip", "aws_eip.a", { id: "eipalloc-a", public_ip: "198.51.100.7" }),
      instance("aws_nat_gateway", "aws_nat_gateway.regional", { id: "nat-1", ...natValues }),
      instance("aws_route_table", "aws_route_table.private", {
        id: "rtb-1",
        vpc_id: "vpc-1",
        route: [{ cidr_block: "0.0.0.0/0", nat_gateway_id: "nat-1" }],
      }),
      instance("aws_route_table_association", "aws_route_table_association.a", {
        route_table_id: "rtb-1",
        subnet_id: "subnet-a",
      }),
      instance("aws_route_table_association", "aws_route_table_association.b", {
        route_table_id: "rtb-1",
        subnet_id: "subnet-b",
      }),
    ])
      addTerraformInstance(draft, item);
    return finishTopology(draft, createSyntheticIds("us-east-1")).topology;
  }

  const trace = (topology: ReturnType<typeof read>, subnetId: string) =>
    traceEgress(
      topology,
      { mode: "vpc", subnetId, securityGroupIds: [], privateIp: "10.3.1.9", hasPublicIp: false },
      { address: "93.184.215.14", protocol: "tcp", port: 443 },
    );

  test("manual mode: the zone with an address is served from its Elastic IP, the other is not", () => {
    const topology = read({
      availability_mode: "regional",
      vpc_id: "vpc-1",
      availability_zone_address: [{ availability_zone: "us-east-1a", allocation_ids: ["eipalloc-a"] }],
    });
    const nat = topology.natGateways[0];
    expect(nat).toMatchObject({ availabilityMode: "regional", subnetId: "", autoProvisionZones: false });
    expect(nat?.zones?.[0]?.addresses[0]).toMatchObject({
      allocationId: "eipalloc-a",
      publicIp: "198.51.100.7",
    });
    expect(trace(topology, "subnet-a").verdict).toBe("reachable");
    expect(trace(topology, "subnet-b").reason?.code).toBe("REGIONAL_NAT_NO_ADDRESS_IN_ZONE");
  });

  test("automatic mode (no availability_zone_address): both zones served", () => {
    const topology = read({ availability_mode: "regional", vpc_id: "vpc-1" });
    expect(topology.natGateways[0]?.zones?.map((zone) => zone.availabilityZone)).toEqual([
      "us-east-1a",
      "us-east-1b",
    ]);
    expect(trace(topology, "subnet-b").verdict).toBe("reachable");
  });

  test("an Elastic IP the configuration does not declare, and a zone ID, are refused by name", () => {
    expect(() =>
      read({
        availability_mode: "regional",
        vpc_id: "vpc-1",
        availability_zone_address: [{ availability_zone: "us-east-1a", allocation_ids: ["eipalloc-other"] }],
      }),
    ).toThrow(/eipalloc-other in us-east-1a, which the recipe does not declare/);
    expect(() =>
      read({
        availability_mode: "regional",
        vpc_id: "vpc-1",
        availability_zone_address: [{ availability_zone_id: "use1-az2", allocation_ids: ["eipalloc-a"] }],
      }),
    ).toThrow(/zone ID use1-az2/);
  });
});
