// The lab's network built directly in the emulator's EC2 state (the EC2 API part is built in
// parallel; these helpers use its state functions, not its actions): in the default VPC, a private
// subnet with its own route table (local route only) and a public NAT gateway with an Elastic IP in a
// default (public) subnet. routePrivateToNat() adds 0.0.0.0/0 -> NAT, as the fix does.

import { createNetworkInterface } from "../../src/emulator/ec2/state.ts";
import { insertSubnet } from "../../src/emulator/ec2/subnet-model.ts";
import type { Emulator } from "../../src/emulator/emulator.ts";

export const NAT_PUBLIC_IP = "203.0.113.25";

export function buildPrivateSubnetWithNat(emulator: Emulator, region = "us-east-1") {
  const ec2 = emulator.region(region).ec2;
  const vpc = [...ec2.vpcs.values()].find((v) => v.isDefault);
  if (!vpc) throw new Error("no default VPC");
  const publicSubnet = [...ec2.subnets.values()].find((s) => s.vpcId === vpc.vpcId);
  if (!publicSubnet) throw new Error("no default subnet");
  const zone = ec2.availabilityZones[0]?.zoneName as string;
  const privateSubnet = insertSubnet(ec2, emulator, {
    vpcId: vpc.vpcId,
    cidrBlock: "172.31.128.0/24",
    availabilityZone: zone,
    defaultForAz: false,
  });
  const routeTableId = emulator.newId("routeTable");
  ec2.routeTables.set(routeTableId, {
    routeTableId,
    vpcId: vpc.vpcId,
    routes: [{ destinationCidrBlock: vpc.cidrBlock, gatewayId: "local", origin: "CreateRouteTable" }],
    associations: [
      {
        routeTableAssociationId: emulator.newId("routeTableAssociation"),
        main: false,
        subnetId: privateSubnet.subnetId,
      },
    ],
  });
  const allocationId = emulator.newId("allocation");
  const natEni = createNetworkInterface(ec2, emulator, {
    subnetId: publicSubnet.subnetId,
    groupIds: [],
    description: "Interface for NAT Gateway",
    interfaceType: "nat_gateway",
    requesterManaged: true,
  });
  ec2.addresses.set(allocationId, {
    allocationId,
    publicIp: NAT_PUBLIC_IP,
    associationId: emulator.newId("association"),
    networkInterfaceId: natEni.networkInterfaceId,
    privateIpAddress: natEni.privateIpAddress,
  });
  const natGatewayId = emulator.newId("natGateway");
  const now = emulator.clock.now();
  ec2.natGateways.set(natGatewayId, {
    natGatewayId,
    vpcId: vpc.vpcId,
    availabilityMode: "zonal",
    subnetId: publicSubnet.subnetId,
    connectivityType: "public",
    allocationId,
    networkInterfaceId: natEni.networkInterfaceId,
    privateIp: natEni.privateIpAddress,
    regional: null,
    createTime: now,
    readyAt: now,
    failure: null,
    deleteTime: null,
    deletedAt: null,
    settled: false,
  });
  const routePrivateToNat = () => {
    ec2.routeTables.get(routeTableId)?.routes.push({
      destinationCidrBlock: "0.0.0.0/0",
      natGatewayId,
      origin: "CreateRoute",
    });
  };
  return { ec2, vpc, publicSubnet, privateSubnet, routeTableId, natGatewayId, routePrivateToNat };
}
