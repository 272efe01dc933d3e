// Availability zones per region: a small table, enough for the labs. Zone IDs (use1-az1, ...)
// map to names differently in every real account; these pairs are plausible, not authoritative.
// Tokyo has no ap-northeast-1b for accounts created since 2012, hence a, c, d.
//
// Other regions get three zones, a-c, named az1-az3 under the region's AZ ID prefix. The prefixes
// are AWS's (AWS Global Infrastructure, "AWS Availability Zones" and "AZ IDs",
// docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html, which
// lists every AZ ID by Region: ap-southeast-1 -> apse1-az1..., ap-northeast-2 -> apne2-az1...,
// cn-northwest-1 -> cnnw1-az1...). The number of zones is not AWS's for every region. A region
// not in the table is refused rather than given made-up IDs.

import { AwsError } from "../errors.ts";
import type { AvailabilityZoneRecord } from "./records.ts";

const ZONES: Record<string, [string, string][]> = {
  "us-east-1": [
    ["a", "use1-az1"],
    ["b", "use1-az2"],
    ["c", "use1-az4"],
    ["d", "use1-az6"],
    ["e", "use1-az3"],
    ["f", "use1-az5"],
  ],
  "ap-northeast-1": [
    ["a", "apne1-az4"],
    ["c", "apne1-az1"],
    ["d", "apne1-az2"],
  ],
  "eu-west-1": [
    ["a", "euw1-az1"],
    ["b", "euw1-az2"],
    ["c", "euw1-az3"],
  ],
  "us-west-2": [
    ["a", "usw2-az1"],
    ["b", "usw2-az2"],
    ["c", "usw2-az3"],
    ["d", "usw2-az4"],
  ],
};

/** Region -> AZ ID prefix, as AWS publishes them (see the header). */
const AZ_ID_PREFIXES: Record<string, string> = {
  "af-south-1": "afs1",
  "ap-east-1": "ape1",
  "ap-northeast-1": "apne1",
  "ap-northeast-2": "apne2",
  "ap-northeast-3": "apne3",
  "ap-south-1": "aps1",
  "ap-south-2": "aps2",
  "ap-southeast-1": "apse1",
  "ap-southeast-2": "apse2",
  "ap-southeast-3": "apse3",
  "ap-southeast-4": "apse4",
  "ca-central-1": "cac1",
  "ca-west-1": "caw1",
  "cn-north-1": "cnn1",
  "cn-northwest-1": "cnnw1",
  "eu-central-1": "euc1",
  "eu-central-2": "euc2",
  "eu-north-1": "eun1",
  "eu-south-1": "eus1",
  "eu-south-2": "eus2",
  "eu-west-1": "euw1",
  "eu-west-2": "euw2",
  "eu-west-3": "euw3",
  "il-central-1": "ilc1",
  "me-central-1": "mec1",
  "me-south-1": "mes1",
  "sa-east-1": "sae1",
  "us-east-1": "use1",
  "us-east-2": "use2",
  "us-gov-east-1": "usge1",
  "us-gov-west-1": "usgw1",
  "us-west-1": "usw1",
  "us-west-2": "usw2",
};

export const KNOWN_REGIONS: readonly string[] = Object.keys(AZ_ID_PREFIXES);

/** The zones of a region: the table above, or a-c under the region's AZ ID prefix. */
export function listAvailabilityZones(region: string): AvailabilityZoneRecord[] {
  const prefix = AZ_ID_PREFIXES[region];
  if (prefix === undefined) {
    throw new AwsError(
      "InvalidParameterValue",
      `The emulator does not know the region '${region}' (no published AZ IDs in its table); use one of ${KNOWN_REGIONS.join(", ")}.`,
    );
  }
  const table = ZONES[region] ?? [
    ["a", `${prefix}-az1`],
    ["b", `${prefix}-az2`],
    ["c", `${prefix}-az3`],
  ];
  return table.map(([letter, zoneId]) => ({ zoneName: `${region}${letter}`, zoneId }));
}
