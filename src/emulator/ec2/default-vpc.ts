// The default VPC of a new account (VPC User Guide, "Default VPCs"): 172.31.0.0/16, a /20 default
// subnet per zone (172.31.0.0/20, 172.31.16.0/20, ...) that maps public IPs on launch, an attached
// internet gateway and a 0.0.0.0/0 route to it in the main route table.

import { formatIpv4, parseIpv4 } from "../../egress/ip.ts";
import type { Emulator } from "../emulator.ts";
import type { Ec2State } from "./state.ts";
import { insertSubnet } from "./subnet-model.ts";
import { insertVpc } from "./vpc-model.ts";
import { mainRouteTableOf } from "./vpc-parts.ts";

export const DEFAULT_VPC_CIDR = "172.31.0.0/16";

export function createDefaultVpc(state: Ec2State, emulator: Emulator): void {
  const vpc = insertVpc(state, emulator, { cidrBlock: DEFAULT_VPC_CIDR, isDefault: true });
  const base = parseIpv4("172.31.0.0") ?? 0;
  state.availabilityZones.forEach((zone, index) => {
    insertSubnet(state, emulator, {
      vpcId: vpc.vpcId,
      cidrBlock: `${formatIpv4(base + index * 4096)}/20`,
      availabilityZone: zone.zoneName,
      defaultForAz: true,
    });
  });
  const internetGatewayId = emulator.newId("internetGateway");
  state.internetGateways.set(internetGatewayId, { internetGatewayId, attachedVpcId: vpc.vpcId });
  mainRouteTableOf(state, vpc.vpcId)?.routes.push({
    destinationCidrBlock: "0.0.0.0/0",
    gatewayId: internetGatewayId,
    origin: "CreateRoute",
  });
}
