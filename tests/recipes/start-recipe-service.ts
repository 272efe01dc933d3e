// Starts a recipe's own App Runner service on the emulator, with the SourceConfiguration and
// InstanceConfiguration the recipe declares (read from its template), behind a VPC connector on the
// emulator's default subnets, and returns the status it settles in: RUNNING, or CREATE_FAILED when
// the emulator's health model finds nothing listening on the image's port (as App Runner's TCP health
// check would).

import {
  CreateServiceCommand,
  CreateVpcConnectorCommand,
  DescribeServiceCommand,
  type SourceConfiguration,
} from "@aws-sdk/client-apprunner";
import { DescribeSubnetsCommand } from "@aws-sdk/client-ec2";
import type { ServiceReading } from "../../src/recipes/index.ts";
import { startWithClients } from "../emulator/apprunner-helpers.ts";

export async function startRecipeService(service: ServiceReading | undefined): Promise<string | undefined> {
  if (service?.sourceConfiguration === undefined) throw new Error("the recipe declares no service source");
  const env = await startWithClients();
  try {
    const { Subnets } = await env.ec2.send(
      new DescribeSubnetsCommand({ Filters: [{ Name: "default-for-az", Values: ["true"] }] }),
    );
    const { VpcConnector } = await env.apprunner.send(
      new CreateVpcConnectorCommand({
        VpcConnectorName: "recipe-connector",
        Subnets: (Subnets ?? []).map((subnet) => subnet.SubnetId ?? ""),
      }),
    );
    const { Service } = await env.apprunner.send(
      new CreateServiceCommand({
        ServiceName: "recipe-service",
        SourceConfiguration: service.sourceConfiguration as SourceConfiguration,
        ...(service.instanceConfiguration ? { InstanceConfiguration: service.instanceConfiguration } : {}),
        NetworkConfiguration: {
          EgressConfiguration: { EgressType: "VPC", VpcConnectorArn: VpcConnector?.VpcConnectorArn },
        },
      }),
    );
    // Past any creation time the emulator's clock could give.
    env.running.emulator.clock.advance(3_600_000);
    const described = await env.apprunner.send(
      new DescribeServiceCommand({ ServiceArn: Service?.ServiceArn }),
    );
    return described.Service?.Status;
  } finally {
    env.apprunner.destroy();
    env.ec2.destroy();
    await env.running.close();
  }
}
