// The AWS CDK's own published example of an App Runner VPC connector, which selects the VPC's
// public subnets (API reference of @aws-cdk/aws-apprunner-alpha, VpcConnectorProps, and of the v1
// @aws-cdk/aws-apprunner before it):
//
//   const vpc = new ec2.Vpc(this, 'Vpc', { ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16') });
//   const vpcConnector = new apprunner.VpcConnector(this, 'VpcConnector', {
//     vpc,
//     vpcSubnets: vpc.selectSubnets({ subnetType: ec2.SubnetType.PUBLIC }),
//     vpcConnectorName: 'MyVpcConnector',
//   });
//   new apprunner.Service(this, 'Service', {
//     source: apprunner.Source.fromEcrPublic({
//       imageConfiguration: { port: 8000 },
//       imageIdentifier: 'public.ecr.aws/aws-containers/hello-app-runner:latest',
//     }),
//     vpcConnector,
//   });
//
// The alpha module is not a dependency of this project, so the same resources are built with
// aws-cdk-lib's L1 constructs: the VpcConnector construct creates a security group in the VPC when
// none is given (VpcConnectorProps.securityGroups), and the Service sets EgressType VPC with the
// connector's ARN. `npx tsx test-support/cdk-public-subnet-example.ts <file>` writes the template.

import { writeFileSync } from "node:fs";
import { App, Stack } from "aws-cdk-lib";
import { CfnService, CfnVpcConnector } from "aws-cdk-lib/aws-apprunner";
import { IpAddresses, type IVpc, SecurityGroup, SubnetType, Vpc } from "aws-cdk-lib/aws-ec2";

export const EXAMPLE_STACK = "AppRunnerPublicSubnets";

/** The synthesized template (what `cdk synth` writes to cdk.out/<stack>.template.json). */
export function synthesizePublicSubnetExample(
  subnetType: SubnetType = SubnetType.PUBLIC,
): Record<string, unknown> {
  const app = new App();
  const stack = new Stack(app, EXAMPLE_STACK);
  const vpc = new Vpc(stack, "Vpc", { ipAddresses: IpAddresses.cidr("10.0.0.0/16") });
  // As in recipes/cdk/egress-stack.ts: Vpc does not satisfy IVpc under exactOptionalPropertyTypes.
  const securityGroup = new SecurityGroup(stack, "VpcConnectorSecurityGroup", {
    vpc: vpc as unknown as IVpc,
  });
  const connector = new CfnVpcConnector(stack, "VpcConnector", {
    subnets: vpc.selectSubnets({ subnetType }).subnetIds,
    securityGroups: [securityGroup.securityGroupId],
    vpcConnectorName: "MyVpcConnector",
  });
  new CfnService(stack, "Service", {
    sourceConfiguration: {
      imageRepository: {
        imageIdentifier: "public.ecr.aws/aws-containers/hello-app-runner:latest",
        imageRepositoryType: "ECR_PUBLIC",
        imageConfiguration: { port: "8000" },
      },
    },
    networkConfiguration: {
      egressConfiguration: { egressType: "VPC", vpcConnectorArn: connector.attrVpcConnectorArn },
    },
  });
  return app.synth().getStackByName(EXAMPLE_STACK).template as Record<string, unknown>;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const target = process.argv[2];
  if (target === undefined)
    throw new Error("Usage: npx tsx test-support/cdk-public-subnet-example.ts <file>");
  writeFileSync(target, `${JSON.stringify(synthesizePublicSubnetExample(), null, 1)}\n`);
}
