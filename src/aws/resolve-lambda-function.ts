// --lambda-function: the function's VpcConfig decides where its traffic leaves. With subnets, Lambda
// gives the function Hyperplane ENIs in them, with private IPs only ("connecting a function to a
// public subnet does not give it internet access or a public IP address"): the connector's
// position. Without, the function runs in networking Lambda manages: the internet, no VPC.
// Read-only: GetFunctionConfiguration. Sources: Lambda Developer Guide, configuration-vpc.html and
// vpc.html; API Reference, VpcConfigResponse (docs/FACTS.md, "Lambda and ECS").

import { GetFunctionConfigurationCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import { tagAwsAction } from "./errors.ts";
import { DoctorInputError, type DoctorWarning, type ResolvedInput } from "./resolved-input.ts";

export async function resolveLambdaFunction(lambda: LambdaClient, nameOrArn: string): Promise<ResolvedInput> {
  let configuration: Awaited<ReturnType<typeof readConfiguration>>;
  try {
    configuration = await readConfiguration(lambda, nameOrArn);
  } catch (error) {
    if (error instanceof Error && error.name === "ResourceNotFoundException")
      throw new DoctorInputError(
        `No Lambda function named ${nameOrArn} in this region.`,
        "`aws lambda list-functions --query 'Functions[].FunctionName'` lists the region's functions: check the name and --region, or pass the function ARN.",
      );
    throw error;
  }
  const name = configuration.FunctionName ?? nameOrArn;
  const vpc = configuration.VpcConfig;
  const subnetIds = vpc?.SubnetIds ?? [];
  const warnings: DoctorWarning[] = [];
  if (configuration.State === "Failed")
    warnings.push({
      code: "FUNCTION_FAILED",
      message: `Lambda function ${name} is in state Failed (${configuration.StateReasonCode ?? "no reason code"}: ${configuration.StateReason ?? "no reason given"}): it cannot run until that is fixed.`,
    });
  // GetFunctionConfiguration may return a VpcConfig with empty lists for a function outside any VPC.
  if (subnetIds.length === 0)
    return {
      mode: "lambda-default",
      subnetIds: [],
      securityGroupIds: [],
      interfacesHavePublicIp: false,
      interfaceLabel: `Lambda function ${name}`,
      subject: `the Lambda function ${name}`,
      description: `Lambda function ${name} (no VPC configuration)`,
      warnings: [
        ...warnings,
        {
          code: "LAMBDA_NOT_IN_VPC",
          message: `${name} is not connected to a VPC: it reaches the internet through networking Lambda manages, but not private resources in your VPC (databases, internal services). To reach those, give it a VpcConfig with private subnets (and a NAT gateway in a public subnet for the internet).`,
        },
      ],
    };
  return {
    mode: "vpc",
    subnetIds,
    securityGroupIds: vpc?.SecurityGroupIds ?? [],
    interfacesHavePublicIp: false,
    // A VPC function sends IPv6 only when Ipv6AllowedForDualStack is on (botocore lambda model,
    // VpcConfig: "Allows outbound IPv6 traffic on VPC functions that are connected to dual-stack subnets").
    ...(vpc?.Ipv6AllowedForDualStack === true ? {} : { ipv4Only: true }),
    interfaceLabel: `Lambda function ${name}'s Hyperplane ENI`,
    subject: `the Lambda function ${name}`,
    description: `Lambda function ${name} in ${vpc?.VpcId ?? "its VPC"} (VpcConfig: ${subnetIds.join(", ")})`,
    warnings,
  };
}

function readConfiguration(lambda: LambdaClient, nameOrArn: string) {
  return tagAwsAction(
    "lambda:GetFunctionConfiguration",
    lambda.send(new GetFunctionConfigurationCommand({ FunctionName: nameOrArn })),
  );
}
