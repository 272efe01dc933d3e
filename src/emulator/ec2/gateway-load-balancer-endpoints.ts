// CreateVpcEndpoint with VpcEndpointType GatewayLoadBalancer. In AWS such an endpoint connects to an
// endpoint service that a provider created in front of a Gateway Load Balancer
// (CreateVpcEndpointServiceConfiguration with GatewayLoadBalancerArns), and AWS Network Firewall
// creates endpoints of this kind for each firewall subnet itself. The emulator models neither Elastic
// Load Balancing nor Network Firewall: it knows one appliance service per region,
// com.amazonaws.vpce.<region>.vpce-svc-0123456789abcdef0 (applianceServiceName), standing for a
// firewall's or an appliance's service, and refuses other service names with AWS's
// InvalidServiceName. An endpoint takes exactly one subnet (VPC User Guide,
// vpce-gateway-load-balancer.html: "you can specify only one subnet") and gets a requester-managed
// interface of type gateway_load_balancer_endpoint there; routes name it with VpcEndpointId (routes.ts).

import type { Emulator } from "../emulator.ts";
import { AwsError } from "../errors.ts";
import { createNetworkInterface } from "./interfaces.ts";
import { getSubnet } from "./lookups.ts";
import type { VpcEndpointRecord, VpcRecord } from "./records.ts";
import type { Ec2State } from "./state.ts";

/** The one Gateway Load Balancer endpoint service the emulator knows in a region. */
export function applianceServiceName(region: string): string {
  return `com.amazonaws.vpce.${region}.vpce-svc-0123456789abcdef0`;
}

/** The endpoint and its interface; the caller stores the endpoint with its tags. */
export function createGatewayLoadBalancerEndpoint(
  state: Ec2State,
  emulator: Emulator,
  input: { serviceName: string; routeTableIds: string[]; subnetIds: string[] },
  vpc: VpcRecord,
): VpcEndpointRecord {
  const { serviceName, subnetIds } = input;
  if (serviceName !== applianceServiceName(state.region)) {
    throw new AwsError(
      "InvalidServiceName",
      `The Vpc Endpoint Service '${serviceName}' does not exist (the emulator knows one Gateway Load Balancer endpoint service: ${applianceServiceName(state.region)}).`,
    );
  }
  if (input.routeTableIds.length > 0) {
    throw new AwsError(
      "InvalidParameter",
      "Gateway Load Balancer endpoints take a subnet, not route tables.",
    );
  }
  if (subnetIds.length !== 1) {
    throw new AwsError(
      "InvalidParameter",
      "A Gateway Load Balancer endpoint needs exactly one subnet (SubnetId).",
    );
  }
  const subnet = getSubnet(state, subnetIds[0] as string);
  if (subnet.vpcId !== vpc.vpcId) {
    throw new AwsError("InvalidParameter", `Subnet ${subnet.subnetId} does not belong to ${vpc.vpcId}`);
  }
  const vpcEndpointId = emulator.newId("vpcEndpoint");
  const eni = createNetworkInterface(state, emulator, {
    subnetId: subnet.subnetId,
    groupIds: [],
    description: `VPC Endpoint Interface ${vpcEndpointId}`,
    interfaceType: "gateway_load_balancer_endpoint",
    requesterManaged: true,
  });
  return {
    vpcEndpointId,
    vpcId: vpc.vpcId,
    serviceName,
    vpcEndpointType: "GatewayLoadBalancer",
    routeTableIds: [],
    subnetIds: [subnet.subnetId],
    groupIds: [],
    networkInterfaceIds: [eni.networkInterfaceId],
    privateDnsEnabled: false,
    dnsEntries: [],
    policyDocument: "",
    creationTimestamp: emulator.clock.now(),
    availableAt: emulator.clock.dueAt("vpcEndpointAvailable"),
  };
}
