// The AWS services the emulator offers as interface endpoints (PrivateLink), with the names their
// private DNS answers inside the VPC. A selection, not AWS's list (VPC User Guide, PrivateLink,
// "AWS services that integrate with AWS PrivateLink"): the services a workload behind a VPC
// connector calls most. Any other name is InvalidServiceName, as for a service that does not exist.
// Private DNS names: the service's regional name, <service>.<region>.amazonaws.com, except ECR,
// whose API answers at api.ecr.<region>.amazonaws.com and whose registries at
// <account>.dkr.ecr.<region>.amazonaws.com (Amazon ECR User Guide, vpc-endpoints.html; AWS General
// Reference, ecr.html: "When connecting to Amazon ECR through an AWS PrivateLink VPC endpoint, you
// must use the api.ecr endpoint").

export interface InterfaceService {
  serviceName: string;
  /** The names private DNS answers with the endpoint's addresses ("*." for a whole subdomain). */
  privateDnsNames: string[];
}

const SERVICES = ["secretsmanager", "sts", "sqs", "sns", "ssm", "ssmmessages", "ec2messages", "logs", "kms"];

export function findInterfaceService(region: string, serviceName: string): InterfaceService | null {
  const prefix = `com.amazonaws.${region}.`;
  if (!serviceName.startsWith(prefix)) return null;
  const service = serviceName.slice(prefix.length);
  if (service === "ecr.api") return { serviceName, privateDnsNames: [`api.ecr.${region}.amazonaws.com`] };
  if (service === "ecr.dkr") return { serviceName, privateDnsNames: [`*.dkr.ecr.${region}.amazonaws.com`] };
  if (!SERVICES.includes(service)) return null;
  return { serviceName, privateDnsNames: [`${service}.${region}.amazonaws.com`] };
}
