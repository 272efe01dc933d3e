// App Runner service with a VPC connector that reaches a private database and the internet
// (AWS CDK v2, aws-cdk-lib). Use it from your app:
//
//   const app = new App();
//   buildEgressStack(app, "EgressRecipe", { natGateways: "per-az" });
//
// Subnets (10.0.0.0/16, one /24 per tier per AZ):
//   public    0.0.0.0/0 -> internet gateway; the NAT gateways live here
//   private   0.0.0.0/0 -> NAT gateway; the VPC connector uses these (PRIVATE_WITH_EGRESS)
//   database  no internet route (PRIVATE_ISOLATED)
// The connector's network interfaces have private IPs only, so the connector must use the private
// subnets: selecting SubnetType.PUBLIC (as the CDK v1 API example did) gives no internet access.
// Source: App Runner Developer Guide, network-vpc.html.
//
// natGateways:
//   "per-az"  one NAT gateway per AZ: an AZ outage only takes its own NAT with it, and no traffic
//             crosses AZs to reach a NAT (no cross-AZ data charge). One gateway-hour per AZ.
//   1         one NAT gateway for every AZ: lowest hourly cost; if its AZ fails, all AZs lose the
//             internet, and traffic from the other AZs pays cross-AZ data transfer.

import { App, CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import { CfnService, CfnVpcConnector } from "aws-cdk-lib/aws-apprunner";
import { IpAddresses, type IVpc, Peer, Port, SecurityGroup, SubnetType, Vpc } from "aws-cdk-lib/aws-ec2";
import type { Construct } from "constructs";

export interface EgressStackOptions extends StackProps {
  natGateways: 1 | "per-az";
  /** Without an env, CDK knows no AZ names and uses at most 2 AZs; with one, up to maxAzs. */
  maxAzs?: number;
  imageIdentifier?: string;
}

export function buildEgressStack(scope: Construct, id: string, options: EgressStackOptions): Stack {
  const {
    natGateways,
    maxAzs = 3,
    imageIdentifier = "public.ecr.aws/docker/library/node:24-alpine",
    ...props
  } = options;
  const stack = new Stack(scope, id, props);

  const vpc = new Vpc(stack, "Vpc", {
    ipAddresses: IpAddresses.cidr("10.0.0.0/16"),
    maxAzs,
    // undefined = one NAT gateway per AZ (CDK's default).
    ...(natGateways === "per-az" ? {} : { natGateways }),
    subnetConfiguration: [
      { name: "public", subnetType: SubnetType.PUBLIC, cidrMask: 24 },
      { name: "private", subnetType: SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
      { name: "database", subnetType: SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
    ],
    // Restricting the default group needs a custom resource (a Lambda function asset); this
    // recipe leaves it unused instead, so it synthesises without assets.
    restrictDefaultSecurityGroup: false,
  });

  // aws-cdk-lib's Vpc does not satisfy its own IVpc under exactOptionalPropertyTypes (our strict
  // tsconfig); the object is the same, only the optional-property typing differs.
  const vpcReference = vpc as unknown as IVpc;
  const connectorSecurityGroup = new SecurityGroup(stack, "ConnectorSecurityGroup", {
    vpc: vpcReference,
    description: "App Runner VPC connector (all outbound traffic)",
    allowAllOutbound: true,
  });
  const databaseSecurityGroup = new SecurityGroup(stack, "DatabaseSecurityGroup", {
    vpc: vpcReference,
    description: "Database (PostgreSQL from the App Runner connector only)",
    allowAllOutbound: false,
  });
  databaseSecurityGroup.addIngressRule(
    Peer.securityGroupId(connectorSecurityGroup.securityGroupId),
    Port.tcp(5432),
    "PostgreSQL from the App Runner VPC connector",
  );

  // aws-cdk-lib has only the L1 constructs for App Runner (the L2s are in an alpha package).
  const connector = new CfnVpcConnector(stack, "VpcConnector", {
    subnets: vpc.selectSubnets({ subnetType: SubnetType.PRIVATE_WITH_EGRESS }).subnetIds,
    securityGroups: [connectorSecurityGroup.securityGroupId],
  });
  const service = new CfnService(stack, "Service", {
    sourceConfiguration: {
      autoDeploymentsEnabled: false, // ECR Public images do not support automatic deployment
      imageRepository: {
        imageIdentifier,
        imageRepositoryType: "ECR_PUBLIC",
        imageConfiguration: { port: "8080" },
      },
    },
    instanceConfiguration: { cpu: "0.25 vCPU", memory: "0.5 GB" },
    networkConfiguration: {
      egressConfiguration: { egressType: "VPC", vpcConnectorArn: connector.attrVpcConnectorArn },
    },
  });

  new CfnOutput(stack, "DatabaseSubnetIds", {
    value: vpc.selectSubnets({ subnetType: SubnetType.PRIVATE_ISOLATED }).subnetIds.join(","),
  });
  new CfnOutput(stack, "DatabaseSecurityGroupId", { value: databaseSecurityGroup.securityGroupId });
  new CfnOutput(stack, "ServiceUrl", { value: service.attrServiceUrl });
  return stack;
}

/** Synthesises the stack in a fresh App and returns its CloudFormation template (no AWS account needed). */
export function synthesizeEgressTemplate(options: EgressStackOptions): unknown {
  const app = new App();
  const stack = buildEgressStack(app, "EgressRecipe", options);
  return app.synth().getStackByName(stack.stackName).template;
}
