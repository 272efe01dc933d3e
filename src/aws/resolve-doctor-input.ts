// Turns what the user named (an App Runner service, a VPC connector, or subnets directly) into the
// interfaces to trace: which subnets, which security groups, and where egress starts. Read-only:
// ListServices, DescribeService, DescribeVpcConnector. Field meanings: App Runner API Reference,
// EgressConfiguration (EgressType DEFAULT | VPC, VpcConnectorArn) and VpcConnector (Subnets,
// SecurityGroups, Status ACTIVE | INACTIVE).

import {
  type AppRunnerClient,
  DescribeServiceCommand,
  DescribeVpcConnectorCommand,
  paginateListServices,
} from "@aws-sdk/client-apprunner";
import { collectPages } from "./collect-pages.ts";
import { tagAwsAction } from "./errors.ts";

export type DoctorInput =
  | { kind: "service"; service: string }
  | { kind: "vpc-connector"; arn: string }
  | { kind: "subnets"; subnetIds: string[]; securityGroupIds: string[] };

export interface DoctorWarning {
  code: string;
  message: string;
}

export interface ResolvedInput {
  /** "vpc": trace each subnet; "apprunner-default": the service uses App Runner's own networking. */
  mode: "vpc" | "apprunner-default";
  subnetIds: string[];
  /** Empty: the VPC's default security group (what AWS gives an interface created without groups). */
  securityGroupIds: string[];
  /** How the source interface is named in hops: "App Runner VPC connector ENI". */
  interfaceLabel: string;
  /** How the subnets' users are named in warnings: "the VPC connector my-connector". */
  subject: string;
  /** One line naming what was diagnosed, for the report header. */
  description: string;
  warnings: DoctorWarning[];
}

/** A name or ARN the user gave that does not exist: a usage error (exit 2), not an API failure. */
export class DoctorInputError extends Error {
  override name = "DoctorInputError";
  readonly hint: string;
  constructor(message: string, hint: string) {
    super(message);
    this.hint = hint;
  }
}

export async function resolveDoctorInput(
  appRunner: AppRunnerClient,
  input: DoctorInput,
): Promise<ResolvedInput> {
  switch (input.kind) {
    case "subnets":
      return {
        mode: "vpc",
        subnetIds: input.subnetIds,
        securityGroupIds: input.securityGroupIds,
        interfaceLabel: "the workload's interface",
        subject: "the workload",
        description: `subnets ${input.subnetIds.join(", ")}${input.securityGroupIds.length === 0 ? "" : ` with security groups ${input.securityGroupIds.join(", ")}`} (an interface without a public IP in each)`,
        warnings: [],
      };
    case "vpc-connector":
      return resolveConnector(appRunner, input.arn, `VPC connector ${input.arn}`);
    case "service":
      return resolveService(appRunner, input.service);
  }
}

async function resolveService(appRunner: AppRunnerClient, nameOrArn: string): Promise<ResolvedInput> {
  const serviceArn = nameOrArn.startsWith("arn:") ? nameOrArn : await findServiceArn(appRunner, nameOrArn);
  const { Service: service } = await tagAwsAction(
    "apprunner:DescribeService",
    appRunner.send(new DescribeServiceCommand({ ServiceArn: serviceArn })),
  );
  const name = service?.ServiceName ?? nameOrArn;
  const egress = service?.NetworkConfiguration?.EgressConfiguration;
  if (egress?.EgressType === "VPC" && egress.VpcConnectorArn !== undefined) {
    const resolved = await resolveConnector(
      appRunner,
      egress.VpcConnectorArn,
      `App Runner service ${name} (EgressType VPC) through VPC connector ${egress.VpcConnectorArn}`,
    );
    return resolved;
  }
  // DEFAULT (or absent, which App Runner treats as DEFAULT): no connector, nothing of yours to trace.
  return {
    mode: "apprunner-default",
    subnetIds: [],
    securityGroupIds: [],
    interfaceLabel: `App Runner service ${name}`,
    subject: `the service ${name}`,
    description: `App Runner service ${name} (EgressType DEFAULT)`,
    warnings: [
      {
        code: "DEFAULT_EGRESS",
        message: `${name} uses EgressType DEFAULT: its outbound traffic leaves through networking App Runner owns, from AWS-owned addresses that are not fixed. It reaches the internet but not private addresses in your VPC (databases, internal services). To reach those, attach a VPC connector (EgressType VPC) in private subnets with a NAT gateway for the internet.`,
      },
    ],
  };
}

async function findServiceArn(appRunner: AppRunnerClient, name: string): Promise<string> {
  const summaries = await tagAwsAction(
    "apprunner:ListServices",
    collectPages(paginateListServices({ client: appRunner }, {}), (page) => page.ServiceSummaryList),
  );
  const match = summaries.find((summary) => summary.ServiceName === name);
  if (match?.ServiceArn === undefined) {
    const names = summaries.map((summary) => summary.ServiceName).filter((n) => n !== undefined);
    throw new DoctorInputError(
      `No App Runner service named ${name} in this region.`,
      names.length === 0
        ? "The region has no App Runner services: check --region, or pass the service ARN. An account that is not an App Runner customer (App Runner closed to new customers in 2026) has none: diagnose the same network position with --subnets."
        : `Services in this region: ${names.join(", ")}. Check --region, or pass the service ARN.`,
    );
  }
  return match.ServiceArn;
}

async function resolveConnector(
  appRunner: AppRunnerClient,
  arn: string,
  description: string,
): Promise<ResolvedInput> {
  const { VpcConnector: connector } = await tagAwsAction(
    "apprunner:DescribeVpcConnector",
    appRunner.send(new DescribeVpcConnectorCommand({ VpcConnectorArn: arn })),
  );
  const name = connector?.VpcConnectorName ?? arn;
  const warnings: DoctorWarning[] = [];
  if (connector?.Status === "INACTIVE") {
    warnings.push({
      code: "CONNECTOR_INACTIVE",
      message: `VPC connector ${name} is INACTIVE: it was deleted and cannot be used. Create a new connector in private subnets.`,
    });
  }
  return {
    mode: "vpc",
    subnetIds: connector?.Subnets ?? [],
    securityGroupIds: connector?.SecurityGroups ?? [],
    interfaceLabel: "App Runner VPC connector ENI",
    subject: `the VPC connector ${name}`,
    description,
    warnings,
  };
}
