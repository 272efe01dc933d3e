// What every input resolver (App Runner service or connector, subnets, Lambda function, ECS
// service) turns the user's words into: the interfaces to trace and how to name them. One shape, so
// the diagnosis, the JSON contract and the exit codes are the same whatever was named.

export interface DoctorWarning {
  code: string;
  message: string;
}

export interface ResolvedInput {
  /**
   * "vpc": trace each subnet; "apprunner-default": the service uses App Runner's own networking;
   * "lambda-default": a Lambda function outside any VPC, in networking Lambda manages.
   */
  mode: "vpc" | "apprunner-default" | "lambda-default";
  subnetIds: string[];
  /** Empty: the VPC's default security group (what AWS gives an interface created without groups). */
  securityGroupIds: string[];
  /** The interfaces get a public IP (a Fargate task with assignPublicIp ENABLED). */
  interfacesHavePublicIp: boolean;
  /** Said with the public-subnet warning when the workload could take a public IP instead (Fargate). */
  publicIpAlternative?: string;
  /** How the source interface is named in hops: "App Runner VPC connector ENI". */
  interfaceLabel: string;
  /** How the subnets' users are named in warnings: "the VPC connector my-connector". */
  subject: string;
  /** One line naming what was diagnosed, for the report header. */
  description: string;
  warnings: DoctorWarning[];
  /**
   * The source sends IPv4 only: true for App Runner (its outgoing traffic is IPv4 only, App Runner
   * Developer Guide, network.html), absent for --subnets (an EC2 instance, a Lambda function...).
   */
  ipv4Only?: boolean;
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
