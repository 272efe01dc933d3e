// App Runner service with a VPC connector that reaches a private database and the internet
// (AWS CDK v2, aws-cdk-lib). app.ts is the entry cdk.json runs; from your own app:
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
//
// Replacing the VPC connector (App Runner has no update call: other subnets or groups mean a new one).
// CloudFormation creates the replacement first, moves the service to it (an update in place), and
// deletes the old connector only in the cleanup phase, when no service uses it any more. Two things
// make that work: the connector has no vpcConnectorName (CloudFormation generates one; a fixed name
// cannot be created twice), and its security group's description names the connector's subnets, so
// new subnets bring a new group too (App Runner refuses a second connector with the same security
// group combination: "The security groups combination provided in the request already exists",
// reported in pulumi/pulumi-aws#5364).

import { App, CfnOutput, CfnResource, Fn, Stack, type StackProps, Tags, Token } from "aws-cdk-lib";
import { CfnService, CfnVpcConnector } from "aws-cdk-lib/aws-apprunner";
import {
  CfnEIP,
  IpAddresses,
  type IVpc,
  Peer,
  Port,
  SecurityGroup,
  SubnetType,
  Vpc,
} from "aws-cdk-lib/aws-ec2";
import { SubnetGroup } from "aws-cdk-lib/aws-rds";
import type { Construct } from "constructs";

export const STACK_TAG_KEY = "apprunner-egress-lab:stack";
/** AWS's sample image for App Runner; it listens on port 8000. */
export const DEFAULT_IMAGE = "public.ecr.aws/aws-containers/hello-app-runner:latest";
export const DEFAULT_IMAGE_PORT = 8000;
// "<name>-service" must be an App Runner name: 4-40 characters, [A-Za-z0-9][A-Za-z0-9-_]{3,39}
// (CreateService API reference), so the name has at most 32.
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

export interface EgressStackOptions extends StackProps {
  natGateways: 1 | "per-az";
  /** Prefix of the service name ("<name>-service") and the value of the stack tag (default egress-recipe). */
  name?: string;
  /** Availability Zones to use (default 3; AWS recommends at least three for a connector). */
  maxAzs?: number;
  /** An ECR Public image, or a private ECR image together with accessRoleArn. */
  imageIdentifier?: string;
  /** The port the image listens on; App Runner's health check connects to it. */
  imagePort?: number;
  /** Role App Runner assumes to pull a private ECR image (not needed for ECR Public). */
  accessRoleArn?: string;
}

/**
 * Without an env, CDK's Stack.availabilityZones gives two AZs (Fn::GetAZs items 0 and 1); CDK's
 * documentation says to override it for another strategy. This one gives three, resolved at deploy
 * time, so that an env-agnostic stack still spreads the connector over three AZs. In a region with
 * fewer than three AZs, pass maxAzs: 2 (or an env, to look the zones up).
 */
class EgressStack extends Stack {
  override get availabilityZones(): string[] {
    if (!Token.isUnresolved(this.account) && !Token.isUnresolved(this.region)) return super.availabilityZones;
    return [0, 1, 2].map((index) => Fn.select(index, Fn.getAzs()));
  }
}

export function buildEgressStack(scope: Construct, id: string, options: EgressStackOptions): Stack {
  const {
    natGateways,
    name = "egress-recipe",
    maxAzs = 3,
    imageIdentifier = DEFAULT_IMAGE,
    imagePort = DEFAULT_IMAGE_PORT,
    accessRoleArn,
    ...props
  } = options;
  // Checked here, at synth time, rather than by App Runner after the NAT gateways exist.
  if (!NAME_PATTERN.test(name)) {
    throw new Error(
      `name '${name}' cannot be used: 1-32 letters, digits, '-' or '_', starting with a letter or digit ` +
        `(the service is '${name}-service', and App Runner names have at most 40 characters).`,
    );
  }
  if (!Number.isInteger(imagePort) || imagePort < 1 || imagePort > 65535)
    throw new Error(`imagePort must be a TCP port (1-65535), not ${imagePort}.`);
  const privateImage = !imageIdentifier.startsWith("public.ecr.aws/");
  if (privateImage && accessRoleArn === undefined) {
    throw new Error(
      `imageIdentifier '${imageIdentifier}' is not an ECR Public image: pass accessRoleArn, a role App Runner ` +
        "can assume to pull it from your private ECR repository.",
    );
  }
  const stack = new EgressStack(scope, id, props);
  // Every taggable resource, App Runner's included, carries the stack tag (as in the other recipes).
  Tags.of(stack).add(STACK_TAG_KEY, name);

  const vpc = new Vpc(stack, "Vpc", {
    ipAddresses: IpAddresses.cidr("10.0.0.0/16"),
    maxAzs,
    // undefined = one NAT gateway per AZ (CDK's default).
    ...(natGateways === "per-az" ? {} : { natGateways }),
    subnetConfiguration: [
      // Only the NAT gateways live here, with their Elastic IPs: nothing else gets a public IP.
      { name: "public", subnetType: SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
      { name: "private", subnetType: SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
      { name: "database", subnetType: SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
    ],
    // The VPC's default group loses its rules (CIS/Security Hub EC2.2), through a custom resource (a
    // Lambda function asset, deployed through the `cdk bootstrap` resources). This is the default of
    // projects made by `cdk init` (feature flag @aws-cdk/aws-ec2:restrictDefaultSecurityGroup), set here
    // explicitly so that it holds in any app. The connector has its own group and never uses the default.
    restrictDefaultSecurityGroup: true,
  });

  tidyDefaultGroupRestriction(stack, name);

  // aws-cdk-lib's Vpc does not satisfy its own IVpc under exactOptionalPropertyTypes (our strict
  // tsconfig); the object is the same, only the optional-property typing differs.
  const vpcReference = vpc as unknown as IVpc;
  const privateSubnets = vpc.selectSubnets({ subnetType: SubnetType.PRIVATE_WITH_EGRESS });
  const connectorSecurityGroup = new SecurityGroup(stack, "ConnectorSecurityGroup", {
    vpc: vpcReference,
    // Replaced with the connector when its subnets change (see the header).
    description: `App Runner VPC connector in ${Fn.join(", ", privateSubnets.subnetIds)} (all outbound traffic)`,
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
  // Point your RDS instance or Aurora cluster at this subnet group and databaseSecurityGroup.
  const databaseSubnetGroup = new SubnetGroup(stack, "DatabaseSubnetGroup", {
    vpc: vpcReference,
    description: "Isolated database subnets (no internet route)",
    vpcSubnets: { subnetType: SubnetType.PRIVATE_ISOLATED },
  });

  // aws-cdk-lib has only the L1 constructs for App Runner (the L2s are in an alpha package).
  const connector = new CfnVpcConnector(stack, "VpcConnector", {
    subnets: privateSubnets.subnetIds,
    securityGroups: [connectorSecurityGroup.securityGroupId],
  });
  const service = new CfnService(stack, "Service", {
    serviceName: `${name}-service`,
    sourceConfiguration: {
      autoDeploymentsEnabled: false, // ECR Public images do not support automatic deployment
      ...(privateImage && accessRoleArn !== undefined
        ? { authenticationConfiguration: { accessRoleArn } }
        : {}),
      imageRepository: {
        imageIdentifier,
        imageRepositoryType: privateImage ? "ECR" : "ECR_PUBLIC",
        // App Runner's health check connects to this port: an image that does not listen on it ends
        // CREATE_FAILED, and the stack rolls back.
        imageConfiguration: { port: String(imagePort) },
      },
    },
    instanceConfiguration: { cpu: "0.25 vCPU", memory: "0.5 GB" },
    networkConfiguration: {
      egressConfiguration: { egressType: "VPC", vpcConnectorArn: connector.attrVpcConnectorArn },
    },
  });
  // The service checks its egress as it starts: create it after the private subnets' routes to the
  // NAT gateways exist.
  service.node.addDependency(privateSubnets.internetConnectivityEstablished);

  // Each NAT gateway's Elastic IP is created inside its public subnet, under the id "EIP".
  const natAddresses = vpc.publicSubnets.flatMap((subnet) => {
    const eip = subnet.node.tryFindChild("EIP");
    return eip instanceof CfnEIP ? [eip.attrPublicIp] : [];
  });
  const isolatedSubnetIds = vpc.selectSubnets({ subnetType: SubnetType.PRIVATE_ISOLATED }).subnetIds;
  const outputs: Record<string, string> = {
    VpcId: vpc.vpcId,
    PrivateSubnetIds: Fn.join(",", privateSubnets.subnetIds),
    DatabaseSubnetIds: Fn.join(",", isolatedSubnetIds),
    DatabaseSubnetGroupName: databaseSubnetGroup.subnetGroupName,
    DatabaseSecurityGroupId: databaseSecurityGroup.securityGroupId,
    ConnectorSecurityGroupId: connectorSecurityGroup.securityGroupId,
    VpcConnectorArn: connector.attrVpcConnectorArn,
    ServiceArn: service.attrServiceArn,
    ServiceUrl: service.attrServiceUrl,
    // The source addresses partners see, for their allowlists.
    NatPublicIps: Fn.join(",", natAddresses),
  };
  for (const [outputId, value] of Object.entries(outputs)) new CfnOutput(stack, outputId, { value });
  return stack;
}

/**
 * CDK builds the provider behind restrictDefaultSecurityGroup (an IAM role and a Lambda function) from
 * raw CfnResources: Tags.of does not reach them, and the function carries a DependsOn on the role that
 * its Role GetAtt already implies (cfn-lint W3005). Tag both and drop the redundant DependsOn. Fails
 * loudly if a newer aws-cdk-lib builds the provider differently.
 */
function tidyDefaultGroupRestriction(stack: Stack, name: string): void {
  const provider = stack.node.tryFindChild("Custom::VpcRestrictDefaultSGCustomResourceProvider");
  const role = provider?.node.tryFindChild("Role");
  const handler = provider?.node.tryFindChild("Handler");
  if (!(role instanceof CfnResource) || !(handler instanceof CfnResource))
    throw new Error("aws-cdk-lib no longer builds the default-group provider as this recipe expects.");
  for (const resource of [role, handler])
    resource.addPropertyOverride("Tags", [{ Key: STACK_TAG_KEY, Value: name }]);
  handler.removeResourceDependency(role);
}

/** Synthesises the stack in a fresh App and returns its CloudFormation template (no AWS account needed). */
export function synthesizeEgressTemplate(options: EgressStackOptions): unknown {
  const app = new App();
  const stack = buildEgressStack(app, "EgressRecipe", options);
  return app.synth().getStackByName(stack.stackName).template;
}
