// Where an App Runner service's traffic starts when it uses a VPC connector: one Hyperplane ENI
// per connector subnet, with the connector's security groups and a private IP address only.
// Source: App Runner Developer Guide, network-vpc.html.

import type { SourceInterface } from "../egress/index.ts";
import type { RecipeReading } from "./recipe-reading.ts";

export type ConnectorSource = Extract<SourceInterface, { mode: "vpc" }>;

/** One source per subnet of every VPC connector that a service with EgressType VPC uses. */
export function listConnectorSources(reading: RecipeReading): ConnectorSource[] {
  const used = new Set(
    reading.services
      .filter((service) => service.egressType === "VPC")
      .map((service) => service.vpcConnectorArn),
  );
  return reading.vpcConnectors
    .filter((connector) => used.has(connector.arn))
    .flatMap((connector) =>
      connector.subnetIds.map(
        (subnetId): ConnectorSource => ({
          mode: "vpc",
          subnetId,
          securityGroupIds: connector.securityGroupIds,
          hasPublicIp: false,
          label: `App Runner VPC connector ENI (${connector.name})`,
        }),
      ),
    );
}
