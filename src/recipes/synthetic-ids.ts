// Synthetic resource IDs and addresses for topologies read from templates, which have none until
// deployed. IDs keep AWS's prefixes (vpc-, subnet-, nat-...) because the egress model and people
// both read them; the Elastic IPs come from 198.51.100.0/24 (TEST-NET-2, RFC 5737), never routed.

export interface SyntheticIds {
  /** "subnet" -> "subnet-00000000000000003": 17 hex digits, unique across prefixes. */
  nextId(prefix: string): string;
  /** 198.51.100.1, 198.51.100.2, ... */
  nextPublicIp(): string;
  /** "arn:aws:apprunner:us-east-1:123456789012:vpcconnector/name/1/0000...0007" */
  nextAppRunnerArn(kind: "service" | "vpcconnector", name: string): string;
}

export const SYNTHETIC_ACCOUNT_ID = "123456789012";

export function createSyntheticIds(region: string): SyntheticIds {
  let counter = 0;
  let hosts = 0;
  const next = (digits: number): string => {
    counter += 1;
    return counter.toString(16).padStart(digits, "0");
  };
  return {
    nextId: (prefix) => `${prefix}-${next(17)}`,
    nextPublicIp: () => {
      hosts += 1;
      if (hosts > 254) throw new Error("More than 254 synthetic Elastic IPs: 198.51.100.0/24 is exhausted.");
      return `198.51.100.${hosts}`;
    },
    nextAppRunnerArn: (kind, name) =>
      `arn:aws:apprunner:${region}:${SYNTHETIC_ACCOUNT_ID}:${kind}/${name}${kind === "vpcconnector" ? "/1" : ""}/${next(32)}`,
  };
}

/** Fake AZ names in AWS's style, for Fn::GetAZs and aws_availability_zones. */
export function listFakeAvailabilityZones(region: string, count = 3): string[] {
  return Array.from({ length: count }, (_, index) => `${region}${String.fromCharCode(97 + index)}`);
}
